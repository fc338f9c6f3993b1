// Microsoft Graph activity logs: every HTTP request an app or a person made to Microsoft Graph with a token of
// the tenant — what an app did with its token. Two shapes: Log Analytics `MicrosoftGraphActivityLogs` rows
// (PascalCase columns) and diagnostic-settings records (storage account lines, Event Hub {"records":[…]}) whose
// `properties` hold the same fields in camelCase. One record, one event.
import type { Facts, NormalizedEvent, PrincipalType } from '../../core/model/event.js';
import { FACT } from '../../core/model/facts.js';
import type { Importer, Sample } from '../types.js';
import { format } from './format.js';
import { perObjectParser } from '../util/per-object.js';
import { fieldsOf, isObj, key, maybeJson, str, type Obj } from '../util/fields.js';
import { toMicros } from '../../core/model/time.js';
import { sampleScore } from '../util/detect.js';
import { entraId, entraIp } from '../util/entra.js';
import { parseRequestUri, requestCategory } from './request.js';

const CATEGORY = 'MicrosoftGraphActivityLogs';

function scoreRecord(v: unknown): number {
  if (!isObj(v)) return 0;
  if (v.Type === CATEGORY) return 0.97;
  if (str(key(v, 'category'))?.toLowerCase() === CATEGORY.toLowerCase()) return 0.97;
  const p = isObj(v.properties) ? v.properties : v;
  if (key(p, 'requestUri') !== undefined && key(p, 'requestMethod') !== undefined) {
    if (key(p, 'signInActivityId') !== undefined || key(p, 'servicePrincipalId') !== undefined) return 0.93;
    if (key(p, 'appId') !== undefined) return 0.75;
  }
  return 0;
}

function detect(sample: Sample): number {
  return sampleScore(sample.values, scoreRecord);
}

/**
 * The request's fields, whichever shape: a diagnostic record's `properties` (camelCase) or a Log Analytics row
 * (PascalCase), by their camelCase names. Exact names when the record spells them as documented; any case for
 * exports that changed it.
 */
const DIAGNOSTIC_PROBES = ['requestUri', 'requestMethod', 'appId'];
const ROW_PROBES = ['RequestUri', 'RequestMethod', 'AppId'];
/** Log Analytics column names that are not the camelCase name capitalized. */
const pascalCache = new Map<string, string>([['ipAddress', 'IPAddress']]);

function pascal(k: string): string {
  let p = pascalCache.get(k);
  if (p === undefined) pascalCache.set(k, (p = k[0].toUpperCase() + k.slice(1)));
  return p;
}

function requestFields(v: Obj): (camel: string) => unknown {
  const props = maybeJson(v.properties);
  if (isObj(props)) return fieldsOf(props, DIAGNOSTIC_PROBES);
  for (const p of ROW_PROBES) if (v[p] !== undefined) return (k) => v[pascal(k)];
  return (k) => key(v, k);
}

const AUTH_METHOD: Record<string, string> = { '0': 'publicClient', '1': 'clientSecret', '2': 'clientCertificate' };

function normalize(v: Obj): NormalizedEvent | string {
  const f = requestFields(v);
  const ts = toMicros(v.TimeGenerated) ?? toMicros(key(v, 'time')) ?? toMicros(f('timeGenerated'));
  if (ts === null) return 'no parseable timestamp (TimeGenerated / time / properties.timeGenerated)';
  const uri = str(f('requestUri'));
  const method = str(f('requestMethod'));
  if (!uri || !method) return 'no requestUri or requestMethod: the record does not say what was requested';
  const req = parseRequestUri(uri);
  const appId = entraId(str(f('appId')));
  const spId = entraId(str(f('servicePrincipalId')));
  const userId = entraId(str(f('userId')));
  const facts: Facts = {};
  let principal: string | null;
  let type: PrincipalType;
  if (userId) {
    // A delegated token: the person is the principal (the same object id the sign-in log states as userId);
    // the app that called for them is the agent.
    principal = userId;
    type = 'user';
    if (appId) facts[FACT.agent] = appId;
  } else {
    // An app-only token: the service principal, named by the id the sign-in log states as servicePrincipalId.
    principal = spId ?? appId;
    type = 'app';
    // Stated even when the app id is the principal: the sign-in log names the app in the same `entra-app` system.
    if (appId) facts[FACT.alias] = `entra-app|${appId}`;
  }
  const status = str(f('responseStatusCode')) ?? str(key(v, 'resultSignature'));
  const code = status && /^\d{3}$/.test(status) ? Number(status) : null;
  const outcome = code === null ? 'unknown' : code < 400 ? 'success' : 'failure';
  const category = requestCategory(method, req);

  // A Log Analytics row's TenantId is the workspace: the Entra tenant is AadTenantId there.
  const tenant = isObj(maybeJson(v.properties))
    ? (str(key(v, 'tenantId')) ?? str(f('tenantId')))
    : str(f('aadTenantId'));
  if (tenant) facts[FACT.account] = tenant;
  const requestId = str(f('requestId'));
  const operationId = str(f('operationId'));
  if (requestId) facts.request_id = requestId;
  // A $batch's requests share the batch's operation id.
  if (operationId && operationId !== requestId) facts[FACT.correlation] = operationId;
  const authMethod = str(f('clientAuthMethod'));
  if (authMethod && AUTH_METHOD[authMethod]) facts[FACT.credentialType] = AUTH_METHOD[authMethod];
  const roles = str(f('roles'));
  const scopes = str(f('scopes'));
  if (roles) facts.token_roles = roles;
  if (scopes) facts.token_scopes = scopes;
  const issued = str(f('tokenIssuedAt'));
  if (issued) facts.token_issued_at = issued;
  const signIn = str(f('signInActivityId'));
  const session = str(f('sessionId'));
  // Both name the token's sign-in in the Entra sign-in log; the session key is the session when the token has
  // one (a person's), else the token's own sign-in (apps: one key per token).
  if (signIn && session) facts.sign_in_activity_id = signIn;
  const size = str(f('responseSizeBytes'));
  if (outcome === 'success' && (category === 'read' || category === 'query')) {
    // What the response carried: the bytes Graph sent back, and what they were read from.
    if (size && /^\d+$/.test(size)) facts[FACT.dataBytes] = size;
    facts[FACT.dataObjects] = req.url;
  }

  const detail: string[] = [];
  if (code !== null) detail.push(`HTTP ${code}`);
  if (size && /^\d+$/.test(size)) detail.push(`${Number(size).toLocaleString('en-US')} bytes returned`);
  const wids = str(f('wids'));
  if (roles) detail.push(`app roles: ${roles}`);
  else if (scopes) detail.push(`scopes: ${scopes}`);
  if (wids && userId) detail.push(`directory roles: ${wids}`);

  return {
    ts,
    principal,
    principalType: type,
    sessionKey: session ?? signIn,
    action: `${method.toUpperCase()} ${req.template}`,
    category,
    resource: req.url,
    resourceType: 'graph:request',
    outcome,
    errorCode: outcome === 'failure' && code !== null ? String(code) : null,
    srcIp: entraIp(f('ipAddress')) ?? entraIp(key(v, 'callerIpAddress')),
    userAgent: str(f('userAgent')),
    detail: detail.join(' · '),
    facts,
  };
}

export const importer: Importer = {
  id: format.id,
  version: '1',
  title: format.title,
  input: 'json',
  detect,
  createParser: perObjectParser(normalize),
};
