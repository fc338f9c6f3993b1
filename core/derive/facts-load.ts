// Reading importer facts (core/model/facts.ts) without a round trip per event. Facts that mark a single
// event (a credential issued, a stated alias, a federated subject, log tampering) are few and are read up
// front through the (key, value) index; facts that hold for a whole session (issuer, source identity, host,
// account) are read once per session, from its first event, in batches.
import type { CaseDb } from '../casefile/open.js';
import { FACT, LINK_FACTS } from '../model/facts.js';
import type { Scan } from './scan.js';

export type FactMap = Record<string, string>;

export const EVENT_FACT_KEYS = [
  FACT.issuedKey,
  FACT.issuedTo,
  FACT.issuedExpires,
  FACT.revokedKey,
  FACT.deletedKey,
  FACT.targetIdentity,
  FACT.federatedSubject,
  FACT.identityProvider,
  FACT.alias,
  FACT.logTamper,
  FACT.impersonator,
  FACT.delegationChain,
  FACT.callerPrincipal,
  FACT.callerKey,
  FACT.issuedLoginPrefix,
  FACT.ciRunId,
  FACT.sourceFormat,
] as const;

// Event-level facts are read through event_links, the (key, value) copy the import writes for LINK_FACTS.
for (const k of EVENT_FACT_KEYS)
  if (!LINK_FACTS.includes(k)) throw new Error(`fact ${k} must be in LINK_FACTS to be loaded by key`);

export const SESSION_FACT_KEYS = [FACT.issuer, FACT.sourceIdentity, FACT.host, FACT.account] as const;

export function loadEventFacts(db: CaseDb): Map<number, FactMap> {
  const out = new Map<number, FactMap>();
  const st = db.prepare('SELECT event_id, value FROM event_links WHERE key = ?').raw(true);
  for (const key of EVENT_FACT_KEYS) {
    for (const [id, value] of st.iterate(key) as Iterable<[number, string]>) {
      let f = out.get(id);
      if (!f) out.set(id, (f = {}));
      // Several values under one key (a multi-line alias list) arrive as separate rows or one '\n'-joined value.
      f[key] = f[key] === undefined ? value : `${f[key]}\n${value}`;
    }
  }
  return out;
}

const BATCH = 500;

/** Facts of the given events restricted to session-level keys, keyed by event id. */
export function loadSessionFacts(db: CaseDb, eventIds: number[]): Map<number, FactMap> {
  const out = new Map<number, FactMap>();
  const keys = SESSION_FACT_KEYS.map((k) => `'${k}'`).join(',');
  const prepare = (k: number) =>
    db
      .prepare(
        `SELECT event_id, key, value FROM event_facts WHERE event_id IN (${new Array(k).fill('?').join(',')}) AND +key IN (${keys})`,
      )
      .raw(true);
  const full = prepare(BATCH);
  for (let i = 0; i < eventIds.length; i += BATCH) {
    const chunk = eventIds.slice(i, i + BATCH);
    const st = chunk.length === BATCH ? full : prepare(chunk.length);
    for (const [id, key, value] of st.iterate(...chunk) as Iterable<[number, string, string]>) {
      let f = out.get(id);
      if (!f) out.set(id, (f = {}));
      if (f[key] === undefined) f[key] = value;
    }
  }
  return out;
}

/**
 * The repository of each CI run started in the case (GitHub's `workflows.created_workflow_run`), merged into the
 * scan's event facts: found by action in the scan, then read by primary key — a few rows, not an index of every
 * CI fact.
 */
export function loadRunStarts(db: CaseDb, scan: Scan): void {
  const action = scan.actions.find('workflows.created_workflow_run');
  if (action < 0) return;
  const byPos = new Map<number, FactMap>();
  for (const e of scan.factEvents) byPos.set(e.pos, e.facts);
  const st = db.prepare('SELECT value FROM event_facts WHERE event_id = ? AND key = ?').pluck();
  for (let p = 0; p < scan.n; p++) {
    if (scan.action[p] !== action) continue;
    const repo = st.get(scan.id[p], FACT.ciRepository) as string | undefined;
    if (repo === undefined) continue;
    const f = byPos.get(p);
    if (f) f[FACT.ciRepository] = repo;
    else scan.factEvents.push({ pos: p, facts: { [FACT.ciRepository]: repo } });
  }
}
