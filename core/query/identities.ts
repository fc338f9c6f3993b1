// Resolved identities for the CLI, the identities view and the graph: list (NHI first) and one in full.
import type { CaseDb } from '../casefile/open.js';
import { UserError } from '../errors.js';
import { formatMicros } from '../model/time.js';
import type { FormatId } from '../model/event.js';
import type { IdentityKind } from '../model/identity.js';
import { resolveIdentity } from './resolve.js';
import { exposureOf, type ExposureJson } from './exposure.js';
import { decodeCursor, encodeCursor, MAX_PAGE, pageLimit, type Page } from './page.js';

/** Up to a page's most rows, each identity's first aliases are read by a query of their own (withAliases). */
const PER_IDENTITY_MAX = MAX_PAGE;

export interface AliasJson {
  system: string;
  value: string;
  method: string;
  confidence: number;
  /** events that carry this name as their principal */
  events: number;
  /** event ids proving the link (at most 20) */
  proof: number[];
  linked_to: string | null;
}

export interface IdentityJson {
  id: number;
  name: string;
  key: string;
  system: string;
  kind: IdentityKind;
  nhi: boolean;
  /**
   * Why it is that kind (docs/derivation.md, "Kind and NHI"): `name-shape`, `interactive-use`, `machine-user`,
   * `principal-type:<type>`, `machine-name`, `unknown`, or `analyst` when an analyst reclassified it (which wins).
   */
  kind_rule: string | null;
  aliases: AliasJson[];
  alias_count: number;
  events: number;
  failures: number;
  sessions: number;
  first_seen: string | null;
  last_seen: string | null;
  sources: FormatId[];
  /** what it read and how much, where its sources state it (null: nothing stated) */
  exposure: ExposureJson | null;
}

interface Row {
  id: number;
  key: string;
  name: string;
  system: string;
  kind: IdentityKind;
  nhi: number;
  kind_rule: string | null;
  events: number;
  failures: number;
  sessions: number;
  first_ts: number | null;
  last_ts: number | null;
  sources: string;
  alias_count: number;
}

interface AliasRow {
  identity_id: number;
  system: string;
  value: string;
  method: string;
  confidence: number;
  events: number;
  proof: string;
  linked_to: string | null;
}

const COLS =
  'id, key, name, system, kind, nhi, kind_rule, events, failures, sessions, first_ts, last_ts, sources, alias_count';

function toJson(r: Row, aliases: AliasJson[], exposure: ExposureJson | null = null): IdentityJson {
  return {
    id: r.id,
    name: r.name,
    key: r.key,
    system: r.system,
    kind: r.kind,
    nhi: r.nhi === 1,
    kind_rule: r.kind_rule,
    aliases,
    alias_count: r.alias_count,
    events: r.events,
    failures: r.failures,
    sessions: r.sessions,
    first_seen: r.first_ts === null ? null : formatMicros(r.first_ts),
    last_seen: r.last_ts === null ? null : formatMicros(r.last_ts),
    sources: r.sources ? (r.sources.split(',') as FormatId[]) : [],
    exposure,
  };
}

function aliasJson(a: AliasRow): AliasJson {
  return {
    system: a.system,
    value: a.value,
    method: a.method,
    confidence: a.confidence,
    events: a.events,
    proof: JSON.parse(a.proof) as number[],
    linked_to: a.linked_to,
  };
}

export interface ListOptions {
  nhi?: boolean;
  kind?: string;
  /** substring of the name or an alias */
  search?: string;
  limit?: number;
  offset?: number;
  /** aliases returned per identity (default 20; all with -1) */
  aliases?: number;
}

function identityWhere(o: ListOptions): { where: string[]; args: unknown[] } {
  const where = ['live = 1'];
  const args: unknown[] = [];
  if (o.nhi !== undefined) {
    where.push('nhi = ?');
    args.push(o.nhi ? 1 : 0);
  }
  if (o.kind) {
    where.push('kind = ?');
    args.push(o.kind);
  }
  if (o.search) {
    where.push(
      '(instr(lower(name), lower(?)) > 0 OR id IN (SELECT identity_id FROM aliases WHERE instr(lower(value), lower(?)) > 0))',
    );
    args.push(o.search, o.search);
  }
  return { where, args };
}

const ALIAS_COLS = 'identity_id, system, value, method, confidence, events, proof, linked_to';

function withAliases(db: CaseDb, rows: Row[], per: number): IdentityJson[] {
  const byId = new Map<number, AliasJson[]>(rows.map((r) => [r.id, []]));
  if (rows.length > 0 && per > 0 && rows.length <= PER_IDENTITY_MAX) {
    // A page asks each identity for its first `per` aliases: a role assumed by thousands of sessions has thousands
    // of aliases, and reading every alias of a page's identities to keep 20 each (65,862 rows for the first 500
    // identities of a 10M-event case) was most of a page's time (~190 of ~200 ms; this way ~20 ms).
    const st = db.prepare(`SELECT ${ALIAS_COLS} FROM aliases WHERE identity_id = ? ORDER BY events DESC, id LIMIT ?`);
    for (const r of rows) byId.set(r.id, (st.all(r.id, per) as AliasRow[]).map(aliasJson));
  } else if (rows.length > 0 && per !== 0) {
    // Every alias (per < 0), or a list too long for a query per identity: one pass over the table.
    const all = rows.length > 200;
    const st = all
      ? db.prepare(`SELECT ${ALIAS_COLS} FROM aliases ORDER BY identity_id, events DESC, id`)
      : db.prepare(
          `SELECT ${ALIAS_COLS} FROM aliases WHERE identity_id IN (${rows.map(() => '?').join(',')}) ORDER BY identity_id, events DESC, id`,
        );
    for (const a of (all ? st.iterate() : st.iterate(...rows.map((r) => r.id))) as Iterable<AliasRow>) {
      const l = byId.get(a.identity_id);
      if (l && (per < 0 || l.length < per)) l.push(aliasJson(a));
    }
  }
  const ex = exposureOf(
    db,
    'identity',
    rows.map((r) => r.id),
  );
  return rows.map((r) => toJson(r, byId.get(r.id) ?? [], ex.get(r.id) ?? null));
}

/** Live identities, non-human first, then by events. */
export function listIdentities(db: CaseDb, o: ListOptions = {}): IdentityJson[] {
  const { where, args } = identityWhere(o);
  const rows = db
    .prepare(
      `SELECT ${COLS} FROM identities WHERE ${where.join(' AND ')} ORDER BY nhi DESC, events DESC, name, id LIMIT ? OFFSET ?`,
    )
    .all(...args, o.limit ?? 100_000, o.offset ?? 0) as Row[];
  return withAliases(db, rows, o.aliases ?? 20);
}

/**
 * One page of `listIdentities`, in the same order, by keyset: {items, next, total}. Pass `next` back as `cursor`
 * for the page after.
 */
export function pageIdentities(
  db: CaseDb,
  o: Omit<ListOptions, 'limit' | 'offset'> & { cursor?: string; limit?: number } = {},
): Page<IdentityJson> {
  const limit = pageLimit(o.limit);
  const { where, args } = identityWhere(o);
  const total = db
    .prepare(`SELECT count(*) FROM identities WHERE ${where.join(' AND ')}`)
    .pluck()
    .get(...args) as number;
  if (o.cursor) {
    const [nhi, events, name, id] = decodeCursor(o.cursor, ['number', 'number', 'string', 'number']);
    where.push('(nhi < ? OR (nhi = ? AND (events < ? OR (events = ? AND (name > ? OR (name = ? AND id > ?))))))');
    args.push(nhi, nhi, events, events, name, name, id);
  }
  const rows = db
    .prepare(
      `SELECT ${COLS} FROM identities WHERE ${where.join(' AND ')} ORDER BY nhi DESC, events DESC, name, id LIMIT ?`,
    )
    .all(...args, limit + 1) as Row[];
  const more = rows.length > limit;
  if (more) rows.length = limit;
  const last = rows[rows.length - 1];
  return {
    items: withAliases(db, rows, o.aliases ?? 20),
    next: more ? encodeCursor([last.nhi, last.events, last.name, last.id]) : null,
    total,
  };
}

/** One identity by id, name or alias; throws NOT_FOUND, or INVALID_PARAMS when the name is ambiguous. */
export function findIdentity(db: CaseDb, ref: string): number {
  const r = resolveIdentity(db, ref);
  if (r.kind === 'principal')
    throw new UserError('NOT_FOUND', `${ref} is a logged principal with no derived identity: run sessionscope derive`);
  return r.id;
}

export interface IdentityDetail extends IdentityJson {
  candidates: {
    alias: string;
    other: string;
    other_identity: number | null;
    method: string;
    confidence: number;
    reason: string;
    proof: number[];
  }[];
  edges_out: { kind: string; identity: string; identity_id: number; events: number; first: string; last: string }[];
  edges_in: { kind: string; identity: string; identity_id: number; events: number; first: string; last: string }[];
  sources_detail: {
    format: string;
    auth_events: number;
    action_events: number;
    issued_to: number;
    first: string;
    last: string;
  }[];
  top_resources: {
    resource: string;
    type: string | null;
    events: number;
    first: string;
    last: string;
    actions: string[];
  }[];
  source_identities: string[];
  decisions: {
    id: number;
    action: string;
    note: string | null;
    analyst: string | null;
    at: string;
    revoked_at: string | null;
  }[];
}

/** One identity in full, by id, name or alias (see findIdentity). */
export function getIdentity(db: CaseDb, ref: string): IdentityDetail {
  return identityById(db, findIdentity(db, ref));
}

/** One identity in full, by its id (a live identity's, as events and sessions carry it). */
export function identityById(db: CaseDb, id: number): IdentityDetail {
  const r = db.prepare(`SELECT ${COLS} FROM identities WHERE id = ?`).get(id) as Row | undefined;
  if (!r) throw new UserError('NOT_FOUND', `no identity ${id}`);
  const aliases = (
    db
      .prepare(
        'SELECT identity_id, system, value, method, confidence, events, proof, linked_to FROM aliases WHERE identity_id = ? ORDER BY events DESC, id',
      )
      .all(id) as AliasRow[]
  ).map(aliasJson);
  const keys = aliases.map((a) => `${a.system}|${a.value}`);
  const keySet = new Set(keys);
  const candidates: IdentityDetail['candidates'] = [];
  const ownerSt = db.prepare('SELECT identity_id FROM aliases WHERE value = ? AND system = ? LIMIT 1').pluck();
  const owner = { get: (k: string) => ownerSt.get(k.slice(k.indexOf('|') + 1), k.slice(0, k.indexOf('|'))) };
  for (const c of db.prepare('SELECT a, b, method, confidence, reason, proof FROM alias_candidates').all() as {
    a: string;
    b: string;
    method: string;
    confidence: number;
    reason: string;
    proof: string;
  }[]) {
    const mine = keySet.has(c.a) ? c.a : keySet.has(c.b) ? c.b : null;
    if (!mine) continue;
    const other = mine === c.a ? c.b : c.a;
    candidates.push({
      alias: mine,
      other,
      other_identity: (owner.get(other) as number | undefined) ?? null,
      method: c.method,
      confidence: c.confidence,
      reason: c.reason,
      proof: JSON.parse(c.proof) as number[],
    });
  }
  const edge = (sql: string) =>
    (
      db.prepare(sql).all(id) as {
        kind: string;
        identity: string;
        identity_id: number;
        events: number;
        first_ts: number;
        last_ts: number;
      }[]
    ).map((e) => ({
      kind: e.kind,
      identity: e.identity,
      identity_id: e.identity_id,
      events: e.events,
      first: formatMicros(e.first_ts),
      last: formatMicros(e.last_ts),
    }));
  const sources = (
    db
      .prepare(
        'SELECT format, auth_events, action_events, issued_to, first_ts, last_ts FROM identity_sources WHERE identity_id = ? ORDER BY format',
      )
      .all(id) as {
      format: string;
      auth_events: number;
      action_events: number;
      issued_to: number;
      first_ts: number;
      last_ts: number;
    }[]
  ).map((s) => ({
    format: s.format,
    auth_events: s.auth_events,
    action_events: s.action_events,
    issued_to: s.issued_to,
    first: formatMicros(s.first_ts),
    last: formatMicros(s.last_ts),
  }));
  const top = (
    db
      .prepare(
        `SELECT r.name, r.type, e.events, e.first_ts, e.last_ts, e.actions FROM resource_edges e JOIN resources r ON r.id = e.resource_id
    WHERE e.identity_id = ? ORDER BY e.events DESC LIMIT 50`,
      )
      .all(id) as {
      name: string;
      type: string | null;
      events: number;
      first_ts: number;
      last_ts: number;
      actions: string;
    }[]
  ).map((x) => ({
    resource: x.name,
    type: x.type,
    events: x.events,
    first: formatMicros(x.first_ts),
    last: formatMicros(x.last_ts),
    actions: x.actions ? x.actions.split(',') : [],
  }));
  const srcIds = db
    .prepare(
      'SELECT DISTINCT source_identity FROM sessions WHERE identity_id = ? AND source_identity IS NOT NULL LIMIT 50',
    )
    .pluck()
    .all(id) as string[];
  const decisions = (
    db.prepare('SELECT id, action, a, b, note, analyst, at, revoked_at FROM identity_decisions ORDER BY id').all() as {
      id: number;
      action: string;
      a: string;
      b: string;
      note: string | null;
      analyst: string | null;
      at: string;
      revoked_at: string | null;
    }[]
  )
    .filter((d) => [...(JSON.parse(d.a) as string[]), ...(JSON.parse(d.b) as string[])].some((k) => keySet.has(k)))
    .map(({ a: _a, b: _b, ...rest }) => rest);
  return {
    ...toJson(r, aliases, exposureOf(db, 'identity', [id]).get(id) ?? null),
    candidates,
    edges_out: edge(
      `SELECT e.kind, i.name AS identity, i.id AS identity_id, e.events, e.first_ts, e.last_ts FROM identity_edges e JOIN identities i ON i.id = e.dst WHERE e.src = ? ORDER BY e.first_ts`,
    ),
    edges_in: edge(
      `SELECT e.kind, i.name AS identity, i.id AS identity_id, e.events, e.first_ts, e.last_ts FROM identity_edges e JOIN identities i ON i.id = e.src WHERE e.dst = ? ORDER BY e.first_ts`,
    ),
    sources_detail: sources,
    top_resources: top,
    source_identities: srcIds,
    decisions,
  };
}
