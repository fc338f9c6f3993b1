// One Activity Log record in any of the shapes Azure exports it, read into the same fields:
// - diagnostic settings (storage account blobs, Event Hub; JSON lines or {"records":[…]}): camelCase, `time`,
//   `operationName` as a string, the token under `identity.claims`, `resultType` Start/Accept/Success/Failure;
// - the REST API, `az monitor activity-log list`, the portal's JSON view: `eventTimestamp`, `operationName`,
//   `category` and `status` as {value, localizedValue}, `caller`, `claims`, `httpRequest`;
// - Log Analytics `AzureActivity` rows: PascalCase columns, `TimeGenerated`, `OperationNameValue`,
//   `ActivityStatusValue`, and `Claims`, `Authorization`, `Properties`, `HTTPRequest` as JSON text (or the
//   `_d` dynamic columns).
import { fieldsOf, get, isObj, key, maybeJson, str, type Obj } from '../util/fields.js';
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

function readRest(f: (k: string) => unknown): ActivityRecord {
  const opRaw = f('operationName');
  const status = valueOf(f('status'));
  const http = f('httpRequest');
  return {
    ts: toMicros(f('eventTimestamp')) ?? toMicros(f('submissionTimestamp')),
    operation: valueOf(opRaw),
    operationDisplay: localized(opRaw),
    category: valueOf(f('category')),
    phase: phaseOf(status) === 'none' ? phaseOf(valueOf(f('eventName'))) : phaseOf(status),
    status,
    subStatus: valueOf(f('subStatus')),
    resourceId: str(f('resourceId')),
    correlationId: str(f('correlationId')),
    eventDataId: str(f('eventDataId')),
    callerIp: key(http, 'clientIpAddress') ?? f('callerIpAddress'),
    caller: str(f('caller')),
    claims: f('claims'),
    authorization: f('authorization'),
    properties: propsObj(f('properties')),
    tenantId: str(f('tenantId')),
    subscriptionId: str(f('subscriptionId')),
    description: str(f('description')),
    httpMethod: str(key(http, 'method')),
    shape: 'rest',
  };
}

function readDiagnostic(f: (k: string) => unknown): ActivityRecord {
  const identity = maybeJson(f('identity'));
  const opRaw = f('operationName');
  // Rule-test and hand-made records sometimes carry the REST-shaped status object instead of resultType.
  const status = str(f('resultType')) ?? valueOf(f('status'));
  const props = propsObj(f('properties'));
  return {
    ts: toMicros(f('time')),
    operation: valueOf(opRaw),
    operationDisplay: localized(opRaw),
    category: valueOf(f('category')),
    phase: phaseOf(status),
    status,
    subStatus: str(f('resultSignature')),
    resourceId: str(f('resourceId')),
    correlationId: str(f('correlationId')),
    eventDataId: null,
    callerIp: f('callerIpAddress'),
    caller: str(f('caller')),
    claims: key(identity, 'claims') ?? key(identity, 'claim'),
    authorization: key(identity, 'authorization'),
    properties: props,
    tenantId: str(f('tenantId')),
    subscriptionId: null,
    description: str(f('resultDescription')) ?? str(key(props, 'message')),
    httpMethod: null,
    shape: 'diagnostic',
  };
}

/** Top-level fields Azure spells the same in every record of a shape: when one is exact, all are. */
const PROBES = ['time', 'operationName', 'eventTimestamp', 'resourceId'];

/** A reader for a record's top-level fields (any case only for exports that changed it). */
export function activityFields(v: Obj): (k: string) => unknown {
  return fieldsOf(v, PROBES);
}

/** Reads a record of any shape; the caller has checked it is an object. */
export function readActivity(v: Obj, f: (k: string) => unknown = activityFields(v)): ActivityRecord {
  if (v.TimeGenerated !== undefined || v.OperationNameValue !== undefined) return readLogAnalytics(v);
  if (f('eventTimestamp') !== undefined || f('eventDataId') !== undefined) return readRest(f);
  return readDiagnostic(f);
}

/** The subscription a resource id names ("/subscriptions/<id>/…"), lower-cased as ARM ids compare. */
export function subscriptionOf(resourceId: string | null): string | null {
  if (!resourceId) return null;
  const m = /^\/subscriptions\/([^/]+)/i.exec(resourceId);
  return m ? m[1].toLowerCase() : null;
}

/**
 * "azure:microsoft.keyvault/vaults/secrets" from a resource id in lower case: the provider namespace and the type
 * path.
 */
export function resourceTypeOf(lower: string): string | null {
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
