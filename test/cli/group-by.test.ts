// `search CASE QUERY --group-by FIELD` (and `events --group-by`): the grid's group-by on the command line — every
// value of the field over the events the search matches, with its count, most frequent first, complete unless
// --limit; a wrong field is a usage error that lists the fields. Counts are checked against the events the same
// search lists, grouped here by hand.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { cliAsync } from './run.js';
import { tempDir, trailLine } from '../helpers.js';

interface Group {
  value: string | null;
  key: string | null;
  count: number;
}
interface Ev {
  id: number;
  action: string;
  identity: string | null;
  src_ip: string | null;
}

const USERS = ['etl', 'backup-svc', 'deployer'];
const ACTIONS = ['GetObject', 'PutObject', 'DeleteObject', 'ListBuckets'];

/** 50 records: actions and users in uneven shares, every seventh denied, every fifth from another address. */
function lines(): string {
  let out = '';
  for (let i = 0; i < 50; i++)
    out += trailLine(i, {
      eventName: ACTIONS[(i % 9) % ACTIONS.length],
      userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::111122223333:user/${USERS[i % 5 === 0 ? 2 : i % 2]}` },
      sourceIPAddress: i % 5 === 0 ? '198.51.100.7' : '10.0.0.5',
      ...(i % 7 === 0 ? { errorCode: 'AccessDenied', errorMessage: 'denied' } : {}),
    });
  return out;
}

async function json<T>(args: string[]): Promise<T> {
  const r = await cliAsync([...args, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as T;
}

function byHand(evs: Ev[], key: (e: Ev) => string | null): Map<string | null, number> {
  const m = new Map<string | null, number>();
  for (const e of evs) m.set(key(e), (m.get(key(e)) ?? 0) + 1);
  return m;
}

describe('search --group-by', { timeout: 180_000 }, () => {
  const t = tempDir('ss-groupby-');
  const c = path.join(t.dir, 'g.sscase');
  beforeAll(async () => {
    const log = path.join(t.dir, 'trail.jsonl');
    writeFileSync(log, lines());
    expect((await cliAsync(['new', c])).code).toBe(0);
    const imp = await cliAsync(['import', c, log, '--quiet']);
    expect(imp.code, imp.stderr).toBe(0);
  });
  afterAll(() => t.cleanup());

  it('counts every value of the field over what the search matches, most frequent first', async () => {
    const q = 'outcome:success -action:ListBuckets';
    const evs = await json<Ev[]>(['search', c, q]);
    expect(evs.length).toBeGreaterThan(10);
    const groups = await json<Group[]>(['search', c, q, '--group-by', 'action']);
    const want = byHand(evs, (e) => e.action);
    expect(new Map(groups.map((g) => [g.value, g.count]))).toEqual(want);
    expect(groups.map((g) => g.value)).not.toContain('ListBuckets');
    for (let i = 1; i < groups.length; i++) expect(groups[i - 1].count).toBeGreaterThanOrEqual(groups[i].count);
    // events --search --group-by is the same list.
    expect(await json<Group[]>(['events', c, '--search', q, '--group-by', 'action'])).toEqual(groups);
  });

  it('identity groups carry the name as value and the id as key; src_ip and outcome count alike', async () => {
    const evs = await json<Ev[]>(['search', c, 'GetObject OR PutObject']);
    const ids = await json<Group[]>(['search', c, 'GetObject OR PutObject', '--group-by', 'identity']);
    expect(new Map(ids.map((g) => [g.value, g.count]))).toEqual(byHand(evs, (e) => e.identity));
    const named = await json<{ id: number; name: string }[]>(['identities', c]);
    for (const g of ids) expect(named.find((i) => String(i.id) === g.key)?.name).toBe(g.value);
    const ips = await json<Group[]>(['search', c, 'GetObject OR PutObject', '--group-by', 'src_ip']);
    expect(new Map(ips.map((g) => [g.value, g.count]))).toEqual(byHand(evs, (e) => e.src_ip));
    const all = await json<Group[]>(['search', c, 'etl OR backup-svc OR deployer', '--group-by', 'outcome']);
    expect(Object.fromEntries(all.map((g) => [g.value, g.count]))).toEqual({ success: 42, failure: 8 });
  });

  it('the table says how many values over how many events; --limit cuts and says so', async () => {
    const r = await cliAsync(['search', c, 'outcome:failure', '--group-by', 'action']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ACTION\s+EVENTS$/m);
    expect(r.stdout).toMatch(/\d+ action values over 8 events$/m);
    const cut = await cliAsync(['search', c, 'outcome:success', '--group-by', 'action', '--limit', '1', '--json']);
    const doc = JSON.parse(cut.stdout) as { items: Group[]; truncated: boolean; total: number };
    expect(doc.items).toHaveLength(1);
    expect(doc).toMatchObject({ truncated: true, total: ACTIONS.length });
    expect(cut.stderr).toMatch(/action values cut at --limit 1 of 4/);
  });

  it('a wrong field is a usage error listing the fields; --desc does not go with it', async () => {
    const r = await cliAsync(['search', c, 'GetObject', '--group-by', 'actoin']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--group-by must be one of action, category, resource, .*identity, flags: actoin/);
    expect(r.stdout).toBe('');
    const d = await cliAsync(['search', c, 'GetObject', '--group-by', 'action', '--desc']);
    expect(d.code).toBe(2);
    expect(d.stderr).toMatch(/--group-by lists values, most frequent first/);
    const h = await cliAsync(['search', '--help']);
    expect(h.stdout).toMatch(/--group-by <field>/);
    expect(h.stdout).toMatch(/Group-by \(--group-by FIELD\)/);
  });
});
