// Azure Activity Log (the Resource Manager control plane): who created, changed, deleted or invoked what in a
// subscription, in the shapes Azure exports it (record.ts), with the caller read from the token's claims
// (caller.ts). Resource logs streamed beside it are read by their common fields (resource-log.ts).
//
// One operation, one event: ARM writes a record when a long-running request starts, when it is accepted and
// when it ends, all with the operation's correlation id. Records of one operation (same correlation id,
// operation name and resource) are merged into one event: its time is when the operation started, its outcome
// the final status. A record left without its partner (an operation still running at export time, a start whose
// end is in the next file) is an event of its own, outcome unknown until it ends. Records of one correlation id
// that name different operations (a deployment's many writes, a policy check of a write) stay separate events.
import type { Facts, NormalizedEvent, Outcome } from '../../core/model/event.js';
import { FACT } from '../../core/model/facts.js';
import type { Importer, InputRecord, RecordParser, Sample, Sink } from '../types.js';
import { format } from './format.js';
import { isObj, key, str } from '../util/fields.js';
import { sampleScore } from '../util/detect.js';
import { entraIp } from '../util/entra.js';
import { detach, MAX_MERGED_BYTES, MAX_MERGED_LINES, PendingMap } from '../util/pending.js';
import { callerOf, readClaims } from './caller.js';
import { operationCategory } from './operation.js';
import { activityFields, readActivity, resourceTypeOf, subscriptionOf, type ActivityRecord } from './record.js';
import { ACTIVITY_CATEGORIES, isResourceLog, normalizeResourceLog } from './resource-log.js';
import { callerRole, roleAssignmentOf } from './role-assignment.js';

/** Operations waiting for the rest of their records; past this the oldest is emitted as it stands. */
const MAX_PENDING = 20_000;
/**
 * How far in log time an operation's records may be apart and still meet: a group held longer than this (in
 * either direction, so that newest-first listings work too) is complete as it stands. Keeps what is held small on
 * long files whose operations' other records are in another file.
 */
const WINDOW_US = 3_600_000_000;

/** Categories other Microsoft formats own: their records are not Activity Log records. */
const OTHER_FORMATS =
  /^(signinlogs|noninteractiveusersigninlogs|serviceprincipalsigninlogs|managedidentitysigninlogs|auditlogs|microsoftgraphactivitylogs|adfssigninlogs|provisioninglogs|riskyusers|userriskevents)$/i;

function scoreRecord(v: unknown): number {
  if (!isObj(v)) return 0;
  if (v.Type === 'AzureActivity') return 0.97;
  if (v.OperationNameValue !== undefined && (v.ActivityStatusValue !== undefined || v.CategoryValue !== undefined))
    return 0.92;
  const op = key(v, 'operationName');
  if (op === undefined) return 0;
  if (key(v, 'eventDataId') !== undefined && isObj(op)) return 0.95;
  const catRaw = key(v, 'category');
  const cat = isObj(catRaw) ? str(catRaw.value) : str(catRaw);
  if (cat && OTHER_FORMATS.test(cat)) return 0;
  if (typeof op === 'string' && op === 'Sign-in activity') return 0;
  const hasId = key(v, 'resourceId') !== undefined;
  if (cat && ACTIVITY_CATEGORIES.has(cat.toLowerCase())) {
    let s = 0.8;
    if (hasId) s += 0.08;
    if (key(v, 'correlationId') !== undefined) s += 0.04;
    if (key(v, 'resultType') !== undefined || key(v, 'identity') !== undefined) s += 0.04;
    return s;
  }
  // Another Azure Monitor resource log in the common schema: ours to read, but any format of its own wins.
  if (hasId && key(v, 'time') !== undefined) return 0.55;
  if (cat && key(v, 'properties') !== undefined && key(v, 'callerIpAddress') !== undefined) return 0.5;
  return 0;
}

function detect(sample: Sample): number {
  return sampleScore(sample.values, scoreRecord);
}

/** The final outcome of an operation from its last status. */
function outcomeOf(r: ActivityRecord): { outcome: Outcome; errorCode: string | null } {
  const s = (r.status ?? '').toLowerCase();
  const sub = r.subStatus;
  if (s.startsWith('succe')) return { outcome: 'success', errorCode: null };
  if (s.startsWith('fail')) return { outcome: 'failure', errorCode: failureCode(sub) };
  if (s.startsWith('cancel')) return { outcome: 'failure', errorCode: 'Canceled' };
  // Informational records (Recommendation "Active", health events) say how their own write went, if anything.
  if (r.phase === 'none' && sub && /^succe/i.test(sub)) return { outcome: 'success', errorCode: null };
  return { outcome: 'unknown', errorCode: null };
}

/** "Failed.Conflict" (resultSignature), "Conflict", "Forbidden (HTTP Status Code: 403)" → the code a person reads. */
function failureCode(sub: string | null): string | null {
  if (!sub) return null;
  const t = sub.replace(/^Failed\.?/i, '').trim();
  return t === '' ? null : t.slice(0, 200);
}

/** One event from the records of one operation (first the earliest). */
function normalizeOperation(recs: ActivityRecord[]): NormalizedEvent | string {
  const first = recs[0];
  const last = recs.reduce((a, b) => (b.phase === 'end' ? b : a), recs[recs.length - 1]);
  const ts = first.ts;
  if (ts === null) return 'no parseable timestamp (time / eventTimestamp / TimeGenerated)';
  const op = first.operation;
  if (!op) return 'no operationName: the record does not say what was done';
  // The token is on every record of the operation; take the first that states one.
  const withClaims = recs.find((r) => r.claims !== undefined && r.claims !== null) ?? first;
  const claims = readClaims(withClaims.claims);
  const caller = callerOf(
    claims,
    recs.find((r) => r.caller)?.caller ?? null,
    first.category,
    withClaims.authorization ?? recs.find((r) => r.authorization)?.authorization,
  );
  const resourceId = first.resourceId;
  const resource = resourceId ? resourceId.toLowerCase() : null;
  const subscription = first.subscriptionId?.toLowerCase() ?? subscriptionOf(resourceId);
  const category = operationCategory(op);
  const { outcome, errorCode } = outcomeOf(last);

  const facts: Facts = {};
  const account = subscription ?? first.tenantId ?? (claims?.tid || null);
  if (account) facts[FACT.account] = account;
  if (caller.aliases.length > 0) facts[FACT.alias] = caller.aliases.join('\n');
  if (caller.agent) facts[FACT.agent] = caller.agent;
  if (caller.credentialType) facts[FACT.credentialType] = caller.credentialType;
  if (caller.managedIdentityResource) facts.managed_identity_resource = caller.managedIdentityResource;
  if (first.correlationId) facts[FACT.correlation] = first.correlationId;
  if (category === 'logging' && /\/delete$/i.test(op)) facts[FACT.logTamper] = op;

  const detail: string[] = [];
  const shown = first.operationDisplay;
  if (shown && shown.toLowerCase() !== op.toLowerCase()) detail.push(shown);
  const statuses = recs.map((r) => r.status).filter((s): s is string => !!s);
  if (statuses.length > 0)
    detail.push([...new Set(statuses)].join(' → ') + (last.subStatus ? ` (${last.subStatus})` : ''));
  if (category === 'privilege' && /roleassignments\/(write|delete)$/i.test(op)) {
    const grant = recs.map((r) => roleAssignmentOf(r.properties)).find((g) => g !== null) ?? null;
    if (grant?.principalId) {
      facts[FACT.targetIdentity] = `entra|${grant.principalId}`;
      if (grant.roleId) facts.role = grant.roleName ? `${grant.roleName} (${grant.roleId})` : grant.roleId;
      if (grant.scope) facts.role_scope = grant.scope;
      if (grant.principalType) facts.target_principal_type = grant.principalType;
      const verb = /delete$/i.test(op) ? 'removed' : 'assigned';
      detail.push(
        `${verb} ${grant.roleName ?? grant.roleId ?? 'a role'} to ${grant.principalType ?? 'principal'} ${grant.principalId}${grant.scope ? ` at ${grant.scope}` : ''}`,
      );
    }
  }
  const role = callerRole(withClaims.authorization);
  if (role) detail.push(`caller's role: ${role}`);
  if (last.description && outcome === 'failure') detail.push(last.description.slice(0, 500));
  else if (first.description && first.phase === 'none') detail.push(first.description.slice(0, 500));

  return {
    ts,
    principal: caller.principal,
    principalType: caller.type,
    sessionKey: caller.sessionKey,
    action: op,
    category,
    resource,
    resourceType: resource ? resourceTypeOf(resource) : null,
    outcome,
    errorCode,
    srcIp: entraIp(recs.find((r) => r.callerIp)?.callerIp ?? claims?.ipaddr),
    userAgent: null,
    detail: detail.length > 0 ? detail.join(' · ') : null,
    facts,
  };
}

interface Op {
  recs: InputRecord[];
  parsed: ActivityRecord[];
  hasStart: boolean;
  hasEnd: boolean;
  /** Set when the operation reached the merge limit: its later records make another event (issue 15 §3). */
  cut?: string;
}

const opBytes = (op: Op) => op.recs.reduce((n, r) => n + r.bytes.length, 0);

function emit(sink: Sink, op: Op): void {
  if (op.recs.length === 1) {
    const ev = normalizeOperation(op.parsed);
    return typeof ev === 'string' ? sink.reject(op.recs[0], ev) : sink.event(ev, op.recs[0]);
  }
  // Records of one operation in time order: the REST API and the CLI list the newest first.
  const order = op.parsed.map((p, i) => i).sort((a, b) => (op.parsed[a].ts ?? 0) - (op.parsed[b].ts ?? 0));
  const parsed = order.map((i) => op.parsed[i]);
  const recs = order.map((i) => op.recs[i]);
  const ev = normalizeOperation(parsed);
  if (typeof ev === 'string') for (const r of recs) sink.reject(r, ev);
  else {
    if (op.cut) ev.detail = ev.detail ? `${ev.detail} · ${op.cut}` : op.cut;
    sink.event(ev, recs.length === 1 ? recs[0] : recs);
  }
}

function createParser(): RecordParser {
  const pending = new PendingMap<Op>(MAX_PENDING, opBytes);
  const hold = (sink: Sink, k: string, op: Op) => {
    for (const old of pending.put(k, op)) emit(sink, old);
  };
  return {
    push(rec, sink) {
      const v = rec.value;
      if (!isObj(v)) return sink.reject(rec, 'not a JSON object');
      const f = activityFields(v);
      const catRaw = f('category') ?? v.CategoryValue;
      const category = isObj(catRaw) ? str(catRaw.value) : str(catRaw);
      if (v.TimeGenerated === undefined && f('eventTimestamp') === undefined && isResourceLog(v, category)) {
        const ev = normalizeResourceLog(v, category);
        return typeof ev === 'string' ? sink.reject(rec, ev) : sink.event(ev, rec);
      }
      const r = readActivity(v, f);
      if (r.ts === null) return sink.reject(rec, 'no parseable timestamp (time / eventTimestamp / TimeGenerated)');
      if (!r.operation) return sink.reject(rec, 'no operationName: the record does not say what was done');
      for (
        let o = pending.oldest();
        o && Math.abs(r.ts - (o.value.parsed[0].ts ?? r.ts)) > WINDOW_US;
        o = pending.oldest()
      )
        emit(sink, pending.take(o.key)!);
      if (r.phase === 'none' || !r.correlationId)
        return emit(sink, { recs: [rec], parsed: [r], hasStart: false, hasEnd: false });
      // The records of one operation come in one export, spelled alike: the key is compared as written.
      const k = `${r.correlationId}|${r.operation}|${r.resourceId ?? ''}`;
      let op = pending.get(k);
      // A second start, or a second end, of the same key is another operation: the one held is complete as it is.
      if (op && ((r.phase === 'start' && op.hasStart) || (r.phase === 'end' && op.hasEnd))) {
        emit(sink, pending.take(k)!);
        op = undefined;
      }
      if (!op) {
        op = { recs: [], parsed: [], hasStart: false, hasEnd: false };
        hold(sink, k, op);
      }
      op.recs.push(detach(rec));
      op.parsed.push(r);
      if (r.phase === 'start') op.hasStart = true;
      if (r.phase === 'end') op.hasEnd = true;
      if (op.hasStart && op.hasEnd) emit(sink, pending.take(k)!);
      else if (op.recs.length >= MAX_MERGED_LINES || opBytes(op) > MAX_MERGED_BYTES) {
        op.cut = `cut at ${op.recs.length} records: later records of this operation make another event`;
        emit(sink, pending.take(k)!);
      } else for (const old of pending.resized(k)) emit(sink, old);
    },
    end(sink) {
      for (const op of pending.drain()) emit(sink, op);
    },
  };
}

export const importer: Importer = {
  id: format.id,
  version: '1',
  title: format.title,
  input: 'json',
  detect,
  createParser,
};
