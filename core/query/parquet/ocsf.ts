// The OCSF-shaped export (OCSF 1.1): sign-ins and other `auth` events as Authentication (class 3002), every other
// event as API Activity (class 6003), nested the way OCSF nests them (actor.user.name, api.operation, …), so a
// team that runs Amazon Security Lake, a SIEM or a query engine over OCSF tables can load them next to its own.
// docs/export.md documents each field and where its value comes from; what OCSF has no attribute for is kept
// under `unmapped` (evidence, record reference, raw record hash, SessionScope's identity, session and flags).
import type { ExportEvent } from './event-rows.js';
import type { Field } from './columns.js';

export const OCSF_VERSION = '1.1.0';

const str = (name: string): Field => ({ name, type: 'string' });
const int = (name: string, required = false): Field => ({ name, type: 'int32', required });

const USER: Field[] = [str('name'), str('uid'), str('type'), int('type_id'), str('credential_uid')];
const COMMON_HEAD: Field[] = [
  { name: 'time', type: 'int64', required: true },
  { name: 'time_dt', type: 'timestamp', required: true },
  int('class_uid', true),
  { name: 'class_name', type: 'string', required: true },
  int('category_uid', true),
  { name: 'category_name', type: 'string', required: true },
  int('activity_id', true),
  { name: 'activity_name', type: 'string', required: true },
  { name: 'type_uid', type: 'int64', required: true },
  { name: 'type_name', type: 'string', required: true },
  int('severity_id', true),
  { name: 'severity', type: 'string', required: true },
  int('status_id', true),
  { name: 'status', type: 'string', required: true },
  str('status_code'),
  str('message'),
  {
    name: 'metadata',
    required: true,
    type: [
      { name: 'version', type: 'string', required: true },
      str('uid'),
      str('log_name'),
      {
        name: 'product',
        type: [str('name'), str('vendor_name'), str('feature')],
      },
    ],
  },
  {
    name: 'actor',
    type: [
      { name: 'user', type: USER },
      { name: 'session', type: [str('uid'), str('issuer')] },
    ],
  },
  { name: 'src_endpoint', type: [str('ip')] },
  { name: 'http_request', type: [str('user_agent')] },
  { name: 'cloud', type: [str('provider')] },
];
const UNMAPPED: Field = {
  name: 'unmapped',
  type: [
    { name: 'event_id', type: 'int64' },
    { name: 'evidence_id', type: 'int64' },
    str('evidence_sha256'),
    { name: 'ref_line', type: 'int64' },
    { name: 'ref_index', type: 'int64' },
    { name: 'ref_offset', type: 'int64' },
    str('raw_sha256'),
    str('category'),
    str('principal_type'),
    str('identity'),
    { name: 'identity_id', type: 'int64' },
    str('session'),
    { name: 'session_id', type: 'int64' },
    str('flags'),
    str('detail'),
  ],
};

export const API_ACTIVITY_FIELDS: Field[] = [
  ...COMMON_HEAD,
  {
    name: 'api',
    type: [str('operation'), { name: 'service', type: [str('name')] }, { name: 'response', type: [str('error')] }],
  },
  { name: 'resources', type: { list: [str('uid'), str('type')] } },
  UNMAPPED,
];

export const AUTHENTICATION_FIELDS: Field[] = [
  ...COMMON_HEAD,
  { name: 'user', type: USER },
  { name: 'service', type: [str('name'), str('uid')] },
  { name: 'session', type: [str('uid')] },
  UNMAPPED,
];

/** The classes, each a table of the export. */
export const OCSF_TABLES = { api_activity: API_ACTIVITY_FIELDS, authentication: AUTHENTICATION_FIELDS } as const;
export type OcsfTable = keyof typeof OCSF_TABLES;

/** OCSF cloud.provider by source format; formats not tied to one cloud have none. */
function provider(format: string): string | null {
  if (format === 'cloudtrail') return 'AWS';
  if (format.startsWith('gcp')) return 'GCP';
  if (format.startsWith('entra') || format.startsWith('azure') || format.startsWith('m365')) return 'Azure';
  return null;
}

/** OCSF user type_id: 1 User, 0 Unknown, 99 Other (service accounts, roles, keys, workloads: the NHIs). */
function userTypeId(principalType: string): number {
  return principalType === 'user' ? 1 : principalType === 'unknown' ? 0 : 99;
}

const STATUS: Record<string, [number, string]> = {
  success: [1, 'Success'],
  failure: [2, 'Failure'],
  unknown: [0, 'Unknown'],
};

/**
 * API Activity's activity from the normalized category: read → Read (2), delete → Delete (4); writes, privilege and
 * configuration changes → Create (1) when the action's verb is Create/Put-new-kind (`Create…`, `…:create`), else
 * Update (3); everything else (exec, query, logging, credential) → Other (99).
 */
function apiActivity(e: ExportEvent): [number, string] {
  if (e.category === 'read') return [2, 'Read'];
  if (e.category === 'delete') return [4, 'Delete'];
  if (e.category === 'write' || e.category === 'privilege' || e.category === 'config')
    return /(^|[:.\s/])create/i.test(e.action) ? [1, 'Create'] : [3, 'Update'];
  return [99, 'Other'];
}

/** Authentication's activity: Logoff (2) for sign-outs, Logon (1) otherwise. */
function authActivity(e: ExportEvent): [number, string] {
  return /log_?off|log_?out|sign_?out/i.test(e.action) ? [2, 'Logoff'] : [1, 'Logon'];
}

/** The service half of an action like `s3:GetObject` or `storage.objects.get`. */
function serviceOf(action: string): string | null {
  const i = action.indexOf(':');
  if (i > 0) return action.slice(0, i);
  const j = action.indexOf('.');
  return j > 0 ? action.slice(0, j) : null;
}

export function ocsfTable(e: ExportEvent): OcsfTable {
  return e.category === 'auth' ? 'authentication' : 'api_activity';
}

export function ocsfRow(e: ExportEvent): Record<string, unknown> {
  const table = ocsfTable(e);
  const auth = table === 'authentication';
  const [classUid, className, categoryUid, categoryName] = auth
    ? [3002, 'Authentication', 3, 'Identity & Access Management']
    : [6003, 'API Activity', 6, 'Application Activity'];
  const [activityId, activityName] = auth ? authActivity(e) : apiActivity(e);
  const [statusId, status] = STATUS[e.outcome] ?? STATUS.unknown;
  const user = {
    name: e.identity ?? e.principal,
    uid: e.principal,
    type: e.principal_type,
    type_id: userTypeId(e.principal_type),
    credential_uid: e.session_key,
  };
  const head = {
    time: Math.floor(e.ts / 1000),
    time_dt: e.ts,
    class_uid: classUid,
    class_name: className,
    category_uid: categoryUid,
    category_name: categoryName,
    activity_id: activityId,
    activity_name: activityName,
    type_uid: classUid * 100 + activityId,
    type_name: `${className}: ${activityName}`,
    severity_id: 1,
    severity: 'Informational',
    status_id: statusId,
    status,
    status_code: e.error_code,
    message: `${e.principal ?? e.identity ?? 'unknown'} ${e.action}${e.resource ? ` ${e.resource}` : ''}`,
    metadata: {
      version: OCSF_VERSION,
      uid: String(e.id),
      log_name: e.evidence_name,
      product: { name: e.format, vendor_name: provider(e.format), feature: 'SessionScope export' },
    },
    actor: { user, session: { uid: e.session, issuer: null } },
    src_endpoint: { ip: e.src_ip },
    http_request: { user_agent: e.user_agent },
    cloud: { provider: provider(e.format) },
    unmapped: {
      event_id: e.id,
      evidence_id: e.evidence_id,
      evidence_sha256: e.evidence_sha256,
      ref_line: e.ref_line,
      ref_index: e.ref_index,
      ref_offset: e.ref_offset,
      raw_sha256: e.raw_sha256,
      category: e.category,
      principal_type: e.principal_type,
      identity: e.identity,
      identity_id: e.identity_id,
      session: e.session,
      session_id: e.session_id,
      flags: e.flags,
      detail: e.detail,
    },
  };
  if (auth)
    return {
      ...head,
      user,
      service: { name: serviceOf(e.action), uid: e.resource },
      session: { uid: e.session },
    };
  return {
    ...head,
    api: {
      operation: e.action,
      service: { name: serviceOf(e.action) },
      response: { error: e.error_code },
    },
    resources: e.resource ? [{ uid: e.resource, type: e.resource_type }] : null,
  };
}
