// Targets: what an annotation is attached to, stored as the names and keys the logs use. An event is kept by
// its time-keyed id *and* its raw record's SHA-256: if the id ever moves (a case rebuilt from the same evidence
// in another order), the reference is re-anchored within its millisecond by that hash instead of silently
// pointing at a different record.
import type { CaseDb } from '../casefile/open.js';
import { UserError } from '../errors.js';
import { SLOTS_PER_MS } from '../evidence/event-ids.js';
import { parseIsoMicros, formatMicros } from '../model/time.js';
import type { Target } from '../model/annotation.js';
import { checkEvent, checkSession, resolveIdentity } from '../query/resolve.js';

export interface TargetColumns {
  target_kind: Target['kind'];
  target: string | null;
  event_id: number | null;
  event_sha: string | null;
  scope: string | null;
  from_ts: number | null;
  to_ts: number | null;
}

function micros(iso: string, name: string): number {
  const us = parseIsoMicros(iso);
  if (us === null) throw new UserError('INVALID_PARAMS', `${name}: not an ISO-8601 time: ${iso}`);
  return us;
}

/**
 * The name an identity annotation keeps: the identity's own name for whatever `events --identity` accepts (id,
 * alias, `user/backup-svc`), or the principal as logged before derivation. Unknown or ambiguous names throw.
 */
export function identityName(db: CaseDb, ref: string): string {
  const r = resolveIdentity(db, ref);
  return r.kind === 'identity' ? r.name : r.principal;
}

/** A derived session id ("S12" or "12") → its log key, or its identity and span when it has no key. */
function derivedSession(
  db: CaseDb,
  ref: string,
): { key: string | null; identity: string | null; from: number | null; to: number | null } | null {
  const m = /^S?(\d+)$/.exec(ref);
  if (!m) return null;
  const row = db.prepare('SELECT * FROM sessions WHERE id = ?').get(Number(m[1])) as
    Record<string, unknown> | undefined;
  if (!row) return null;
  const pick = (...names: string[]) => names.map((n) => row[n]).find((v) => v !== undefined && v !== null);
  const key = pick('key', 'session_key');
  const identityId = pick('identity_id');
  let identity: string | null = null;
  if (typeof identityId === 'number') {
    identity =
      (db.prepare('SELECT name FROM identities WHERE id = ?').pluck().get(identityId) as string | undefined) ?? null;
  }
  const from = pick('start_ts', 'first_ts', 'start');
  const to = pick('end_ts', 'last_ts', 'end');
  return {
    key: typeof key === 'string' ? key : null,
    identity,
    from: typeof from === 'number' ? from : null,
    to: typeof to === 'number' ? to + 1 : null,
  };
}

/** Checks a target and turns it into the columns stored. */
export function targetColumns(db: CaseDb, t: Target): TargetColumns {
  const base = { target: null, event_id: null, event_sha: null, scope: null, from_ts: null, to_ts: null };
  switch (t.kind) {
    case 'event': {
      const row = db.prepare('SELECT raw_sha256 FROM events WHERE id = ?').get(t.id) as
        { raw_sha256: Buffer } | undefined;
      if (!row) checkEvent(db, t.id);
      if (!row) throw new UserError('NOT_FOUND', `no event ${t.id}`);
      return {
        ...base,
        target_kind: 'event',
        target: String(t.id),
        event_id: t.id,
        event_sha: row.raw_sha256.toString('hex'),
      };
    }
    case 'session': {
      const key = t.key.trim();
      if (db.prepare('SELECT 1 FROM events WHERE session_key = ? LIMIT 1').get(key))
        return { ...base, target_kind: 'session', target: key };
      const s = derivedSession(db, key);
      if (s?.key) return { ...base, target_kind: 'session', target: s.key };
      if (s && s.identity && s.from !== null && s.to !== null)
        return { ...base, target_kind: 'session', scope: s.identity, from_ts: s.from, to_ts: s.to };
      checkSession(db, key);
      throw new UserError('NOT_FOUND', `no session ${key}`);
    }
    case 'identity': {
      return { ...base, target_kind: 'identity', target: identityName(db, t.name) };
    }
    case 'resource': {
      const name = t.name.trim();
      if (!db.prepare('SELECT 1 FROM events WHERE resource = ? LIMIT 1').get(name))
        throw new UserError('NOT_FOUND', `no resource ${name}`);
      return { ...base, target_kind: 'resource', target: name };
    }
    case 'range': {
      const from = micros(t.from, 'from');
      const to = micros(t.to, 'to');
      if (to <= from) throw new UserError('INVALID_PARAMS', 'a time range ends after it starts');
      const scope = t.identity !== undefined ? identityName(db, t.identity) : null;
      return { ...base, target_kind: 'range', scope, from_ts: from, to_ts: to };
    }
    case 'manual': {
      if (!db.prepare('SELECT 1 FROM manual_events WHERE id = ? AND deleted_at IS NULL').get(t.id))
        throw new UserError('NOT_FOUND', `no manual event ${t.id}`);
      return { ...base, target_kind: 'manual', target: String(t.id) };
    }
    case 'finding': {
      if (!db.prepare('SELECT 1 FROM findings WHERE id = ? AND deleted_at IS NULL').get(t.id))
        throw new UserError('NOT_FOUND', `no finding ${t.id}`);
      return { ...base, target_kind: 'finding', target: String(t.id) };
    }
  }
}

/** Stored columns → the target as transports show it. */
export function targetFromColumns(c: TargetColumns): Target {
  switch (c.target_kind) {
    case 'event':
      return { kind: 'event', id: c.event_id! };
    case 'session':
      return c.target !== null
        ? { kind: 'session', key: c.target }
        : { kind: 'session', key: `${c.scope ?? '?'}@${formatMicros(c.from_ts!)}` };
    case 'identity':
      return { kind: 'identity', name: c.target! };
    case 'resource':
      return { kind: 'resource', name: c.target! };
    case 'range':
      return {
        kind: 'range',
        from: formatMicros(c.from_ts!),
        to: formatMicros(c.to_ts!),
        ...(c.scope !== null ? { identity: c.scope } : {}),
      };
    case 'manual':
      return { kind: 'manual', id: Number(c.target) };
    case 'finding':
      return { kind: 'finding', id: Number(c.target) };
  }
}

/**
 * Where an event reference points now: the stored id when its record hash still matches, else the event with
 * that hash in the same millisecond slots (ids are floor(ms)·1024 + n and may spill into the next slot), else null.
 */
export function anchorEvent(db: CaseDb, id: number, sha: string | null): number | null {
  const row = db.prepare('SELECT raw_sha256 FROM events WHERE id = ?').get(id) as { raw_sha256: Buffer } | undefined;
  if (row && (sha === null || row.raw_sha256.toString('hex') === sha)) return id;
  if (sha === null) return null;
  const base = Math.floor(id / SLOTS_PER_MS) * SLOTS_PER_MS;
  const hit = db
    .prepare('SELECT id FROM events WHERE id >= ? AND id < ? AND raw_sha256 = ? ORDER BY id LIMIT 1')
    .pluck()
    .get(base - SLOTS_PER_MS, base + 2 * SLOTS_PER_MS, Buffer.from(sha, 'hex')) as number | undefined;
  return hit ?? null;
}

/**
 * Re-anchors every live event annotation whose id no longer carries its record; returns how many moved or were lost.
 */
export function reanchorAll(db: CaseDb): { moved: number; orphaned: number[] } {
  const stale = db
    .prepare(
      `SELECT a.id, a.event_id, a.event_sha FROM annotations a LEFT JOIN events e ON e.id = a.event_id
    WHERE a.deleted_at IS NULL AND a.target_kind = 'event' AND (e.id IS NULL OR lower(hex(e.raw_sha256)) != a.event_sha)`,
    )
    .all() as { id: number; event_id: number; event_sha: string }[];
  let moved = 0;
  const orphaned: number[] = [];
  const upd = db.prepare('UPDATE annotations SET event_id = ?, target = ? WHERE id = ?');
  for (const s of stale) {
    const now = anchorEvent(db, s.event_id, s.event_sha);
    if (now === null) orphaned.push(s.id);
    else {
      upd.run(now, String(now), s.id);
      moved++;
    }
  }
  return { moved, orphaned };
}
