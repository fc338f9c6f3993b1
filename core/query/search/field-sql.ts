// One `field:value` → one SQL condition over the events view `e`. Values compare without ASCII case; `*` and `?`
// are wildcards over the whole value (no wildcard = the whole value, exactly). Names the case does not hold
// (an identity, a tag, a layer, an evidence file) are not errors — the query is well formed — but each leaves a
// note that search.parse and the CLI show, so an empty result is never unexplained.
import type { CaseDb } from '../../casefile/open.js';
import { SLOTS_PER_MS } from '../../evidence/event-ids.js';
import { FACT, LINK_FACTS } from '../../model/facts.js';
import { FLAG_NAMES } from '../../model/flags.js';
import { FORMAT_IDS } from '../../../importers/formats.js';
import { parseTypedTime } from '../../model/zoned-time.js';
import { formatMicros } from '../../model/time.js';
import {
  identityCondition,
  identityIdsCondition,
  resolveIdentityIds,
  resolveIdentityPattern,
  resolveSessions,
  sessionCondition,
  type Condition,
} from '../identity-filter.js';
import { hasWildcard, type FieldNode, type Seg } from '../../model/search/ast.js';
import { closest, SearchError } from '../../model/search/errors.js';
import { lookupField, type FieldSpec } from '../../model/search/fields.js';
import { globTest, likePattern, segsText } from '../../model/search/glob.js';
import { ipCondition, ipValue } from './ip-sql.js';
import { valueDriver } from './value-driver.js';

export interface Note {
  message: string;
  start: number;
  end: number;
}

export interface CompileContext {
  db: CaseDb;
  /** Zone for typed times without an offset. */
  tz: string;
  notes: Note[];
  /**
   * Per field filter over an indexed text column: the search_postings expression (FTS5) that finds a superset of
   * its events in id order (value-driver.ts), or null when it cannot (too many values, index not built).
   */
  drivers?: Map<FieldNode, string | null>;
}

const NOTHING: Condition = { sql: '0', args: [] };

function textCondition(column: string, segs: Seg[]): Condition {
  if (segs.length === 1 && segs[0].t === 'star')
    return { sql: `(e.${column} IS NOT NULL AND e.${column} != '')`, args: [] };
  if (!hasWildcard(segs)) return { sql: `e.${column} = ? COLLATE NOCASE`, args: [segsText(segs)] };
  return { sql: `e.${column} LIKE ? ESCAPE '\\'`, args: [likePattern(segs)] };
}

/** A text column's condition; the value index's driver for it is kept for the compiler (compile.ts). */
function textField(ctx: CompileContext, n: FieldNode, column: string): Condition {
  const c = textCondition(column, n.segs);
  const d = valueDriver(ctx.db, column, n.segs);
  if (d === 'none') return NOTHING;
  ctx.drivers?.set(n, d);
  return c;
}

function note(ctx: CompileContext, n: FieldNode, message: string): void {
  ctx.notes.push({ message, start: n.start, end: n.valueEnd });
}

/** Values of a closed set a glob selects; an error naming the set when none. */
function pickValues(n: FieldNode, values: readonly string[], what: string): string[] {
  const test = globTest(n.segs);
  const hit = values.filter(test);
  if (hit.length > 0) return hit;
  const v = segsText(n.segs);
  const near = closest(v, values);
  throw new SearchError(
    `unknown ${what} '${v}'${near.length ? `: did you mean ${near.join(' or ')}?` : ''} (one of ${values.join(', ')})`,
    n.valueStart,
    n.valueEnd,
    { expected: [...values], suggestions: near },
  );
}

function inList(column: string, values: (string | number)[]): Condition {
  return { sql: `e.${column} IN (${values.map(() => '?').join(',')})`, args: values };
}

function timeCondition(ctx: CompileContext, n: FieldNode, after: boolean): Condition {
  if (hasWildcard(n.segs))
    throw new SearchError(`${n.name}: takes a time, not a pattern`, n.valueStart, n.valueEnd, {
      expected: ['2026-03-10', '2026-03-10T14:05', '2026-03-10T14:05:00Z'],
    });
  const v = segsText(n.segs);
  const us = parseTypedTime(v, ctx.tz);
  if (us === null)
    throw new SearchError(
      `'${v}' is not a time: write 2026-03-10, 2026-03-10T14:05 (in ${ctx.tz}) or 2026-03-10T14:05:00Z`,
      n.valueStart,
      n.valueEnd,
      { expected: ['2026-03-10', '2026-03-10T14:05', '2026-03-10T14:05:00Z'] },
    );
  if (!/(?:Z|[+-]\d{2}:?\d{2})$/i.test(v) && ctx.tz !== 'UTC')
    note(ctx, n, `${n.name}:${v} read in ${ctx.tz}: ${formatMicros(us)}`);
  // Ids are time-keyed: the id bound lets SQLite read only that part of the table; ts makes it exact.
  if (after) return { sql: '(e.id >= ? AND e.ts >= ?)', args: [Math.floor(us / 1000) * SLOTS_PER_MS, us] };
  return { sql: '(e.id < ? AND e.ts < ?)', args: [(Math.ceil(us / 1000) + 1) * SLOTS_PER_MS, us] };
}

function identity(ctx: CompileContext, n: FieldNode): Condition {
  const { db } = ctx;
  const derived = (db.prepare('SELECT count(*) FROM identities').pluck().get() as number) > 0;
  const v = segsText(n.segs);
  if (!hasWildcard(n.segs)) {
    if (derived && resolveIdentityIds(db, v).length === 0) {
      note(ctx, n, `no identity is named ${v}`);
      return NOTHING;
    }
    return identityCondition(db, v);
  }
  if (!derived) return textField(ctx, n, 'principal');
  if (n.segs.length === 1 && n.segs[0].t === 'star') return { sql: 'e.identity_id IS NOT NULL', args: [] };
  const ids = resolveIdentityPattern(db, likePattern(n.segs));
  if (ids.length === 0) {
    note(ctx, n, `no identity name or alias matches ${v}`);
    return NOTHING;
  }
  return identityIdsCondition(db, ids);
}

function session(ctx: CompileContext, n: FieldNode): Condition {
  if (hasWildcard(n.segs)) return textField(ctx, n, 'session_key');
  let v = segsText(n.segs);
  if (/^s\d+$/.test(v)) v = 'S' + v.slice(1);
  if (resolveSessions(ctx.db, v).length === 0) note(ctx, n, `no derived session is ${v}: matching the log session key`);
  return sessionCondition(ctx.db, v);
}

function tag(ctx: CompileContext, n: FieldNode): Condition {
  const like = likePattern(n.segs);
  const used = ctx.db
    .prepare("SELECT 1 FROM annotations WHERE kind = 'tag' AND deleted_at IS NULL AND tag LIKE ? ESCAPE '\\' LIMIT 1")
    .get(like);
  if (!used) note(ctx, n, `no annotation carries the tag ${segsText(n.segs)}`);
  return {
    sql: `e.id IN (SELECT event_id FROM annotations WHERE kind = 'tag' AND target_kind = 'event' AND deleted_at IS NULL AND tag LIKE ? ESCAPE '\\')`,
    args: [like],
  };
}

function layer(ctx: CompileContext, n: FieldNode): Condition {
  const ids = ctx.db
    .prepare("SELECT id FROM layers WHERE deleted_at IS NULL AND name LIKE ? ESCAPE '\\'")
    .pluck()
    .all(likePattern(n.segs)) as number[];
  if (ids.length === 0) {
    const names = ctx.db
      .prepare('SELECT name FROM layers WHERE deleted_at IS NULL ORDER BY position')
      .pluck()
      .all() as string[];
    note(ctx, n, `no layer is named ${segsText(n.segs)}${names.length ? ` (layers: ${names.join(', ')})` : ''}`);
    return NOTHING;
  }
  return {
    sql: `e.id IN (SELECT event_id FROM annotations WHERE target_kind = 'event' AND deleted_at IS NULL AND layer_id IN (${ids.map(() => '?').join(',')}))`,
    args: ids,
  };
}

function evidence(ctx: CompileContext, n: FieldNode): Condition {
  const v = segsText(n.segs);
  const ids = /^\d+$/.test(v)
    ? (ctx.db.prepare('SELECT id FROM evidence WHERE id = ?').pluck().all(Number(v)) as number[])
    : (ctx.db
        .prepare("SELECT id FROM evidence WHERE name LIKE ? ESCAPE '\\' OR path LIKE ? ESCAPE '\\'")
        .pluck()
        .all(likePattern(n.segs), likePattern(n.segs)) as number[]);
  if (ids.length === 0) {
    note(ctx, n, `no evidence file is ${v}`);
    return NOTHING;
  }
  return inList('evidence_id', ids);
}

function eventId(n: FieldNode): Condition {
  const v = segsText(n.segs);
  if (!/^\d{1,17}$/.test(v))
    throw new SearchError(`'${v}' is not an event id (a whole number)`, n.valueStart, n.valueEnd);
  return { sql: 'e.id = ?', args: [Number(v)] };
}

const knownFacts = new WeakMap<CaseDb, Set<string>>();

/** Whether a fact key is known: the documented vocabulary, or a key this case's importers wrote (re-read on a miss). */
function isFactKey(db: CaseDb, key: string): boolean {
  if ((Object.values(FACT) as string[]).includes(key) || knownFacts.get(db)?.has(key)) return true;
  knownFacts.set(db, new Set(db.prepare('SELECT DISTINCT key FROM event_facts').pluck().all() as string[]));
  return knownFacts.get(db)!.has(key);
}

function fact(ctx: CompileContext, n: FieldNode): Condition {
  const key = n.sub!;
  if (!isFactKey(ctx.db, key)) {
    const known = [...new Set([...Object.values(FACT), ...knownFacts.get(ctx.db)!])].sort();
    const near = closest(key, known);
    throw new SearchError(
      `unknown fact '${key}'${near.length ? `: did you mean ${near.map((k) => 'fact.' + k).join(' or ')}?` : ''}`,
      n.start + 'fact.'.length,
      n.start + n.name.length,
      { suggestions: near.map((k) => 'fact.' + k), expected: known.map((k) => 'fact.' + k) },
    );
  }
  // A fact holding several values joins them with newlines: the value must match one of them.
  const pattern = `%\n${likePattern(n.segs)}\n%`;
  const table = LINK_FACTS.includes(key) ? 'event_links' : 'event_facts';
  return {
    sql: `e.id IN (SELECT event_id FROM ${table} WHERE key = ? AND char(10) || value || char(10) LIKE ? ESCAPE '\\')`,
    args: [key, pattern],
  };
}

/** `asn:`, `org:`, `country:`, `cloud:`, `tor:` → the events whose source address ip_intel describes so. */
function intel(n: FieldNode, spec: FieldSpec): Condition {
  const v = segsText(n.segs);
  const any = n.segs.length === 1 && n.segs[0].t === 'star';
  const where = (sql: string, args: unknown[]): Condition => ({
    sql: `(e.src_ip IS NOT NULL AND e.src_ip IN (SELECT ip FROM ip_intel WHERE ${sql}))`,
    args,
  });
  const glob = (col: string, segs: Seg[]): { sql: string; args: unknown[] } =>
    hasWildcard(segs)
      ? { sql: `${col} LIKE ? ESCAPE '\\'`, args: [likePattern(segs)] }
      : { sql: `${col} = ? COLLATE NOCASE`, args: [segsText(segs)] };
  switch (spec.column) {
    case 'asn': {
      if (any) return where('asn IS NOT NULL', []);
      const m = /^(?:AS)?(\d{1,10})$/i.exec(v);
      if (!m || hasWildcard(n.segs))
        throw new SearchError(`asn: takes an AS number (14061 or AS14061), not '${v}'`, n.valueStart, n.valueEnd, {
          expected: ['14061', 'AS14061'],
        });
      return where('asn = ?', [Number(m[1])]);
    }
    case 'tor': {
      const yes = /^(yes|true|1)$/i.test(v);
      if (!yes && !/^(no|false|0)$/i.test(v))
        throw new SearchError(`tor: takes yes or no, not '${v}'`, n.valueStart, n.valueEnd, {
          expected: ['yes', 'no'],
        });
      return where('tor = ?', [yes ? 1 : 0]);
    }
    case 'cloud': {
      if (any) return where('cloud IS NOT NULL', []);
      // provider, provider/region-or-service, provider/region/service (split on '/' keeping the wildcards)
      const parts: Seg[][] = [[]];
      for (const sg of n.segs) {
        if (sg.t !== 'lit') {
          parts[parts.length - 1].push(sg);
          continue;
        }
        sg.s.split('/').forEach((piece, j) => {
          if (j > 0) parts.push([]);
          if (piece !== '') parts[parts.length - 1].push({ t: 'lit', s: piece });
        });
      }
      if (parts.length > 3 || parts.some((p) => p.length === 0))
        throw new SearchError(
          `cloud: takes a provider, then /region or /service (aws, aws/us-east-1, github/actions), not '${v}'`,
          n.valueStart,
          n.valueEnd,
          { expected: ['aws', 'aws/us-east-1', 'azure/eastus', 'gcp', 'github/actions', 'oracle', 'cloudflare'] },
        );
      const conds: string[] = [];
      const args: unknown[] = [];
      const add = (c: { sql: string; args: unknown[] }) => {
        conds.push(c.sql);
        args.push(...c.args);
      };
      // cloud_service may list several services ("EC2,S3"): the value must match one of them.
      const service = (segs: Seg[]) => ({
        sql: "(',' || cloud_service || ',') LIKE ? ESCAPE '\\'",
        args: [`%,${likePattern(segs)},%`],
      });
      add(glob('cloud', parts[0]));
      if (parts.length === 2) {
        const r = glob('cloud_region', parts[1]);
        const s2 = service(parts[1]);
        conds.push(`(${r.sql} OR ${s2.sql})`);
        args.push(...r.args, ...s2.args);
      }
      if (parts.length === 3) {
        add(glob('cloud_region', parts[1]));
        add(service(parts[2]));
      }
      return where(conds.join(' AND '), args);
    }
    default: {
      if (any) return where(`${spec.column} IS NOT NULL`, []);
      const g = glob(spec.column!, n.segs);
      return where(g.sql, g.args);
    }
  }
}

/** The SQL condition of one field filter. */
export function fieldCondition(ctx: CompileContext, n: FieldNode): Condition {
  const spec = lookupField(n.name)?.spec as FieldSpec;
  switch (spec.kind) {
    case 'text':
      return textField(ctx, n, spec.column!);
    case 'enum':
      return inList(spec.column!, pickValues(n, spec.values!, spec.name));
    case 'format':
      return inList(spec.column!, pickValues(n, FORMAT_IDS, spec.name));
    case 'ip':
    case 'ip_or_text': {
      const ip = ipValue(n, spec.kind === 'ip');
      if (!ip) return textField(ctx, n, spec.column!);
      if (ip.note) note(ctx, n, ip.note);
      return ipCondition(ctx.db, ip.range);
    }
    case 'after':
    case 'before':
      return timeCondition(ctx, n, spec.kind === 'after');
    case 'flag': {
      const names = pickValues(n, spec.values!, 'flag');
      const mask = FLAG_NAMES.filter(([, name]) => names.includes(name)).reduce((m, [bit]) => m | bit, 0);
      // `flags != 0` first: SQLite then reads flagged events from their partial index.
      return { sql: '(e.flags != 0 AND (e.flags & ?) != 0)', args: [mask] };
    }
    case 'tag':
      return tag(ctx, n);
    case 'layer':
      return layer(ctx, n);
    case 'identity':
      return identity(ctx, n);
    case 'session':
      return session(ctx, n);
    case 'evidence':
      return evidence(ctx, n);
    case 'id':
      return eventId(n);
    case 'fact':
      return fact(ctx, n);
    case 'intel':
      return intel(n, spec);
  }
}
