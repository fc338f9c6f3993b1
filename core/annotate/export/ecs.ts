// ECS NDJSON export (Elastic Common Schema 8.x). The ECS fields are filled from the source record the way Elastic's
// own integrations fill them — `event.id` is the source's own id (CloudTrail `eventID`, Vault `request.id`, GitHub
// `_document_id`…), `event.provider`, `cloud.*`, `user.*`, `related.*`, `source.*` per source (checked against the
// integrations' outputs in the shared corpus) — so a document reads in Kibana like the integration's. Everything
// SessionScope knows besides is under `sessionscope.*`: its event id, the source format, the normalized principal,
// session key, resource and the importer's facts, so that re-importing the export (importers/ecs) derives the same
// identities, sessions and scope as the case it came from.
import type { ManualEvent } from '../../model/annotation.js';
import { FACT } from '../../model/facts.js';
import { markdownToText } from '../../../lib/markdown.js';
import type { AnnotatedEvent } from './rows.js';
import { tsIso6 } from './formats.js';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const s = (v: unknown): string | null =>
  typeof v === 'string' && v !== '' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : null;
function get(o: unknown, ...path: string[]): unknown {
  let cur = o;
  for (const p of path) {
    if (!isObj(cur)) return undefined;
    cur = cur[p];
  }
  return cur;
}

// ECS 8.x: event.category / event.type allowed values for each normalized category.
const ECS_CATEGORY: Record<string, { category: string[]; type: string[] }> = {
  auth: { category: ['authentication'], type: ['start'] },
  credential: { category: ['iam'], type: ['creation'] },
  read: { category: ['api'], type: ['access'] },
  write: { category: ['api'], type: ['change'] },
  delete: { category: ['api'], type: ['deletion'] },
  privilege: { category: ['iam'], type: ['admin', 'change'] },
  exec: { category: ['process'], type: ['start'] },
  query: { category: ['database'], type: ['access'] },
  config: { category: ['configuration'], type: ['change'] },
  logging: { category: ['configuration'], type: ['change'] },
  other: { category: ['api'], type: ['info'] },
};

/** The source record, parsed: JSON records (the first of a merged pair), a lookup-events element's inner record. */
function recordOf(raw: string | null): Obj | null {
  if (!raw) return null;
  const parse = (t: string): Obj | null => {
    try {
      const v = JSON.parse(t) as unknown;
      return isObj(v) ? v : null;
    } catch {
      return null;
    }
  };
  const t = raw.trimStart();
  if (!t.startsWith('{')) return null;
  const v = parse(t) ?? parse(t.slice(0, t.indexOf('\n') > 0 ? t.indexOf('\n') : t.length));
  if (v && typeof v.CloudTrailEvent === 'string') return parse(v.CloudTrailEvent) ?? v;
  return v;
}

interface Vendor {
  id?: string | null;
  provider?: string | null;
  cloud?: Obj;
  user?: Obj;
  entity?: (string | null | undefined)[];
  users?: (string | null | undefined)[];
  sourceAddress?: string | null;
  trace?: Obj;
  span?: Obj;
}

/** The ECS fields Elastic's integration for each source fills, from the record and the importer's facts. */
function vendorOf(format: string, r: Obj | null, f: Record<string, string>, principal: string | null): Vendor {
  const lines = (k: string) => (f[k] ? f[k].split('\n') : []);
  switch (format) {
    case 'cloudtrail': {
      const ui = get(r, 'userIdentity');
      const issuer = get(ui, 'sessionContext', 'sessionIssuer');
      return {
        id: s(get(r, 'eventID')),
        provider: s(get(r, 'eventSource')),
        cloud: {
          provider: 'aws',
          account: { id: s(get(r, 'recipientAccountId')) ?? f[FACT.account] ?? undefined },
          region: s(get(r, 'awsRegion')) ?? undefined,
        },
        user: {
          id: s(get(ui, 'principalId')) ?? undefined,
          name: s(get(issuer, 'userName')) ?? s(get(ui, 'userName')) ?? principal ?? undefined,
        },
        entity: [
          s(get(ui, 'principalId')),
          s(get(issuer, 'userName')),
          s(get(ui, 'userName')),
          f.role_session_name,
          s(get(ui, 'arn')),
          s(get(issuer, 'arn')),
          ...lines(FACT.targetIdentity),
          ...lines(FACT.issuedTo),
        ],
        sourceAddress: s(get(r, 'sourceIPAddress')),
      };
    }
    case 'gcp-audit': {
      const log = s(get(r, 'logName'));
      const auth = get(r, 'protoPayload', 'authenticationInfo');
      return {
        id: s(get(r, 'insertId')),
        provider: log ? log.slice(Math.max(log.lastIndexOf('%2F') + 3, log.lastIndexOf('/') + 1)) : null,
        cloud: { provider: 'gcp', project: { id: f[FACT.account] ?? s(get(r, 'resource', 'labels', 'project_id')) } },
        user: { email: s(get(auth, 'principalEmail')) ?? undefined, name: principal ?? undefined },
        entity: [
          s(get(r, 'protoPayload', 'resourceName')),
          s(get(r, 'protoPayload', 'request', 'name')),
          s(get(auth, 'principalSubject')),
          ...lines(FACT.delegationChain),
        ],
      };
    }
    case 'entra-signin':
    case 'entra-audit':
      return {
        id: s(get(r, 'properties', 'id')) ?? s(get(r, 'Id')) ?? s(get(r, 'id')),
        cloud: { provider: 'azure', account: { id: f[FACT.account] ?? s(get(r, 'tenantId')) ?? undefined } },
        user: { name: principal ?? undefined },
        entity: [
          ...lines(FACT.alias).map((a) => a.slice(a.indexOf('|') + 1)),
          ...entraTargets(get(r, 'properties', 'targetResources') ?? get(r, 'TargetResources')),
        ],
      };
    case 'github-audit':
      return {
        id: s(get(r, '_document_id')),
        user: { id: s(get(r, 'actor_id')) ?? undefined, name: s(get(r, 'actor')) ?? principal ?? undefined },
        users: [s(get(r, 'actor')), s(get(r, 'actor_id'))],
      };
    case 'vault-audit': {
      const auth = isObj(get(r, 'auth')) ? get(r, 'auth') : get(r, 'response', 'auth');
      return {
        id: s(get(r, 'request', 'id')),
        user: {
          id: s(get(auth, 'metadata', 'account_id')) ?? s(get(auth, 'entity_id')) ?? undefined,
          email: s(get(auth, 'metadata', 'email')) ?? undefined,
          name: s(get(auth, 'display_name')) ?? principal ?? undefined,
        },
      };
    }
    case 'k8s-audit':
      return { id: s(get(r, 'auditID')), user: { name: principal ?? undefined } };
    case 'okta':
      return {
        id: s(get(r, 'uuid')),
        user: {
          id: s(get(r, 'actor', 'id')) ?? undefined,
          name: s(get(r, 'actor', 'alternateId')) ?? principal ?? undefined,
          full_name: s(get(r, 'actor', 'displayName')) ?? undefined,
        },
      };
    case 'teleport':
      return { id: s(get(r, 'uid')), user: { name: principal ?? undefined } };
    case 'otel':
      return {
        id: f[FACT.spanId] ?? null,
        user: { name: principal ?? undefined },
        trace: f[FACT.traceId] ? { id: f[FACT.traceId] } : undefined,
        span: f[FACT.spanId] ? { id: f[FACT.spanId] } : undefined,
      };
    default:
      return { user: { name: principal ?? undefined } };
  }
}

/** The ids of an Entra audit record's target resources (a list, or a JSON string of one in Log Analytics rows). */
function entraTargets(v: unknown): (string | null)[] {
  let list = v;
  if (typeof v === 'string') {
    try {
      list = JSON.parse(v);
    } catch {
      return [];
    }
  }
  return Array.isArray(list) ? list.map((t) => s(get(t, 'id'))) : [];
}

const uniq = (xs: (string | null | undefined)[]): string[] => [
  ...new Set(xs.filter((x): x is string => typeof x === 'string' && x !== '')),
];

function message(r: AnnotatedEvent): string {
  const e = r.event;
  return `${e.identity ?? e.principal ?? '(unknown)'} ${e.action}${e.resource ? ` ${e.resource}` : ''} (${e.outcome}${e.error_code ? ` ${e.error_code}` : ''})`;
}

export function ecsRow(r: AnnotatedEvent): string {
  const e = r.event;
  const a = r.annotations;
  const f = r.facts ?? {};
  const cat = ECS_CATEGORY[e.category] ?? ECS_CATEGORY.other;
  const v = vendorOf(e.format, recordOf(r.raw), f, e.principal);
  const ip = e.src_ip;
  const address = ip ?? v.sourceAddress ?? f.source_host ?? null;
  const relatedUser = uniq([...(v.users ?? []), e.principal, e.identity]);
  const relatedEntity = uniq(v.entity ?? []);
  return (
    JSON.stringify({
      '@timestamp': tsIso6(e.ts),
      message: message(r),
      ecs: { version: '8.11.0' },
      event: {
        kind: 'event',
        category: cat.category,
        type: cat.type,
        action: e.action,
        outcome: e.outcome,
        dataset: `sessionscope.${e.format}`,
        module: e.format,
        ...(v.provider ? { provider: v.provider } : {}),
        ...(v.id ? { id: v.id } : {}),
        hash: e.raw_sha256,
        ...(r.raw !== null ? { original: r.raw } : {}),
      },
      ...(v.cloud ? { cloud: v.cloud } : {}),
      ...(v.user ? { user: v.user } : {}),
      ...(address ? { source: { address, ...(ip ? { ip } : {}) } } : {}),
      ...(e.user_agent ? { user_agent: { original: e.user_agent } } : {}),
      ...(e.error_code ? { error: { code: e.error_code } } : {}),
      ...(v.trace ? { trace: v.trace } : {}),
      ...(v.span ? { span: v.span } : {}),
      log: { file: { path: r.evidence.path } },
      related: {
        ...(relatedUser.length > 0 ? { user: relatedUser } : {}),
        ...(relatedEntity.length > 0 ? { entity: relatedEntity } : {}),
        ...(ip ? { ip: [ip] } : {}),
      },
      tags: a.tags,
      sessionscope: {
        event_id: String(e.id),
        format: e.format,
        identity: e.identity,
        principal: e.principal,
        principal_type: e.principal_type,
        session: e.session,
        session_key: e.session_key,
        resource: e.resource,
        resource_type: e.resource_type,
        category: e.category,
        detail: e.detail,
        facts: f,
        flags: e.flags,
        record_ref: e.record_ref,
        evidence: { id: e.evidence, file: r.evidence.name, sha256: r.evidence.sha256 },
        notes: a.notes,
        findings: a.findings,
        bookmarked: a.bookmarked,
        promoted: a.promoted,
        layers: a.layers,
      },
    }) + '\n'
  );
}

export function ecsManual(m: ManualEvent): string {
  return (
    JSON.stringify({
      '@timestamp': tsIso6(m.ts),
      message: `Analyst event (${m.kind}): ${m.title}`,
      ecs: { version: '8.11.0' },
      event: {
        kind: 'event',
        type: ['info'],
        action: `analyst-${m.kind}`,
        dataset: 'sessionscope.manual',
        module: 'sessionscope',
        id: `manual-${m.id}`,
      },
      tags: ['analyst-event'],
      sessionscope: {
        manual: {
          id: m.id,
          kind: m.kind,
          title: m.title,
          body: markdownToText(m.body),
          identity: m.identity,
          resource: m.resource,
          analyst: m.created_by,
          layer: m.layer,
        },
      },
    }) + '\n'
  );
}
