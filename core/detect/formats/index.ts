// Every format's Sigma view, exhaustively by FormatId: a format without SigmaHQ rules still answers
// `product: sessionscope` rules (analysts' rules over the normalized event and the raw record).
import type { FormatId } from '../../model/event.js';
import type { SigmaFormat } from './types.js';
import { cloudtrail } from './cloudtrail.js';
import { gcpAudit } from './gcp-audit.js';
import { entraSignin } from './entra-signin.js';
import { entraAudit } from './entra-audit.js';
import { okta } from './okta.js';
import { k8sAudit } from './k8s-audit.js';
import { githubAudit } from './github-audit.js';
import { auditd } from './auditd.js';

/** A format SigmaHQ has no rules for: its raw record is open to analysts' `product: sessionscope` rules. */
function plain(id: FormatId, records: SigmaFormat['records'] = 'json'): SigmaFormat {
  return { id, logsources: [], records, schema: ['*'], fields: {} };
}

export const SIGMA_FORMATS: Record<FormatId, SigmaFormat> = {
  cloudtrail,
  'gcp-audit': gcpAudit,
  'entra-signin': entraSignin,
  'entra-audit': entraAudit,
  // Imported since issue 13; SigmaHQ's azure/activitylogs and m365 field mappings are not written yet.
  'azure-activity': plain('azure-activity'),
  'graph-activity': plain('graph-activity'),
  'm365-audit': plain('m365-audit'),
  okta,
  'k8s-audit': k8sAudit,
  'vault-audit': plain('vault-audit'),
  'github-audit': githubAudit,
  teleport: plain('teleport'),
  postgres: plain('postgres', 'json'),
  auditd,
  otel: plain('otel'),
  'mcp-log': plain('mcp-log'),
  ecs: plain('ecs'),
  'workspace-audit': plain('workspace-audit'),
  snowflake: plain('snowflake'),
  salesforce: plain('salesforce'),
  generic: plain('generic'),
};

/**
 * Log sources SigmaHQ has rules for that no SessionScope format answers yet (Entra ID Protection; the issue 13
 * sources whose Sigma field mappings are not written): their rules are listed by `coverage` as unable to run,
 * with this reason.
 */
export const UNREAD_LOGSOURCES: { product: string; service: string; why: string }[] = [
  {
    product: 'azure',
    service: 'activitylogs',
    why: 'Azure Activity Log is imported (azure-activity), but no Sigma field mapping for it is written yet',
  },
  { product: 'azure', service: 'riskdetection', why: 'Entra ID Protection risk detections are not imported' },
  { product: 'azure', service: 'pim', why: 'Entra PIM alerts (risk events) are not imported' },
  {
    product: 'm365',
    service: 'audit',
    why: 'the Microsoft 365 unified audit log is imported (m365-audit), but no Sigma field mapping for it is written yet',
  },
  {
    product: 'm365',
    service: 'exchange',
    why: 'Microsoft 365 Exchange records are imported (m365-audit), but no Sigma field mapping for them is written yet',
  },
  { product: 'm365', service: 'threat_detection', why: 'Microsoft 365 threat detection logs are not imported' },
  { product: 'm365', service: 'threat_management', why: 'Microsoft 365 Defender alerts are not imported' },
];
