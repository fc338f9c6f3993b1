// One Entra ID audit record (diagnostic-settings or Log Analytics shape) as a normalized event. Shared with
// entra-signin, whose Event Hub streams carry audit records too (importer.ts dispatches).
import type { Category, Facts, NormalizedEvent, Outcome, PrincipalType } from '../../core/model/event.js';
import { FACT } from '../../core/model/facts.js';
import { isObj, key, maybeJson, str, type Obj } from '../util/fields.js';
import { toMicros } from '../../core/model/time.js';
import { guessPrincipalType } from '../util/principal.js';
import { entraId, entraIp, entraProps, propsProblem, tenantOf } from '../util/entra.js';

/** The display name Entra gives every managed identity acting in the directory: not a name of one identity. */
const MSI = 'Managed Service Identity';
const KEY_IDENTIFIER = /KeyIdentifier=([0-9A-Fa-f-]{36})/g;
const LOGGING = /diagnostic setting|audit log/;
const CREDENTIAL = /credential|certificates and secrets|secret|password|key ?credential|tokens?\b/;
const PRIVILEGE =
  /role|permission grant|consent|owner|member to group|member from group|elevat|\bpim\b|privileged|oauth2permissiongrant/;
const CONFIG =
  /policy|policies|federation|domain|authentication method|conditional access|setting|named location|tenant|partner|company/;
const DELETE = /^(delete|remove|hard delete|disable)/;
const WRITE = /^(add|create|invite|register|restore|update|set|change|enable|reset|assign|upload|patch)/;

interface Actor {
  principal: string | null;
  type: PrincipalType;
  aliases: string[];
  ip: string | null;
}

function actorOf(v: Obj, initiatedBy: unknown): Actor {
  const user = key(initiatedBy, 'user');
  const app = key(initiatedBy, 'app');
  const identity = str(key(v, 'identity'));
  if (isObj(user) && (str(key(user, 'userPrincipalName')) ?? str(key(user, 'id')) ?? str(key(user, 'displayName')))) {
    const id = entraId(str(key(user, 'id')));
    return {
      principal: str(key(user, 'userPrincipalName')) ?? str(key(user, 'displayName')) ?? str(key(user, 'id')),
      type: 'user',
      aliases: id ? [`entra|${id}`] : [],
      ip: entraIp(key(user, 'ipAddress')),
    };
  }
  if (isObj(app)) {
    const spId = entraId(str(key(app, 'servicePrincipalId')));
    const appId = entraId(str(key(app, 'appId')));
    const name = str(key(app, 'displayName'));
    const msi = name === MSI || identity === MSI;
    const aliases: string[] = [];
    if (spId) aliases.push(`entra|${spId}`);
    if (appId) aliases.push(`entra-app|${appId}`);
    // The principal as the log writes it; the aliases carry the ids in the one form both Entra importers use.
    const principal =
      str(key(app, 'servicePrincipalName')) ??
      (name && name !== MSI ? name : null) ??
      str(key(app, 'servicePrincipalId')) ??
      str(key(app, 'appId')) ??
      name;
    if (principal)
      return { principal, type: msi ? 'service_account' : 'app', aliases, ip: entraIp(key(app, 'ipAddress')) };
  }
  const fallback = str(v.InitiatingUserOrApp) ?? identity;
  return {
    principal: fallback,
    type: fallback === MSI ? 'service_account' : guessPrincipalType(fallback),
    aliases: [],
    ip: null,
  };
}

function categoryOf(activity: string, opType: string | null): Category {
  const a = activity.toLowerCase();
  const op = (opType ?? '').toLowerCase();
  const removing = DELETE.test(a) || op === 'delete';
  if (LOGGING.test(a) && (removing || a.startsWith('update'))) return 'logging';
  if (CREDENTIAL.test(a)) return 'credential';
  if (PRIVILEGE.test(a) || op === 'assign' || op === 'unassign') return 'privilege';
  if (CONFIG.test(a)) return 'config';
  if (a.startsWith('sign-in') || a.startsWith('login')) return 'auth';
  if (removing) return 'delete';
  if (WRITE.test(a) || op === 'add' || op === 'update' || op === 'create') return 'write';
  return 'other';
}

function outcomeOf(result: string | null): Outcome {
  const r = (result ?? '').toLowerCase();
  if (r === 'success') return 'success';
  if (r === 'failure' || r === 'failed' || r === 'timeout') return 'failure';
  return 'unknown';
}

function clip(s: string, max: number): string {
  return s.length > max ? s.slice(0, max) + '…' : s;
}

function keyIds(value: unknown): Set<string> {
  const out = new Set<string>();
  const s = str(value);
  if (!s) return out;
  for (const m of s.matchAll(KEY_IDENTIFIER)) out.add(entraId(m[1])!);
  return out;
}

interface Target {
  type: string | null;
  id: string | null;
  name: string | null;
  upn: string | null;
  props: unknown[];
}

function targetsOf(raw: unknown): Target[] {
  const list = maybeJson(raw);
  if (!Array.isArray(list)) return [];
  const out: Target[] = [];
  for (const t of list) {
    if (!isObj(t)) continue;
    const props = key(t, 'modifiedProperties');
    out.push({
      type: str(key(t, 'type')),
      id: str(key(t, 'id')),
      name: str(key(t, 'displayName')),
      upn: str(key(t, 'userPrincipalName')),
      props: Array.isArray(props) ? props : [],
    });
  }
  return out;
}

/** "Name: old → new" for each changed property, bounded: what a reviewer needs to see what changed. */
function changesOf(t: Target): string[] {
  const out: string[] = [];
  for (const mp of t.props.slice(0, 12)) {
    const name = str(key(mp, 'displayName'));
    if (!name || name === 'Included Updated Properties') continue;
    const oldV = str(key(mp, 'oldValue'));
    const newV = str(key(mp, 'newValue'));
    if (oldV === newV) continue;
    out.push(`${name}: ${clip(oldV ?? '(none)', 160)} → ${clip(newV ?? '(none)', 160)}`);
  }
  return out;
}

export function normalizeEntraAudit(v: Obj): NormalizedEvent | string {
  const p = entraProps(v);
  const ts = toMicros(key(v, 'time')) ?? toMicros(key(p, 'activityDateTime')) ?? toMicros(v.TimeGenerated);
  if (ts === null) return 'no parseable timestamp (time / properties.activityDateTime / TimeGenerated)';
  const problem = propsProblem(v);
  if (problem) return problem;
  const activity = (
    str(key(v, 'operationName')) ??
    str(key(p, 'activityDisplayName')) ??
    str(key(p, 'operationName')) ??
    ''
  ).trim();
  if (!activity) return 'no operationName or activityDisplayName: the record does not say what was done';
  const actor = actorOf(v, maybeJson(key(p, 'initiatedBy')));
  const opType = str(key(p, 'operationType')) ?? str(v.AADOperationType);
  const category = categoryOf(activity, opType);
  const outcome = outcomeOf(str(key(p, 'result')) ?? str(key(v, 'result')) ?? str(key(v, 'resultType')));
  const reason = str(key(p, 'resultReason')) ?? (outcome === 'failure' ? str(key(v, 'resultDescription')) : null);
  const targets = targetsOf(key(p, 'targetResources'));
  const first = targets[0];

  let userAgent = str(key(p, 'userAgent')) ?? str(v.UserAgent);
  const extra = maybeJson(key(p, 'additionalDetails'));
  if (Array.isArray(extra)) {
    for (const d of extra)
      if (str(key(d, 'key'))?.toLowerCase() === 'user-agent') userAgent = str(key(d, 'value')) ?? userAgent;
  }

  const facts: Facts = {};
  const tenant = tenantOf(v);
  if (tenant) facts[FACT.account] = tenant;
  if (actor.aliases.length > 0) facts[FACT.alias] = actor.aliases.join('\n');
  const corr = str(key(v, 'correlationId')) ?? str(key(p, 'correlationId'));
  if (corr) facts[FACT.correlation] = corr;
  if (category === 'logging') facts[FACT.logTamper] = activity;
  if (first) {
    const who = first.upn ?? first.name ?? first.id;
    if (first.id) facts.target_id = first.id;
    if (category === 'credential') {
      // New secrets and certificates: the KeyIdentifier later sign-ins name as servicePrincipalCredentialKeyId.
      const issued: string[] = [];
      for (const mp of first.props) {
        const before = keyIds(key(mp, 'oldValue'));
        for (const id of keyIds(key(mp, 'newValue'))) if (!before.has(id)) issued.push(id);
      }
      if (issued.length > 0) facts[FACT.issuedKey] = [...new Set(issued)].join('\n');
      if (who) facts[FACT.issuedTo] = who;
    } else if (category === 'privilege' && who) {
      facts[FACT.targetIdentity] = who;
      for (const t of targets) {
        for (const mp of t.props) {
          if (str(key(mp, 'displayName')) === 'Role.DisplayName')
            facts.role = (str(key(mp, 'newValue')) ?? str(key(mp, 'oldValue')) ?? '').replace(/^"|"$/g, '');
        }
      }
    }
  }

  const detail: string[] = [];
  const shown = str(key(p, 'activityDisplayName'))?.trim();
  if (shown && shown !== activity) detail.push(shown);
  for (const t of targets.slice(0, 3)) {
    const label = t.upn ?? t.name;
    const head = `on ${t.type ?? 'object'} ${label ?? t.id ?? '?'}${label && t.id && label !== t.id ? ` (${t.id})` : ''}`;
    const changes = changesOf(t);
    detail.push(changes.length > 0 ? `${head}: ${changes.join('; ')}` : head);
  }
  if (reason) detail.push(reason);

  return {
    ts,
    principal: actor.principal,
    principalType: actor.type,
    sessionKey: null,
    action: activity,
    category,
    resource: first ? `entra:${first.type ?? 'object'}/${first.upn ?? first.id ?? first.name}` : null,
    resourceType: first ? `entra:${first.type ?? 'object'}` : null,
    outcome,
    errorCode: outcome === 'failure' && reason ? clip(reason, 200) : null,
    srcIp: entraIp(key(v, 'callerIpAddress')) ?? actor.ip ?? entraIp(key(v, 'ipAddress')),
    userAgent,
    detail: detail.length > 0 ? clip(detail.join(' · '), 4000) : null,
    facts,
  };
}
