// Aliases are "system|value" strings ("atoms"): the same value means the same principal only inside one
// naming system. A format's principals live in its system; importers state names in other systems through
// the `alias` fact ("aws|arn:…"), which is how identities join across sources without trusting display names.
import { formatById } from '../../importers/formats.js';

/** The naming system of a format's principals, as its descriptor declares it (importers/<id>/format.ts). */
export function systemOf(format: string): string {
  return formatById(format).system;
}

export function atomKey(system: string, value: string): string {
  return `${system}|${value}`;
}

export function splitAtom(key: string): { system: string; value: string } {
  const i = key.indexOf('|');
  return i < 0 ? { system: '', value: key } : { system: key.slice(0, i), value: key.slice(i + 1) };
}

/** A value an importer wrote as "system|value"; null when it names no system. */
export function explicitAtom(v: string): string | null {
  return /^[a-z][a-z0-9._-]{0,40}\|./.test(v) ? v : null;
}

const ASSUMED_ROLE = /^arn:(aws[a-z-]*):sts::(\d{12}):assumed-role\/([^/]+)\/(.+)$/;

/** `arn:aws:sts::A:assumed-role/R/S` → the role's ARN (path unknown here) and the session name. */
export function parseAssumedRole(
  arn: string,
): { roleArn: string; role: string; account: string; sessionName: string } | null {
  const m = ASSUMED_ROLE.exec(arn);
  if (!m) return null;
  return { roleArn: `arn:${m[1]}:iam::${m[2]}:role/${m[3]}`, role: m[3], account: m[2], sessionName: m[4] };
}

/** The role ARN ending in /NAME with the same account: matches an issuer ARN that carries a path. */
export function roleMatches(issuerArn: string, parsed: { role: string; account: string }): boolean {
  return issuerArn.includes(`:${parsed.account}:role/`) && issuerArn.endsWith(`/${parsed.role}`);
}

/** AWS access key ids: global, so the same key in two sources is the same credential. */
export const AWS_KEY = /^(AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{12,}$/;

/**
 * The namespace a key is unique in: AWS access key ids everywhere, otherwise the one the format's descriptor
 * declares (several formats naming the same credentials share one), else the format itself.
 */
export function keyNamespace(format: string, key: string): string {
  return AWS_KEY.test(key) ? 'aws-key' : (formatById(format).keyNamespace ?? format);
}

/**
 * Long-lived credentials are split into runs by inactivity; short-lived ones are one session each. An AWS key
 * says which it is (AKIA… long-lived, ASIA… an STS session) in any source; otherwise the format declares what its
 * session keys name.
 */
export function isLongLived(format: string, key: string): boolean {
  if (AWS_KEY.test(key)) return key.startsWith('AKIA');
  return formatById(format).sessionKey?.lifetime === 'credential';
}

export interface Workload {
  atom: string;
  method: string;
  confidence: number;
}

/**
 * The workload a federated (OIDC / web identity) subject names, per the providers' documented subject formats:
 * GitHub Actions `repo:ORG/REPO:…` (token.actions.githubusercontent.com), Kubernetes service accounts
 * `system:serviceaccount:NS:SA` (EKS IRSA oidc.eks…, GKE/AKS workload identity), otherwise provider + subject.
 */
export function workloadOf(provider: string | null, subject: string, saml = false): Workload {
  const p = (provider ?? '').toLowerCase();
  // A SAML assertion names a person at an identity provider, not a workload.
  if (saml)
    return {
      atom: atomKey('saml', `${shortProvider(provider ?? '')}|${subject}`),
      method: 'saml-subject',
      confidence: 0.9,
    };
  const gh = /^repo:([^:/]+\/[^:]+)(?::|$)/.exec(subject);
  if (gh && (p.includes('token.actions.githubusercontent.com') || p === '')) {
    return { atom: atomKey('github-actions', gh[1]), method: 'github-oidc-subject', confidence: p ? 0.95 : 0.85 };
  }
  const sa = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(subject);
  if (sa) {
    return {
      atom: atomKey('k8s', subject),
      method: p.includes('oidc.eks') ? 'eks-irsa-subject' : 'k8s-workload-identity-subject',
      confidence: p.includes('oidc.eks') ? 0.9 : 0.85,
    };
  }
  return {
    atom: atomKey('oidc', `${shortProvider(provider ?? '') || 'unknown'}|${subject}`),
    method: 'web-identity-subject',
    confidence: 0.95,
  };
}

function shortProvider(provider: string): string {
  return provider.replace(/^arn:aws:iam::\d+:(oidc|saml)-provider\//, '').replace(/^https?:\/\//, '');
}

/** IPv4 /24 or IPv6 /48: "a new network" is a stronger signal than "a new address". */
export function networkOf(ip: string): string {
  if (ip.includes(':')) {
    const parts = ip.split(':');
    return parts.slice(0, 3).join(':') + '::/48';
  }
  const p = ip.split('.');
  return p.length === 4 ? `${p[0]}.${p[1]}.${p[2]}.0/24` : ip;
}

export function isPrivateIp(ip: string): boolean {
  if (ip.includes(':')) return /^(fc|fd|fe80|::1)/i.test(ip);
  const [a, b] = ip.split('.').map(Number);
  return (
    a === 10 ||
    a === 127 ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 169 && b === 254) ||
    (a === 100 && b >= 64 && b <= 127)
  );
}

/** A user agent without its version numbers: a new tool is news, a tool upgrade is not. */
export function uaFamily(ua: string): string {
  return ua
    .replace(/\/[\w.+-]*\d[\w.+-]*/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200);
}

/** A service / grouping name for a resource: the graph aggregates by it past a few hundred nodes. */
export function serviceOf(resource: string, type: string | null): string {
  const arn = /^arn:aws[a-z-]*:([a-z0-9-]+):/.exec(resource);
  if (arn) return `aws:${arn[1]}`;
  const aws = /^aws:([a-z0-9-]+):/.exec(resource);
  if (aws) return `aws:${aws[1]}`;
  const k8s = /^k8s:(?:[^/]*\/)?([^/]+)\//.exec(resource);
  if (k8s) return `k8s:${k8s[1]}`;
  const vault = /^vault:([^/]+)/.exec(resource);
  if (vault) return `vault:${vault[1]}`;
  const url = /^[a-z]+:\/\/([^/:]+)/i.exec(resource);
  if (url) return url[1];
  const scheme = /^([a-z][a-z0-9-]*):/i.exec(resource);
  if (scheme) return scheme[1];
  if (type) return type;
  return 'other';
}

/**
 * Where a resource lives: the bucket of an S3 object, the parent path of a path-like name. Deviation counts a
 * new resource only when its container is new too: a batch job writing today's partition is not news.
 */
export function resourceContainer(resource: string): string {
  const s3 = /^(arn:aws[a-z-]*:s3:::[^/]+)\//.exec(resource);
  if (s3) return s3[1];
  const cut = resource.lastIndexOf('/');
  if (cut > 0 && resource.indexOf('/') < cut) return resource.slice(0, cut);
  return resource;
}
