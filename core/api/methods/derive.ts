// Derivation, identities and sessions. Shapes are documented at each method; times are ISO-8601 UTC strings.
import { z } from 'zod';
import { setMeta } from '../../casefile/open.js';
import { deriveAll } from '../../derive/index.js';
import { buildPendingValueIndex } from '../../evidence/value-index-build.js';
import { deriveStatus } from '../../derive/status.js';
import { addDecision, listDecisions, revokeDecision } from '../../derive/decisions.js';
import { IDENTITY_KINDS } from '../../model/identity.js';
import { listIdentities, getIdentity, findIdentity, pageIdentities } from '../../query/identities.js';
import { listSessions, getSession, pageSessions } from '../../query/sessions.js';
import { MAX_PAGE } from '../../query/page.js';
import { defineMethod } from '../registry.js';
import { isoTime, micros } from '../params.js';
import { UserError } from '../../errors.js';
import { formatMicros } from '../../model/time.js';
import type { CaseDb } from '../../casefile/open.js';

const ref = z.string().min(1).max(2000);

/** The alias keys ("system|value") of a live identity. */
function aliasKeys(db: CaseDb, id: number): string[] {
  return db
    .prepare("SELECT system || '|' || value FROM aliases WHERE identity_id = ? ORDER BY id")
    .pluck()
    .all(id) as string[];
}

function identityKey(db: CaseDb, id: number): string {
  return db.prepare('SELECT key FROM identities WHERE id = ?').pluck().get(id) as string;
}

export const deriveMethods = [
  defineMethod({
    name: 'derive.rebuild',
    summary: 'Recompute identities, sessions, edges, baselines, coverage and flags from the events',
    // → {identities, sessions, events, events_updated, ms}
    params: z.object({ full: z.boolean().optional() }).strict(),
    mutates: 'sync',
    needsCase: true,
    handler(ctx, p) {
      // A case migrated from before the value index gets it here, once (value-index-build.ts).
      buildPendingValueIndex(ctx.caseFile!.db);
      return deriveAll(ctx.caseFile!.db, { rebuild: p.full ?? true });
    },
  }),
  defineMethod({
    name: 'derive.status',
    summary: 'When derivation last ran, how long it took, counts and settings',
    // → {derived_at, derive_ms, derived_events, identities, sessions,
    //    settings:{session_gap_seconds, coverage_gap_seconds, baseline_until}}
    params: z.object({}).strict(),
    mutates: false,
    needsCase: true,
    handler(ctx) {
      return deriveStatus(ctx.caseFile!.db);
    },
  }),
  defineMethod({
    name: 'derive.settings',
    summary: 'Set derivation settings (session gap, coverage gap floor, default baseline end) and re-derive',
    // → the derive.status shape
    params: z
      .object({
        session_gap_seconds: z
          .number()
          .int()
          .min(1)
          .max(30 * 86400)
          .optional(),
        coverage_gap_seconds: z
          .number()
          .int()
          .min(60)
          .max(365 * 86400)
          .optional(),
        baseline_until: isoTime.nullable().optional(),
      })
      .strict(),
    mutates: 'sync',
    needsCase: true,
    handler(ctx, p) {
      const db = ctx.caseFile!.db;
      if (p.session_gap_seconds !== undefined) setMeta(db, 'session_gap_seconds', String(p.session_gap_seconds));
      if (p.coverage_gap_seconds !== undefined) setMeta(db, 'coverage_gap_seconds', String(p.coverage_gap_seconds));
      if (p.baseline_until === null) db.prepare("DELETE FROM case_meta WHERE key = 'baseline_until'").run();
      else if (p.baseline_until !== undefined)
        setMeta(db, 'baseline_until', formatMicros(micros(p.baseline_until, 'baseline_until')!));
      deriveAll(db);
      return deriveStatus(db);
    },
  }),
  defineMethod({
    name: 'identities.list',
    summary: 'Resolved identities, non-human first, with aliases (method, confidence, proving events)',
    // → [{id, name, key, system, kind, nhi,
    //     aliases:[{system, value, method, confidence, events, proof:[event ids], linked_to}],
    //     alias_count, events, failures, sessions, first_seen, last_seen, sources:[format]}]
    // `aliases` caps aliases per identity (default 20, -1 = all); alias_count is the total.
    params: z
      .object({
        nhi: z.boolean().optional(),
        kind: z.string().max(40).optional(),
        search: z.string().max(2000).optional(),
        limit: z.number().int().min(1).max(100000).optional(),
        offset: z.number().int().min(0).optional(),
        aliases: z.number().int().min(-1).max(100000).optional(),
      })
      .strict(),
    mutates: false,
    needsCase: true,
    handler(ctx, p) {
      return listIdentities(ctx.caseFile!.db, p);
    },
  }),
  defineMethod({
    name: 'identities.page',
    summary: 'identities.list one page at a time: {items, next, total}; pass next back as cursor',
    params: z
      .object({
        nhi: z.boolean().optional(),
        kind: z.string().max(40).optional(),
        search: z.string().max(2000).optional(),
        aliases: z.number().int().min(-1).max(100000).optional(),
        cursor: z.string().max(4096).optional(),
        limit: z.number().int().min(1).max(MAX_PAGE).optional(),
      })
      .strict(),
    mutates: false,
    needsCase: true,
    handler(ctx, p) {
      return pageIdentities(ctx.caseFile!.db, p);
    },
  }),
  defineMethod({
    name: 'identities.get',
    summary:
      'One identity in full: all aliases, candidate aliases not merged, edges in and out, sources, top resources, decisions',
    // → identities.list item + {candidates:[{alias, other, other_identity, method, confidence, reason, proof}],
    //   edges_out/edges_in:[{kind, identity, identity_id, events, first, last}],
    //   sources_detail:[{format, auth_events, action_events, issued_to, first, last}],
    //   top_resources:[{resource, type, events, first, last, actions}], source_identities:[…],
    //   decisions:[{id, action, note, analyst, at, revoked_at}]}
    params: z.object({ identity: ref }).strict(),
    mutates: false,
    needsCase: true,
    handler(ctx, p) {
      return getIdentity(ctx.caseFile!.db, p.identity);
    },
  }),
  defineMethod({
    name: 'identities.merge',
    summary: 'Merge identities by hand (audited); survives re-derivation; wins over the rules',
    // → {decision, identity:{id, name}}
    params: z.object({ identities: z.array(ref).min(2).max(50), note: z.string().max(4000).optional() }).strict(),
    mutates: 'sync',
    needsCase: true,
    handler(ctx, p) {
      const db = ctx.caseFile!.db;
      const ids = [...new Set(p.identities.map((r) => findIdentity(db, r)))];
      if (ids.length < 2) throw new UserError('INVALID_PARAMS', 'these name a single identity: nothing to merge');
      const keys = ids.map((id) => identityKey(db, id));
      const decision = addDecision(db, {
        action: 'merge',
        a: [keys[0]],
        b: keys.slice(1),
        note: p.note,
        analyst: ctx.analyst,
      });
      deriveAll(db);
      const id = findIdentity(db, keys[0]);
      return {
        decision,
        identity: { id, name: db.prepare('SELECT name FROM identities WHERE id = ?').pluck().get(id) as string },
      };
    },
  }),
  defineMethod({
    name: 'identities.split',
    summary: 'Split aliases off an identity by hand (audited): they never join it again, whatever the rules say',
    // → {decision, revoked:[merge decision ids], identities:[{id, name}]}
    params: z
      .object({
        identity: ref,
        aliases: z.array(z.string().min(1).max(2000)).min(1).max(1000),
        note: z.string().max(4000).optional(),
      })
      .strict(),
    mutates: 'sync',
    needsCase: true,
    handler(ctx, p) {
      const db = ctx.caseFile!.db;
      const id = findIdentity(db, p.identity);
      const keys = aliasKeys(db, id);
      const wanted = new Set(p.aliases);
      const moved = keys.filter((k) => wanted.has(k) || wanted.has(k.slice(k.indexOf('|') + 1)));
      const rest = keys.filter((k) => !moved.includes(k));
      if (moved.length === 0)
        throw new UserError(
          'INVALID_PARAMS',
          `none of ${p.aliases
            .slice(0, 3)
            .map((a) => JSON.stringify(a))
            .join(', ')} is an alias of identity ${id}`,
        );
      if (rest.length === 0)
        throw new UserError('INVALID_PARAMS', 'that would move every alias: nothing is left to split from');
      const movedSet = new Set(moved);
      const restSet = new Set(rest);
      const revoked: number[] = [];
      for (const d of listDecisions(db, false)) {
        if (d.action !== 'merge') continue;
        const all = [...d.a, ...d.b];
        if (
          all.some((k) => movedSet.has(k)) &&
          all.some((k) => restSet.has(k)) &&
          revokeDecision(db, d.id, ctx.analyst)
        )
          revoked.push(d.id);
      }
      const decision = addDecision(db, { action: 'split', a: moved, b: rest, note: p.note, analyst: ctx.analyst });
      deriveAll(db);
      const after = [...new Set([...findAll(db, moved[0]), ...findAll(db, rest[0])])];
      return {
        decision,
        revoked,
        identities: after.map((i) => ({
          id: i,
          name: db.prepare('SELECT name FROM identities WHERE id = ?').pluck().get(i) as string,
        })),
      };
    },
  }),
  defineMethod({
    name: 'identities.decisions',
    summary: 'The analyst merge/split decisions, revoked ones included',
    // → [{id, action, a:[alias keys], b:[alias keys], note, analyst, at, revoked_at}]
    params: z.object({}).strict(),
    mutates: false,
    needsCase: true,
    handler(ctx) {
      return listDecisions(ctx.caseFile!.db, true);
    },
  }),
  defineMethod({
    name: 'identities.undo',
    summary: 'Revoke a merge or split decision (audited) and re-derive',
    // → {revoked: id}
    params: z.object({ decision: z.number().int() }).strict(),
    mutates: 'sync',
    needsCase: true,
    handler(ctx, p) {
      const db = ctx.caseFile!.db;
      if (!revokeDecision(db, p.decision, ctx.analyst))
        throw new UserError('NOT_FOUND', `no active decision ${p.decision}`);
      deriveAll(db);
      return { revoked: p.decision };
    },
  }),
  defineMethod({
    name: 'identities.reclassify',
    summary:
      "Set an identity's kind by hand (audited): wins over every rule and survives re-derivation; kind 'auto' gives it back to the rules",
    // → {identity:{id, name, kind, nhi, kind_rule}, override: id of the identity_kinds row | null, revoked:[ids]}
    params: z
      .object({
        identity: ref,
        kind: z.enum([...IDENTITY_KINDS, 'auto']),
        note: z.string().max(4000).optional(),
      })
      .strict(),
    mutates: 'sync',
    needsCase: true,
    handler(ctx, p) {
      const db = ctx.caseFile!.db;
      const id = findIdentity(db, p.identity);
      const keys = aliasKeys(db, id);
      const now = new Date().toISOString();
      // Any earlier reclassification of one of its names is replaced (kept, revoked: the history stays readable).
      const revoked: number[] = [];
      const revoke = db.prepare(
        'UPDATE identity_kinds SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL',
      );
      for (const r of db
        .prepare(
          `SELECT id FROM identity_kinds WHERE revoked_at IS NULL AND identity_key IN (${keys.map(() => '?').join(',')})`,
        )
        .pluck()
        .all(...keys) as number[]) {
        revoke.run(now, ctx.analyst, r);
        revoked.push(r);
      }
      const override =
        p.kind === 'auto'
          ? null
          : Number(
              db
                .prepare('INSERT INTO identity_kinds(identity_key, kind, note, analyst, at) VALUES (?,?,?,?,?)')
                .run(identityKey(db, id), p.kind, p.note ?? null, ctx.analyst, now).lastInsertRowid,
            );
      deriveAll(db);
      const after = findIdentity(db, identityKey(db, id));
      const row = db.prepare('SELECT id, name, kind, nhi, kind_rule FROM identities WHERE id = ?').get(after) as {
        id: number;
        name: string;
        kind: string;
        nhi: number;
        kind_rule: string | null;
      };
      return { identity: { ...row, nhi: row.nhi === 1 }, override, revoked };
    },
  }),
  defineMethod({
    name: 'sessions.list',
    summary: 'Reconstructed sessions in start order, optionally of one identity or time window',
    // → [{id, name, identity, identity_id, principal, key, kind:'credential'|'gap', start, end, events, failures,
    //     sources:[…], src_ips:[…], ip_count, user_agents:[…],
    //     parent:{session, identity, identity_id, event, action, ts}|null, source_identity, host, first_event,
    //     last_event}]
    params: z
      .object({
        identity: ref.optional(),
        from: isoTime.optional(),
        to: isoTime.optional(),
        linked: z.boolean().optional(),
        limit: z.number().int().min(1).max(100000).optional(),
        offset: z.number().int().min(0).optional(),
      })
      .strict(),
    mutates: false,
    needsCase: true,
    handler(ctx, p) {
      return listSessions(ctx.caseFile!.db, { ...p, from: micros(p.from, 'from'), to: micros(p.to, 'to') });
    },
  }),
  defineMethod({
    name: 'sessions.page',
    summary: 'sessions.list one page at a time: {items, next, total}; pass next back as cursor',
    params: z
      .object({
        identity: ref.optional(),
        from: isoTime.optional(),
        to: isoTime.optional(),
        linked: z.boolean().optional(),
        cursor: z.string().max(4096).optional(),
        limit: z.number().int().min(1).max(MAX_PAGE).optional(),
      })
      .strict(),
    mutates: false,
    needsCase: true,
    handler(ctx, p) {
      return pageSessions(ctx.caseFile!.db, { ...p, from: micros(p.from, 'from'), to: micros(p.to, 'to') });
    },
  }),
  defineMethod({
    name: 'sessions.get',
    summary: 'One session with the sessions its credentials opened',
    // → sessions.list item + {children:[sessions.list item]}
    params: z.object({ id: z.union([z.number().int(), z.string().regex(/^S?\d+$/)]) }).strict(),
    mutates: false,
    needsCase: true,
    handler(ctx, p) {
      const id = typeof p.id === 'number' ? p.id : Number(p.id.replace(/^S/, ''));
      const s = getSession(ctx.caseFile!.db, id);
      if (!s) throw new UserError('NOT_FOUND', `no session ${p.id}`);
      return s;
    },
  }),
];

function findAll(db: CaseDb, key: string): number[] {
  const bar = key.indexOf('|');
  return db
    .prepare('SELECT DISTINCT identity_id FROM aliases WHERE value = ? AND system = ?')
    .pluck()
    .all(key.slice(bar + 1), key.slice(0, bar)) as number[];
}
