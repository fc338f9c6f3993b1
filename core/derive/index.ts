// Derivation entry point: recomputes identities, aliases, sessions, edges, baselines, coverage and flags from
// events. Runs after every import (in the import worker) and on demand (`derive`, `derive --rebuild`, an
// analyst's merge or split). Analyst work (annotations, identity decisions, profiles) is never derived and
// survives; ids of identities and sessions are kept by their stable keys.
//
// One read of the events in rowid (= time) order (scan.ts), then in-memory passes over typed arrays, then
// set writes of the derived tables, and of event_derived only for events whose identity, session or flags changed.
import type { CaseDb } from '../casefile/open.js';
import { getMeta, setMeta } from '../casefile/open.js';
import { readSettings } from './settings.js';
import { loadEventFacts, loadRunStarts, loadSessionFacts } from './facts-load.js';
import { scanEvents } from './scan.js';
import { aliasLinks } from './alias-rules.js';
import { edgeFacts } from './edge-facts.js';
import { listDecisions } from './decisions.js';
import { resolveIdentities } from './resolve.js';
import { linkSessions } from './session-links.js';
import { applyExchanges } from './exchanges.js';
import { aggregate } from './aggregate.js';
import { credentialFindings } from './findings.js';
import { sourceGaps } from './gaps.js';
import { writeIdentities } from './write-identities.js';
import { writeSessions } from './write-sessions.js';
import { writeIdentityEdges, writeIssued, writeResources } from './write-graph.js';
import { writeBaselines, writeCoverage, writeFindings } from './write-baselines.js';
import { writeEvents } from './write-events.js';
import { writeExposure } from './exposure.js';
import { computeFlags, identityRules, positionOf, silentIdentities } from './flags.js';
import { loadProfile } from './profile.js';
import { computeDeviations, defaultBaseline } from './deviations.js';
import { flagDeviationEvents } from './deviation-flags.js';
import type { DetectSummary } from '../detect/index.js';
import { sigmaPass, startSigma } from './sigma.js';
import { enrichIps, writeIpIntel } from './enrich.js';
import { scanSecrets, type SecretScanSummary } from './secrets/scan.js';
import { computeLifecycle, type SecretHitRow } from './secrets/lifecycle.js';
import { writeCredentials, writeExposureEdges } from './secrets/write.js';

export interface DeriveSummary {
  identities: number;
  sessions: number;
  ms: number;
  events: number;
  events_updated: number;
  /** Sigma detections (core/detect): rules run, candidates read, matches. */
  detections?: DetectSummary;
  /** IP intelligence (core/enrich): distinct source values looked up, datasets used, and what could not be used. */
  enrichment?: { addresses: number; datasets: number; warnings: string[] };
  /** The secret scan (derive/secrets): evidence files read this time, secrets found in them; credentials tracked. */
  secrets?: SecretScanSummary & { credentials: number };
}

export interface DeriveOptions {
  /** Rewrite every event's derived columns, not only the changed ones. */
  rebuild?: boolean;
  /** Who ran the derivation (an import's analyst), for the custody rows it writes; else the case's analyst. */
  analyst?: string;
}

/** Deviations at or above this score mark the events behind their reasons with the deviation flag. */
const FLAG_SCORE = 25;

/** Phase timings on stderr with SESSIONSCOPE_DERIVE_TIMING=1 (benchmarks). */
function timer(): (phase: string) => void {
  if (process.env.SESSIONSCOPE_DERIVE_TIMING !== '1') return () => {};
  let last = performance.now();
  return (phase) => {
    const now = performance.now();
    process.stderr.write(`derive: ${phase} ${(now - last).toFixed(0)} ms\n`);
    last = now;
  };
}

export function deriveAll(db: CaseDb, opts: DeriveOptions = {}): DeriveSummary {
  const t0 = Date.now();
  const lap = timer();
  const settings = readSettings(db);
  let summary: Omit<DeriveSummary, 'ms'> = { identities: 0, sessions: 0, events: 0, events_updated: 0 };
  let detections: DetectSummary | undefined;
  db.transaction(() => {
    const eventFacts = loadEventFacts(db);
    const scan = scanEvents(db, eventFacts, settings.sessionGap);
    loadRunStarts(db, scan);
    // The Sigma scan reads the raw records on a worker thread while this one resolves identities and sessions.
    const sigmaJob = startSigma(db, scan);
    lap('scan');
    const ipx = enrichIps(db, scan);
    scan.ipPlace = ipx.net;
    scan.placeLabel = ipx.labels;
    lap(`ip intelligence (${scan.ips.size} values)`);
    const secretScan = scanSecrets(db, opts.rebuild ?? false);
    lap(`secret scan (${secretScan.files} files, ${secretScan.hits} found)`);
    const sessionFacts = loadSessionFacts(
      db,
      scan.sessions.map((x) => scan.id[x.firstPos]),
    );
    lap('session facts');
    // Edge facts first: the names they intern (issued-to session ARNs) must get the alias rules too.
    const { edges, issued } = edgeFacts(scan);
    const { links, candidates } = aliasLinks(scan, sessionFacts);
    const needed = new Set<number>();
    for (let a = 0; a < scan.atoms.size; a++) if (scan.atomEvents[a]) needed.add(a);
    for (const e of edges) {
      needed.add(e.src);
      for (const d of e.dst) needed.add(d);
    }
    for (const i of issued) if (i.target >= 0) needed.add(i.target);
    const res = resolveIdentities(scan, links, candidates, listDecisions(db, false), needed);
    lap('resolve');
    const sl = linkSessions(scan, issued, new Map(scan.factEvents.map((e) => [e.pos, e.facts])));
    // Credentials exchanged across systems: the session that made a login is the parent of what it issued.
    applyExchanges(scan, sl);
    lap('link sessions, credential exchanges');
    const agg = aggregate(scan, res);
    const findings = credentialFindings(scan, res, agg, sl, sessionFacts);
    const { gaps } = sourceGaps(scan, settings.coverageGapFloor);
    lap('aggregate, findings, gaps');

    const identities = writeIdentities(db, scan, res, agg);
    const sessionIds = writeSessions(db, scan, agg, sl, sessionFacts, identities);
    writeResources(db, scan, agg, identities, sessionIds);
    writeIdentityEdges(db, scan, res, agg, edges, sl, identities, sessionIds);
    writeIssued(db, scan, res, agg, issued, sl, identities);
    writeBaselines(db, scan, agg, identities);
    writeCoverage(db, scan, res, agg, issued, sl, gaps, identities);
    writeFindings(db, scan, findings, identities, sessionIds);
    writeExposure(db, scan, agg, identities, sessionIds);
    lap('write tables');

    const rules = identityRules(scan, res, loadProfile(db).profile);
    const flags = computeFlags(scan, res, agg, rules, issued, sl, silentIdentities(agg, res.identities.length));
    // Every event that shows what made its identity deviate, not only the first of each new thing.
    flagDeviationEvents(
      scan,
      agg,
      identities,
      computeDeviations(db, { minScore: FLAG_SCORE }).deviations,
      defaultBaseline(db),
      flags,
    );
    lap('flags, deviations');
    const hits = db
      .prepare('SELECT event_id, kind, fingerprint, key_id, shown, field FROM secret_hits ORDER BY event_id')
      .all() as SecretHitRow[];
    const hitPos = new Map<number, number>();
    for (const h of hits) {
      const p = positionOf(scan, h.event_id);
      if (p >= 0) hitPos.set(h.event_id, p);
    }
    const lifecycle = computeLifecycle(scan, res, agg, sl, issued, hits, hitPos, ipx.net, flags);
    writeCredentials(db, scan, agg, lifecycle, identities);
    writeExposureEdges(db, scan, agg, lifecycle, identities, sessionIds);
    writeIpIntel(db, scan, ipx, opts.analyst ?? getMeta(db, 'analyst'));
    lap(`credentials (${lifecycle.creds.length}), ip intel`);
    // Sigma rules over every event, with the identities and sessions just resolved (docs/detections.md).
    detections = sigmaPass(db, scan, agg, res, identities, sessionIds, flags, sigmaJob);
    if (detections)
      lap(`sigma (${detections.candidates} read, ${detections.hits + detections.correlation_hits} matches)`);
    const updated = writeEvents(db, scan, agg, identities, sessionIds, flags, opts.rebuild ?? false);
    lap(`write events (${updated})`);
    setMeta(db, 'derived_at', new Date().toISOString());
    setMeta(db, 'derived_events', String(scan.n));
    summary = {
      identities: res.identities.length,
      sessions: scan.sessions.length,
      events: scan.n,
      events_updated: updated,
      detections,
      enrichment: { addresses: scan.ips.size, datasets: ipx.datasets.length, warnings: ipx.warnings },
      secrets: { ...secretScan, credentials: lifecycle.creds.length },
    };
  }).immediate();
  lap('commit');
  const ms = Date.now() - t0;
  setMeta(db, 'derive_ms', String(ms));
  return { ...summary, ms };
}
