// What an identity is called and what kind of thing it is. The canonical alias is the most stable
// identifier among its names (a role ARN over its session ARNs, a workload over a token subject); the kind
// comes from that name's shape first and from how the logs typed its principal second.
import { PRINCIPAL_TYPES } from '../model/event.js';
import { NHI_KINDS, type IdentityKind } from '../model/identity.js';
import { splitAtom } from './atoms.js';

// Salesforce user (005…) and connected-app (0H4…) ids yield to a username too.
const OPAQUE =
  /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|(AIDA|AROA|AKIA|ASIA)[A-Z0-9]{12,}|[0-9a-f]{24,}|hmac-sha256:.*|(005|0H4)[a-z0-9]{12}([a-z0-5]{3})?)$/i;

function classScore(system: string, value: string): number {
  if (system === 'aws') {
    if (/^arn:aws[a-z-]*:iam::\d+:role\//.test(value)) return 100;
    if (/^arn:aws[a-z-]*:iam::\d+:(user\/|root$)/.test(value)) return 95;
    if (/\.amazonaws\.com$/.test(value)) return 70;
    if (/^arn:aws[a-z-]*:sts::\d+:assumed-role\//.test(value)) return 30;
  }
  if (system === 'github-actions') return 90;
  if (system === 'k8s' && value.startsWith('system:serviceaccount:')) return 88;
  if (/@[\w.-]+\.iam\.gserviceaccount\.com$|@[\w-]+\.gserviceaccount\.com$/.test(value)) return 88;
  if (system === 'oidc' || system === 'saml') return 60;
  if (OPAQUE.test(value)) return 20;
  return 50;
}

/** Higher wins; ties go to the name with more events, then the lexically first key. */
export function canonicalRank(key: string, events: number): number {
  const { system, value } = splitAtom(key);
  return classScore(system, value) * 1e9 + Math.min(events, 1e9 - 1);
}

export function isOpaque(value: string): boolean {
  return OPAQUE.test(value);
}

const NHI_NAME =
  /(\[bot\]|^bot-|serviceaccount|^svc[-_.]|[-_.]svc$|automation|^system:|gserviceaccount|[-_]sa$|^sa-|-bot$|^ci[-_]|[-_]ci$|pipeline|terraform|jenkins|deployer)/i;

/**
 * @param ptypeCounts events per principal_type (index into PRINCIPAL_TYPES) across the identity's names
 */
export function identityKind(canonicalKey: string, ptypeCounts: number[]): { kind: IdentityKind; nhi: boolean } {
  const { system, value } = splitAtom(canonicalKey);
  let kind: IdentityKind | null = null;
  if (system === 'aws') {
    if (/:role\//.test(value)) kind = 'role';
    else if (/:root$/.test(value)) kind = 'user';
    else if (/\.amazonaws\.com$/.test(value)) kind = 'service';
  }
  if (!kind && (system === 'github-actions' || system === 'oidc')) kind = 'workload';
  if (!kind && system === 'saml') kind = 'user';
  if (!kind && (value.startsWith('system:serviceaccount:') || /gserviceaccount\.com$/.test(value)))
    kind = 'service_account';
  if (!kind && system === 'agent') kind = 'agent';
  if (!kind) {
    const count = (t: string) => ptypeCounts[PRINCIPAL_TYPES.indexOf(t as (typeof PRINCIPAL_TYPES)[number])] ?? 0;
    // A person who also uses a key is still a person: interactive use decides.
    if (count('user') > 0) kind = 'user';
    else {
      let best = -1;
      let bestN = 0;
      for (let i = 0; i < PRINCIPAL_TYPES.length; i++) {
        if (PRINCIPAL_TYPES[i] === 'unknown' || PRINCIPAL_TYPES[i] === 'user') continue;
        if ((ptypeCounts[i] ?? 0) > bestN) {
          best = i;
          bestN = ptypeCounts[i];
        }
      }
      const t = best >= 0 ? PRINCIPAL_TYPES[best] : 'unknown';
      kind =
        t === 'role_session'
          ? 'role'
          : t === 'access_key'
            ? AWS_KEY_LIKE.test(value)
              ? 'access_key'
              : 'service_account'
            : t;
    }
  }
  if (kind === 'unknown' && NHI_NAME.test(value)) return { kind: 'service_account', nhi: true };
  return { kind, nhi: NHI_KINDS.has(kind) };
}

const AWS_KEY_LIKE = /^(AKIA|ASIA)[A-Z0-9]{12,}$/;
