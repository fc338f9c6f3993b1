// The one way a name typed by a person becomes an identity, a session or an event: every command and API method
// that takes `--identity`, `--session` or an event id goes through here, so `annotate --identity backup-svc` accepts
// exactly what `events --identity backup-svc` does. A name that matches nothing is an error naming the closest
// matches, and one that matches several identities lists them: a typo never turns into an empty answer.
import type { CaseDb } from '../casefile/open.js';
import { UserError } from '../errors.js';
import { resolveIdentityIds, resolveSessions, sessionCondition, type Condition } from './identity-filter.js';

export type ResolvedIdentity =
  | { kind: 'identity'; id: number; name: string }
  /** No identity carries the name, but events log it as their principal (a case not derived yet). */
  | { kind: 'principal'; principal: string };

interface Candidate {
  id: number;
  name: string;
  kind: string;
  events: number;
}

const SHOWN = 8;

function describe(c: Candidate): string {
  return `I${c.id} ${c.name} (${c.kind}, ${c.events} events)`;
}

/**
 * An identity by id (`12`, `I12`; a merged id leads to its successor), name, canonical key, alias value
 * (`system|value` too) or the last part of an alias after `/` or `:` (`backup-svc`, `user/backup-svc`). Throws
 * AMBIGUOUS listing the candidates when several live identities match, NOT_FOUND with the closest names when none
 * does (and no event logs it as its principal).
 */
export function resolveIdentity(db: CaseDb, ref: string): ResolvedIdentity {
  const name = ref.trim();
  if (name === '') throw new UserError('INVALID_PARAMS', 'an identity is needed: an id, name or alias');
  const ids = resolveIdentityIds(db, name);
  if (ids.length === 1) {
    const n = db.prepare('SELECT name FROM identities WHERE id = ?').pluck().get(ids[0]) as string;
    return { kind: 'identity', id: ids[0], name: n };
  }
  if (ids.length > 1) {
    const rows = db
      .prepare(
        `SELECT id, name, kind, events FROM identities WHERE id IN (${ids.map(() => '?').join(',')}) ORDER BY events DESC, id`,
      )
      .all(...ids) as Candidate[];
    const more = rows.length > SHOWN ? `; +${rows.length - SHOWN} more (sessionscope identities --search)` : '';
    throw new UserError(
      'AMBIGUOUS',
      `identity ${JSON.stringify(name)} matches ${rows.length} identities: ${rows
        .slice(0, SHOWN)
        .map(describe)
        .join('; ')}${more} — name one by its id (I${rows[0].id}) or full name`,
    );
  }
  if (db.prepare('SELECT 1 FROM events WHERE principal = ? LIMIT 1').get(name))
    return { kind: 'principal', principal: name };
  throw new UserError(
    'NOT_FOUND',
    `no identity matches ${JSON.stringify(name)}${closest(closestIdentities(db, name))}`,
  );
}

/** The identity's id list for a filter: one id, or none (the caller matches the logged principal). */
export function identityIds(db: CaseDb, ref: string): number[] {
  const r = resolveIdentity(db, ref);
  return r.kind === 'identity' ? [r.id] : [];
}

function closest(names: string[]): string {
  return names.length > 0
    ? `; closest: ${names.join(', ')}`
    : '; the case has no identity of that name (sessionscope identities lists them)';
}

/** Edit distance, bounded: past `max` the exact value does not matter. */
export function distance(a: string, b: string, max = 64): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < best) best = v;
    }
    if (best > max) return max + 1;
    prev = cur;
  }
  return prev[b.length];
}

/** Up to `n` of `values` nearest `to`: those containing it (or contained in it) first, then by edit distance. */
export function nearest(to: string, values: Iterable<string>, n = 5): string[] {
  const q = to.toLowerCase();
  const scored: { v: string; s: number }[] = [];
  const seen = new Set<string>();
  for (const v of values) {
    if (seen.has(v)) continue;
    seen.add(v);
    const l = v.toLowerCase();
    const tail = l.slice(Math.max(l.lastIndexOf('/'), l.lastIndexOf(':')) + 1);
    const d = Math.min(distance(q, l, 8), distance(q, tail, 8));
    const s = l.includes(q) || (tail.length > 2 && q.includes(tail)) ? -1000 + l.length : d;
    // Far from everything: not worth suggesting.
    if (s > Math.max(3, Math.floor(q.length / 2))) continue;
    scored.push({ v, s });
  }
  return scored
    .sort((a, b) => a.s - b.s || a.v.localeCompare(b.v))
    .slice(0, n)
    .map((x) => x.v);
}

const SCAN = 200_000;

function closestIdentities(db: CaseDb, name: string): string[] {
  const names = db.prepare('SELECT name FROM identities WHERE live = 1 LIMIT ?').pluck().all(SCAN) as string[];
  const aliases = db.prepare('SELECT DISTINCT value FROM aliases LIMIT ?').pluck().all(SCAN) as string[];
  const found = nearest(name, [...names, ...aliases]);
  if (found.length > 0) return found;
  // Not derived yet: the principals the logs name.
  return nearest(
    name,
    db
      .prepare('SELECT DISTINCT principal FROM events WHERE principal IS NOT NULL LIMIT ?')
      .pluck()
      .all(SCAN) as string[],
  );
}

/**
 * Checks that a session reference names something: a derived session (`S12`, `12`) or a log session key some event
 * carries. Throws NOT_FOUND with the closest keys and ids otherwise.
 */
export function checkSession(db: CaseDb, ref: string): void {
  const key = ref.trim();
  if (resolveSessions(db, key).length > 0) return;
  if (db.prepare('SELECT 1 FROM events WHERE session_key = ? LIMIT 1').get(key)) return;
  const m = /^S?(\d+)$/.exec(key);
  let near: string[];
  if (m) {
    const id = Number(m[1]);
    near = (
      db
        .prepare(
          'SELECT id FROM (SELECT id FROM sessions WHERE id < ? ORDER BY id DESC LIMIT 2) UNION SELECT id FROM (SELECT id FROM sessions WHERE id > ? ORDER BY id LIMIT 2)',
        )
        .pluck()
        .all(id, id) as number[]
    )
      .sort((a, b) => a - b)
      .map((i) => `S${i}`);
  } else {
    const keys = db
      .prepare('SELECT DISTINCT session_key FROM sessions WHERE session_key IS NOT NULL LIMIT ?')
      .pluck()
      .all(SCAN) as string[];
    near = nearest(key, keys);
  }
  throw new UserError(
    'NOT_FOUND',
    `no session ${JSON.stringify(key)}${near.length > 0 ? `; closest: ${near.join(', ')}` : '; sessionscope sessions lists them'}`,
  );
}

/** Checks an event id; NOT_FOUND names the events just before and after it. */
export function checkEvent(db: CaseDb, id: number): void {
  if (db.prepare('SELECT 1 FROM events WHERE id = ?').get(id)) return;
  const before = db.prepare('SELECT max(id) FROM events WHERE id < ?').pluck().get(id) as number | null;
  const after = db.prepare('SELECT min(id) FROM events WHERE id > ?').pluck().get(id) as number | null;
  const near = [before, after].filter((x): x is number => x !== null);
  throw new UserError(
    'NOT_FOUND',
    `no event ${id}${near.length > 0 ? `; closest ids: ${near.join(', ')}` : '; the case holds no events'}`,
  );
}

/** `--identity` as an event filter: the one identity it names, else the principal logged (not derived yet). */
export function identityFilter(db: CaseDb, ref: string): Condition {
  const r = resolveIdentity(db, ref);
  return r.kind === 'identity'
    ? { sql: 'e.identity_id = ?', args: [r.id] }
    : { sql: 'e.principal = ?', args: [r.principal] };
}

/** `--session` as an event filter, checked first. */
export function sessionFilter(db: CaseDb, ref: string): Condition {
  checkSession(db, ref);
  return sessionCondition(db, ref.trim());
}
