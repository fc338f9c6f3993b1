// verify: SQLite integrity, the append-only guards, both hash chains, every evidence file's counts and
// digest against its custody entry and its stored events, every event's raw record against its SHA-256, and
// the evidence files themselves where they still are at their path.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { CaseDb } from '../casefile/open.js';
import type { Facts } from '../model/event.js';
import { verifyChain, chainHead } from './chain.js';
import { canonicalRow } from './canonical-row.js';
import { sha256File } from './hash.js';
import { RawReader } from './raw.js';

export interface Problem {
  check: string;
  message: string;
  evidence_id?: number;
  event_id?: number;
}

export interface VerifyResult {
  ok: boolean;
  problems: Problem[];
  checked: {
    evidence: number;
    events: number;
    custody_rows: number;
    audit_rows: number;
    files_rehashed: number;
    files_absent: number;
  };
  heads: { custody: string; audit: string };
}

/** The guards 0001_init.sql installs; a missing one means someone removed it. */
export const GUARD_TRIGGERS = [
  'custody_log_no_update',
  'custody_log_no_delete',
  'audit_log_no_update',
  'audit_log_no_delete',
  'evidence_complete_is_final',
  'evidence_complete_no_delete',
  'events_imported_fields_immutable',
  'events_no_delete_when_complete',
  'raw_blocks_immutable',
  'raw_blocks_no_delete_when_complete',
  'event_facts_immutable',
  'event_links_immutable',
  'rejects_immutable',
  'merged_immutable',
];

interface EvRow {
  id: number;
  sha256: string;
  path: string;
  status: string;
  records: number;
  events: number;
  rejected: number;
  merged: number;
  events_digest: string | null;
}

export async function verifyCase(db: CaseDb, opts: { rehash?: boolean } = {}): Promise<VerifyResult> {
  const problems: Problem[] = [];
  const checked = { evidence: 0, events: 0, custody_rows: 0, audit_rows: 0, files_rehashed: 0, files_absent: 0 };

  const integrity = db.pragma('integrity_check', { simple: false }) as { integrity_check: string }[];
  for (const r of integrity)
    if (r.integrity_check !== 'ok')
      problems.push({ check: 'sqlite', message: `integrity_check: ${r.integrity_check}` });
  const fk = db.pragma('foreign_key_check', { simple: false }) as { table: string; rowid: number; parent: string }[];
  for (const r of fk.slice(0, 20))
    problems.push({ check: 'sqlite', message: `row ${r.rowid} of ${r.table} points at a missing ${r.parent} row` });
  try {
    db.exec("INSERT INTO events_fts(events_fts) VALUES ('integrity-check')");
  } catch (e) {
    problems.push({ check: 'search-index', message: `full-text index is inconsistent: ${(e as Error).message}` });
  }

  const present = new Set(
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").pluck().all() as string[],
  );
  for (const t of GUARD_TRIGGERS) {
    if (!present.has(t)) problems.push({ check: 'guards', message: `append-only guard ${t} has been removed` });
  }

  for (const table of ['custody_log', 'audit_log'] as const) {
    const r = verifyChain(db, table);
    if (table === 'custody_log') checked.custody_rows = r.rows;
    else checked.audit_rows = r.rows;
    for (const p of r.problems) problems.push({ check: table, message: `${table} row ${p.seq}: ${p.problem}` });
  }

  const custody = db.prepare('SELECT seq, action, evidence_id, sha256, detail FROM custody_log ORDER BY seq').all() as {
    seq: number;
    action: string;
    evidence_id: number | null;
    sha256: string | null;
    detail: string;
  }[];
  const evidence = db
    .prepare(
      'SELECT id, sha256, path, status, records, events, rejected, merged, events_digest FROM evidence ORDER BY id',
    )
    .all() as EvRow[];
  const known = new Set(evidence.map((e) => e.id));
  const facts = loadFacts(db);
  const raw = new RawReader(db);
  const evStmt =
    db.prepare(`SELECT id, seq, ts, ref_line, ref_index, ref_offset, format, principal, principal_type, session_key, action, category,
    resource, resource_type, outcome, error_code, src_ip, user_agent, detail, raw_block, raw_offset, raw_length, raw_sha256
    FROM event_rows WHERE evidence_id = ? ORDER BY seq`);

  for (const ev of evidence) {
    checked.evidence++;
    const entries = custody.filter((c) => c.evidence_id === ev.id);
    const intake = entries.find((c) => c.action === 'intake');
    if (!intake)
      problems.push({
        check: 'custody',
        evidence_id: ev.id,
        message: `evidence ${ev.id} has no intake entry in the custody log`,
      });
    else if (intake.sha256 !== ev.sha256)
      problems.push({
        check: 'custody',
        evidence_id: ev.id,
        message: `evidence ${ev.id}: SHA-256 differs from its intake entry`,
      });
    if (ev.status !== 'complete') continue;
    const done = [...entries].reverse().find((c) => c.action === 'import-complete');
    if (!done) {
      problems.push({
        check: 'custody',
        evidence_id: ev.id,
        message: `evidence ${ev.id} is marked complete but the custody log has no completion entry`,
      });
    } else {
      const d = JSON.parse(done.detail) as {
        records: number;
        events: number;
        rejected: number;
        merged: number;
        events_digest: string;
      };
      for (const k of ['records', 'events', 'rejected', 'merged', 'events_digest'] as const) {
        if (d[k] !== ev[k])
          problems.push({
            check: 'custody',
            evidence_id: ev.id,
            message: `evidence ${ev.id}: ${k} is ${ev[k]} but its custody entry says ${d[k]}`,
          });
      }
    }
    const h = createHash('sha256');
    let n = 0;
    let expectSeq = 1;
    for (const r of evStmt.iterate(ev.id) as Iterable<Record<string, unknown>>) {
      n++;
      checked.events++;
      const id = r.id as number;
      if (r.seq !== expectSeq) {
        problems.push({
          check: 'events',
          evidence_id: ev.id,
          event_id: id,
          message: `evidence ${ev.id}: events ${expectSeq}–${(r.seq as number) - 1} of its import order are missing`,
        });
      }
      expectSeq = (r.seq as number) + 1;
      const storedSha = (r.raw_sha256 as Buffer).toString('hex');
      let actual: string | null = null;
      try {
        actual = createHash('sha256')
          .update(raw.read(r.raw_block as number, r.raw_offset as number, r.raw_length as number))
          .digest('hex');
      } catch (e) {
        problems.push({
          check: 'raw',
          evidence_id: ev.id,
          event_id: id,
          message: `event ${id}: raw record unreadable (${(e as Error).message})`,
        });
      }
      if (actual !== null && actual !== storedSha) {
        problems.push({
          check: 'raw',
          evidence_id: ev.id,
          event_id: id,
          message: `event ${id}: raw record does not match its SHA-256 (edited)`,
        });
      }
      h.update(
        canonicalRow({
          ref_line: r.ref_line as number | null,
          ref_index: r.ref_index as number | null,
          ref_offset: r.ref_offset as number | null,
          ts: r.ts as number,
          format: r.format as string,
          principal: r.principal as string | null,
          principal_type: r.principal_type as string,
          session_key: r.session_key as string | null,
          action: r.action as string,
          category: r.category as string,
          resource: r.resource as string | null,
          resource_type: r.resource_type as string | null,
          outcome: r.outcome as string,
          error_code: r.error_code as string | null,
          src_ip: r.src_ip as string | null,
          user_agent: r.user_agent as string | null,
          detail: r.detail as string | null,
          raw_sha256: storedSha,
          facts: facts.get(id) ?? null,
        }),
      );
      h.update('\n');
    }
    if (n !== ev.events)
      problems.push({
        check: 'events',
        evidence_id: ev.id,
        message: `evidence ${ev.id}: ${n} events stored but ${ev.events} recorded (events were added or deleted)`,
      });
    const digest = h.digest('hex');
    if (digest !== ev.events_digest)
      problems.push({
        check: 'events',
        evidence_id: ev.id,
        message: `evidence ${ev.id}: events no longer match their digest (an event was edited, added or deleted)`,
      });
    const rej = db.prepare('SELECT count(*) FROM rejects WHERE evidence_id = ?').pluck().get(ev.id) as number;
    if (rej !== ev.rejected)
      problems.push({
        check: 'rejects',
        evidence_id: ev.id,
        message: `evidence ${ev.id}: ${rej} rejected records stored but ${ev.rejected} recorded`,
      });
    const mer = db.prepare('SELECT count(*) FROM merged WHERE evidence_id = ?').pluck().get(ev.id) as number;
    if (mer !== ev.merged)
      problems.push({
        check: 'merged',
        evidence_id: ev.id,
        message: `evidence ${ev.id}: ${mer} merged records stored but ${ev.merged} recorded`,
      });
    if (opts.rehash !== false) {
      if (existsSync(ev.path)) {
        checked.files_rehashed++;
        const now = await sha256File(ev.path).catch(() => null);
        if (now !== null && now !== ev.sha256) {
          problems.push({
            check: 'evidence-file',
            evidence_id: ev.id,
            message: `evidence file ${ev.path} has changed since import (SHA-256 now ${now.slice(0, 16)}…, recorded ${ev.sha256.slice(0, 16)}…)`,
          });
        }
      } else {
        checked.files_absent++;
      }
    }
  }
  const orphans = db
    .prepare('SELECT DISTINCT evidence_id FROM event_rows WHERE evidence_id NOT IN (SELECT id FROM evidence)')
    .pluck()
    .all() as number[];
  for (const o of orphans)
    if (!known.has(o))
      problems.push({
        check: 'events',
        message: `events claim evidence ${o}, which is not in the case (added events)`,
      });

  return {
    ok: problems.length === 0,
    problems,
    checked,
    heads: { custody: chainHead(db, 'custody_log').hash, audit: chainHead(db, 'audit_log').hash },
  };
}

function loadFacts(db: CaseDb): Map<number, Facts> {
  const m = new Map<number, Facts>();
  for (const r of db.prepare('SELECT event_id, key, value FROM event_facts').iterate() as Iterable<{
    event_id: number;
    key: string;
    value: string;
  }>) {
    let f = m.get(r.event_id);
    if (!f) m.set(r.event_id, (f = {}));
    f[r.key] = r.value;
  }
  return m;
}
