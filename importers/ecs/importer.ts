// Elastic Common Schema documents, as a scoped query result leaves Elasticsearch or OpenSearch: NDJSON of the
// documents themselves (Logstash/Beats file output, `elasticdump --type=data --sourceOnly`), of search hits
// that wrap each document in `_source` (elasticdump, `jq -c '.hits.hits[]'` over a `_search` response), or a
// JSON array of either. Normalization reads the ECS core fields, then the vendor fields Elastic's integrations
// keep (aws.cloudtrail.*, okta.*, azure.signinlogs.*, hashicorp_vault.*, …) for what ECS has no field for, such
// as the session or credential key. Confidence stays below every vendor importer's, so a vendor record that
// happens to carry @timestamp and event.* is never taken from its own importer.
import { CATEGORIES, PRINCIPAL_TYPES } from '../../core/model/event.js';
import type { Category, Facts, NormalizedEvent, Outcome, PrincipalType } from '../../core/model/event.js';
import { FACT } from '../../core/model/facts.js';
import type { Importer, Sample } from '../types.js';
import { format } from './format.js';
import { perObjectParser } from '../util/per-object.js';
import { isObj, str, type Obj } from '../util/fields.js';
import { ipOrNull } from '../util/net.js';
import { categorizeCached } from '../util/category.js';
import { toMicros } from '../../core/model/time.js';
import { sampleScore } from '../util/detect.js';
import { guessPrincipalType } from '../util/principal.js';
import { k8sCategory, k8sPrincipalType, k8sResource } from '../util/k8s.js';
import { outcomeByName } from '../util/outcome.js';

interface Path {
  parts: string[];
  flat: string;
}
const P = (s: string): Path => ({ parts: s.split('.'), flat: s });

const TS = P('@timestamp');
const PRINCIPAL = [
  'user.name',
  'user.email',
  'user.id',
  'client.user.name',
  'client.user.id',
  'source.user.name',
  'source.user.id',
  'kubernetes.audit.user.username',
].map(P);
const AGENT = ['gen_ai.agent.name', 'gen_ai.agent.id'].map(P);
/** Where Elastic's integrations keep each source's session / credential key (ECS has no such field). */
const SESSION = [
  'aws.cloudtrail.user_identity.access_key_id',
  'okta.authentication_context.external_session_id',
  'azure.signinlogs.properties.session_id',
  'azure.signinlogs.properties.service_principal_credential_key_id',
  'azure.signinlogs.properties.unique_token_identifier',
  'hashicorp_vault.audit.auth.accessor',
  'hashicorp_vault.audit.request.client_token_accessor',
  'github.hashed_token',
  'teleport.audit.session.id',
  'teleport.audit.sid',
  'postgresql.log.session_id',
  'gen_ai.conversation.id',
  'session.id',
].map(P);
const ACTION = P('event.action'),
  CODE = P('event.code'),
  DATASET = P('event.dataset'),
  CATEGORY = P('event.category'),
  TYPE = P('event.type');
const OUTCOME = P('event.outcome'),
  REASON = P('event.reason'),
  ERROR_CODE = P('error.code'),
  ERROR_MESSAGE = P('error.message'),
  MESSAGE = P('message');
const SOURCE_IP = P('source.ip'),
  CLIENT_IP = P('client.ip'),
  UA = P('user_agent.original');
const ORCH_TYPE = P('orchestrator.resource.type'),
  ORCH_NAME = P('orchestrator.resource.name'),
  ORCH_NS = P('orchestrator.namespace');
const RESOURCES: [Path, string, string][] = [
  [P('target.entity.id'), '', 'entity'],
  [P('gcp.audit.resource_name'), '', 'gcp'],
  [P('aws.cloudtrail.resources.arn'), '', 'aws'],
  [P('hashicorp_vault.audit.request.path'), 'vault:', 'vault:path'],
  [P('file.path'), '', 'file'],
  [P('url.full'), '', 'url'],
  [P('url.original'), '', 'url'],
  [P('user.target.name'), '', 'user'],
  [P('destination.domain'), '', 'host'],
  [P('destination.address'), '', 'host'],
];
const TYPE_HINTS: [Path, Record<string, PrincipalType>][] = [
  [
    P('aws.cloudtrail.user_identity.type'),
    {
      AssumedRole: 'role_session',
      FederatedUser: 'role_session',
      AWSService: 'service',
      WebIdentityUser: 'workload',
      Root: 'user',
    },
  ],
  [P('okta.actor.type'), { User: 'user', PublicClientApp: 'app', SystemPrincipal: 'service' }],
  [
    P('azure.signinlogs.category'),
    {
      ServicePrincipalSignInLogs: 'app',
      ManagedIdentitySignInLogs: 'service_account',
      SignInLogs: 'user',
      NonInteractiveUserSignInLogs: 'user',
    },
  ],
];
const ACCOUNT = ['cloud.account.id', 'cloud.project.id'].map(P);
const K8S_USER = P('kubernetes.audit.user');
const TOOL = P('gen_ai.tool.name'),
  TRACE = P('trace.id'),
  EFFECTIVE = P('user.effective.name'),
  EVENT_ID = P('event.id');
const K8S_SUB = P('kubernetes.audit.objectRef.subresource');
const SPECIFIC = new Set<Category>(['logging', 'credential', 'auth', 'privilege', 'exec']);
const ECS_EVENT_FIELDS = ['action', 'category', 'kind', 'dataset', 'module', 'outcome', 'type', 'code', 'provider'];

/** A field by ECS path: nested objects, or the whole dotted name as one key (flattened exports). */
function at(doc: Obj, p: Path): unknown {
  let cur: unknown = doc;
  for (const part of p.parts) {
    if (!isObj(cur)) {
      cur = undefined;
      break;
    }
    cur = cur[part];
  }
  return cur !== undefined ? cur : doc[p.flat];
}

/** ECS allows a list wherever a keyword goes: take the first value. */
function one(v: unknown): string | null {
  return Array.isArray(v) ? str(v[0]) : str(v);
}

function list(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return typeof v === 'string' ? [v] : [];
}

function firstOf(doc: Obj, paths: Path[]): string | null {
  for (const p of paths) {
    const v = one(at(doc, p));
    if (v) return v;
  }
  return null;
}

function docOf(v: Obj): Obj {
  const src = v._source;
  return isObj(src) ? src : v;
}

function scoreRecord(v: unknown): number {
  if (!isObj(v)) return 0;
  const doc = docOf(v);
  if (at(doc, TS) === undefined) return 0;
  const ecs = isObj(doc.ecs) || doc['ecs.version'] !== undefined;
  const ev = doc.event;
  const eventish =
    (isObj(ev) && ECS_EVENT_FIELDS.some((f) => ev[f] !== undefined)) ||
    doc['event.action'] !== undefined ||
    doc['event.kind'] !== undefined;
  if (!ecs && !eventish) return 0;
  let s = 0.3;
  if (ecs) s += 0.1;
  if (eventish) s += 0.08;
  if (doc !== v) s += 0.05;
  return s;
}

function detect(sample: Sample): number {
  return sampleScore(sample.values, scoreRecord);
}

function categoryOf(doc: Obj, action: string): Category {
  const cats = list(at(doc, CATEGORY));
  const types = list(at(doc, TYPE));
  // Kubernetes audit documents keep the verb as the action: classify them as the k8s-audit importer does.
  const kind = one(at(doc, ORCH_TYPE));
  if (kind) {
    const c = k8sCategory(action, kind, one(at(doc, K8S_SUB)));
    if (c !== 'other') return c;
  }
  // Operation names that say exactly what they do (AssumeRole, StopLogging, SetIamPolicy) beat ECS's coarse
  // categories; plain verbs do not ("user.session.start" is a sign-in, not a write).
  const byName = categorizeCached(action);
  if (SPECIFIC.has(byName)) return byName;
  if (cats.includes('authentication') || cats.includes('session')) return 'auth';
  if (byName !== 'other') return byName;
  if (cats.includes('iam'))
    return types.includes('admin') || types.includes('group')
      ? 'privilege'
      : types.includes('deletion')
        ? 'delete'
        : 'write';
  if (cats.includes('configuration')) return 'config';
  if (cats.includes('process') && types.includes('start')) return 'exec';
  if (cats.includes('database')) return 'query';
  if (types.includes('deletion')) return 'delete';
  if (types.includes('creation') || types.includes('change')) return 'write';
  if (types.includes('access')) return 'read';
  return 'other';
}

function principalTypeOf(doc: Obj, principal: string | null, fromAgent: boolean): PrincipalType {
  if (fromAgent) return 'agent';
  for (const [p, map] of TYPE_HINTS) {
    const hint = one(at(doc, p));
    if (hint && map[hint]) return map[hint];
  }
  if (one(at(doc, ORCH_TYPE)) || isObj(at(doc, K8S_USER))) return k8sPrincipalType(principal);
  return guessPrincipalType(principal);
}

function resourceOf(doc: Obj): { resource: string | null; type: string | null } {
  const kind = one(at(doc, ORCH_TYPE));
  if (kind)
    return {
      resource: k8sResource(one(at(doc, ORCH_NS)), kind, one(at(doc, ORCH_NAME)), one(at(doc, K8S_SUB))),
      type: `k8s:${kind}`,
    };
  for (const [p, prefix, type] of RESOURCES) {
    const v = one(at(doc, p));
    if (v) return { resource: prefix + v, type };
  }
  return { resource: null, type: null };
}

function firstIp(v: unknown): string | null {
  if (!Array.isArray(v)) return ipOrNull(v);
  for (const x of v) {
    const ip = ipOrNull(x);
    if (ip) return ip;
  }
  return null;
}

const PTYPES = new Set<string>(PRINCIPAL_TYPES);
const CATS = new Set<string>(CATEGORIES);
const OUTCOMES = new Set<string>(['success', 'failure', 'unknown']);

/**
 * A document of SessionScope's own ECS export (`sessionscope.format` and `sessionscope.facts`): the event exactly as
 * it was normalized — principal, session key, resource, category, facts — with the format it was first imported
 * from stated (FACT.sourceFormat), so derivation names it as that format did and a re-import derives the same
 * identities, sessions and scope. Null for any other document.
 */
function fromSessionScopeExport(doc: Obj, ts: number): NormalizedEvent | null {
  const ss = doc.sessionscope;
  if (!isObj(ss) || typeof ss.format !== 'string' || !isObj(ss.facts)) return null;
  const facts: Facts = {};
  for (const [k, v] of Object.entries(ss.facts)) if (typeof v === 'string') facts[k] = v;
  facts[FACT.sourceFormat] = ss.format;
  const own = one(at(doc, EVENT_ID));
  if (own) facts.source_id = own;
  if (typeof ss.event_id === 'string') facts.source_event = ss.event_id;
  const ptype = str(ss.principal_type);
  const category = str(ss.category);
  const outcome = one(at(doc, OUTCOME));
  return {
    ts,
    principal: str(ss.principal),
    principalType: ptype && PTYPES.has(ptype) ? (ptype as PrincipalType) : 'unknown',
    sessionKey: str(ss.session_key),
    action: one(at(doc, ACTION)) ?? 'event',
    category: category && CATS.has(category) ? (category as Category) : 'other',
    resource: str(ss.resource),
    resourceType: str(ss.resource_type),
    outcome: outcome && OUTCOMES.has(outcome) ? (outcome as Outcome) : 'unknown',
    errorCode: one(at(doc, ERROR_CODE)),
    srcIp: firstIp(at(doc, SOURCE_IP)),
    userAgent: one(at(doc, UA)),
    detail: str(ss.detail),
    facts,
  };
}

export function normalizeEcs(v: Obj): NormalizedEvent | string {
  const doc = docOf(v);
  const ts = toMicros(at(doc, TS));
  if (ts === null) return 'no parseable timestamp (@timestamp)';
  const mine = fromSessionScopeExport(doc, ts);
  if (mine) return mine;
  let principal = firstOf(doc, PRINCIPAL);
  let fromAgent = false;
  if (!principal) {
    principal = firstOf(doc, AGENT);
    fromAgent = principal !== null;
  }
  const types = list(at(doc, TYPE));
  const action =
    one(at(doc, ACTION)) ??
    one(at(doc, CODE)) ??
    (types.length > 0 ? types.join(',') : null) ??
    one(at(doc, DATASET)) ??
    'event';
  const category = categoryOf(doc, action);
  const rawOutcome = one(at(doc, OUTCOME));
  const outcome: Outcome = outcomeByName(
    action,
    rawOutcome === 'success' || rawOutcome === 'failure' ? rawOutcome : 'unknown',
  );
  const reason = one(at(doc, REASON));
  const { resource, type: resourceType } = resourceOf(doc);

  const facts: Facts = {};
  const account = firstOf(doc, ACCOUNT);
  if (account) facts[FACT.account] = account;
  const agent = one(at(doc, AGENT[0]));
  if (agent && !fromAgent) facts[FACT.agent] = agent;
  const tool = one(at(doc, TOOL));
  if (tool) facts[FACT.tool] = tool;
  const trace = one(at(doc, TRACE));
  if (trace) facts[FACT.correlation] = trace;
  const effective = one(at(doc, EFFECTIVE));
  if (effective) facts.effective_user = effective;
  const dataset = one(at(doc, DATASET));
  if (dataset) facts.dataset = dataset;
  const docId = str(v._id) ?? one(at(doc, EVENT_ID));
  if (docId) facts.source_id = docId;
  const index = str(v._index);
  if (index) facts.source_index = index;
  if (category === 'logging') facts[FACT.logTamper] = action;

  const message = one(at(doc, MESSAGE)) ?? reason ?? one(at(doc, ERROR_MESSAGE));
  return {
    ts,
    principal,
    principalType: principalTypeOf(doc, principal, fromAgent),
    sessionKey: firstOf(doc, SESSION),
    action,
    category,
    resource,
    resourceType,
    outcome,
    errorCode: one(at(doc, ERROR_CODE)) ?? (outcome === 'failure' ? reason : null),
    srcIp: firstIp(at(doc, SOURCE_IP)) ?? firstIp(at(doc, CLIENT_IP)),
    userAgent: one(at(doc, UA)),
    detail: message ? (message.length > 4000 ? message.slice(0, 4000) + '…' : message) : null,
    facts,
  };
}

export const importer: Importer = {
  id: format.id,
  version: '2',
  title: format.title,
  input: 'json',
  detect,
  createParser: perObjectParser(normalizeEcs),
};
