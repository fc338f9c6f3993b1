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
import { azureActivity } from './azure-activity.js';
import { m365Audit } from './m365-audit.js';
import { workspaceAudit } from './workspace-audit.js';

/** A format SigmaHQ has no rules for: its raw record is open to analysts' `product: sessionscope` rules. */
function plain(id: FormatId, records: SigmaFormat['records'] = 'json'): SigmaFormat {
  return { id, logsources: [], records, schema: ['*'], fields: {} };
}

export const SIGMA_FORMATS: Record<FormatId, SigmaFormat> = {
  cloudtrail,
  'gcp-audit': gcpAudit,
  'entra-signin': entraSignin,
  'entra-audit': entraAudit,
  'azure-activity': azureActivity,
  // SigmaHQ has no rules for Microsoft Graph activity logs.
  'graph-activity': plain('graph-activity'),
  'm365-audit': m365Audit,
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
  'workspace-audit': workspaceAudit,
  snowflake: plain('snowflake'),
  salesforce: plain('salesforce'),
  generic: plain('generic'),
};

/**
 * Log sources SigmaHQ has rules for that no SessionScope format answers: their rules are listed by `coverage` as
 * unable to run, with this reason.
 */
export const UNREAD_LOGSOURCES: { product: string; service: string; why: string }[] = [
  {
    product: 'azure',
    service: 'riskdetection',
    why: 'Entra ID Protection risk detections (riskDetections) are not imported',
  },
  { product: 'azure', service: 'pim', why: 'Entra PIM alerts (risk events) are not imported' },
  {
    product: 'm365',
    service: 'threat_detection',
    why: 'these rules read Defender for Cloud Apps alerts (eventSource, eventName, status), which are not imported',
  },
  {
    product: 'm365',
    service: 'threat_management',
    why: 'these rules read Microsoft 365 Defender / Defender for Cloud Apps alerts (eventSource, eventName, status), which are not imported',
  },
];
