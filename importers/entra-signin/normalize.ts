// One Entra ID sign-in record (any of the four sign-in logs, diagnostic-settings or Log Analytics shape) as a
// normalized event. Shared with entra-audit, whose streams carry sign-ins too (importer.ts dispatches).
import type { Facts, NormalizedEvent, Outcome, PrincipalType } from '../../core/model/event.js';
import { FACT } from '../../core/model/facts.js';
import { get, key, maybeJson, str, type Obj } from '../util/fields.js';
import { toMicros } from '../../core/model/time.js';
import { entraId, entraIp, entraProps, propsProblem, signInKind, tenantOf, type SignInKind } from '../util/entra.js';

const KIND_LABEL: Record<SignInKind, string> = { user: 'user', sp: 'service principal', mi: 'managed identity' };
const NUMERIC = /^\d+$/;

function outcomeOf(v: Obj, p: Obj): { outcome: Outcome; errorCode: string | null } {
  const rt = str(key(v, 'resultType')) ?? str(key(p, 'resultType'));
  const status = maybeJson(key(p, 'status'));
  const code = str(key(status, 'errorCode'));
  const statusCode = code && code !== '0' ? code : null;
  if (rt !== null) {
    if (rt === '0' || /^success/i.test(rt)) return { outcome: 'success', errorCode: null };
    // A non-zero resultType is the AADSTS code ("7000222" = AADSTS7000222, client secret expired).
    if (NUMERIC.test(rt)) return { outcome: 'failure', errorCode: rt };
    if (/^fail/i.test(rt)) return { outcome: 'failure', errorCode: statusCode };
  }
  if (code === '0') return { outcome: 'success', errorCode: null };
  if (statusCode) return { outcome: 'failure', errorCode: statusCode };
  return { outcome: 'unknown', errorCode: null };
}

function principalOf(kind: SignInKind, p: Obj): { principal: string | null; type: PrincipalType } {
  if (kind === 'user') {
    return {
      principal: str(key(p, 'userPrincipalName')) ?? str(key(p, 'userId')) ?? str(key(p, 'userDisplayName')),
      type: 'user',
    };
  }
  const principal =
    str(key(p, 'servicePrincipalName')) ??
    (kind === 'sp' ? str(key(p, 'appDisplayName')) : null) ??
    str(key(p, 'servicePrincipalId')) ??
    str(key(p, 'appId'));
  // A managed identity is Azure's service account (bound to a resource); a service principal is an app registration's
  // identity.
  return { principal, type: kind === 'mi' ? 'service_account' : 'app' };
}

export function normalizeEntraSignIn(v: Obj): NormalizedEvent | string {
  const p = entraProps(v);
  const ts = toMicros(key(v, 'time')) ?? toMicros(key(p, 'createdDateTime')) ?? toMicros(v.TimeGenerated);
  if (ts === null) return 'no parseable timestamp (time / properties.createdDateTime)';
  const problem = propsProblem(v);
  if (problem) return problem;
  const kind: SignInKind =
    signInKind(v) ?? (str(key(p, 'servicePrincipalId')) && !str(key(p, 'userId')) ? 'sp' : 'user');
  const { principal, type } = principalOf(kind, p);
  const { outcome, errorCode } = outcomeOf(v, p);
  const spId = entraId(str(key(p, 'servicePrincipalId')));
  const appId = entraId(str(key(p, 'appId')));
  const userId = entraId(str(key(p, 'userId')));
  // The same GUID, in the same form, as the audit record that added the secret or certificate states in issued_key.
  const credKey = entraId(str(key(p, 'servicePrincipalCredentialKeyId')));
  const tokenId = str(key(p, 'uniqueTokenIdentifier'));
  const sessionKey = kind === 'user' ? str(key(p, 'sessionId')) : (credKey ?? tokenId);
  const resourceName = str(key(p, 'resourceDisplayName'));
  const resourceId = str(key(p, 'resourceId'));
  const app = str(key(p, 'appDisplayName'));

  const facts: Facts = {};
  const tenant = tenantOf(v);
  if (tenant) facts[FACT.account] = tenant;
  const aliases: string[] = [];
  if (kind === 'user') {
    if (userId) aliases.push(`entra|${userId}`);
    if (app ?? appId) facts[FACT.agent] = (app ?? appId)!;
  } else {
    if (spId) aliases.push(`entra|${spId}`);
    if (appId) aliases.push(`entra-app|${appId}`);
    const miType = str(key(p, 'managedIdentityType'));
    if (miType && miType !== 'none') facts[FACT.authRole] = miType;
    const credType = str(key(p, 'clientCredentialType'));
    if (credType) facts.credential_type = credType;
    const fic = str(key(p, 'federatedCredentialId'));
    if (fic) facts.federated_credential_id = fic;
  }
  if (aliases.length > 0) facts[FACT.alias] = aliases.join('\n');
  // The token this sign-in issued: Graph activity logs name it again (SignInActivityId).
  if (outcome === 'success' && tokenId && tokenId !== sessionKey) {
    facts[FACT.issuedKey] = tokenId;
    if (principal) facts[FACT.issuedTo] = principal;
  }
  const corr = str(key(v, 'correlationId')) ?? str(key(p, 'correlationId'));
  if (corr) facts[FACT.correlation] = corr;
  if (resourceId) facts.resource_id = resourceId;
  const category = str(key(v, 'category')) ?? str(v.Type);

  const detail: string[] = [`${category ?? 'sign-in'} (${KIND_LABEL[kind]})`];
  const via = kind === 'user' ? app : null;
  if (via || resourceName) detail.push(`${via ? `via ${via} ` : ''}to ${resourceName ?? resourceId ?? '?'}`);
  if (outcome === 'failure') {
    const reason = str(get(maybeJson(key(p, 'status')), 'failureReason')) ?? str(key(v, 'resultDescription'));
    detail.push(`${errorCode ? `AADSTS${errorCode}` : 'failed'}${reason ? `: ${reason}` : ''}`);
  }
  const ca = str(key(p, 'conditionalAccessStatus'));
  if (ca && ca !== 'notApplied') detail.push(`conditional access ${ca}`);
  const risk = str(key(p, 'riskLevelDuringSignIn'));
  if (risk && risk !== 'none' && risk !== 'low') detail.push(`risk ${risk}`);

  return {
    ts,
    principal,
    principalType: type,
    sessionKey,
    action: str(key(v, 'operationName')) ?? 'Sign-in activity',
    category: 'auth',
    resource: resourceName ?? resourceId,
    resourceType: (resourceName ?? resourceId) ? 'entra:resource' : null,
    outcome,
    errorCode,
    srcIp: entraIp(key(v, 'callerIpAddress')) ?? entraIp(key(p, 'ipAddress')),
    userAgent: str(key(p, 'userAgent')),
    detail: detail.join(' · '),
    facts,
  };
}
