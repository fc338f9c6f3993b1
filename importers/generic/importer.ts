// Generic JSON / CSV: a mapping names which field holds the time, principal, action, … (like Timesketch's
// CSV header mapping); without one, common field names are guessed. Mapping file (YAML or JSON):
//
//   time: eventTimestamp            # field name or dotted path; a list tries each in turn
//   time_format: epoch_ms           # optional: iso | epoch_s | epoch_ms | epoch_us | epoch_ns (default: any)
//   principal: [actor.email, user]
//   principal_type: service_account # a kind (fixed), a field name, or {field: kind} / {value: bot}
//   action: operation
//   resource: target.id
//   outcome: {field: status, success: [ok, "200"], failure: [denied]}
//   src_ip: client.address
//   user_agent: ua
//   session_key: token_id
//   detail: message
//   category: {field: kind}         # else inferred from the action's verb
import type { Category, NormalizedEvent, Outcome, PrincipalType } from '../../core/model/event.js';
import { CATEGORIES, PRINCIPAL_TYPES } from '../../core/model/event.js';
import type { Importer, RecordParser, Sample } from '../types.js';
import { format } from './format.js';
import { getPath, isObj, str, compact } from '../util/fields.js';
import { ipOrNull } from '../util/net.js';
import { categorize } from '../util/category.js';
import { epochToMicros, parseIsoMicros, toMicros } from '../../core/model/time.js';
import { outcomeByName } from '../util/outcome.js';

export const GUESSES = {
  time: [
    '@timestamp',
    'timestamp',
    'time',
    'eventTime',
    'event_time',
    'datetime',
    'date_time',
    'TimeGenerated',
    'Timestamp',
    'EventTime',
    'ts',
    'created_at',
    'createdAt',
    'created',
    'published',
    'date',
    '_time',
    'event.created',
    'time_generated',
    'when',
    'occurred_at',
  ],
  principal: [
    'principal',
    'user',
    'username',
    'user_name',
    'userName',
    'actor',
    'user.name',
    'actor.name',
    'actor.email',
    'actor.id',
    'userPrincipalName',
    'identity',
    'subject',
    'account',
    'caller',
    'client_id',
    'clientId',
    'service_account',
    'serviceAccount',
    'uid',
    'login',
    'email',
    'user.email',
    'user.id',
    'initiator',
  ],
  action: [
    'action',
    'event.action',
    'eventName',
    'event_name',
    'operation',
    'operationName',
    'operation_name',
    'method',
    'methodName',
    'activity',
    'event_type',
    'eventType',
    'type',
    'event',
    'verb',
    'command',
    'api',
    'call',
  ],
  resource: [
    'resource',
    'target',
    'object',
    'resourceName',
    'resource_name',
    'resource.name',
    'target.name',
    'target.id',
    'path',
    'url',
    'uri',
    'request_uri',
    'file',
    'bucket',
    'table',
    'repository',
    'repo',
    'host',
    'destination',
  ],
  src_ip: [
    'src_ip',
    'source_ip',
    'sourceIp',
    'sourceIPAddress',
    'source.ip',
    'client_ip',
    'clientIp',
    'client.ip',
    'ip',
    'ip_address',
    'ipAddress',
    'remote_addr',
    'remoteAddr',
    'callerIp',
    'callerIpAddress',
    'actor_ip',
    'src',
    'client_address',
  ],
  user_agent: ['user_agent', 'userAgent', 'user_agent.original', 'http.user_agent', 'ua', 'agent', 'client'],
  session_key: [
    'session_key',
    'session_id',
    'sessionId',
    'session',
    'sid',
    'token_id',
    'tokenId',
    'access_key_id',
    'accessKeyId',
    'jti',
    'correlation_id',
    'trace_id',
    'traceId',
    'conversation_id',
  ],
  outcome: [
    'outcome',
    'event.outcome',
    'result',
    'status',
    'success',
    'status_code',
    'statusCode',
    'response_code',
    'decision',
    'allowed',
  ],
  detail: [
    'detail',
    'message',
    'msg',
    'description',
    'details',
    'query',
    'statement',
    'cmd',
    'command_line',
    'commandLine',
    'args',
    'summary',
  ],
  principal_type: ['principal_type', 'actor_type', 'actor.type', 'user_type', 'userType', 'identity_type'],
  category: ['category', 'event.category'],
} as const;

type FieldName = keyof typeof GUESSES;

const PTYPES = new Set<string>(PRINCIPAL_TYPES);
const CATS = new Set<string>(CATEGORIES);

interface Spec {
  fields: string[];
  fixed?: string;
  success?: string[];
  failure?: string[];
  format?: string;
}

function specOf(mapping: Record<string, unknown> | undefined, name: FieldName): Spec {
  const m = mapping?.[name];
  // An enum value written plainly is a constant: `principal_type: service_account`, `category: exec`.
  if (typeof m === 'string' && name === 'principal_type' && PTYPES.has(m)) return { fields: [], fixed: m };
  if (typeof m === 'string' && name === 'category' && CATS.has(m)) return { fields: [], fixed: m };
  if (typeof m === 'string') return { fields: [m] };
  if (Array.isArray(m)) return { fields: m.filter((x): x is string => typeof x === 'string') };
  if (isObj(m)) {
    const field = m.field;
    const fields =
      typeof field === 'string'
        ? [field]
        : Array.isArray(field)
          ? field.filter((x): x is string => typeof x === 'string')
          : [];
    const list = (x: unknown) => (Array.isArray(x) ? x.map(String) : typeof x === 'string' ? [x] : undefined);
    return {
      fields,
      fixed: typeof m.value === 'string' ? m.value : undefined,
      success: list(m.success),
      failure: list(m.failure),
    };
  }
  if (mapping && m === undefined && mapping.guess === false) return { fields: [] };
  return { fields: [...GUESSES[name]] };
}

/** The first mapped field with a value; structured values are skipped unless asked for (detail). */
function pick(v: unknown, spec: Spec, structured = false): unknown {
  for (const f of spec.fields) {
    const x = getPath(v, f);
    if (x === undefined || x === null || x === '') continue;
    if (!structured && typeof x === 'object') continue;
    return x;
  }
  return undefined;
}

function timeOf(raw: unknown, format: string | undefined): number | null {
  if (raw === undefined) return null;
  switch (format) {
    case 'iso':
      return typeof raw === 'string' ? parseIsoMicros(raw) : null;
    case 'epoch_s':
      return Number.isFinite(Number(raw)) ? Math.round(Number(raw) * 1e6) : null;
    case 'epoch_ms':
      return Number.isFinite(Number(raw)) ? Math.round(Number(raw) * 1e3) : null;
    case 'epoch_us':
      return Number.isFinite(Number(raw)) ? Math.round(Number(raw)) : null;
    case 'epoch_ns':
      return typeof raw === 'string' && /^\d+$/.test(raw)
        ? Number(raw.slice(0, -3))
        : Number.isFinite(Number(raw))
          ? Math.round(Number(raw) / 1e3)
          : null;
    default:
      return typeof raw === 'number' ? epochToMicros(raw) : toMicros(raw);
  }
}

const SUCCESS =
  /^(success|succeeded|successful|ok|true|allow|allowed|accept|accepted|granted|pass|passed|0|[123]\d\d)$/i;
const FAILURE =
  /^(fail|failed|failure|error|denied|deny|false|reject|rejected|blocked|forbidden|unauthorized|[45]\d\d)$/i;

function outcomeOf(raw: unknown, spec: Spec): Outcome {
  const s = str(raw);
  if (s === null) return 'unknown';
  if (spec.success?.includes(s)) return 'success';
  if (spec.failure?.includes(s)) return 'failure';
  if (SUCCESS.test(s)) return 'success';
  if (FAILURE.test(s)) return 'failure';
  return 'unknown';
}

function principalTypeOf(raw: string | null, principal: string | null): PrincipalType {
  if (raw && PTYPES.has(raw.toLowerCase())) return raw.toLowerCase() as PrincipalType;
  const r = raw?.toLowerCase() ?? '';
  const p = principal?.toLowerCase() ?? '';
  if (/service.?account|gserviceaccount|system:serviceaccount/.test(r + ' ' + p)) return 'service_account';
  if (/\bbot\b|\[bot\]/.test(r + ' ' + p)) return 'bot';
  if (/agent/.test(r)) return 'agent';
  if (/app|client|application/.test(r)) return 'app';
  if (/assumed-role/.test(p)) return 'role_session';
  if (/^(akia|asia)[a-z0-9]{12,}$/.test(p)) return 'access_key';
  if (/user|human|person/.test(r)) return 'user';
  return 'unknown';
}

function hasGuessableTime(v: unknown): boolean {
  return GUESSES.time.some((f) => toMicros(getPath(v, f)) !== null);
}

function detect(sample: Sample): number {
  if (sample.values.length > 0) {
    const ok = sample.values.filter((v) => isObj(v) && hasGuessableTime(v)).length;
    return ok > 0 ? 0.1 * (ok / sample.values.length) : 0;
  }
  if (sample.csvHeader) {
    const header = sample.csvHeader.map((h) => h.toLowerCase());
    return GUESSES.time.some((t) => header.includes(t.toLowerCase())) ? 0.1 : 0;
  }
  return 0;
}

export function createGenericParser(mapping: Record<string, unknown> | undefined): RecordParser {
  const spec = Object.fromEntries((Object.keys(GUESSES) as FieldName[]).map((k) => [k, specOf(mapping, k)])) as Record<
    FieldName,
    Spec
  >;
  const timeFormat = typeof mapping?.time_format === 'string' ? mapping.time_format : undefined;
  return {
    push(rec, sink) {
      const v = rec.value;
      if (!isObj(v)) return sink.reject(rec, 'not a JSON object');
      const rawTime = pick(v, spec.time);
      const ts = timeOf(rawTime, timeFormat);
      if (ts === null) {
        return sink.reject(
          rec,
          rawTime === undefined
            ? `no parseable timestamp (no field ${spec.time.fields.slice(0, 6).join(', ')}${spec.time.fields.length > 6 ? ', …' : ''})`
            : `no parseable timestamp (${JSON.stringify(String(rawTime)).slice(0, 60)})`,
        );
      }
      const principal = spec.principal.fixed ?? str(pick(v, spec.principal));
      const action = spec.action.fixed ?? str(pick(v, spec.action)) ?? 'event';
      const ptRaw = spec.principal_type.fixed ?? str(pick(v, spec.principal_type));
      const catRaw = spec.category.fixed ?? str(pick(v, spec.category));
      const category: Category =
        catRaw && CATS.has(catRaw.toLowerCase()) ? (catRaw.toLowerCase() as Category) : categorize(action);
      const srcRaw = pick(v, spec.src_ip);
      const outcomeRaw = spec.outcome.fixed ?? pick(v, spec.outcome);
      const ev: NormalizedEvent = {
        ts,
        principal,
        principalType: principalTypeOf(ptRaw, principal),
        sessionKey: spec.session_key.fixed ?? str(pick(v, spec.session_key)),
        action,
        category,
        resource: spec.resource.fixed ?? str(pick(v, spec.resource)),
        resourceType: null,
        outcome: outcomeByName(action, outcomeOf(outcomeRaw, spec.outcome)),
        errorCode: null,
        srcIp: ipOrNull(srcRaw),
        userAgent: spec.user_agent.fixed ?? str(pick(v, spec.user_agent)),
        detail: spec.detail.fixed ?? compact(pick(v, spec.detail, true)),
      };
      if (ev.outcome === 'failure') ev.errorCode = str(outcomeRaw) ?? action;
      sink.event(ev, rec);
    },
    end() {},
  };
}

export const importer: Importer = {
  id: format.id,
  version: '2',
  title: format.title,
  input: 'any',
  detect,
  createParser(opts) {
    return createGenericParser(opts.mapping);
  },
};
