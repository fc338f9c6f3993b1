// Kubernetes requests as they appear in several sources (kube-apiserver audit, GKE entries in Cloud Audit Logs,
// AKS/EKS exports): one category table, one canonical resource name, one reading of usernames, so the same
// request is classified the same way whichever log it came from.
import type { Category, PrincipalType } from '../../core/model/event.js';

const EXEC_SUBRESOURCES = new Set(['exec', 'attach', 'portforward']);
const READ_VERBS = new Set(['get', 'list', 'watch', 'head']);
const WRITE_VERBS = new Set(['create', 'update', 'patch', 'apply', 'post', 'put']);
const DELETE_VERBS = new Set(['delete', 'deletecollection']);
const PRIVILEGE_VERBS = new Set(['impersonate', 'escalate', 'bind', 'approve']);
const RBAC_RESOURCES = new Set(['roles', 'clusterroles', 'rolebindings', 'clusterrolebindings']);
const CONFIG_RESOURCES = new Set([
  'mutatingwebhookconfigurations',
  'validatingwebhookconfigurations',
  'validatingadmissionpolicies',
  'validatingadmissionpolicybindings',
  'mutatingadmissionpolicies',
  'mutatingadmissionpolicybindings',
  'customresourcedefinitions',
  'apiservices',
  'networkpolicies',
  'podsecuritypolicies',
  'priorityclasses',
  'runtimeclasses',
  'flowschemas',
  'prioritylevelconfigurations',
]);
const REVIEW_RESOURCES = new Set([
  'subjectaccessreviews',
  'selfsubjectaccessreviews',
  'selfsubjectrulesreviews',
  'localsubjectaccessreviews',
  'selfsubjectreviews',
]);
// Dynamic audit backends (auditregistration.k8s.io, removed in 1.19): changing them redirects or drops audit events.
const LOGGING_RESOURCES = new Set(['auditsinks']);

/** Category of a request: the subresource first (exec), then what the resource means, then the verb. */
export function k8sCategory(verb: string | null, resource: string | null, subresource: string | null): Category {
  const v = (verb ?? '').toLowerCase();
  const r = resource ?? '';
  if (subresource && EXEC_SUBRESOURCES.has(subresource)) return 'exec';
  if (PRIVILEGE_VERBS.has(v)) return 'privilege';
  if (r === 'serviceaccounts' && subresource === 'token') return 'credential';
  if (r === 'certificatesigningrequests') {
    if (subresource === 'approval') return 'privilege';
    if (v === 'create') return 'credential';
  }
  if (r === 'tokenreviews') return 'auth';
  if (REVIEW_RESOURCES.has(r)) return 'read';
  if (LOGGING_RESOURCES.has(r) && !READ_VERBS.has(v)) return 'logging';
  // Reading a Secret is reading a credential, as GetSecretValue is in CloudTrail.
  if (r === 'secrets' && READ_VERBS.has(v)) return 'credential';
  if (READ_VERBS.has(v)) return 'read';
  const del = DELETE_VERBS.has(v);
  if (!del && !WRITE_VERBS.has(v)) return 'other';
  if (RBAC_RESOURCES.has(r)) return 'privilege';
  if (CONFIG_RESOURCES.has(r)) return 'config';
  return del ? 'delete' : 'write';
}

/**
 * `k8s:NAMESPACE/RESOURCE[/NAME[/SUBRESOURCE]]`; cluster-scoped objects have an empty namespace
 * (`k8s:/clusterroles/x`).
 */
export function k8sResource(
  namespace: string | null,
  resource: string | null,
  name: string | null,
  subresource: string | null,
): string | null {
  if (!resource) return null;
  let s = `k8s:${namespace ?? ''}/${resource}`;
  if (name) {
    s += `/${name}`;
    if (subresource) s += `/${subresource}`;
  }
  return s;
}

const SA_PREFIX = 'system:serviceaccount:';
const SERVICE_USERS = new Set(['aksService', 'masterclient', 'nodeclient', 'kubeadm', 'cluster-autoscaler']);

/** `system:serviceaccount:NS:NAME` → {namespace, name}. */
export function parseServiceAccount(username: string | null): { namespace: string; name: string } | null {
  if (!username || !username.startsWith(SA_PREFIX)) return null;
  const rest = username.slice(SA_PREFIX.length);
  const colon = rest.indexOf(':');
  if (colon <= 0) return null;
  return { namespace: rest.slice(0, colon), name: rest.slice(colon + 1) };
}

/** What kind of identity a Kubernetes username is. */
export function k8sPrincipalType(username: string | null): PrincipalType {
  if (!username) return 'unknown';
  if (username.startsWith(SA_PREFIX)) return 'service_account';
  if (username.startsWith('system:node:')) return 'workload';
  if (username === 'system:anonymous' || username === 'system:unauthenticated') return 'unknown';
  if (
    username.startsWith('system:') ||
    username.startsWith('eks:') ||
    username.startsWith('aks:') ||
    SERVICE_USERS.has(username)
  )
    return 'service';
  if (username.startsWith('arn:aws:sts::') && username.includes(':assumed-role/')) return 'role_session';
  if (username.endsWith('.gserviceaccount.com')) return 'service_account';
  if (username.includes('@')) return 'user';
  return 'unknown';
}
