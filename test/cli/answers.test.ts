// Issue 12 §1 and §4 through the built CLI: lists complete and streamed (or cut on purpose, and saying so), wrong
// input as errors naming the closest matches, one identity resolver, tables and TSV that keep every value, CSV ids
// a spreadsheet cannot round, reads during an import, and counts that agree after an interrupted one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWriteStream, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import Database from 'better-sqlite3';
import { cliAsync, cliSpawn } from './run.js';
import { tempDir } from '../helpers.js';

const N = 2500;

function record(i: number, arn: string, key: string, ip = `10.1.${(i >> 8) & 255}.${i & 255}`) {
  return {
    eventVersion: '1.08',
    eventTime: new Date(Date.UTC(2026, 2, 10, 9) + i * 1000).toISOString(),
    eventSource: 's3.amazonaws.com',
    eventName: i % 5 === 0 ? 'PutObject' : 'GetObject',
    awsRegion: 'us-east-1',
    sourceIPAddress: ip,
    userIdentity: { type: arn.includes(':user/') ? 'IAMUser' : 'AssumedRole', arn, accessKeyId: key },
    requestParameters: { bucketName: 'ledger', key: `k/${i}` },
    eventID: `10000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  };
}

async function writeLines(file: string, n: number, make: (i: number) => unknown): Promise<void> {
  const out = createWriteStream(file);
  for (let i = 0; i < n; i++) if (!out.write(JSON.stringify(make(i)) + '\n')) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

const ARNS = [
  'arn:aws:iam::111122223333:user/backup-svc',
  'arn:aws:sts::111122223333:assumed-role/payments/run-1',
  'arn:aws:sts::444455556666:assumed-role/payments/run-2',
];

// Each test makes up to twenty CLI calls: room for a loaded machine, while each call is still cut at CLI_TIMEOUT_MS.
describe('trustworthy answers (CLI)', { timeout: 300_000 }, () => {
  const t = tempDir();
  const c = path.join(t.dir, 'a.sscase');

  beforeAll(async () => {
    const trail = path.join(t.dir, 'trail.jsonl');
    await writeLines(trail, N, (i) => record(i, ARNS[i % 3], `AKIA${i % 3}EXAMPLE000000${i % 3}`));
    expect((await cliAsync(['new', c])).code).toBe(0);
    expect((await cliAsync(['import', c, trail, '--quiet'])).code).toBe(0);
  }, 120_000);
  afterAll(() => t.cleanup());

  it('lists every event by default, streamed as one JSON array or one object per line', async () => {
    const all = await cliAsync(['events', c, '--json']);
    expect(all.code).toBe(0);
    expect(JSON.parse(all.stdout)).toHaveLength(N);
    const lines = (await cliAsync(['events', c, '--jsonl'])).stdout.trim().split('\n');
    expect(lines).toHaveLength(N);
    expect(new Set(lines.map((l) => (JSON.parse(l) as { id: number }).id)).size).toBe(N);
    expect((await cliAsync(['events', c])).stdout).toMatch(new RegExp(`^${N.toLocaleString('en-US')} events$`, 'm'));
  });

  it('--limit cuts on purpose: a truncated marker in JSON and JSONL, a note on stderr', async () => {
    const cut = await cliAsync(['events', c, '--json', '--limit', '10']);
    const doc = JSON.parse(cut.stdout) as { items: unknown[]; truncated: boolean; limit: number };
    expect(doc.items).toHaveLength(10);
    expect(doc).toMatchObject({ truncated: true, limit: 10 });
    expect(cut.stderr).toMatch(/cut at --limit 10/);
    const whole = JSON.parse((await cliAsync(['events', c, '--json', '--limit', String(N)])).stdout) as {
      truncated: boolean;
    };
    expect(whole.truncated).toBe(false);
    const jl = (await cliAsync(['events', c, '--jsonl', '--limit', '3'])).stdout.trim().split('\n');
    expect(jl).toHaveLength(4);
    expect(JSON.parse(jl[3])).toMatchObject({ truncated: true, limit: 3 });
    const s = await cliAsync(['sessions', c, '--json', '--limit', '1']);
    expect(JSON.parse(s.stdout)).toMatchObject({ truncated: true, limit: 1 });
    expect(s.stderr).toMatch(/cut at --limit 1 of \d+/);
  });

  it('wrong input is an error, not zero rows', async () => {
    const typo = await cliAsync(['events', c, '--identity', 'backup-sv']);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toMatch(/no identity matches "backup-sv"; closest: .*backup-svc/);
    const amb = await cliAsync(['events', c, '--identity', 'payments']);
    expect(amb.code).toBe(1);
    expect(amb.stderr).toMatch(/matches 2 identities/);
    expect(amb.stderr).toMatch(/111122223333/);
    expect(amb.stderr).toMatch(/444455556666/);
    expect((await cliAsync(['sessions', c, '--identity', 'payments'])).code).toBe(1);
    expect((await cliAsync(['scope', c, '--identity', 'payments'])).code).toBe(1);
    const sess = await cliAsync(['events', c, '--session', 'S999999']);
    expect(sess.code).toBe(1);
    expect(sess.stderr).toMatch(/no session "S999999"; closest: S\d+/);
    expect((await cliAsync(['events', c, '--from', '2026-03-11', '--to', '2026-03-10'])).code).toBe(2);
    expect((await cliAsync(['events', c, '--from', 'last tuesday'])).code).toBe(2);
    expect((await cliAsync(['sessions', c, '--to', '2026-02-30'])).code).toBe(2);
    expect((await cliAsync(['events', c, '--format', 'cloudtrial'])).code).toBe(2);
    expect((await cliAsync(['events', c, '--tz', 'Mars/Olympus'])).code).toBe(2);
    const ev = await cliAsync(['annotate', c, '--event', '1', '--tag', 'x']);
    expect(ev.code).toBe(1);
    expect(ev.stderr).toMatch(/no event 1; closest ids: \d+/);
  });

  it('--tz sets the zone of --from/--to without an offset', async () => {
    // 10:00 in Berlin (CET, +01:00) is 09:00Z, the first event; 10:00:05 is five events later.
    const rows = JSON.parse(
      (
        await cliAsync([
          'events',
          c,
          '--tz',
          'Europe/Berlin',
          '--from',
          '2026-03-10T10:00',
          '--to',
          '2026-03-10T10:00:05',
          '--json',
        ])
      ).stdout,
    ) as { ts: string }[];
    expect(rows.map((r) => r.ts)[0]).toBe('2026-03-10T09:00:00.000Z');
    expect(rows).toHaveLength(5);
  });

  it('one identity resolver: annotate --identity accepts what events --identity accepts', async () => {
    const ids = JSON.parse((await cliAsync(['identities', c, '--json'])).stdout) as { id: number; name: string }[];
    const backup = ids.find((i) => i.name.endsWith('user/backup-svc'))!;
    for (const ref of ['backup-svc', 'user/backup-svc', String(backup.id), `I${backup.id}`, backup.name]) {
      const ev = await cliAsync(['events', c, '--identity', ref, '--json']);
      expect(ev.code, ref).toBe(0);
      expect(JSON.parse(ev.stdout).length, ref).toBeGreaterThan(0);
      const an = await cliAsync(['annotate', c, '--identity', ref, '--tag', 'reviewed', '--json']);
      expect(an.code, `${ref}: ${an.stderr}`).toBe(0);
    }
    expect((await cliAsync(['annotate', c, '--identity', 'payments', '--tag', 'x'])).code).toBe(1);
  });

  it('--tsv and piped tables keep every value whole', async () => {
    const tsv = (await cliAsync(['events', c, '--tsv', '--limit', '5'])).stdout.trim().split('\n');
    expect(tsv[0].split('\t')).toContain('id');
    const width = tsv[0].split('\t').length;
    for (const l of tsv) expect(l.split('\t')).toHaveLength(width);
    const table = (await cliAsync(['events', c, '--limit', '5', '--wide'])).stdout;
    expect(table).not.toContain('…');
    const first = JSON.parse((await cliAsync(['events', c, '--json', '--limit', '5'])).stdout) as {
      items: { id: number }[];
    };
    for (const e of first.items) expect(table).toContain(String(e.id));
  });

  it('CSV: ids survive a spreadsheet, a BOM on request, formula defusing kept, --out - writes to stdout', async () => {
    const csv = await cliAsync(['export', c, '--format', 'csv', '--out', '-', '--bom']);
    expect(csv.code).toBe(0);
    expect(csv.stdout.startsWith('\uFEFFid,ts,')).toBe(true);
    const rows = csv.stdout.slice(1).trim().split('\r\n').slice(1);
    expect(rows).toHaveLength(N);
    const ids = (JSON.parse((await cliAsync(['events', c, '--json'])).stdout) as { id: number }[]).map(
      (e) => `E${e.id}`,
    );
    expect(rows.map((r) => r.split(',')[0])).toEqual(ids);
    for (const r of rows) expect(r.split(',')[0]).toMatch(/^E\d{16}$/);
    // An id as the CSV writes it is accepted back.
    expect((await cliAsync(['annotate', c, '--event', ids[0], '--tag', 'from-csv'])).code).toBe(0);
    const file = path.join(t.dir, 'plain.csv');
    expect((await cliAsync(['export', c, '--format', 'csv', '--out', file])).code).toBe(0);
    expect((await cliAsync(['export', c, '--format', 'jsonl', '--out', '-', '--bom'])).code).toBe(2);
  });
});

describe('a finding that cites a session', () => {
  const t = tempDir();
  afterAll(() => t.cleanup());

  it("shows the session's events in the report", async () => {
    const c = path.join(t.dir, 'r.sscase');
    const trail = path.join(t.dir, 'trail.jsonl');
    await writeLines(trail, 30, (i) => record(i, ARNS[i % 3], `AKIA${i % 3}EXAMPLE000000${i % 3}`));
    expect((await cliAsync(['new', c])).code).toBe(0);
    expect((await cliAsync(['import', c, trail, '--quiet'])).code).toBe(0);
    const sessions = JSON.parse((await cliAsync(['sessions', c, '--json'])).stdout) as {
      key: string | null;
      events: number;
    }[];
    const s = sessions.find((x) => x.key !== null && x.events > 1)!;
    const an = await cliAsync(['annotate', c, '--session', s.key!, '--finding', 'Key used', '--severity', 'high']);
    expect(an.code, an.stderr).toBe(0);
    const r = await cliAsync(['report', c, '--html', path.join(t.dir, 'r.html')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).toMatch(new RegExp(`1 finding\\(s\\), ${s.events} cited event\\(s\\)`));
  }, 120_000);
});

describe('reads while an import writes, and after it is interrupted', () => {
  const t = tempDir();
  afterAll(() => t.cleanup());

  function events(casePath: string): number {
    const db = new Database(casePath, { readonly: true, fileMustExist: true });
    try {
      return db.prepare('SELECT count(*) FROM events').pluck().get() as number;
    } finally {
      db.close();
    }
  }

  it('answers at once from committed rows; a second writer is refused clearly; counts agree after Ctrl-C', async () => {
    const c = path.join(t.dir, 'busy.sscase');
    const big = path.join(t.dir, 'big.jsonl');
    await writeLines(big, 150_000, (i) => record(i, ARNS[i % 3], `AKIA${i % 3}EXAMPLE000000${i % 3}`));
    const small = path.join(t.dir, 'small.jsonl');
    writeFileSync(small, JSON.stringify(record(1, ARNS[0], 'AKIA0EXAMPLE0000000', '192.0.2.9')) + '\n');
    expect((await cliAsync(['new', c])).code).toBe(0);
    const child = cliSpawn(['import', c, big, '--quiet']);
    const exited = once(child, 'exit');
    while (child.exitCode === null) {
      await new Promise((r) => setTimeout(r, 100));
      try {
        if (events(c) > 3000) break;
      } catch {
        /* not created yet */
      }
    }
    expect(child.exitCode).toBeNull(); // still importing
    const info = await cliAsync(['info', c, '--json']);
    expect(info.code).toBe(0);
    const doc = JSON.parse(info.stdout) as { events: number; incomplete: { path: string; events: number }[] };
    expect(doc.incomplete.map((e) => e.path)).toEqual([big]);
    expect(info.stderr).toMatch(/is incomplete/);
    const ev = await cliAsync(['events', c, '--limit', '1', '--json']);
    expect(ev.code).toBe(0);
    const second = await cliAsync(['import', c, small, '--quiet']);
    // It waits for the lock and gets it between batches, or is refused with what to do — never SQLite's bare words.
    if (second.code !== 0)
      expect(second.stderr, second.stderr).toMatch(/the case is busy: another process is writing to it/);
    expect(second.stderr).not.toMatch(/sessionscope: database is locked/);
    // Ctrl-C.
    if (child.exitCode === null) child.kill('SIGINT');
    await exited;
    const after = JSON.parse((await cliAsync(['info', c, '--json'])).stdout) as {
      events: number;
      incomplete: { events: number }[];
      evidence: { status: string; events: number }[];
    };
    // What `events` lists is every row of the events table (the lists above prove it is complete); counted here
    // directly, since 150k JSON lines outgrow the test's output buffer.
    const listed = events(c);
    expect(after.events).toBe(listed);
    // The interrupted file's share: what is listed beyond the complete files.
    const complete = after.evidence.filter((e) => e.status === 'complete').reduce((n, e) => n + e.events, 0);
    if (after.incomplete.length > 0) expect(after.incomplete[0].events).toBe(listed - complete);
    // Importing it again completes it.
    expect((await cliAsync(['import', c, big, '--quiet'])).code).toBe(0);
    const done = JSON.parse((await cliAsync(['info', c, '--json'])).stdout) as {
      events: number;
      incomplete: unknown[];
    };
    expect(done.incomplete).toEqual([]);
    expect(done.events).toBeGreaterThanOrEqual(150_000);
  }, 600_000);
});
