// verify: what the case file proves about itself, and — with a seal kept outside it — about its past.
//
// Always: the schema is this build's (no planted trigger, redefined view or inert guard); SQLite integrity; both
// hash chains; every evidence file's counts and digest against its custody entry and its stored events; every
// event's raw record against its SHA-256; every event in the search index; every analyst-work row against the
// state the audit log says its last audited change left (work-state.ts); every seal in the case against its
// signature and the chains; evidence files still at their path re-hashed.
// --deep: every evidence file at hand parsed again and compared event by event, the search index term by term,
// and the derived tables with a fresh derivation (verify-deep.ts).
// --seal FILE: the case still contains the sealed heads at the sealed positions — it was neither rewritten nor
// cut back since — and the evidence complete then is all there (core/casefile/seal.ts).
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { CaseDb } from '../casefile/open.js';
import { valueIndexProblems } from './value-index-build.js';
import type { Facts } from '../model/event.js';
import { verifyChain, chainHead } from '../casefile/chain.js';
import { compareSchema, describeDeviation, untrustedTables, type SchemaDeviation } from '../casefile/schema.js';
import { currentState, replayAudit, workDifferences } from '../casefile/work-state.js';
import { checkSeal, evidenceDigests, listSeals, parseSealFile, sealHash, type Seal } from '../casefile/seal.js';
import { fingerprint } from '../casefile/seal-keys.js';
import { DERIVED_TABLES } from '../casefile/tables.js';
import {
  describeIndexProblems,
  FTS_FINDING,
  indexProblems,
  indexState,
  provenState,
} from '../casefile/search-index.js';
import { canonicalRow } from './canonical-row.js';
import { sha256File } from './hash.js';
import { RawReader } from '../casefile/raw.js';
import { compareDerived, compareIndex, FreshIndex, reReadFile } from './verify-deep.js';
import { createParser } from './parse-and-write.js';

export interface Problem {
  check: string;
  message: string;
  evidence_id?: number;
  event_id?: number;
}

export interface SealSummary {
  seq?: number;
  sealed_at: string;
  analyst: string;
  key: string;
  custody_rows: number;
  audit_rows: number;
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
    work_rows: number;
    seals: number;
  };
  heads: { custody: string; audit: string };
  /** The schema version the case was checked against, and whether it is exactly this build's. */
  schema: { version: number; canonical: boolean };
  /** Analyst work bound to the audit log since this audit row (null: not bound — a case not yet migrated). */
  work_bound_since: number | null;
  /** The latest seal in the case, and how many chain rows came after it. */
  seal: (SealSummary & { custody_after: number; audit_after: number }) | null;
  /** The exported seal checked with --seal, when given. */
  seal_file?: SealSummary & { ok: boolean };
  deep?: {
    files_reread: number;
    files_not_at_hand: number;
    events_compared: number;
    index_events_compared: number;
    derived_tables: number;
    derived_compared: boolean;
  };
}

export interface VerifyOptions {
  rehash?: boolean;
  deep?: boolean;
  /** The text of a seal file (`sessionscope seal --out`). */
  sealFile?: string;
  /** Schema differences found when the case was opened for inspection (core/casefile/open.ts). */
  schema?: SchemaDeviation[];
}

/** The guards 0001_init.sql installs (a test drops them to show what verify finds without them). */
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
  format: string | null;
  options: string | null;
}

const ENTITY_NAMES: Record<string, string> = {
  case_meta: 'case setting',
  layers: 'layer',
  tag_colors: 'tag colour',
  findings: 'finding',
  manual_events: 'manual event',
  annotations: 'annotation',
  narrative_blocks: 'narrative block',
  identity_decisions: 'identity decision',
  identity_kinds: 'identity kind',
  profiles: 'profile',
};

function entityLabel(e: string): string {
  const i = e.indexOf(':');
  return `${ENTITY_NAMES[e.slice(0, i)] ?? e.slice(0, i)} ${e.slice(i + 1)}`;
}

function summary(s: Seal): SealSummary {
  return {
    seq: s.seq,
    sealed_at: s.payload.sealed_at,
    analyst: s.payload.analyst,
    key: fingerprint(s.public_key),
    custody_rows: s.payload.custody?.seq ?? 0,
    audit_rows: s.payload.audit?.seq ?? 0,
  };
}

export async function verifyCase(db: CaseDb, opts: VerifyOptions = {}): Promise<VerifyResult> {
  const problems: Problem[] = [];
  const checked = {
    evidence: 0,
    events: 0,
    custody_rows: 0,
    audit_rows: 0,
    files_rehashed: 0,
    files_absent: 0,
    work_rows: 0,
    seals: 0,
  };

  // The schema first: nothing below reads a table whose definition is not this build's.
  const version = db.pragma('user_version', { simple: true }) as number;
  const deviations = opts.schema ?? compareSchema(db, version);
  for (const d of deviations) problems.push({ check: 'schema', message: describeDeviation(d) });
  const untrusted = untrustedTables(deviations);
  /** Runs a check that reads these tables, unless one is not this build's; a check that fails is a problem too. */
  async function check(name: string, tables: string[], fn: () => void | Promise<void>): Promise<void> {
    const bad = tables.filter((t) => untrusted.has(t));
    if (bad.length > 0) {
      problems.push({
        check: name,
        message: `not checked: ${bad.join(', ')} ${bad.length > 1 ? 'are' : 'is'} not this build's`,
      });
      return;
    }
    try {
      await fn();
    } catch (e) {
      problems.push({ check: name, message: `could not be checked: ${(e as Error).message.split('\n')[0]}` });
    }
  }

  /** FTS5's findings from the whole-file integrity_check (null: that check did not cover the index). */
  let ftsChecked: string[] | null = null;
  await check('sqlite', [], () => {
    // With a foreign schema, only the tables that are this build's are checked (a planted CHECK runs nowhere).
    const lists =
      deviations.length === 0
        ? [db.pragma('integrity_check(100)', { simple: false }) as { integrity_check: string }[]]
        : (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[])
            .filter((t) => !untrusted.has(t) && !t.startsWith('sqlite_') && !deviations.some((d) => d.name === t))
            .map(
              (t) =>
                db.pragma(`integrity_check("${t.replace(/"/g, '""')}")`, { simple: false }) as {
                  integrity_check: string;
                }[],
            );
    if (deviations.length === 0) ftsChecked = [];
    for (const list of lists)
      for (const r of list) {
        if (r.integrity_check === 'ok') continue;
        // The full-text index's own findings are the search index's, said there (with what to do).
        if (ftsChecked && FTS_FINDING.test(r.integrity_check)) ftsChecked.push(r.integrity_check);
        else problems.push({ check: 'sqlite', message: `integrity_check: ${r.integrity_check}` });
      }
    if (deviations.length === 0) {
      const fk = db.pragma('foreign_key_check', { simple: false }) as {
        table: string;
        rowid: number;
        parent: string;
      }[];
      for (const r of fk.slice(0, 20))
        problems.push({ check: 'sqlite', message: `row ${r.rowid} of ${r.table} points at a missing ${r.parent} row` });
    }
  });

  await check('search-index', ['events_fts', 'events_fts_data', 'events_fts_docsize', 'event_rows'], () => {
    // FTS5's check of its segments ran within the whole-file integrity_check above (SQLite hands it to FTS5); it
    // runs here only when that did not. A read-only connection runs it as well as a writable one.
    const found = describeIndexProblems(indexProblems(db, { structure: ftsChecked === null }));
    if (ftsChecked && ftsChecked.length > 0)
      found.unshift(
        `the full-text index is damaged (${ftsChecked[0]}${ftsChecked.length > 1 ? ` and ${ftsChecked.length - 1} more` : ''})`,
      );
    for (const message of found) problems.push({ check: 'search-index', message });
    if (found.length > 0 && provenState(db)?.key === indexState(db).key)
      problems.push({
        check: 'search-index',
        message:
          'the case records this very state of the search index as proven whole, yet it is not: the index or that record was changed outside SessionScope, or damaged since',
      });
    if (found.length > 0)
      problems.push({
        check: 'search-index',
        message: 'searches may miss events until the index is rebuilt: `sessionscope repair CASE --search-index`',
      });
  });

  await check('value-index', ['search_values', 'search_postings', 'search_postings_docsize', 'event_rows'], () => {
    const found = valueIndexProblems(db);
    for (const message of found) problems.push({ check: 'value-index', message });
    if (found.length > 0)
      problems.push({
        check: 'value-index',
        message: 'field filters may miss events until it is rebuilt: `sessionscope repair CASE --search-index`',
      });
  });

  for (const table of ['custody_log', 'audit_log'] as const) {
    await check(table, [table], () => {
      const r = verifyChain(db, table);
      if (table === 'custody_log') checked.custody_rows = r.rows;
      else checked.audit_rows = r.rows;
      for (const p of r.problems) problems.push({ check: table, message: `${table} row ${p.seq}: ${p.problem}` });
    });
  }

  const evidence: EvRow[] = [];
  /** Evidence files found at their path with the recorded SHA-256. */
  const rehashed = new Set<number>();
  let facts = new Map<number, Facts>();
  await check(
    'events',
    ['evidence', 'custody_log', 'event_rows', 'event_facts', 'raw_blocks', 'rejects', 'merged'],
    async () => {
      evidence.push(
        ...(db
          .prepare(
            'SELECT id, sha256, path, status, records, events, rejected, merged, events_digest, format, options FROM evidence ORDER BY id',
          )
          .all() as EvRow[]),
      );
      facts = loadFacts(db);
      await checkEvidence(db, evidence, facts, opts, problems, checked, rehashed);
    },
  );

  let workBoundSince: number | null = null;
  await check('work', ['audit_log', 'case_meta', ...Object.keys(ENTITY_NAMES)], () => {
    const replayed = replayAudit(db);
    workBoundSince = replayed.boundSince;
    for (const seq of replayed.unreadable)
      problems.push({ check: 'work', message: `audit row ${seq}: its recorded state is unreadable` });
    const current = currentState(db);
    checked.work_rows = current.size;
    if (replayed.boundSince === null) {
      if (current.size > 0)
        problems.push({
          check: 'work',
          message:
            'analyst work is not bound to the audit log (a case from before schema 5 opened read-only): open it once to migrate it',
        });
      return;
    }
    const diffs = workDifferences(db, replayed, current);
    for (const d of diffs.slice(0, 50))
      problems.push({
        check: 'work',
        message: `${entityLabel(d.entity)} was ${d.kind === 'added' ? 'added' : d.kind === 'changed' ? 'changed' : 'deleted'} outside the API${d.seq ? ` (its last audited change is audit row ${d.seq})` : ' (no audited call wrote it)'}`,
      });
    if (diffs.length > 50)
      problems.push({ check: 'work', message: `and ${diffs.length - 50} more rows of analyst work` });
    // Changes found when a migration re-bound the work stay reported: a migration does not launder them.
    for (const r of db
      .prepare("SELECT seq, result FROM audit_log WHERE method = 'case.migrate' ORDER BY seq")
      .all() as { seq: number; result: string }[]) {
      const res = JSON.parse(r.result) as { unaudited_before?: { entity: string; kind: string }[] };
      for (const d of res.unaudited_before ?? [])
        problems.push({
          check: 'work',
          message: `${entityLabel(d.entity)} had been ${d.kind} outside the API before the migration recorded at audit row ${r.seq}`,
        });
    }
  });

  let latest: VerifyResult['seal'] = null;
  await check('seals', ['seals', 'custody_log', 'audit_log', 'evidence', 'case_meta'], () => {
    const seals = listSeals(db);
    checked.seals = seals.length;
    const digests = evidenceDigests(
      db,
      seals.map((s) => s.payload.custody?.seq ?? 0),
    );
    let prev: Seal | null = null;
    for (const s of seals) {
      for (const m of checkSeal(db, s, `seal ${s.seq}`, digests.get(s.payload.custody?.seq ?? 0)))
        problems.push({ check: 'seals', message: m });
      if ((s.payload.previous ?? null) !== (prev ? sealHash(prev) : null))
        problems.push({
          check: 'seals',
          message: `seal ${s.seq} does not follow the seal before it (a seal was removed or altered)`,
        });
      prev = s;
    }
    if (prev) {
      latest = {
        ...summary(prev),
        custody_after: Math.max(0, chainHead(db, 'custody_log').seq - (prev.payload.custody?.seq ?? 0)),
        audit_after: Math.max(0, chainHead(db, 'audit_log').seq - (prev.payload.audit?.seq ?? 0)),
      };
    }
  });

  let sealFile: VerifyResult['seal_file'];
  if (opts.sealFile !== undefined) {
    await check('seal-file', ['seals', 'custody_log', 'audit_log', 'evidence', 'case_meta'], () => {
      let s: Seal;
      try {
        s = parseSealFile(opts.sealFile!);
      } catch (e) {
        problems.push({ check: 'seal-file', message: (e as Error).message });
        return;
      }
      const found = checkSeal(db, s, 'the seal file');
      for (const m of found) problems.push({ check: 'seal-file', message: m });
      sealFile = { ...summary(s), ok: found.length === 0 };
    });
  }

  let deep: VerifyResult['deep'];
  if (opts.deep) {
    deep = {
      files_reread: 0,
      files_not_at_hand: 0,
      events_compared: 0,
      index_events_compared: 0,
      derived_tables: 0,
      derived_compared: false,
    };
    const d = deep;
    await check(
      'evidence-reread',
      ['evidence', 'event_rows', 'event_facts', 'rejects', 'merged', 'events_fts'],
      async () => {
        const index = new FreshIndex(db);
        const parser = createParser();
        try {
          for (const ev of evidence) {
            if (ev.status !== 'complete') continue;
            const atHand =
              rehashed.has(ev.id) ||
              (opts.rehash === false &&
                existsSync(ev.path) &&
                (await sha256File(ev.path).catch(() => null)) === ev.sha256);
            if (!atHand) {
              d.files_not_at_hand++;
              continue;
            }
            const r = await reReadFile(db, ev, facts, index, problems, parser);
            d.files_reread++;
            d.events_compared += r.compared;
          }
          d.index_events_compared = index.size;
          const bad = compareIndex(db, index);
          if (bad.length > 0)
            problems.push({
              check: 'search-index',
              event_id: bad[0],
              message: `${bad.length} event(s) are indexed differently from their records — searches would miss them or find them for words they lack (first: event ${bad[0]})`,
            });
        } finally {
          index.close();
          await parser.close();
        }
      },
    );
    if (db.readonly || deviations.length > 0) {
      // Deriving writes (in a transaction rolled back): never on a schema that is not this build's.
      problems.push({
        check: 'derived',
        message: `derived tables not compared: ${db.readonly ? 'the case is open read-only' : "its schema is not this build's"}`,
      });
    } else {
      await check(
        'derived',
        ['event_rows', 'event_facts', 'identity_decisions', 'identity_kinds', 'profiles', 'case_meta'],
        () => {
          for (const t of compareDerived(db))
            problems.push({
              check: 'derived',
              message: `derived table ${t.table} differs from a fresh derivation (${t.stored} rows stored, ${t.derived} derived): run \`sessionscope derive CASE --rebuild\`, and find out who changed it`,
            });
          d.derived_compared = true;
          d.derived_tables = DERIVED_TABLES.length;
        },
      );
    }
  }

  let heads = { custody: '', audit: '' };
  await check('heads', ['custody_log', 'audit_log'], () => {
    heads = { custody: chainHead(db, 'custody_log').hash, audit: chainHead(db, 'audit_log').hash };
  });
  return {
    ok: problems.length === 0,
    problems,
    checked,
    heads,
    schema: { version, canonical: deviations.length === 0 },
    work_bound_since: workBoundSince,
    seal: latest,
    ...(sealFile ? { seal_file: sealFile } : {}),
    ...(deep ? { deep } : {}),
  };
}

async function checkEvidence(
  db: CaseDb,
  evidence: EvRow[],
  facts: Map<number, Facts>,
  opts: VerifyOptions,
  problems: Problem[],
  checked: VerifyResult['checked'],
  rehashed: Set<number>,
): Promise<void> {
  const custody = new Map<number, { seq: number; action: string; sha256: string | null; detail: string }[]>();
  for (const c of db
    .prepare(
      'SELECT seq, action, evidence_id, sha256, detail FROM custody_log WHERE evidence_id IS NOT NULL ORDER BY seq',
    )
    .all() as { seq: number; action: string; evidence_id: number; sha256: string | null; detail: string }[]) {
    let l = custody.get(c.evidence_id);
    if (!l) custody.set(c.evidence_id, (l = []));
    l.push(c);
  }
  const known = new Set(evidence.map((e) => e.id));
  const raw = new RawReader(db);
  const evStmt =
    db.prepare(`SELECT id, seq, ts, ref_line, ref_index, ref_offset, format, principal, principal_type, session_key, action, category,
    resource, resource_type, outcome, error_code, src_ip, user_agent, detail, raw_block, raw_offset, raw_length, raw_sha256
    FROM event_rows WHERE evidence_id = ? ORDER BY seq`);
  const rejStmt = db.prepare('SELECT count(*) FROM rejects WHERE evidence_id = ?').pluck();
  const merStmt = db.prepare('SELECT count(*) FROM merged WHERE evidence_id = ?').pluck();

  for (const ev of evidence) {
    checked.evidence++;
    const entries = custody.get(ev.id) ?? [];
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
      const d = JSON.parse(done.detail) as Record<string, unknown>;
      for (const k of ['records', 'events', 'rejected', 'merged', 'events_digest'] as const) {
        if (d[k] !== ev[k])
          problems.push({
            check: 'custody',
            evidence_id: ev.id,
            message: `evidence ${ev.id}: ${k} is ${ev[k]} but its custody entry says ${String(d[k])}`,
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
    const rej = rejStmt.get(ev.id) as number;
    if (rej !== ev.rejected)
      problems.push({
        check: 'rejects',
        evidence_id: ev.id,
        message: `evidence ${ev.id}: ${rej} rejected records stored but ${ev.rejected} recorded`,
      });
    const mer = merStmt.get(ev.id) as number;
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
        if (now === ev.sha256) rehashed.add(ev.id);
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
}

export function loadFacts(db: CaseDb): Map<number, Facts> {
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
