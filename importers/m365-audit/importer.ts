// Microsoft 365 unified audit log: Entra ID, Exchange (mailbox access, admin cmdlets), SharePoint and OneDrive
// (file access, downloads, sharing), Teams and the rest, in every shape it is exported in (record.ts). One record,
// one event. App-only access — an app reading mailboxes or files with its own token — is the app acting
// (actor.ts); what a read exposed is stated where the record says it (exposure.ts).
import type { Facts, NormalizedEvent } from '../../core/model/event.js';
import { FACT } from '../../core/model/facts.js';
import type { Importer, Sample } from '../types.js';
import { format } from './format.js';
import { perObjectParser } from '../util/per-object.js';
import { isObj, key, maybeJson, str, type Obj } from '../util/fields.js';
import { sampleScore } from '../util/detect.js';
import { entraIp } from '../util/entra.js';
import { readAuditRecord } from './record.js';
import { actorOf } from './actor.js';
import { operationCategory, outcomeOf } from './operation.js';
import { fileFacts, mailAccessOf, mailDetail, mailFacts } from './exposure.js';

const WORKLOADS = new Set([
  'exchange',
  'sharepoint',
  'onedrive',
  'azureactivedirectory',
  'microsoftteams',
  'securitycompliancecenter',
  'powerbi',
  'microsoftforms',
  'yammer',
  'microsoftstream',
  'dynamics365',
  'publicendpoint',
  'threatintelligence',
  'microsoftflow',
  'powerapps',
  'copilot',
  'microsoftpurview',
]);

function scoreRecord(v: unknown): number {
  if (!isObj(v)) return 0;
  if (v.AuditData !== undefined || v.auditData !== undefined) return 0.95;
  if (v.Type === 'OfficeActivity' || v.OfficeWorkload !== undefined) return 0.95;
  const op = key(v, 'Operation');
  if (typeof op !== 'string') return 0;
  const created = key(v, 'CreationTime') !== undefined;
  const workload = str(key(v, 'Workload'));
  if (workload && WORKLOADS.has(workload.toLowerCase()) && created) return 0.95;
  if (
    created &&
    key(v, 'RecordType') !== undefined &&
    (key(v, 'UserId') !== undefined || key(v, 'OrganizationId') !== undefined)
  )
    return 0.85;
  // A record missing its time is still recognisably one of the log's.
  if (workload && WORKLOADS.has(workload.toLowerCase()) && key(v, 'RecordType') !== undefined) return 0.8;
  return 0;
}

function detect(sample: Sample): number {
  const h = sample.csvHeader?.map((x) => x.toLowerCase());
  if (
    h &&
    h.includes('auditdata') &&
    (h.includes('operations') || h.includes('operation') || h.includes('creationdate'))
  )
    return 0.95;
  return sampleScore(sample.values, scoreRecord);
}

/** Workloads whose records describe operations that took place, with no result field of their own. */
const NO_RESULT_WORKLOADS = /^(sharepoint|onedrive|microsoftteams)$/i;

/** "Name=Value" pairs of Exchange cmdlet parameters, for the detail line. */
function parametersOf(v: unknown): string | null {
  const l = maybeJson(v);
  if (!Array.isArray(l) || l.length === 0) return null;
  const parts: string[] = [];
  for (const p of l.slice(0, 8)) {
    const n = str(key(p, 'Name'));
    if (n) parts.push(`${n}=${str(key(p, 'Value')) ?? ''}`);
  }
  return parts.length > 0 ? parts.join(' ').slice(0, 600) : null;
}

/** The AzureActiveDirectory workload's ExtendedProperties (UserAgent, ResultStatusDetail) by name. */
function extended(get: (k: string) => unknown, name: string): string | null {
  const l = maybeJson(get('ExtendedProperties'));
  if (!Array.isArray(l)) return null;
  for (const x of l) if (str(key(x, 'Name')) === name) return str(key(x, 'Value'));
  return null;
}

const KEY_ID = /KeyIdentifier=([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/gi;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A credential added to an app or service principal (the Entra audit record the unified log copies): the new
 * KeyIdentifiers, which sign-ins with it name as `servicePrincipalCredentialKeyId`, and the object it was added to.
 */
function credentialFacts(get: (k: string) => unknown, facts: Facts): void {
  const props = maybeJson(get('ModifiedProperties'));
  if (!Array.isArray(props)) return;
  const added = new Set<string>();
  for (const p of props) {
    const before = new Set([...(str(key(p, 'OldValue')) ?? '').matchAll(KEY_ID)].map((m) => m[1].toLowerCase()));
    for (const m of (str(key(p, 'NewValue')) ?? '').matchAll(KEY_ID))
      if (!before.has(m[1].toLowerCase())) added.add(m[1].toLowerCase());
  }
  if (added.size === 0) return;
  facts[FACT.issuedKey] = [...added].join('\n');
  const targets = maybeJson(get('Target'));
  if (Array.isArray(targets)) {
    const id = targets.map((t) => str(key(t, 'ID'))).find((x): x is string => !!x && GUID.test(x));
    if (id) facts[FACT.issuedTo] = id.toLowerCase();
  }
}

export function normalizeAudit(v: Obj): NormalizedEvent | string {
  const r = readAuditRecord(v);
  if (typeof r === 'string') return r;
  const { a, outer, f: get } = r;
  if (r.ts === null) return 'no parseable timestamp (CreationTime / TimeGenerated / CreationDate)';
  const op = r.operation;
  if (!op) return 'no Operation: the record does not say what was done';
  const actor = actorOf(get);
  if (!actor.principal && outer) {
    // A CSV row states the user beside the record when the record itself does not.
    actor.principal = str(key(outer, 'UserIds')) ?? str(key(outer, 'UserId')) ?? str(key(outer, 'userPrincipalName'));
    if (actor.principal) actor.type = 'user';
  }
  const workload = r.workload;
  const category = operationCategory(op);
  const { outcome, errorCode } = outcomeOf(
    op,
    str(get('ResultStatus')),
    str(get('LogonError')) ?? str(get('ErrorNumber')),
    !!workload && NO_RESULT_WORKLOADS.test(workload),
  );

  const facts: Facts = {};
  const org = str(get('OrganizationId'));
  if (org) facts[FACT.account] = org;
  if (actor.aliases.length > 0) facts[FACT.alias] = actor.aliases.join('\n');
  if (actor.agent) facts[FACT.agent] = actor.agent;
  if (actor.clientAppId) facts.client_app_id = actor.clientAppId;
  if (actor.tokenId && actor.tokenId !== actor.sessionKey) facts.token_id = actor.tokenId;
  if (actor.tokenIssuedAt) facts.token_issued_at = actor.tokenIssuedAt;
  const ctx = maybeJson(get('AppAccessContext'));
  const corr = str(key(ctx, 'CorrelationId')) ?? str(get('CorrelationId'));
  if (corr) facts[FACT.correlation] = corr;
  const id = str(get('Id')) ?? str(a.OfficeId);
  if (id) facts.record_id = id;

  const detail: string[] = [];
  if (workload) detail.push(workload);
  const mailbox = str(get('MailboxOwnerUPN')) ?? actor.actedOn;
  let resource = str(get('ObjectId')) ?? str(a.OfficeObjectId) ?? (outer ? str(key(outer, 'objectId')) : null);
  if (/^mailitemsaccessed$/i.test(op)) {
    const m = mailAccessOf(get);
    if (outcome === 'success') mailFacts(m, mailbox, facts);
    const d = mailDetail(m);
    if (d) detail.push(d);
    resource = mailbox ? `mailbox:${mailbox}` : resource;
  } else if (outcome === 'success' && category === 'read') {
    fileFacts(op, get, facts);
  }
  if (!resource && mailbox) resource = `mailbox:${mailbox}`;
  if (category === 'credential' && outcome === 'success') credentialFacts(get, facts);
  const params = parametersOf(get('Parameters'));
  if (params) detail.push(params);
  const target = str(get('TargetUserOrGroupName'));
  if (target)
    detail.push(`with ${target}${str(get('TargetUserOrGroupType')) ? ` (${str(get('TargetUserOrGroupType'))})` : ''}`);
  if (actor.appOnly)
    detail.push(
      `app-only access${actor.agent ? ` by ${actor.agent}` : ''}${actor.actedOn ? ` to ${actor.actedOn}` : ''}`,
    );
  if (outcome === 'failure' && errorCode) detail.push(errorCode);
  const logonType = str(get('LogonType')) ?? str(a.Logon_Type);
  if (logonType && mailbox && !/^(0|owner)$/i.test(logonType)) detail.push(`logon type ${logonType} on ${mailbox}`);

  return {
    ts: r.ts,
    principal: actor.principal,
    principalType: actor.type,
    sessionKey: actor.sessionKey,
    action: op,
    category,
    resource,
    resourceType: resource && workload ? `m365:${workload.toLowerCase()}` : resource ? 'm365:object' : null,
    outcome,
    errorCode,
    srcIp:
      entraIp(get('ClientIP')) ??
      entraIp(get('ClientIPAddress')) ??
      entraIp(a.Client_IPAddress) ??
      entraIp(get('ActorIpAddress')) ??
      (outer ? entraIp(key(outer, 'clientIp')) : null),
    userAgent: str(get('UserAgent')) ?? extended(get, 'UserAgent') ?? str(get('ClientInfoString')),
    detail: detail.length > 0 ? detail.join(' · ') : null,
    facts,
  };
}

export const importer: Importer = {
  id: format.id,
  version: '1',
  title: format.title,
  input: 'any',
  detect,
  createParser: perObjectParser(normalizeAudit),
};
