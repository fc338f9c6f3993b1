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
 * A name that says "machine account" in the words people give them: bot, CI/CD, automation, service, deploy,
 * release, build, sync, backup, runner, scanner, robot… as a word of the name (`acme-release-bot`, `ci_deployer`).
 */
const MACHINE_WORD =
  /(^|[-_.@\s[])(bots?|ci|cd|cicd|automation|automations|auto|svc|service|services|deploy|deployer|deploys|release|releaser|build|builder|sync|syncer|backup|runner|scanner|robot|robo|jenkins|terraform|pipeline|integration|machine|daemon|cron|batch|etl)($|[-_.@\s\]0-9])/i;

/** Principal types that are a machine acting: a key, a token, an app, a workload, an agent. */
const MACHINE_TYPES = ['access_key', 'app', 'bot', 'service_account', 'workload', 'agent', 'role_session', 'service'];

export interface KindResult {
  kind: IdentityKind;
  nhi: boolean;
  /**
   * The rule that decided it (docs/derivation.md, "Kind and NHI"): `name-shape` (the canonical name's form: a role
   * ARN, a service account, a workload, a login Vault generated), `interactive-use` (the logs show a person at
   * work), `machine-user` (a person-typed account named like a machine and mostly acting through keys or tokens),
   * `principal-type:<t>` (the type the logs give most of its events), `machine-name` (nothing typed it; its name
   * does), `analyst` (an analyst's reclassification, which wins).
   */
  rule: string;
}

/**
 * @param ptypeCounts events per principal_type (index into PRINCIPAL_TYPES) across the identity's names
 */
export function identityKind(canonicalKey: string, ptypeCounts: number[]): KindResult {
  const { system, value } = splitAtom(canonicalKey);
  const result = (kind: IdentityKind, rule: string): KindResult => ({ kind, nhi: NHI_KINDS.has(kind), rule });
  if (system === 'aws') {
    if (/:role\//.test(value)) return result('role', 'name-shape');
    if (/:root$/.test(value)) return result('user', 'name-shape');
    if (/\.amazonaws\.com$/.test(value)) return result('service', 'name-shape');
  }
  if (system === 'github-actions' || system === 'oidc') return result('workload', 'name-shape');
  if (system === 'saml') return result('user', 'name-shape');
  if (value.startsWith('system:serviceaccount:') || /gserviceaccount\.com$/.test(value))
    return result('service_account', 'name-shape');
  if (system === 'agent') return result('agent', 'name-shape');
  // A login a secrets engine generated (Vault's database templates: v-<display>-<role>-<20 random>-<unix time>) is a
  // credential minted for a workload, whoever used it and however.
  if (VAULT_GENERATED.test(value)) return result('service_account', 'name-shape');
  const count = (t: string) => ptypeCounts[PRINCIPAL_TYPES.indexOf(t as (typeof PRINCIPAL_TYPES)[number])] ?? 0;
  const people = count('user');
  if (people > 0) {
    // A machine user: an account a person could sign in as, named like a machine, that mostly acts through keys and
    // tokens (a GitHub release bot's fine-grained token, created once in the web UI). A person who also uses a key
    // is still a person: most of what they do is interactive.
    const machine = MACHINE_TYPES.reduce((n, t) => n + count(t), 0);
    if (MACHINE_WORD.test(value) && machine >= 2 * people) return result('service_account', 'machine-user');
    return result('user', 'interactive-use');
  }
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
  const kind =
    t === 'role_session'
      ? 'role'
      : t === 'access_key'
        ? AWS_KEY_LIKE.test(value)
          ? 'access_key'
          : 'service_account'
        : t;
  if (kind === 'unknown' && (NHI_NAME.test(value) || MACHINE_WORD.test(value)))
    return result('service_account', 'machine-name');
  return result(kind, kind === 'unknown' ? 'unknown' : `principal-type:${t}`);
}

const AWS_KEY_LIKE = /^(AKIA|ASIA)[A-Z0-9]{12,}$/;
const VAULT_GENERATED = /^v[-_].+[-_][A-Za-z0-9]{20}[-_]\d{9,11}$/i;
