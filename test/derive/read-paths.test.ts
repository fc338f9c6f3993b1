// The list read paths made bounded for 10M-event cases (issue 16 §3) answer exactly what the whole computation
// answers: identities pages' aliases, the overview graph past max nodes, coverage's tamper events and unused
// credentials — on a case, and again after a second import into it (derivation runs again).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { caseFrom, type TestCase } from './case.js';
import { tempDir } from '../helpers.js';
import { generate as cloudtrail } from '../../importers/cloudtrail/generator.js';
import { generate as okta } from '../../importers/okta/generator.js';
import type { CaseDb } from '../../core/casefile/open.js';
import type { Graph } from '../../core/query/graph.js';
import type { CoverageResult } from '../../core/query/coverage.js';
import { FLAG } from '../../core/model/flags.js';
import { exposureOf } from '../../core/query/exposure.js';

let tc: TestCase;
const t = tempDir('ss-read-paths-');

beforeAll(async () => {
  mkdirSync(path.join(t.dir, 'in'));
  mkdirSync(path.join(t.dir, 'more'));
  writeFileSync(path.join(t.dir, 'in', 'ct.jsonl'), cloudtrail(3000, 5).join('\n') + '\n');
  writeFileSync(path.join(t.dir, 'in', 'okta.jsonl'), okta(400, 5).join('\n') + '\n');
  writeFileSync(path.join(t.dir, 'more', 'ct2.jsonl'), cloudtrail(3000, 9).join('\n') + '\n');
  tc = await caseFrom([path.join(t.dir, 'in')]);
}, 180_000);
afterAll(() => {
  tc?.close();
  t.cleanup();
});

interface Alias {
  value: string;
  events: number;
}
interface Identity {
  id: number;
  aliases: Alias[];
  alias_count: number;
}

/** The overview graph as computed whole: every resource edge of the drawn identities read, then grouped. */
function referenceOverview(
  db: CaseDb,
  o: { maxNodes: number; expand?: string[]; from?: number; to?: number },
): Pick<Graph, 'aggregated'> & { drawn: string[]; groups: string[] } {
  const tc = (a: string) => {
    const c: string[] = [];
    const args: number[] = [];
    if (o.from !== undefined) {
      c.push(`${a}.last_ts >= ?`);
      args.push(o.from);
    }
    if (o.to !== undefined) {
      c.push(`${a}.first_ts < ?`);
      args.push(o.to);
    }
    return { sql: c.map((x) => ` AND ${x}`).join(''), args };
  };
  const ti = tc('i');
  const idents = (
    db
      .prepare(`SELECT id FROM identities i WHERE live = 1${ti.sql} ORDER BY nhi DESC, events DESC, id`)
      .pluck()
      .all(...ti.args) as number[]
  ).slice(0, o.maxNodes);
  const keep = new Set(idents);
  const te = tc('e');
  const svc = idents.flatMap(
    (id) =>
      db
        .prepare(`SELECT identity_id, service, resources FROM service_edges e WHERE identity_id = ?${te.sql}`)
        .all(id, ...te.args) as { identity_id: number; service: string; resources: number }[],
  );
  const aggregated = idents.length + svc.reduce((a, r) => a + r.resources, 0) > o.maxNodes;
  const asIdentity = new Set(
    (
      db
        .prepare(
          `SELECT r.id, i.id AS iid FROM resources r JOIN identities i ON i.name = r.name AND i.live = 1
           UNION SELECT r.id, i.id FROM resources r JOIN aliases a ON a.value = r.name JOIN identities i ON i.id = a.identity_id AND i.live = 1`,
        )
        .all() as { id: number; iid: number }[]
    )
      .filter((r) => keep.has(r.iid))
      .map((r) => r.id),
  );
  const expand = new Set(o.expand ?? []);
  const drawn: string[] = [];
  const grouped = new Set<string>();
  for (const id of idents)
    for (const r of db
      .prepare(
        `SELECT e.identity_id, e.resource_id, r.service FROM resource_edges e JOIN resources r ON r.id = e.resource_id WHERE e.identity_id = ?${te.sql}`,
      )
      .all(id, ...te.args) as { identity_id: number; resource_id: number; service: string }[]) {
      if (!aggregated || expand.has(r.service) || asIdentity.has(r.resource_id))
        drawn.push(`ir:${r.identity_id}:${r.resource_id}`);
      else grouped.add(r.service);
    }
  const groups = svc.filter((r) => grouped.has(r.service)).map((r) => `ig:${r.identity_id}:${r.service}`);
  return { aggregated, drawn, groups };
}

async function checkAll(): Promise<void> {
  const db = tc.handle.db;
  // Identities pages: each identity's first aliases, as the whole list orders them.
  const whole = await tc.api<Identity[]>('identities.list', { aliases: -1 });
  const page = await tc.api<{ items: Identity[] }>('identities.page', { limit: 5000 });
  expect(page.items.map((i) => i.id)).toEqual(whole.map((i) => i.id));
  const many = whole.filter((i) => i.alias_count > 3);
  expect(many.length).toBeGreaterThan(0);
  const byId = new Map(whole.map((i) => [i.id, i]));
  for (const i of page.items) expect(i.aliases).toEqual(byId.get(i.id)!.aliases.slice(0, 20));
  const three = await tc.api<{ items: Identity[] }>('identities.page', { limit: 5000, aliases: 3 });
  for (const i of three.items) expect(i.aliases).toEqual(byId.get(i.id)!.aliases.slice(0, 3));
  const none = await tc.api<{ items: Identity[] }>('identities.page', { limit: 50, aliases: 0 });
  expect(none.items.every((i) => i.aliases.length === 0)).toBe(true);

  // Session pages carry what the whole list carries, exposure too (read 500 owners a statement).
  const sessions = await tc.api<{ id: number; exposure: unknown }[]>('sessions.list', { limit: 100000 });
  const sessionPage = await tc.api<{ items: { id: number }[] }>('sessions.page', { limit: 5000 });
  expect(sessionPage.items).toEqual(sessions);
  const exposed = db.prepare("SELECT count(*) FROM exposure WHERE scope = 'session'").pluck().get() as number;
  expect(exposed).toBeGreaterThan(0);
  expect(sessions.filter((x) => x.exposure !== null).length).toBe(exposed);
  // More owners than a statement binds, most of them reading nothing.
  const ids = [...Array.from({ length: 1200 }, (_, k) => 10_000_000 + k), ...sessions.map((x) => x.id)];
  const ex = exposureOf(db, 'session', ids);
  expect(ex.size).toBe(exposed);
  for (const x of sessions) expect(ex.get(x.id) ?? null).toEqual(exposureOf(db, 'session', [x.id]).get(x.id) ?? null);

  // The overview graph past max nodes, against the whole computation.
  const services = db.prepare('SELECT DISTINCT service FROM resources ORDER BY service').pluck().all() as string[];
  const [lo, hi] = db.prepare('SELECT min(first_ts), max(last_ts) FROM identities').raw().get() as number[];
  const mid = Math.floor((lo + hi) / 2);
  let aggregatedSeen = 0;
  for (const o of [
    { maxNodes: 10 },
    { maxNodes: 25 },
    { maxNodes: 25, expand: services.slice(0, 2) },
    { maxNodes: 25, expand: [services[services.length - 1]] },
    { maxNodes: 15, from: mid },
    { maxNodes: 15, to: mid, expand: services.slice(-2) },
    { maxNodes: 5000 },
  ]) {
    const g = await tc.api<Graph>('graph.overview', {
      max_nodes: o.maxNodes,
      ...(o.expand ? { expand: o.expand } : {}),
      ...(o.from ? { from: new Date(o.from / 1000).toISOString() } : {}),
      ...(o.to ? { to: new Date(o.to / 1000).toISOString() } : {}),
    });
    // ISO strings are millisecond-precise: the reference gets the same bound the API parsed.
    const ref = referenceOverview(db, {
      ...o,
      from: o.from && Math.floor(o.from / 1000) * 1000,
      to: o.to && Math.floor(o.to / 1000) * 1000,
    });
    expect(g.aggregated).toBe(ref.aggregated);
    if (g.aggregated) aggregatedSeen++;
    expect(g.edges.filter((e) => e.id.startsWith('ir:')).map((e) => e.id)).toEqual(ref.drawn);
    expect(g.edges.filter((e) => e.id.startsWith('ig:')).map((e) => e.id)).toEqual(ref.groups);
  }
  expect(aggregatedSeen).toBeGreaterThan(3);

  // Coverage: tamper events are exactly the flagged events; unused credentials counted as the table holds them.
  const cov = await tc.api<CoverageResult>('coverage.list', {});
  const flagged = db
    .prepare('SELECT id FROM events WHERE (flags & ?) != 0 ORDER BY id')
    .pluck()
    .all(FLAG.logTamper) as number[];
  expect(cov.tamper.map((x) => x.event)).toEqual(flagged);
  const unused = db
    .prepare(
      `SELECT target_identity AS id, count(*) AS total, sum(sessions = 0) AS unused FROM issued_credentials
       WHERE target_identity IS NOT NULL AND observable = 1 GROUP BY target_identity HAVING unused > 0`,
    )
    .all() as { id: number; total: number; unused: number }[];
  for (const u of unused) {
    const row = cov.identities.find((r) => r.identity_id === u.id)!;
    const d = row.details.find((x) => x.flag === 'unused_credentials' || x.flag === 'credential_issued_no_actions');
    if (d?.flag === 'unused_credentials') expect(d.counts).toEqual({ unused: u.unused, total: u.total });
    if (d) expect(d.events.length).toBe(Math.min(50, u.unused));
  }
}

describe('bounded read paths', () => {
  it('answer what the whole computation answers', async () => {
    await checkAll();
  });

  it('still do after a second import into the case', async () => {
    const tamperBefore = (await tc.api<CoverageResult>('coverage.list', {})).tamper.length;
    expect(tamperBefore).toBeGreaterThan(0);
    await tc.add([path.join(t.dir, 'more')]);
    expect((await tc.api<CoverageResult>('coverage.list', {})).tamper.length).toBeGreaterThan(tamperBefore);
    await checkAll();
  }, 120_000);
});
