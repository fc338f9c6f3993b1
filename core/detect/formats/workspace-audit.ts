// Google Workspace activities in the shapes importers/workspace-audit reads (Reports API activities, an
// `events[]` entry of a multi-event activity, the flattened shippers' shape, BigQuery activity rows, GAM CSV rows),
// for SigmaHQ's google_workspace.admin / .login rules. Those rules were written for Workspace activity as Cloud
// Logging carries it, in two conventions, both answered here as gcp-audit answers them:
// - `eventService` (and `protoPayload.serviceName`): the application as a Google API host,
//   `<applicationName>.googleapis.com` (`id.applicationName`, BigQuery `record_type`; for an events[] entry, the
//   activity's application as the importer stated it in the action);
// - `eventName` (and `protoPayload.metadata.event.eventName`): the event's `name` (BigQuery `event_name`),
//   `eventType` its `type`;
// - Workspace parameters by their lower-case names (`setting_name`, `new_value`…): the Reports API's
//   `parameters[]` list (names upper case in the admin application), a flattened `parameters` object, the BigQuery
//   row's application record (`admin.new_value`), a GAM row's columns.
import type { SigmaFormat, Source } from './types.js';
import type { Value, View } from '../record.js';
import { pathValues } from '../record.js';
import { WORKSPACE_PARAMETERS } from './gcp-audit.js';

type Obj = Record<string, unknown>;

function isObject(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function root(v: View): Obj | null {
  return isObject(v.json) ? v.json : null;
}

function firstString(v: View, paths: string[]): string | null {
  for (const p of paths) {
    const r = pathValues(v.json, p);
    const s = r?.find((x): x is string => typeof x === 'string' && x !== '');
    if (s !== undefined) return s;
  }
  return null;
}

/** The application: the record's own, else the one the importer put in front of the action (`admin.…`). */
function application(v: View): string | null {
  const own = firstString(v, ['id.applicationName', 'record_type']);
  if (own) return own.toLowerCase();
  const action = v.norm().action;
  if (typeof action !== 'string') return null;
  const app = /^([a-z_]+)[.]/.exec(action)?.[1];
  return app && app !== 'unknown' ? app : null;
}

function service(v: View): Value[] | undefined {
  const app = application(v);
  return app ? [`${app}.googleapis.com`] : undefined;
}

/** A Reports API parameter's value, whichever typed member holds it. */
function listValue(p: Obj): Value[] {
  for (const k of ['value', 'intValue', 'boolValue', 'multiValue', 'multiIntValue', 'multiBoolValue', 'messageValue'])
    if (p[k] !== undefined) return Array.isArray(p[k]) ? (p[k] as Value[]) : [p[k] as Value];
  return [null];
}

/** The parameter maps a record carries (each event's, the BigQuery application record, a GAM row). */
function parameterValues(v: View, name: string): Value[] | undefined {
  const r = root(v);
  if (!r) return undefined;
  const want = name.toLowerCase();
  const out: Value[] = [];
  let found = false;
  const fromMap = (m: Obj): void => {
    for (const k in m)
      if (k.toLowerCase() === want) {
        found = true;
        const x = m[k];
        if (Array.isArray(x)) out.push(...(x as Value[]));
        else out.push(x as Value);
      }
  };
  const events = Array.isArray(r.events) ? r.events : [r];
  for (const e of events) {
    if (!isObject(e)) continue;
    const ps = e.parameters;
    if (Array.isArray(ps)) {
      for (const p of ps)
        if (isObject(p) && typeof p.name === 'string' && p.name.toLowerCase() === want) {
          found = true;
          out.push(...listValue(p));
        }
    } else if (isObject(ps)) fromMap(ps);
  }
  const app = typeof r.record_type === 'string' ? r[r.record_type] : undefined;
  if (isObject(app)) fromMap(app);
  // A GAM report row: every column that is not the activity's own is a parameter.
  if (r['id.applicationName'] !== undefined) fromMap(r);
  return found ? out : undefined;
}

const EVENT_NAME = ['events.name', 'name', 'event_name'];
const EVENT_TYPE = ['events.type', 'type', 'event_type'];

/** Parameters rules name, beyond the admin and login ones gcp-audit reads too. */
const MORE_PARAMETERS = [
  'doc_id',
  'doc_title',
  'doc_type',
  'owner',
  'visibility',
  'client_id',
  'app_name',
  'scope',
  'api_name',
  'method_name',
  'login_challenge_method',
  'login_failure_type',
  'target_user',
  'affected_email_address',
  'email_forwarding_destination_address',
];

export const workspaceAudit: SigmaFormat = {
  id: 'workspace-audit',
  logsources: [
    { product: 'gcp', service: 'google_workspace.admin' },
    { product: 'gcp', service: 'google_workspace.login' },
  ],
  records: 'json',
  schema: [
    // Reports API activity (and an events[] entry, and the flattened shape)
    'kind',
    'etag',
    'id.*',
    'actor.*',
    'ipAddress',
    'ownerDomain',
    'events.*',
    'name',
    'type',
    'parameters.*',
    // BigQuery activity table
    'time_usec',
    'email',
    'ip_address',
    'record_type',
    'event_type',
    'event_name',
    'unique_identifier',
    'customer_id',
    'org_unit_name_path',
    'network_info.*',
    'admin.*',
    'login.*',
    'token.*',
    'drive.*',
    'saml.*',
    'user_accounts.*',
    'groups.*',
    'gmail.*',
    'calendar.*',
    'meet.*',
    'chat.*',
    'mobile.*',
    'rules.*',
  ],
  fields: {
    eventservice: service,
    'protopayload.servicename': service,
    eventname: EVENT_NAME,
    'protopayload.metadata.event.eventname': EVENT_NAME,
    eventtype: EVENT_TYPE,
    'protopayload.metadata.event.eventtype': EVENT_TYPE,
    ...Object.fromEntries(
      [...WORKSPACE_PARAMETERS, ...MORE_PARAMETERS].map((p): [string, Source] => [p, (v) => parameterValues(v, p)]),
    ),
  },
  // The importer's action is `<application>.<event name>` (`token.activity:<method>` for an app's API call): the
  // application is exact; the event name is not (the importer falls back to the type when the name is absent).
  fromAction(action) {
    const app = /^([a-z_]+)[.]/.exec(action)?.[1];
    if (!app || app === 'unknown') return null;
    const host = `${app}.googleapis.com`;
    return { eventservice: host, 'protopayload.servicename': host };
  },
};
