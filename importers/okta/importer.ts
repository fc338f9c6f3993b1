// Okta System Log events, as the System Log API returns them (`GET /api/v1/logs`: a JSON array per page) and as
// log streams / SIEM exports write them (JSON lines); rule-test exports lower-case keys (`eventtype`,
// `authenticationcontext`). Actors are people, OAuth client apps (PublicClientApp), Okta itself
// (SystemPrincipal) or, before authentication, an IP address. Field notes: shared/corpus/FIELDS.md §5.
//
// Outcome: SUCCESS and ALLOW are successes; FAILURE and DENY failures; CHALLENGE is neither — Okta asked for
// another factor and the next event of the flow decides — so it is `unknown` with error code CHALLENGE, and
// never counts as a failed attempt; UNKNOWN and SKIPPED are `unknown`.
import type { Category, Facts, NormalizedEvent, Outcome, PrincipalType } from '../../core/model/event.js';
import { FACT } from '../../core/model/facts.js';
import type { Importer, Sample } from '../types.js';
import { format } from './format.js';
import { perObjectParser } from '../util/per-object.js';
import { get, isObj, key, str, type Obj } from '../util/fields.js';
import { ipOrNull } from '../util/net.js';
import { outcomeByName } from '../util/outcome.js';
import { toMicros } from '../../core/model/time.js';
import { sampleScore } from '../util/detect.js';

const EVENT_TYPE = /^[a-z0-9_]+(\.[a-z0-9_]+)+$/;
const TOKEN_TARGETS = new Set(['access_token', 'id_token', 'refresh_token', 'AccessToken', 'IdToken', 'RefreshToken']);

/** Okta's event types by family; first match wins. */
const CATEGORY_RULES: [RegExp, Category][] = [
  [/impersonation/, 'privilege'],
  [/^(system\.log_stream\.lifecycle\.(deactivate|delete)|event_hook\.(deactivated|deleted))/, 'logging'],
  [
    /^(user\.session\.|user\.authentication\.|policy\.evaluate_sign_on|user\.mfa\.(okta_verify|attempt_bypass)|user\.account\.lock|app\.generic\.unauth_app_access_attempt)/,
    'auth',
  ],
  [
    /^(application\.user_membership\.show_password|app\.oauth2\.(as\.)?(token\.|authorize)|system\.api_token\.|user\.account\.(reset_password|update_password|expire_password)|user\.credential\.|user\.mfa\.factor\.|app\.oauth2\.(client_secret|client\.(lifecycle\.)?(key|secret))|app\.oauth2\.as\.key|application\.credential)/,
    'credential',
  ],
  [
    /(privilege\.(grant|revoke)|\.role\.|role_assignment|impersonation|group\.user_membership\.(add|remove)|application\.user_membership\.(add|remove|change)|group\.privilege|iam\.resourceset|iam\.role)/,
    'privilege',
  ],
  [/^security\.(threat|request)/, 'other'],
  [
    /^(policy\.|system\.|org\.|security\.|zone\.|network_zone\.|application\.policy|app\.oauth2\.as\.(lifecycle|policy)|iam\.)/,
    'config',
  ],
  [/\.(delete|deactivate|remove|destroy|suspend|deleted|deactivated)$/, 'delete'],
  [/\.(create|update|activate|add|assign|unsuspend|unlock|import|push|created|updated|activated)$/, 'write'],
  [/\.(read|list|access|view|export|search)$/, 'read'],
];

const categoryCache = new Map<string, Category>();

function categoryOf(eventType: string): Category {
  let c = categoryCache.get(eventType);
  if (c === undefined) {
    c = 'other';
    for (const [re, cat] of CATEGORY_RULES)
      if (re.test(eventType)) {
        c = cat;
        break;
      }
    if (categoryCache.size >= 4096) categoryCache.clear();
    categoryCache.set(eventType, c);
  }
  return c;
}

function scoreRecord(v: unknown): number {
  if (!isObj(v)) return 0;
  const et = str(key(v, 'eventType'));
  if (!et) return 0;
  // CloudTrail has an eventType too ("AwsApiCall"): Okta's are dotted lower-case names, its actors have alternateIds.
  const actor = key(v, 'actor');
  const oktaActor =
    isObj(actor) && (key(actor, 'alternateId') !== undefined || key(actor, 'displayName') !== undefined);
  const dotted = EVENT_TYPE.test(et);
  if (!dotted && !oktaActor) return 0;
  let s = 0.5;
  if (dotted) s += 0.15;
  if (oktaActor) s += 0.15;
  if (key(v, 'published') !== undefined) s += 0.1;
  if (key(v, 'uuid') !== undefined || key(v, 'displayMessage') !== undefined || key(v, 'legacyEventType') !== undefined)
    s += 0.05;
  if (isObj(key(v, 'outcome'))) s += 0.04;
  return s;
}

function detect(sample: Sample): number {
  return sampleScore(sample.values, scoreRecord);
}

/** Okta writes "unknown" where it has no value. */
function known(v: unknown): string | null {
  const s = str(v);
  return s && s.toLowerCase() !== 'unknown' ? s : null;
}

function principalTypeOf(type: string | null): PrincipalType {
  switch (type) {
    case 'User':
      return 'user';
    case 'PublicClientApp':
    case 'AppInstance':
    case 'Application':
    case 'Client':
    case 'OAuth2Client':
      return 'app';
    case 'SystemPrincipal':
      return 'service';
    default:
      return 'unknown';
  }
}

function outcomeOf(o: unknown): { outcome: Outcome; errorCode: string | null } {
  const result = str(key(o, 'result'))?.toUpperCase() ?? null;
  const reason = str(key(o, 'reason'));
  switch (result) {
    case 'SUCCESS':
    case 'ALLOW':
      return { outcome: 'success', errorCode: null };
    case 'FAILURE':
    case 'DENY':
      return { outcome: 'failure', errorCode: reason ?? result };
    case 'CHALLENGE':
      return { outcome: 'unknown', errorCode: 'CHALLENGE' };
    default:
      return { outcome: 'unknown', errorCode: null };
  }
}

interface Target {
  id: string | null;
  type: string | null;
  alternateId: string | null;
  displayName: string | null;
}

function targetsOf(raw: unknown): Target[] {
  if (!Array.isArray(raw)) return [];
  const out: Target[] = [];
  for (const t of raw) {
    if (!isObj(t)) continue;
    out.push({
      id: known(key(t, 'id')),
      type: str(key(t, 'type')),
      alternateId: known(key(t, 'alternateId')),
      displayName: known(key(t, 'displayName')),
    });
  }
  return out;
}

export function normalizeOkta(v: Obj): NormalizedEvent | string {
  const ts = toMicros(key(v, 'published'));
  if (ts === null) return 'no parseable timestamp (published)';
  const eventType = str(key(v, 'eventType')) ?? str(key(v, 'legacyEventType'));
  if (!eventType) return 'no eventType: the event does not say what happened';
  const actor = key(v, 'actor');
  const actorType = str(key(actor, 'type'));
  const actorId = known(key(actor, 'id'));
  const principal = known(key(actor, 'alternateId')) ?? known(key(actor, 'displayName')) ?? actorId;
  const stated = outcomeOf(key(v, 'outcome'));
  // `*.failure`, `*_denied` event types say how they ended even when outcome.result is missing or reads SUCCESS.
  const outcome = outcomeByName(eventType, stated.outcome);
  const errorCode =
    stated.errorCode ?? (outcome === 'failure' ? eventType.slice(eventType.lastIndexOf('.') + 1) : null);
  const ac = key(v, 'authenticationContext');
  const tx = key(v, 'transaction');
  const apiToken = str(get(tx, 'detail', 'requestApiTokenId'));
  const client = key(v, 'client');
  const chain = get(v, 'request', 'ipChain');
  const chainIp = Array.isArray(chain) && chain.length > 0 ? key(chain[0], 'ip') : undefined;
  const targets = targetsOf(key(v, 'target'));
  const category = categoryOf(eventType);
  const first = targets.find((t) => !TOKEN_TARGETS.has(t.type ?? '')) ?? targets[0];

  const facts: Facts = {};
  // Before authentication Okta names the caller by its address: that is not an identity to alias.
  if (actorId && actorType !== 'IP address') facts[FACT.alias] = `okta|${actorId}`;
  const txId = str(key(tx, 'id'));
  if (txId) facts[FACT.correlation] = txId;
  if (apiToken) facts.api_token_id = apiToken;
  const credType = str(key(ac, 'credentialType'));
  if (credType) facts.credential_type = credType;
  if (principalTypeOf(actorType) === 'app' && str(key(actor, 'displayName')))
    facts[FACT.agent] = str(key(actor, 'displayName'))!;
  if (category === 'logging') facts[FACT.logTamper] = eventType;
  const tokens = targets.filter((t) => TOKEN_TARGETS.has(t.type ?? '') && t.id).map((t) => t.id!);
  if (tokens.length > 0 && outcome === 'success') {
    facts[FACT.issuedKey] = tokens.join('\n');
    if (principal) facts[FACT.issuedTo] = principal;
  }
  if (category === 'privilege' && first) {
    const who = first.alternateId ?? first.displayName ?? first.id;
    if (who) facts[FACT.targetIdentity] = who;
  }

  const detail: string[] = [];
  const message = str(key(v, 'displayMessage'));
  if (message) detail.push(message);
  const reason = str(get(v, 'outcome', 'reason'));
  if (reason) detail.push(reason);
  const named = targets
    .slice(0, 4)
    .map((t) => `${t.type ?? 'target'} ${t.alternateId ?? t.displayName ?? t.id ?? '?'}`);
  if (named.length > 0) detail.push(`on ${named.join(', ')}`);
  if (str(get(v, 'debugContext', 'debugData', 'threatSuspected')) === 'true') detail.push('threat suspected');

  return {
    ts,
    principal,
    principalType: principalTypeOf(actorType),
    // The API token id names the credential of API calls made without a browser session.
    sessionKey: known(key(ac, 'externalSessionId')) ?? apiToken,
    action: eventType,
    category,
    resource: first ? `okta:${first.type ?? 'target'}/${first.alternateId ?? first.id ?? first.displayName}` : null,
    resourceType: first ? `okta:${first.type ?? 'target'}` : null,
    outcome,
    errorCode,
    srcIp: ipOrNull(key(client, 'ipAddress')) ?? ipOrNull(chainIp),
    userAgent: str(get(client, 'userAgent', 'rawUserAgent')),
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
  createParser: perObjectParser(normalizeOkta),
};
