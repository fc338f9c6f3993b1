// The shapes a Workspace activity arrives in, read into one context + events: the Reports API activity
// (`{kind, id: {time, applicationName, customerId, uniqueQualifier}, actor, ipAddress, events: [{type, name,
// parameters}]}`), the same with the event flattened into the activity (`name`, `type`, `parameters` as an object:
// log shippers and rule-test exports), a BigQuery export row (`time_usec`, `email`, `ip_address`, `record_type`,
// `event_type`, `event_name`, the application's record), and a GAM report CSV row (dotted column names).
import { toMicros } from '../../core/model/time.js';
import { get, isObj, key, str, type Obj } from '../util/fields.js';
import { ipOrNull } from '../util/net.js';
import type { ActivityContext, WsEvent } from './event.js';
import { decodeParams, type Params } from './params.js';

export function activityContext(v: Obj): ActivityContext {
  const id = key(v, 'id');
  const actor = key(v, 'actor');
  const appInfo = key(actor, 'applicationInfo');
  return {
    ts: toMicros(key(id, 'time')),
    timeField: 'id.time',
    app: str(key(id, 'applicationName')),
    email: str(key(actor, 'email')),
    profileId: str(key(actor, 'profileId')),
    actorKey: str(key(actor, 'key')),
    callerType: str(key(actor, 'callerType')),
    clientId: str(key(appInfo, 'oauthClientId')),
    clientName: str(key(appInfo, 'applicationName')),
    impersonation: key(appInfo, 'impersonation') === true || key(appInfo, 'impersonation') === 'true',
    ip: ipOrNull(key(v, 'ipAddress')),
    customerId: str(key(id, 'customerId')),
    uniqueQualifier: str(key(id, 'uniqueQualifier')),
  };
}

/** The events of an activity: its `events[]`, or the one event flattened into it. Empty when it names none. */
export function activityEvents(v: Obj): WsEvent[] {
  const events = key(v, 'events');
  if (Array.isArray(events) && events.length > 0)
    return events.map((e, i) => eventOf(isObj(e) ? e : {}, i, events.length));
  if (key(v, 'name') === undefined && key(v, 'type') === undefined && key(v, 'parameters') === undefined) return [];
  return [eventOf(v, 0, 1)];
}

function eventOf(e: Obj, index: number, of: number): WsEvent {
  return {
    type: str(key(e, 'type')),
    name: str(key(e, 'name')),
    params: decodeParams(key(e, 'parameters')),
    index,
    of,
  };
}

/** A row of the BigQuery activity table: the application's own record holds the event's parameters. */
export function bigQueryRow(v: Obj): { ctx: ActivityContext; ev: WsEvent } {
  const app = str(key(v, 'record_type'));
  const own = app ? key(v, app) : undefined;
  const params: Params = isObj(own) ? own : {};
  return {
    ctx: {
      ts: toMicros(key(v, 'time_usec')),
      timeField: 'time_usec',
      app,
      email: str(key(v, 'email')),
      profileId: null,
      actorKey: null,
      callerType: null,
      clientId: null,
      clientName: null,
      impersonation: false,
      ip: ipOrNull(key(v, 'ip_address')),
      customerId: str(key(v, 'customer_id')),
      uniqueQualifier: str(key(v, 'unique_identifier')),
    },
    ev: { type: str(key(v, 'event_type')), name: str(key(v, 'event_name')), params, index: 0, of: 1 },
  };
}

const GAM_CONTEXT = new Set([
  'actor.callerType',
  'actor.email',
  'actor.profileId',
  'actor.key',
  'actor.applicationInfo.oauthClientId',
  'actor.applicationInfo.applicationName',
  'actor.applicationInfo.impersonation',
  'id.applicationName',
  'id.customerId',
  'id.time',
  'id.uniqueQualifier',
  'ipAddress',
  'kind',
  'etag',
  'id.etag',
  'name',
  'type',
  'ownerDomain',
]);

/** A GAM `report` CSV row: the activity's fields under dotted names, every other column a parameter. */
export function gamRow(row: Record<string, string>): { ctx: ActivityContext; ev: WsEvent } {
  const params: Params = {};
  for (const k in row) if (!GAM_CONTEXT.has(k) && row[k] !== '') params[k] = row[k];
  const imp = row['actor.applicationInfo.impersonation'];
  return {
    ctx: {
      ts: toMicros(row['id.time']),
      timeField: 'id.time',
      app: str(row['id.applicationName']),
      email: str(row['actor.email']),
      profileId: str(row['actor.profileId']),
      actorKey: str(row['actor.key']),
      callerType: str(row['actor.callerType']),
      clientId: str(row['actor.applicationInfo.oauthClientId']),
      clientName: str(row['actor.applicationInfo.applicationName']),
      impersonation: imp === 'True' || imp === 'true',
      ip: ipOrNull(row.ipAddress),
      customerId: str(row['id.customerId']),
      uniqueQualifier: str(row['id.uniqueQualifier']),
    },
    ev: { type: str(row.type), name: str(row.name), params, index: 0, of: 1 },
  };
}

export type Shape = 'page' | 'activity' | 'bigquery' | null;

export function shapeOf(v: unknown): Shape {
  if (!isObj(v)) return null;
  const kind = v.kind;
  if (kind === 'admin#reports#activities' || (Array.isArray(v.items) && v.kind === undefined && v.etag !== undefined))
    return 'page';
  if (v.time_usec !== undefined && v.record_type !== undefined) return 'bigquery';
  if (kind === 'admin#reports#activity' || isObj(v.id)) return 'activity';
  if (get(v, 'id', 'applicationName') !== undefined) return 'activity';
  return null;
}
