// Microsoft 365 unified audit log records in the shapes importers/m365-audit reads, for SigmaHQ's m365/audit and
// m365/exchange rules. The rules name the audit record's own fields (Operation, Workload, Parameters, UserId…,
// the Office 365 Management Activity API schema), so the record Sigma sees is the audit record: a Purview Graph
// record's `auditData` (or a ConvertTo-Json row's `AuditData`) is parsed and its fields read first, the export's
// own columns (`Operations`, `UserIds`, `CreationDate`) beside them; a CSV row is stored as its text without the
// header, so its JSON column (AuditData) alone is read. Sentinel's OfficeActivity columns answer under the
// schema's names (`OfficeWorkload` = Workload, `OfficeObjectId` = ObjectId, `Client_IPAddress` = ClientIP,
// `OfficeId` = Id).
// `RequestType` (and the other ExtendedProperties of sign-in records) reads the {Name, Value} list. The
// m365/exchange rule names the admin cmdlet in the convention of Defender for Cloud Apps: `eventSource` is the
// Workload, `eventName` the Operation (the cmdlet) and `status` the ResultStatus read as success / failure
// (Exchange writes True / False, Entra Success / Failure, others Succeeded / Failed).
import type { SigmaFormat } from './types.js';
import type { Value, View } from '../record.js';
import { pathValues } from '../record.js';
import { csvFields } from '../../../importers/read/csv.js';

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The audit record inside an export row, with the row's other columns beside it (the record's fields win). */
function unwrap(json: unknown): unknown {
  if (!isObject(json)) return json;
  const k = Object.keys(json).find((x) => x.toLowerCase() === 'auditdata');
  if (k === undefined) return json;
  let inner: unknown = json[k];
  if (typeof inner === 'string') {
    try {
      inner = JSON.parse(inner);
    } catch {
      return json; // a damaged AuditData column: the importer rejected the row, keep what there is
    }
  }
  if (!isObject(inner)) return json;
  const outer = { ...json };
  delete outer[k];
  return { ...outer, ...inner };
}

/**
 * A CSV export's row (Search-UnifiedAuditLog | Export-Csv, the Purview export): the stored record is the row's
 * text, without the header, so the audit record is the one column that holds a JSON object (AuditData).
 */
function fromText(text: string): unknown {
  for (const d of [',', ';', '\t']) {
    if (!text.includes(d)) continue;
    for (const field of csvFields(text.replace(/\r?\n$/, ''), d)) {
      if (!field.startsWith('{')) continue;
      try {
        const j: unknown = JSON.parse(field);
        if (isObject(j)) return j;
      } catch {
        // not this column
      }
    }
  }
  return undefined;
}

/** `<Name>` of a {Name, Value} list (ExtendedProperties, ModifiedProperties…), read from any of `lists`. */
function nameValue(lists: string[], name: string): (v: View) => Value[] | undefined {
  const want = name.toLowerCase();
  return (v) => {
    for (const l of lists) {
      const entries = pathValues(v.json, l);
      if (entries === undefined) continue;
      const out: Value[] = [];
      for (const e of entries) {
        if (!isObject(e)) continue;
        const n = e.Name ?? e.name;
        if (typeof n === 'string' && n.toLowerCase() === want) out.push((e.Value ?? e.value ?? null) as Value);
      }
      return out.length > 0 ? out : undefined;
    }
    return undefined;
  };
}

function status(v: View): Value[] | undefined {
  const r = pathValues(v.json, 'ResultStatus');
  if (r === undefined) return undefined;
  return r.map((x) => {
    const s = typeof x === 'string' ? x.toLowerCase() : typeof x === 'boolean' ? String(x) : null;
    if (s === 'true' || s === 'success' || s === 'succeeded') return 'success';
    if (s === 'false' || s === 'failure' || s === 'failed') return 'failure';
    return x;
  });
}

const EXTENDED = ['ExtendedProperties'];
const OPERATION = ['Operation', 'Operations'];

export const m365Audit: SigmaFormat = {
  id: 'm365-audit',
  logsources: [
    { product: 'm365', service: 'audit' },
    { product: 'm365', service: 'exchange' },
  ],
  records: 'json',
  fromText,
  unwrap,
  schema: [
    // common schema
    'Id',
    'RecordType',
    'CreationTime',
    'Operation',
    'OrganizationId',
    'UserType',
    'UserKey',
    'Workload',
    'ResultStatus',
    'ObjectId',
    'UserId',
    'ClientIP',
    'Scope',
    'AppAccessContext.*',
    // Exchange admin and mailbox
    'ExternalAccess',
    'OriginatingServer',
    'OrganizationName',
    'Parameters.*',
    'ModifiedObjectResolvedName',
    'ModifiedProperties.*',
    'SessionId',
    'LogonType',
    'InternalLogonType',
    'MailboxGuid',
    'MailboxOwnerUPN',
    'MailboxOwnerSid',
    'MailboxOwnerMasterAccountSid',
    'LogonUserSid',
    'LogonUserDisplayName',
    'ClientInfoString',
    'ClientIPAddress',
    'ClientProcessName',
    'ClientVersion',
    'Item.*',
    'Folder.*',
    'DestFolder.*',
    'Folders.*',
    'AffectedItems.*',
    'OperationProperties.*',
    'OperationCount',
    'CrossMailboxOperation',
    'AppId',
    'ClientAppId',
    // SharePoint and OneDrive
    'Site',
    'SiteUrl',
    'ItemType',
    'EventSource',
    'SourceName',
    'UserAgent',
    'MachineDomainInfo',
    'MachineId',
    'SourceFileName',
    'SourceFileExtension',
    'SourceRelativeUrl',
    'DestinationFileName',
    'DestinationRelativeUrl',
    'ListId',
    'ListItemUniqueId',
    'WebId',
    'EventData',
    'TargetUserOrGroupName',
    'TargetUserOrGroupType',
    'CorrelationId',
    // Entra ID (AzureActiveDirectory)
    'AzureActiveDirectoryEventType',
    'ApplicationId',
    'ExtendedProperties.*',
    'Actor.*',
    'ActorContextId',
    'ActorIpAddress',
    'InterSystemsId',
    'IntraSystemId',
    'SupportTicketId',
    'Target.*',
    'TargetContextId',
    'DeviceProperties.*',
    'ErrorNumber',
    'LogonError',
    // Threat Intelligence email events (TIMailData)
    'AttachmentData.*',
    'DeliveryAction',
    'DetectionMethod',
    'DetectionType',
    'Directionality',
    'EventDeepLink',
    'InternetMessageId',
    'MessageTime',
    'NetworkMessageId',
    'P1Sender',
    'P2Sender',
    'Policy',
    'PolicyAction',
    'Recipients.*',
    'SenderIp',
    'Subject',
    'Verdict',
    // export columns around the record (Search-UnifiedAuditLog, Purview, Graph)
    'CreationDate',
    'UserIds',
    'Operations',
    'RecordId',
    'AssociatedAdminUnits',
    'AssociatedAdminUnitsNames',
    'createdDateTime',
    'service',
    'userPrincipalName',
    'clientIp',
    'auditLogRecordType',
    // Sentinel OfficeActivity columns
    'TimeGenerated',
    'OfficeWorkload',
    'OfficeId',
    'OfficeObjectId',
    'OfficeTenantId',
    'Client_IPAddress',
    'TenantId',
    'SourceSystem',
    'Type',
  ],
  fields: {
    operation: OPERATION,
    workload: ['Workload', 'OfficeWorkload', 'service'],
    objectid: ['ObjectId', 'OfficeObjectId'],
    clientip: ['ClientIP', 'Client_IPAddress', 'clientIp'],
    id: ['Id', 'OfficeId'],
    userid: ['UserId', 'UserIds', 'userPrincipalName'],
    requesttype: nameValue(EXTENDED, 'RequestType'),
    resultstatusdetail: nameValue(EXTENDED, 'ResultStatusDetail'),
    keepmesignedin: nameValue(EXTENDED, 'KeepMeSignedIn'),
    // m365/exchange: Defender for Cloud Apps' names for the same record.
    eventsource: ['Workload', 'OfficeWorkload', 'service'],
    eventname: OPERATION,
    status,
  },
  // The importer's action is the record's Operation (else the export's Operations column).
  fromAction: (action) => ({ operation: action, eventname: action }),
};
