// One unified audit log record, whatever it was exported in: the audit record itself (`AuditData`, the Office 365
// Management Activity API's JSON) and the columns the exporter wrapped it in.
// - Management Activity API content blobs and SIEM exports: the AuditData object itself (PascalCase:
//   `CreationTime`, `Workload`, `Operation`, `UserId`…; rule-test exports lower-case every key).
// - `Search-UnifiedAuditLog | Export-Csv` and the Purview portal's CSV export: a row whose `AuditData` column holds
//   the record as JSON text, beside `CreationDate`, `UserIds`/`UserId`, `Operations`/`Operation`, `RecordType`.
//   `Search-UnifiedAuditLog | ConvertTo-Json` keeps the same properties in JSON.
// - The Purview audit search Graph API (`/security/auditLog/queries/{id}/records`): `auditData` as an object
//   beside `createdDateTime`, `operation`, `service`, `userPrincipalName`, `clientIp`.
// - Sentinel / Log Analytics `OfficeActivity` rows: the record's fields flattened into columns (`OfficeWorkload`,
//   `TimeGenerated`, `OfficeObjectId`, `Client_IPAddress`), nested values as JSON text (`Folders`,
//   `OperationProperties`, `Parameters`).
import { fieldsOf, isObj, key, maybeJson, str, type Obj } from '../util/fields.js';
import { toMicros } from '../../core/model/time.js';

export interface AuditRecord {
  /** The audit record's own fields. */
  a: Obj;
  /** Reads one of them by its documented name (any case only for records that lower-case their keys). */
  f: (k: string) => unknown;
  /** The export's columns around it (CSV row, PowerShell object, Graph record), or null. */
  outer: Obj | null;
  ts: number | null;
  workload: string | null;
  operation: string | null;
}

/** RecordType numbers (Management Activity API schema, AuditLogRecordType) whose workload a record may omit. */
const WORKLOAD_BY_TYPE: Record<string, string> = {
  '1': 'Exchange',
  '2': 'Exchange',
  '3': 'Exchange',
  '50': 'Exchange',
  '4': 'SharePoint',
  '6': 'SharePoint',
  '14': 'SharePoint',
  '36': 'SharePoint',
  '8': 'AzureActiveDirectory',
  '9': 'AzureActiveDirectory',
  '15': 'AzureActiveDirectory',
  '25': 'MicrosoftTeams',
};

const TYPE_NAMES: Record<string, string> = {
  exchangeadmin: 'Exchange',
  exchangeitem: 'Exchange',
  exchangeitemgroup: 'Exchange',
  exchangeitemaggregated: 'Exchange',
  sharepoint: 'SharePoint',
  sharepointfileoperation: 'SharePoint',
  sharepointsharingoperation: 'SharePoint',
  azureactivedirectory: 'AzureActiveDirectory',
  azureactivedirectoryaccountlogon: 'AzureActiveDirectory',
  azureactivedirectorystslogon: 'AzureActiveDirectory',
  microsoftteams: 'MicrosoftTeams',
};

/** Fields every audit record spells as documented, when its export kept the casing. */
const AUDIT_PROBES = ['Operation', 'CreationTime', 'Workload'];

/** PowerShell's ConvertTo-Json writes dates as "/Date(1773151331000)/". */
function timeOf(v: unknown): number | null {
  const t = toMicros(v);
  if (t !== null) return t;
  const m = typeof v === 'string' ? /^\/Date\((\d+)\)\/$/.exec(v) : null;
  return m ? Number(m[1]) * 1000 : null;
}

/** The audit record inside an export row, or why it cannot be read. */
export function readAuditRecord(v: Obj): AuditRecord | string {
  let a: Obj = v;
  let outer: Obj | null = null;
  const wrapped = v.AuditData ?? v.auditData ?? key(v, 'AuditData');
  if (wrapped !== undefined && wrapped !== null && wrapped !== '') {
    const parsed = maybeJson(wrapped);
    if (!isObj(parsed)) {
      return typeof wrapped === 'string' && /^\s*\{/.test(wrapped)
        ? 'the AuditData column is not valid JSON (cut off or damaged): the record cannot be read'
        : 'the AuditData column holds no audit record';
    }
    a = parsed;
    outer = v;
  }
  const get = fieldsOf(a, AUDIT_PROBES);
  const ts =
    timeOf(get('CreationTime')) ??
    timeOf(v.TimeGenerated) ??
    (outer ? (timeOf(key(outer, 'CreationDate')) ?? timeOf(key(outer, 'createdDateTime'))) : null);
  const rt =
    str(get('RecordType')) ?? (outer ? str(key(outer, 'RecordType') ?? key(outer, 'auditLogRecordType')) : null);
  const workload =
    str(get('Workload')) ??
    str(a.OfficeWorkload) ??
    (outer ? str(key(outer, 'service')) : null) ??
    (rt ? (WORKLOAD_BY_TYPE[rt] ?? TYPE_NAMES[rt.toLowerCase()] ?? null) : null);
  const operation =
    str(get('Operation')) ?? (outer ? (str(key(outer, 'Operations')) ?? str(key(outer, 'Operation'))) : null);
  return { a, f: get, outer, ts, workload, operation };
}
