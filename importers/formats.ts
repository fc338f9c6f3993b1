// The format registry: one line per log format, each a descriptor declared in its own folder (importers/<id>/).
// FormatId follows from this list, so a format that is not listed here does not exist anywhere, and every map
// keyed by FormatId must name it. The order is auto-detection's tie-break (an equal confidence goes to the format
// listed first); `generic` stays last, as the fallback.
//
// To add a format, follow importers/README.md ("Add a format"): one folder, one line here.
import type { FormatDescriptor } from './descriptor.js';
import { format as cloudtrail } from './cloudtrail/format.js';
import { format as gcpAudit } from './gcp-audit/format.js';
import { format as githubAudit } from './github-audit/format.js';
import { format as teleport } from './teleport/format.js';
import { format as entraSignIn } from './entra-signin/format.js';
import { format as entraAudit } from './entra-audit/format.js';
import { format as azureActivity } from './azure-activity/format.js';
import { format as graphActivity } from './graph-activity/format.js';
import { format as m365Audit } from './m365-audit/format.js';
import { format as okta } from './okta/format.js';
import { format as auditd } from './auditd/format.js';
import { format as k8sAudit } from './k8s-audit/format.js';
import { format as vaultAudit } from './vault-audit/format.js';
import { format as ecs } from './ecs/format.js';
import { format as postgres } from './postgres/format.js';
import { format as mcpLog } from './mcp-log/format.js';
import { format as otel } from './otel/format.js';
import { format as workspaceAudit } from './workspace-audit/format.js';
import { format as snowflake } from './snowflake/format.js';
import { format as salesforce } from './salesforce/format.js';
import { format as generic } from './generic/format.js';

export const FORMATS = [
  cloudtrail,
  gcpAudit,
  githubAudit,
  teleport,
  entraSignIn,
  entraAudit,
  azureActivity,
  graphActivity,
  m365Audit,
  okta,
  auditd,
  k8sAudit,
  vaultAudit,
  ecs,
  postgres,
  mcpLog,
  otel,
  workspaceAudit,
  snowflake,
  salesforce,
  generic,
] as const;

export type FormatId = (typeof FORMATS)[number]['id'];

/** Every format id, in registry order (for run-time validation: zod enums, command-line checks). */
export const FORMAT_IDS = FORMATS.map((f) => f.id) as [FormatId, ...FormatId[]];

const BY_ID = new Map<string, FormatDescriptor<FormatId>>(FORMATS.map((f) => [f.id, f]));

export function isFormatId(s: string): s is FormatId {
  return BY_ID.has(s);
}

/**
 * The descriptor of a format named by data (an event's `format` column, a command-line flag). A name this build
 * does not know is an error, never a guess: a case written by a newer SessionScope may hold formats this one
 * cannot describe.
 */
export function formatById(id: string): FormatDescriptor<FormatId> {
  const f = BY_ID.get(id);
  if (!f)
    throw new Error(
      `unknown log format "${id.slice(0, 60)}": this build knows ${FORMAT_IDS.join(', ')} (was the case written by a newer SessionScope?)`,
    );
  return f;
}

/** The docs page of a format: its folder's README (the completeness test holds every format to having one). */
export function docsPage(id: FormatId): string {
  return `importers/${id}/README.md`;
}
