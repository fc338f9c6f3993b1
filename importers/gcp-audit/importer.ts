// Google Cloud Audit Logs: LogEntry records whose protoPayload is an AuditLog (activity, data_access,
// system_event, policy), as `gcloud logging read --format=json` prints them (a JSON array), as JSON lines
// (sinks to Cloud Storage, Pub/Sub dumps), or inside {"entries":[…]} from the Logging API; GKE requests are
// entries of serviceName "k8s.io". Rule-test exports lower-case keys and spell callerIp `callerIP`; the field
// access is case-insensitive. Field notes: shared/corpus/FIELDS.md §2.
import type { Category, Facts, NormalizedEvent, Outcome, PrincipalType } from '../../core/model/event.js';
import { FACT } from '../../core/model/facts.js';
import type { Importer, Sample } from '../types.js';
import { format } from './format.js';
import { perObjectParser } from '../util/per-object.js';
import { compact, get, isObj, key, str, type Obj } from '../util/fields.js';
import { ipOrNull } from '../util/net.js';
import { categorizeCached } from '../util/category.js';
import { toMicros } from '../../core/model/time.js';
import { sampleScore } from '../util/detect.js';
import { k8sCategory, k8sPrincipalType, k8sResource } from '../util/k8s.js';
import { guessPrincipalType } from '../util/principal.js';

const AUDIT_LOG_TYPE = 'google.cloud.audit.AuditLog';
/** google.rpc.Code names, by number: the error code GCP documents and consoles show. */
const GRPC_CODES = [
  'OK',
  'CANCELLED',
  'UNKNOWN',
  'INVALID_ARGUMENT',
  'DEADLINE_EXCEEDED',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED',
  'FAILED_PRECONDITION',
  'ABORTED',
  'OUT_OF_RANGE',
  'UNIMPLEMENTED',
  'INTERNAL',
  'UNAVAILABLE',
  'DATA_LOSS',
  'UNAUTHENTICATED',
];
/** Google-managed service agents act for the platform, not for a customer workload. */
const SERVICE_AGENT =
  /^service-\d+@|@(?:system\.|cloudservices\.|gcp-sa-[a-z0-9-]+\.iam\.|[a-z0-9-]*(?:robot|-system|-accounts)[a-z0-9-]*\.iam\.)gserviceaccount\.com$/;
/** Logging configuration changes that drop, divert or shorten what is recorded. */
const LOGGING_TAMPER =
  /(?:DeleteSink|UpdateSink|DeleteBucket|UpdateBucket|DeleteLog|CreateExclusion|UpdateExclusion|DeleteView|UpdateSettings)$/;
const IAM_POLICY = /setiampolicy|setiampermissions/i;
const SSO = /sso|saml|federation/i;
const TOKEN_MINTING = new Set(['GenerateAccessToken', 'GenerateIdToken', 'SignJwt']);
const SA_IN_NAME = /serviceAccounts\/([^/]+@[^/]+)/;
const WORKLOAD_SUBJECT =
  /^principal:\/\/iam\.googleapis\.com\/(.+\/(?:workloadIdentityPools|workforcePools)\/[^/]+)\/subject\/(.+)$/;

function scoreRecord(v: unknown): number {
  if (!isObj(v)) return 0;
  const pp = key(v, 'protoPayload');
  if (!isObj(pp)) return 0;
  const type = payloadType(pp);
  const log = str(key(v, 'logName'));
  if (type && !type.endsWith(AUDIT_LOG_TYPE)) return 0.3;
  let s = 0.55;
  if (type || (log && log.includes('cloudaudit.googleapis.com'))) s += 0.3;
  if (typeof key(pp, 'methodName') === 'string' || typeof key(pp, 'serviceName') === 'string') s += 0.08;
  if (key(v, 'timestamp') !== undefined || key(v, 'receiveTimestamp') !== undefined) s += 0.04;
  if (key(v, 'insertId') !== undefined || isObj(key(v, 'resource'))) s += 0.02;
  return s;
}

function detect(sample: Sample): number {
  return sampleScore(sample.values, scoreRecord);
}

function payloadType(pp: Obj): string | null {
  // Rule-test exports rename "@type" to at_sign_type / at_type.
  return str(pp['@type']) ?? str(pp.at_sign_type) ?? str(pp.at_type);
}

/** RFC 3339 strings, and the protobuf {seconds, nanos} some exports write. */
function timeOf(v: unknown): number | null {
  if (isObj(v)) {
    const s = Number(v.seconds);
    if (!Number.isFinite(s) || s <= 0) return null;
    const n = Number(v.nanos ?? 0);
    return s * 1e6 + (Number.isFinite(n) ? Math.floor(n / 1000) : 0);
  }
  return toMicros(v);
}

function saEmailOf(name: string | null): string | null {
  if (!name) return null;
  const m = SA_IN_NAME.exec(name);
  return m ? m[1] : null;
}

function principalTypeOf(email: string | null, subject: string | null): PrincipalType {
  const p = email ?? subject;
  if (!p) return 'unknown';
  if (p.startsWith('system:')) return k8sPrincipalType(p);
  if (email) {
    if (SERVICE_AGENT.test(email)) return 'service';
    if (email.endsWith('.gserviceaccount.com')) return 'service_account';
    if (email.includes('@')) return 'user';
  }
  if (subject) {
    if (subject.startsWith('serviceAccount:')) return 'service_account';
    if (subject.startsWith('user:')) return 'user';
  }
  return guessPrincipalType(p);
}

/**
 * A GKE workload identity: a Kubernetes service account as GCP names it — `PROJECT.svc.id.goog[NS/KSA]` (with or
 * without `serviceAccount:`; Workload Identity impersonating a Google service account) or the federation principal
 * `principal://iam.googleapis.com/projects/N/locations/global/workloadIdentityPools/PROJECT.svc.id.goog/subject/ns/NS/sa/KSA`
 * (Workload Identity Federation for GKE). Returns the pool and `system:serviceaccount:NS:KSA`, as the cluster's audit
 * log names it.
 */
export function gkeServiceAccount(v: string): { pool: string; subject: string } | null {
  const legacy = /^(?:serviceAccount:)?([a-z0-9.-]+\.svc\.id\.goog)\[([^/\]]+)\/([^\]]+)\]$/.exec(v);
  if (legacy) return { pool: legacy[1], subject: `system:serviceaccount:${legacy[2]}:${legacy[3]}` };
  const wif =
    /^principal:\/\/iam\.googleapis\.com\/projects\/[^/]+\/locations\/global\/workloadIdentityPools\/([^/]+\.svc\.id\.goog)\/subject\/ns\/([^/]+)\/sa\/([^/]+)$/.exec(
      v,
    );
  return wif ? { pool: wif[1], subject: `system:serviceaccount:${wif[2]}:${wif[3]}` } : null;
}

/** The real callers behind a service account, oldest first (serviceAccountDelegationInfo). */
function delegationOf(ai: unknown): string[] {
  const infos = key(ai, 'serviceAccountDelegationInfo');
  const out: string[] = [];
  if (!Array.isArray(infos)) return out;
  for (const info of infos) {
    const who =
      str(get(info, 'firstPartyPrincipal', 'principalEmail')) ??
      str(key(info, 'principalSubject')) ??
      str(get(info, 'thirdPartyPrincipal', 'thirdPartyClaims', 'sub'));
    // A GKE pod's Kubernetes service account, named as the cluster's audit log names it.
    const gke = who ? gkeServiceAccount(who) : null;
    if (gke) out.push(`k8s|${gke.subject}`);
    else if (who) out.push(who);
  }
  return out;
}

interface K8sRef {
  namespace: string | null;
  resource: string | null;
  name: string | null;
  subresource: string | null;
  verb: string | null;
}

/** GKE: "io.k8s.core.v1.pods.exec.create" + "core/v1/namespaces/default/pods/x/exec" → the request's parts. */
function k8sRefOf(method: string, resourceName: string | null): K8sRef {
  const seg = method.split('.');
  const vIdx = seg.findIndex((s, i) => i >= 2 && /^v\d/.test(s));
  let verb: string | null = seg[seg.length - 1] ?? null;
  let resource: string | null = null,
    sub: string | null = null;
  if (vIdx > 0) {
    const rest = seg.slice(vIdx + 1);
    resource = rest.length >= 2 ? rest[0] : null;
    sub = rest.length >= 3 ? rest[1] : null;
  } else {
    verb = seg.length > 3 ? verb : null;
  }
  let namespace: string | null = null,
    name: string | null = null;
  if (resourceName) {
    const parts = resourceName.split('/');
    const r = parts.slice(2); // group, version
    if (r[0] === 'namespaces' && r.length >= 3) {
      namespace = r[1];
      resource = r[2] ?? resource;
      name = r[3] ?? null;
      sub = r[4] ?? sub;
    } else if (r.length > 0) {
      resource = r[0] || resource;
      name = r[1] ?? null;
      sub = r[2] ?? sub;
    }
  }
  return { namespace, resource, name, subresource: sub, verb };
}

function tamperOf(service: string | null, method: string, pp: Obj): string | null {
  if (service === 'logging.googleapis.com' && LOGGING_TAMPER.test(method)) return method;
  if (method.endsWith('DisableService')) {
    const target = str(key(pp, 'resourceName')) ?? str(get(pp, 'request', 'name')) ?? '';
    if (target.includes('logging.googleapis.com')) return `${method} logging.googleapis.com`;
  }
  if (!IAM_POLICY.test(method)) return null;
  const deltas =
    get(pp, 'serviceData', 'policyDelta', 'auditConfigDeltas') ??
    get(pp, 'metadata', 'policyDelta', 'auditConfigDeltas');
  if (Array.isArray(deltas) && deltas.some((d) => str(key(d, 'action')) === 'REMOVE'))
    return `${method} removed audit configuration`;
  return null;
}

function bigQueryText(pp: Obj): string | null {
  return (
    str(get(pp, 'metadata', 'jobChange', 'job', 'jobConfig', 'queryConfig', 'query')) ??
    str(get(pp, 'metadata', 'jobInsertion', 'job', 'jobConfig', 'queryConfig', 'query')) ??
    str(get(pp, 'serviceData', 'jobInsertRequest', 'resource', 'jobConfiguration', 'query', 'query'))
  );
}

function categoryOf(
  service: string | null,
  method: string,
  pp: Obj,
  k8s: K8sRef | null,
  tamper: string | null,
): Category {
  if (tamper) return 'logging';
  if (k8s) return k8sCategory(k8s.verb, k8s.resource, k8s.subresource);
  if (service === 'iamcredentials.googleapis.com' || service === 'sts.googleapis.com') return 'credential';
  // Reading a secret's value is credential access, as GetSecretValue is in CloudTrail.
  if (method.endsWith('AccessSecretVersion')) return 'credential';
  if (method.endsWith('AuthorizeUser')) return 'auth';
  if (service === 'bigquery.googleapis.com' && bigQueryText(pp)) return 'query';
  const c = categorizeCached(method);
  // Workspace admin events name SSO profile changes without a verb first ("inboundSsoProfileCreated").
  return c === 'other' && SSO.test(method) ? 'config' : c;
}

function policyDeltas(pp: Obj): string | null {
  const deltas =
    get(pp, 'serviceData', 'policyDelta', 'bindingDeltas') ?? get(pp, 'metadata', 'policyDelta', 'bindingDeltas');
  if (!Array.isArray(deltas) || deltas.length === 0) return null;
  const out: string[] = [];
  for (const d of deltas.slice(0, 20))
    out.push(`${str(key(d, 'action')) ?? '?'} ${str(key(d, 'role')) ?? '?'} ${str(key(d, 'member')) ?? '?'}`);
  return out.join('; ');
}

function outcomeOf(
  pp: Obj,
  v: Obj,
  k8s: boolean,
): { outcome: Outcome; errorCode: string | null; message: string | null } {
  const status = key(pp, 'status');
  const message = isObj(status) ? str(key(status, 'message')) : null;
  const rawCode = isObj(status) ? key(status, 'code') : undefined;
  const code = typeof rawCode === 'number' ? rawCode : typeof rawCode === 'string' ? Number(rawCode) : 0;
  if (Number.isFinite(code) && code !== 0)
    return { outcome: 'failure', errorCode: GRPC_CODES[code] ?? String(rawCode), message };
  const authz = key(pp, 'authorizationInfo');
  if (Array.isArray(authz) && authz.some((a) => key(a, 'granted') === false))
    return { outcome: 'failure', errorCode: 'PERMISSION_DENIED', message };
  if (k8s && str(get(v, 'labels', 'authorization.k8s.io/decision')) === 'forbid')
    return { outcome: 'failure', errorCode: 'PERMISSION_DENIED', message };
  return { outcome: 'success', errorCode: null, message };
}

function projectOf(v: Obj): string | null {
  const p = str(get(v, 'resource', 'labels', 'project_id'));
  if (p) return p;
  const log = str(key(v, 'logName'));
  if (!log) return null;
  const slash = log.indexOf('/', log.indexOf('/') + 1);
  return slash > 0 ? log.slice(0, slash) : null;
}

function resourceOf(
  service: string | null,
  pp: Obj,
  v: Obj,
  k8s: K8sRef | null,
): { resource: string | null; type: string | null } {
  const rtype = str(get(v, 'resource', 'type'));
  if (k8s)
    return {
      resource: k8sResource(k8s.namespace, k8s.resource, k8s.name, k8s.subresource),
      type: k8s.resource ? `k8s:${k8s.resource}` : rtype,
    };
  const name = str(key(pp, 'resourceName'));
  if (name) {
    // The full resource name (//service/relative-name) is GCP's own canonical form (IAM conditions, Asset Inventory).
    if (name.startsWith('//') || !service) return { resource: name, type: rtype };
    return { resource: `//${service}/${name}`, type: rtype };
  }
  const email = str(get(v, 'resource', 'labels', 'email_id'));
  if (rtype === 'service_account' && email)
    return { resource: `//iam.googleapis.com/projects/-/serviceAccounts/${email}`, type: rtype };
  return { resource: null, type: rtype };
}

export function normalizeGcpAudit(v: Obj): NormalizedEvent | string {
  const pp = key(v, 'protoPayload');
  const ts =
    timeOf(key(v, 'timestamp')) ??
    timeOf(key(v, 'receiveTimestamp')) ??
    (isObj(pp) ? timeOf(get(pp, 'requestMetadata', 'requestAttributes', 'time')) : null);
  if (ts === null) return 'no parseable timestamp (timestamp / receiveTimestamp)';
  if (!isObj(pp)) {
    if (key(v, 'textPayload') !== undefined || key(v, 'jsonPayload') !== undefined)
      return 'a Cloud Logging entry with a text or JSON payload, not an audit log entry (no protoPayload)';
    return 'no protoPayload: not a Cloud Audit Log entry';
  }
  const type = payloadType(pp);
  if (type && !type.endsWith(AUDIT_LOG_TYPE))
    return `protoPayload is a ${type.slice(type.lastIndexOf('/') + 1)}, not a Cloud Audit Log entry`;
  const service = str(key(pp, 'serviceName'));
  // Without a methodName, the permission that was checked still names the operation in GCP's own terms.
  const authz = key(pp, 'authorizationInfo');
  const method =
    str(key(pp, 'methodName')) ?? (Array.isArray(authz) ? str(key(authz[0], 'permission')) : null) ?? service;
  if (!method) return 'no methodName, permission or serviceName: the entry does not say what was done';
  const ai = key(pp, 'authenticationInfo');
  const email = str(key(ai, 'principalEmail'));
  const subject = str(key(ai, 'principalSubject'));
  const principal = email ?? subject ?? str(key(ai, 'authoritySelector')) ?? str(get(ai, 'oauthInfo', 'oauthClientId'));
  const k8s =
    service === 'k8s.io' || method.startsWith('io.k8s.') ? k8sRefOf(method, str(key(pp, 'resourceName'))) : null;
  const tamper = tamperOf(service, method, pp);
  const { outcome, errorCode, message } = outcomeOf(pp, v, k8s !== null);
  const chain = delegationOf(ai);
  const keyName = str(key(ai, 'serviceAccountKeyName'));
  const rm = key(pp, 'requestMetadata');
  const callerIp = str(key(rm, 'callerIp'));
  const { resource, type: resourceType } = resourceOf(service, pp, v, k8s);
  const shortMethod = method.slice(method.lastIndexOf('.') + 1);

  const facts: Facts = {};
  const project = projectOf(v);
  if (project) facts[FACT.account] = project;
  if (chain.length > 0) {
    facts[FACT.impersonator] = chain[0];
    facts[FACT.delegationChain] = [...chain, principal ?? '?'].join('\n');
  }
  let target: string | null = null;
  if (service === 'iamcredentials.googleapis.com' || TOKEN_MINTING.has(shortMethod)) {
    const idChain = get(pp, 'metadata', 'identityDelegationChain');
    target =
      saEmailOf(str(get(pp, 'request', 'name'))) ??
      str(get(v, 'resource', 'labels', 'email_id')) ??
      saEmailOf(str(key(pp, 'resourceName')));
    if (target) {
      facts[FACT.targetIdentity] = target;
      if (TOKEN_MINTING.has(shortMethod) && outcome === 'success') facts[FACT.issuedTo] = target;
    }
    if (Array.isArray(idChain) && idChain.length > 0 && chain.length === 0) {
      const hops = idChain.map((x) => saEmailOf(str(x)) ?? str(x)).filter((x): x is string => !!x);
      facts[FACT.delegationChain] = [principal ?? '?', ...hops].join('\n');
    }
  } else if (shortMethod === 'CreateServiceAccountKey' || shortMethod === 'UploadServiceAccountKey') {
    const sa = saEmailOf(str(get(pp, 'request', 'name'))) ?? saEmailOf(str(key(pp, 'resourceName')));
    if (sa) {
      facts[FACT.issuedTo] = sa;
      facts[FACT.targetIdentity] = sa;
    }
    const keyResource = str(get(pp, 'response', 'name'));
    // Later calls made with this key name it as serviceAccountKeyName, "//iam.googleapis.com/<response.name>".
    if (keyResource)
      facts[FACT.issuedKey] = keyResource.startsWith('//') ? keyResource : `//iam.googleapis.com/${keyResource}`;
  }
  if (
    (shortMethod === 'DeleteServiceAccountKey' || shortMethod === 'DisableServiceAccountKey') &&
    outcome === 'success'
  ) {
    // The key as later calls name it (serviceAccountKeyName): credential lifecycle.
    const keyResource = str(get(pp, 'request', 'name')) ?? str(key(pp, 'resourceName'));
    if (keyResource && keyResource.includes('/keys/')) {
      const k = keyResource.startsWith('//') ? keyResource : `//iam.googleapis.com/${keyResource}`;
      facts[shortMethod === 'DeleteServiceAccountKey' ? FACT.deletedKey : FACT.revokedKey] = k;
    }
  }
  const gke = gkeServiceAccount(subject ?? '') ?? gkeServiceAccount(email ?? '');
  if (gke) {
    // A pod of a GKE cluster calling with its Kubernetes service account: the same workload the cluster logs.
    facts.workload_pool = gke.pool;
    facts[FACT.federatedSubject] = gke.subject;
    facts[FACT.identityProvider] = gke.pool;
    facts[FACT.alias] = `k8s|${gke.subject}`;
  } else if (subject) {
    const m = WORKLOAD_SUBJECT.exec(subject);
    // The pool is GCP's side of the federation; the issuer behind it (GitHub, EKS…) is not in the entry.
    if (m) {
      facts.workload_pool = m[1];
      facts[FACT.federatedSubject] = m[2];
    }
  }
  if (tamper) facts[FACT.logTamper] = tamper;
  const opId = str(get(v, 'operation', 'id'));
  if (opId && opId !== str(key(v, 'insertId'))) facts[FACT.correlation] = opId;
  if (callerIp && !ipOrNull(callerIp)) facts.source_host = callerIp;

  const detail: string[] = [];
  if (outcome === 'failure' && message) detail.push(message);
  if (k8s) {
    const reason = str(get(v, 'labels', 'authorization.k8s.io/reason'));
    if (reason) detail.push(reason);
  }
  if (target)
    detail.push(
      `for ${target}${facts[FACT.delegationChain] ? ` (chain: ${facts[FACT.delegationChain].split('\n').join(' → ')})` : ''}`,
    );
  else if (chain.length > 0) detail.push(`delegated by ${chain.join(' → ')}`);
  const deltas = IAM_POLICY.test(method) ? policyDeltas(pp) : null;
  const query = service === 'bigquery.googleapis.com' ? bigQueryText(pp) : null;
  if (deltas) detail.push(deltas);
  else if (query) detail.push(query.length > 2000 ? query.slice(0, 2000) + '…' : query);
  else if (!target) {
    const req = compact(key(pp, 'request'), 800);
    if (req) detail.push(req);
  }
  if (outcome === 'success' && message) detail.push(message);

  return {
    ts,
    principal,
    principalType: principalTypeOf(email, subject),
    sessionKey: keyName ?? (chain.length > 0 ? `delegation:${chain.join('>')}` : null),
    action: method,
    category: categoryOf(service, method, pp, k8s, tamper),
    resource,
    resourceType,
    outcome,
    errorCode,
    srcIp: ipOrNull(callerIp),
    userAgent: str(key(rm, 'callerSuppliedUserAgent')),
    detail: detail.length > 0 ? detail.join(' · ') : null,
    facts,
  };
}

export const importer: Importer = {
  id: format.id,
  version: '2',
  title: format.title,
  input: 'json',
  detect,
  createParser: perObjectParser(normalizeGcpAudit),
};
