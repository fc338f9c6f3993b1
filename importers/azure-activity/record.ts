// One Activity Log record in any of the shapes Azure exports it, read into the same fields:
// - diagnostic settings (storage account blobs, Event Hub; JSON lines or {"records":[…]}): camelCase, `time`,
//   `operationName` as a string, the token under `identity.claims`, `resultType` Start/Accept/Success/Failure;
// - the REST API, `az monitor activity-log list`, the portal's JSON view: `eventTimestamp`, `operationName`,
//   `category` and `status` as {value, localizedValue}, `caller`, `claims`, `httpRequest`;
// - Log Analytics `AzureActivity` rows: PascalCase columns, `TimeGenerated`, `OperationNameValue`,
//   `ActivityStatusValue`, and `Claims`, `Authorization`, `Properties`, `HTTPRequest` as JSON text (or the
//   `_d` dynamic columns).
import { get, isObj, key, maybeJson, str, type Obj } from '../util/fields.js';
import { toMicros } from '../../core/model/time.js';

/** Where a record sits in an operation's life: ARM writes a record when a request starts, is accepted, ends. */
export type Phase = 'start' | 'accept' | 'end' | 'none';

export interface ActivityRecord {
  ts: number | null;
  operation: string | null;
  operationDisplay: string | null;
  category: string | null;
  phase: Phase;
  /** The status as written (Succeeded, Failure, Active…). */
  status: string | null;
  subStatus: string | null;
  resourceId: string | null;
  correlationId: string | null;
  eventDataId: string | null;
  callerIp: unknown;
  caller: string | null;
  claims: unknown;
  authorization: unknown;
  properties: Obj | null;
  tenantId: string | null;
  subscriptionId: string | null;
  description: string | null;
  httpMethod: string | null;
  /** Log Analytics row, REST/CLI object or diagnostic record: which shape it came in. */
  shape: 'log-analytics' | 'rest' | 'diagnostic';
}

/** A field that is a string or a {value, localizedValue} pair (REST shape). */
function valueOf(v: unknown): string | null {
  return isObj(v) ? str(v.value) : str(v);
}

function localized(v: unknown): string | null {
  return isObj(v) ? str(v.localizedValue) : null;
}

export function phaseOf(status: string | null): Phase {
  if (!status) return 'none';
  const s = status.toLowerCase();
  if (s.startsWith('start') || s === 'beginrequest') return 'start';
  if (s.startsWith('accept')) return 'accept';
  if (s.startsWith('succe') || s.startsWith('fail') || s.startsWith('cancel') || s === 'endrequest') return 'end';
  return 'none';
}

/** The `_d` dynamic column when it holds something, else the text column (exports write "" for empty cells). */
function either(d: unknown, text: unknown): unknown {
  return d === undefined || d === null || d === '' ? text : d;
}

function propsObj(v: unknown): Obj | null {
  const p = maybeJson(v);
  return isObj(p) ? p : null;
}

function readLogAnalytics(v: Obj): ActivityRecord {
  const status = str(v.ActivityStatusValue) ?? str(v.ActivityStatus);
  return {
    ts: toMicros(v.TimeGenerated) ?? toMicros(v.EventSubmissionTimestamp),
    operation: str(v.OperationNameValue) ?? str(v.OperationName),
    operationDisplay: str(v.OperationName),
    category: str(v.CategoryValue) ?? str(v.Category),
    phase: phaseOf(status),
    status,
    subStatus: str(v.ActivitySubstatusValue) ?? str(v.ActivitySubstatus),
    resourceId: str(v._ResourceId) ?? str(v.ResourceId),
    correlationId: str(v.CorrelationId),
    eventDataId: str(v.EventDataId),
    callerIp: v.CallerIpAddress,
    caller: str(v.Caller),
    claims: either(v.Claims_d, v.Claims),
    authorization: maybeJson(either(v.Authorization_d, v.Authorization)),
    properties: propsObj(either(v.Properties_d, v.Properties)),
    // TenantId in a Log Analytics table is the workspace's id, not the Entra tenant's.
    tenantId: null,
    subscriptionId: str(v.SubscriptionId),
    description: null,
    httpMethod: str(get(maybeJson(v.HTTPRequest), 'method')),
    shape: 'log-analytics',
  };
}

function readRest(v: Obj): ActivityRecord {
  const opRaw = key(v, 'operationName');
  const status = valueOf(key(v, 'status'));
  const http = key(v, 'httpRequest');
  return {
    ts: toMicros(key(v, 'eventTimestamp')) ?? toMicros(key(v, 'submissionTimestamp')),
    operation: valueOf(opRaw),
    operationDisplay: localized(opRaw),
    category: valueOf(key(v, 'category')),
    phase: phaseOf(status) === 'none' ? phaseOf(valueOf(key(v, 'eventName'))) : phaseOf(status),
    status,
    subStatus: valueOf(key(v, 'subStatus')),
    resourceId: str(key(v, 'resourceId')),
    correlationId: str(key(v, 'correlationId')),
    eventDataId: str(key(v, 'eventDataId')),
    callerIp: key(http, 'clientIpAddress') ?? key(v, 'callerIpAddress'),
    caller: str(key(v, 'caller')),
    claims: key(v, 'claims'),
    authorization: key(v, 'authorization'),
    properties: propsObj(key(v, 'properties')),
    tenantId: str(key(v, 'tenantId')),
    subscriptionId: str(key(v, 'subscriptionId')),
    description: str(key(v, 'description')),
    httpMethod: str(key(http, 'method')),
    shape: 'rest',
  };
}

function readDiagnostic(v: Obj): ActivityRecord {
  const identity = maybeJson(key(v, 'identity'));
  const opRaw = key(v, 'operationName');
  // Rule-test and hand-made records sometimes carry the REST-shaped status object instead of resultType.
  const status = str(key(v, 'resultType')) ?? valueOf(key(v, 'status'));
  const props = propsObj(key(v, 'properties'));
  return {
    ts: toMicros(key(v, 'time')),
    operation: valueOf(opRaw),
    operationDisplay: localized(opRaw),
    category: valueOf(key(v, 'category')),
    phase: phaseOf(status),
    status,
    subStatus: str(key(v, 'resultSignature')),
    resourceId: str(key(v, 'resourceId')),
    correlationId: str(key(v, 'correlationId')),
    eventDataId: null,
    callerIp: key(v, 'callerIpAddress'),
    caller: str(key(v, 'caller')),
    claims: key(identity, 'claims') ?? key(identity, 'claim'),
    authorization: key(identity, 'authorization'),
    properties: props,
    tenantId: str(key(v, 'tenantId')),
    subscriptionId: null,
    description: str(key(v, 'resultDescription')) ?? str(key(props, 'message')),
    httpMethod: null,
    shape: 'diagnostic',
  };
}

/** Reads a record of any shape; the caller has checked it is an object. */
export function readActivity(v: Obj): ActivityRecord {
  if (v.TimeGenerated !== undefined || v.OperationNameValue !== undefined) return readLogAnalytics(v);
  if (key(v, 'eventTimestamp') !== undefined || key(v, 'eventDataId') !== undefined) return readRest(v);
  return readDiagnostic(v);
}

/** The subscription a resource id names ("/subscriptions/<id>/…"), lower-cased as ARM ids compare. */
export function subscriptionOf(resourceId: string | null): string | null {
  if (!resourceId) return null;
  const m = /^\/subscriptions\/([^/]+)/i.exec(resourceId);
  return m ? m[1].toLowerCase() : null;
}

/** "azure:microsoft.keyvault/vaults/secrets" from a resource id: the provider namespace and the type path. */
export function resourceTypeOf(resourceId: string): string | null {
  const lower = resourceId.toLowerCase();
  const at = lower.lastIndexOf('/providers/');
  if (at < 0) {
    if (/^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+$/.test(lower)) return 'azure:resourcegroup';
    if (/^\/subscriptions\/[^/]+$/.test(lower)) return 'azure:subscription';
    return null;
  }
  const parts = lower.slice(at + '/providers/'.length).split('/');
  const types = [parts[0]];
  for (let i = 1; i < parts.length; i += 2) types.push(parts[i]);
  return `azure:${types.join('/')}`;
}
