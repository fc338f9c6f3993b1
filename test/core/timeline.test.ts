// The timeline read model (core/query/timeline/): the visible window in its three modes (items, clusters,
// density), the histogram and the grid seek, each checked against a naive reading of the events table, on a case
// written here (three principals, failures, events on bucket edges), plus the pure seams on a hand-built index.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createCase, type CaseHandle } from '../../core/casefile/open.js';
import { runImport } from '../../core/evidence/import-job.js';
import { CATEGORIES } from '../../core/model/event.js';
import { formatMicros } from '../../core/model/time.js';
import { SLOTS_PER_MS } from '../../core/evidence/event-ids.js';
import { sliceOf } from '../../core/query/timeline/column-index.js';
import { rankLanes, sliceFor } from '../../core/query/timeline/lanes.js';
import { windowClusters, windowDensity } from '../../core/query/timeline/modes.js';
import {
  caseSignature,
  niceBucket,
  timelineHistogram,
  timelineIndex,
  timelineSeek,
  timelineWindow,
  type TimelineFilter,
  type TimelineIndex,
} from '../../core/query/timeline.js';
import { tempDir } from '../helpers.js';

const T0 = Date.parse('2026-03-10T12:00:00Z');
const us = (ms: number) => ms * 1000;
let t: { dir: string; cleanup: () => void };
let handle: CaseHandle;

interface Row {
  id: number;
  ts: number;
  principal: string;
  identity_id: number | null;
  session_id: number | null;
  session_key: string | null;
  category: string;
  outcome: string;
  flags: number;
}
let rows: Row[];

/** 600 events over two hours: a busy bot, a steady service, a rare user; a failure every seventh event. */
function writeEvidence(file: string): void {
  const out: string[] = [];
  const actions = ['secret.read', 'secret.list', 'user.create', 'policy.delete', 'token.create', 'query.run'];
  for (let i = 0; i < 600; i++) {
    const who = i % 10 < 6 ? 'busy-bot' : i % 10 < 9 ? 'steady-svc' : 'rare-user';
    // 12 s apart, with every 50th event exactly on a 10-minute boundary.
    const ms = i % 50 === 0 ? T0 + Math.floor(i / 50) * 600_000 : T0 + i * 12_000 + (i % 7);
    out.push(
      JSON.stringify({
        timestamp: new Date(ms).toISOString(),
        user: { name: who },
        event: actions[i % actions.length],
        resource: `vault:secret/app-${i % 5}`,
        status: i % 7 === 3 ? 'denied' : 'success',
        session: `${who}-s${Math.floor(i / 200)}`,
      }),
    );
  }
  writeFileSync(file, out.join('\n') + '\n');
}

beforeAll(async () => {
  t = tempDir('ss-timeline-');
  const file = path.join(t.dir, 'app.jsonl');
  writeEvidence(file);
  handle = createCase(path.join(t.dir, 'case.sscase'), { name: 'timeline', analyst: 'tester' });
  const mapping = { session_key: 'session' };
  await runImport(handle.db, { casePath: handle.path, paths: [file], format: 'generic', mapping, analyst: 'tester' });
  rows = handle.db
    .prepare(
      `SELECT id, ts, principal, identity_id, session_id, session_key, category, outcome, flags FROM events
       ORDER BY id`,
    )
    .all() as Row[];
});
afterAll(() => {
  handle?.close();
  t?.cleanup();
});

/** The events a window should hold, read naively: from ≤ ts < to at millisecond precision, as the index keys. */
function naive(fromMs: number, toMs: number, keep: (r: Row) => boolean = () => true): Row[] {
  return rows.filter((r) => Math.floor(r.ts / 1000) >= fromMs && Math.floor(r.ts / 1000) < toMs && keep(r));
}
const laneOf = (r: Row) => (r.identity_id !== null ? `identity:${r.identity_id}` : `principal:${r.principal}`);

async function window(fromMs: number, toMs: number, extra: Partial<Parameters<typeof timelineWindow>[1]> = {}) {
  return timelineWindow(handle.db, { fromUs: us(fromMs), toUs: us(toMs), lanes: 'identity', ...extra });
}

describe('the case the tests read', () => {
  it('has every record as an event, derived into identities', () => {
    expect(rows).toHaveLength(600);
    expect(new Set(rows.map((r) => r.principal))).toEqual(new Set(['busy-bot', 'steady-svc', 'rare-user']));
    expect(rows.every((r) => r.identity_id !== null)).toBe(true);
    expect(rows.filter((r) => r.outcome === 'failure').length).toBeGreaterThan(50);
  });
});

describe('timelineWindow: items', () => {
  it('returns every event of the window, in time order, on its lane, when they fit', async () => {
    const from = T0 + 20 * 60_000;
    const to = T0 + 40 * 60_000;
    const w = await window(from, to, { maxItems: 5000 });
    const want = naive(from, to);
    expect(w.mode).toBe('items');
    expect(w.total).toBe(want.length);
    expect(w.items.map((i) => i.id)).toEqual(want.map((r) => r.id));
    const byId = new Map(want.map((r) => [r.id, r]));
    for (const item of w.items) {
      const r = byId.get(item.id)!;
      expect(item.lane).toBe(laneOf(r));
      expect(item.ts).toBe(formatMicros(r.ts));
      expect(item.category).toBe(r.category);
      expect(item.outcome).toBe(r.outcome);
    }
    expect(w.from).toBe(formatMicros(us(from)));
    expect(w.to).toBe(formatMicros(us(to)));
  });

  it('includes `from` and excludes `to` (an event on a 10-minute boundary belongs to the window it opens)', async () => {
    const edge = T0 + 30 * 60_000;
    const onEdge = rows.filter((r) => r.ts === us(edge));
    expect(onEdge.length).toBe(1);
    const before = await window(edge - 60_000, edge, { maxItems: 5000 });
    const after = await window(edge, edge + 60_000, { maxItems: 5000 });
    expect(before.items.map((i) => i.id)).not.toContain(onEdge[0].id);
    expect(after.items.map((i) => i.id)).toContain(onEdge[0].id);
  });

  it('ranks lanes by count, folds the rest into one "other" lane and names it', async () => {
    const w = await window(T0, T0 + 3 * 3600_000, { maxItems: 5000, maxLanes: 2 });
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(laneOf(r), (counts.get(laneOf(r)) ?? 0) + 1);
    const ranked = [...counts].sort((a, b) => b[1] - a[1]);
    expect(w.lanes.map((l) => l.key)).toEqual([ranked[0][0], ranked[1][0], 'other']);
    expect(w.lanes.map((l) => l.count)).toEqual([ranked[0][1], ranked[1][1], ranked[2][1]]);
    expect(w.lanes[2].label).toBe('1 more lanes');
    expect(w.other_lanes).toBe(1);
    expect(w.lanes[0].label).toBe('busy-bot');
    expect(w.lanes[0].kind).toBe('identity');
    expect(w.items.filter((i) => i.lane === 'other')).toHaveLength(ranked[2][1]);
  });

  it('session lanes name the derived session and its key', async () => {
    const w = await window(T0, T0 + 3 * 3600_000, { lanes: 'session', maxItems: 5000, maxLanes: 500 });
    const sessions = new Set(rows.map((r) => r.session_id));
    expect(w.lanes).toHaveLength(sessions.size);
    for (const l of w.lanes) {
      expect(l.kind).toBe('session');
      expect(l.label).toMatch(/^S\d+ · (busy-bot|steady-svc|rare-user)-s\d$/);
    }
    expect(w.lanes.reduce((a, l) => a + l.count, 0)).toBe(600);
  });

  it('filters by identity, session, category and outcome', async () => {
    const all = [T0, T0 + 3 * 3600_000] as const;
    const cases: [TimelineFilter, (r: Row) => boolean][] = [
      [{ identity: 'steady-svc' }, (r) => r.principal === 'steady-svc'],
      [{ outcomes: ['failure'] }, (r) => r.outcome === 'failure'],
      [{ categories: ['delete', 'read'] }, (r) => r.category === 'delete' || r.category === 'read'],
      [{ identity: 'busy-bot', outcomes: ['success'] }, (r) => r.principal === 'busy-bot' && r.outcome === 'success'],
      [{ session: String(rows[0].session_id) }, (r) => r.session_id === rows[0].session_id],
      [{ session: 'rare-user-s1' }, (r) => r.session_key === 'rare-user-s1'],
      [{ identity: 'nobody-at-all' }, () => false],
    ];
    for (const [filter, keep] of cases) {
      const w = await window(...all, { maxItems: 5000, filter });
      expect(
        w.items.map((i) => i.id),
        JSON.stringify(filter),
      ).toEqual(naive(...all, keep).map((r) => r.id));
    }
  });
});

describe('timelineWindow: what lies outside the window', () => {
  it('counts the kept events before and after the window, with and without a filter (every mode)', async () => {
    const from = T0 + 25 * 60_000;
    const to = T0 + 50 * 60_000;
    const filters: [TimelineFilter | undefined, (r: Row) => boolean][] = [
      [undefined, () => true],
      [{ identity: 'steady-svc' }, (r) => r.principal === 'steady-svc'],
      [{ outcomes: ['failure'], categories: ['read'] }, (r) => r.outcome === 'failure' && r.category === 'read'],
    ];
    for (const [filter, keep] of filters)
      for (const maxItems of [5000, 10]) {
        const w = await window(from, to, { maxItems, ...(filter ? { filter } : {}) });
        const kept = rows.filter(keep);
        const label = `${JSON.stringify(filter)} ${maxItems}`;
        expect(w.before, label).toBe(kept.filter((r) => r.ts < us(from)).length);
        expect(w.after, label).toBe(kept.filter((r) => r.ts >= us(to)).length);
        expect(w.before + w.total + w.after, label).toBe(kept.length);
      }
  });
});

describe('timelineWindow: clusters', () => {
  it('past maxItems, counts every event once in lane × aligned-bucket cells', async () => {
    const from = T0;
    const to = T0 + 2 * 3600_000;
    const w = await window(from, to, { maxItems: 100 });
    const want = naive(from, to);
    expect(w.mode).toBe('clusters');
    expect(w.items).toEqual([]);
    expect(w.total).toBe(want.length);
    expect(w.clusters.length).toBeLessThanOrEqual(100);
    expect(w.clusters.reduce((a, c) => a + c.count, 0)).toBe(want.length);
    expect(w.clusters.reduce((a, c) => a + c.failures, 0)).toBe(want.filter((r) => r.outcome === 'failure').length);
    // Buckets are a "nice" size aligned to absolute time, so a pan at the same zoom keeps the same cells.
    const bucket = w.bucket_ms!;
    expect(niceBucket(bucket)).toBe(bucket);
    for (const c of w.clusters) {
      const start = Date.parse(c.from);
      expect(start % bucket).toBe(0);
      expect(Date.parse(c.to) - start).toBe(bucket);
      const inCell = want.filter(
        (r) => laneOf(r) === c.lane && Math.floor(r.ts / 1000) >= start && Math.floor(r.ts / 1000) < start + bucket,
      );
      expect(c.count).toBe(inCell.length);
      const cats = new Map<string, number>();
      for (const r of inCell) cats.set(r.category, (cats.get(r.category) ?? 0) + 1);
      expect(cats.get(c.top_category)).toBe(Math.max(...cats.values()));
    }
    const panned = await window(from + bucket, to + bucket, { maxItems: 100 });
    const key = (c: { lane: string; from: string }) => `${c.lane}@${c.from}`;
    const shared = new Set(panned.clusters.map(key));
    expect(w.clusters.filter((c) => shared.has(key(c))).length).toBeGreaterThan(w.clusters.length / 2);
  });
});

describe('timelineWindow: density', () => {
  it('past maxItems with densityBins, gives each lane equal bins: counts, failures, dominant category', async () => {
    const from = T0;
    const to = T0 + 2 * 3600_000;
    const bins = 24;
    const w = await window(from, to, { maxItems: 100, densityBins: bins });
    const want = naive(from, to);
    expect(w.mode).toBe('density');
    expect(w.bucket_ms).toBe((to - from) / bins);
    expect(w.density.map((d) => d.lane).sort()).toEqual([...new Set(want.map(laneOf))].sort());
    for (const d of w.density) {
      expect(d.counts).toHaveLength(bins);
      const mine = want.filter((r) => laneOf(r) === d.lane);
      const binOf = (r: Row) => Math.min(bins - 1, Math.floor((Math.floor(r.ts / 1000) - from) / (w.bucket_ms ?? 1)));
      for (let b = 0; b < bins; b++) {
        const inBin = mine.filter((r) => binOf(r) === b);
        expect(d.counts[b]).toBe(inBin.length);
        expect(d.failures[b]).toBe(inBin.filter((r) => r.outcome === 'failure').length);
        if (inBin.length === 0) expect(d.top[b]).toBe(-1);
        else expect(inBin.some((r) => r.category === CATEGORIES[d.top[b]])).toBe(true);
      }
    }
    expect(w.categories).toEqual(CATEGORIES);
  });
});

describe('timelineHistogram and timelineSeek', () => {
  it('histogram bins count every event of the range once, with failures', async () => {
    const h = await timelineHistogram(handle.db, { bins: 30 });
    expect(h.total).toBe(600);
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(600);
    expect(h.failures.reduce((a, b) => a + b, 0)).toBe(rows.filter((r) => r.outcome === 'failure').length);
    expect(h.from).toBe(new Date(Math.floor(rows[0].ts / 1000)).toISOString());
    const part = await timelineHistogram(handle.db, { fromUs: us(T0), toUs: us(T0 + 3600_000), bins: 6 });
    expect(part.total).toBe(naive(T0, T0 + 3600_000).length);
    expect(part.bin_ms).toBe(600_000);
    const f = await timelineHistogram(handle.db, { bins: 10, filter: { identity: 'rare-user' } });
    expect(f.total).toBe(rows.filter((r) => r.principal === 'rare-user').length);
  });

  it('seek: the id at a position of the ordered list and the keyset cursor before it, with or without a filter', async () => {
    const all = rows.map((r) => r.id);
    for (const order of ['asc', 'desc'] as const) {
      const list = order === 'asc' ? all : [...all].reverse();
      for (const position of [0, 1, 299, 599]) {
        const s = await timelineSeek(handle.db, { position, order });
        expect(s).toEqual({ id: list[position], after: position === 0 ? null : list[position - 1], total: 600 });
      }
      expect(await timelineSeek(handle.db, { position: 600, order })).toEqual({ id: null, after: null, total: 600 });
    }
    const failures = rows.filter((r) => r.outcome === 'failure').map((r) => r.id);
    const s = await timelineSeek(handle.db, { position: 5, filter: { outcomes: ['failure'] } });
    expect(s).toEqual({ id: failures[5], after: failures[4], total: failures.length });
    const ranged = await timelineSeek(handle.db, { position: 0, fromUs: us(T0 + 3600_000) });
    expect(ranged.id).toBe(naive(T0 + 3600_000, T0 + 10 * 3600_000)[0].id);
  });
});

describe('the column index', () => {
  it('is built once per case state and rebuilt when the case changes', async () => {
    const a = await timelineIndex(handle.db);
    expect(a.n).toBe(600);
    expect(Array.from(a.ids)).toEqual(rows.map((r) => r.id));
    expect(await timelineIndex(handle.db)).toBe(a);
    const sig = caseSignature(handle.db);
    handle.db.prepare("UPDATE case_meta SET value = value || 'x' WHERE key = 'derived_at'").run();
    expect(caseSignature(handle.db)).not.toBe(sig);
    const b = await timelineIndex(handle.db);
    expect(b).not.toBe(a);
    expect(Array.from(b.ids)).toEqual(Array.from(a.ids));
  });
});

describe('niceBucket', () => {
  it('rounds up to 1-2-5 steps of seconds, then minutes, hours, days, weeks', () => {
    expect(niceBucket(1)).toBe(1000);
    expect(niceBucket(1001)).toBe(2000);
    expect(niceBucket(45_000)).toBe(60_000);
    expect(niceBucket(3_600_001)).toBe(7_200_000);
    expect(niceBucket(40 * 86_400_000)).toBe(7_776_000_000);
    expect(niceBucket(2 * 31_536_000_000 + 1)).toBe(3 * 31_536_000_000);
  });
});

describe('the seams, on a hand-built index (no case file)', () => {
  // Five events on two lanes: lane 0 at 0, 10, 20 ms (the second a failure), lane 1 at 5 and 25 ms.
  const ms = [0, 5, 10, 20, 25];
  const ix: TimelineIndex = {
    sig: 'hand-built',
    n: 5,
    ids: Float64Array.from(ms.map((m, i) => (T0 + m) * SLOTS_PER_MS + i)),
    identityLane: Int32Array.from([0, 1, 0, 0, 1]),
    sessionLane: new Int32Array(5),
    cat: Uint8Array.from([0, 1, 1, 1, 2]),
    outcome: Uint8Array.from([0, 0, 1, 0, 0]),
    flags: new Uint8Array(5),
    identityLanes: [
      { kind: 'principal', ref: 'a' },
      { kind: 'principal', ref: 'b' },
    ],
    sessionLanes: [{ kind: 'none', ref: null }],
    builtMs: 0,
  };

  it('slices by time key, ranks lanes and folds past maxLanes', () => {
    expect(sliceOf(ix, T0 + 5, T0 + 21)).toEqual([1, 4]);
    const s = sliceFor(ix, 0, 5, null, 'identity');
    const one = rankLanes(s, 1);
    expect(one.shown).toEqual([[0, 3]]);
    expect([one.total, one.otherLanes, one.otherCount]).toEqual([5, 1, 2]);
    expect(Array.from(one.row)).toEqual([0, 1]);
    const kept = rankLanes(
      sliceFor(ix, 0, 5, (i) => ix.cat[i] !== 1, 'identity'),
      5,
    );
    expect(kept.shown).toEqual([
      [0, 1],
      [1, 1],
    ]);
  });

  it('density and clusters bin the slice per lane', () => {
    const s = sliceFor(ix, 0, 5, null, 'identity');
    const r = rankLanes(s, 1);
    const d = windowDensity(s, r, { fromMs: T0, toMs: T0 + 30, bins: 3 });
    expect(d.binMs).toBe(10);
    expect(d.density).toEqual([
      { lane: 'principal:a', counts: [1, 1, 1], failures: [0, 1, 0], top: [0, 1, 1] },
      { lane: 'other', counts: [1, 0, 1], failures: [0, 0, 0], top: [1, -1, 2] },
    ]);
    const c = windowClusters(s, rankLanes(s, 5), { fromMs: T0, toMs: T0 + 30, maxItems: 10, laneCount: 2 });
    expect(c.bucketMs).toBe(1000);
    expect(c.clusters.map((x) => [x.lane, x.count, x.failures, x.top_category])).toEqual([
      ['principal:a', 3, 1, CATEGORIES[1]],
      ['principal:b', 2, 0, CATEGORIES[1]],
    ]);
  });
});
