// Issue 15 §4: a case this user cannot write — on an evidence locker mount, or another user's in a shared folder —
// opens read-only for reading and `verify`, and leaves no file behind (SQLite used to fail on it: "attempt to
// write a readonly database", or leave a -shm and -wal owned by the reader beside someone else's case). A call that
// would change it says the case is read-only and what to do.
import { chmodSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir, trailLine } from '../helpers.js';
import { cli } from '../cli/run.js';
import { cliAs, handOver } from './as-user.js';

const tmp = tempDir('ss-ro-');
let home = '';

/** A case with one evidence file and an annotation in `dir`, closed cleanly (no -wal or -shm left). */
function makeCase(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const log = path.join(dir, 'trail.jsonl');
  writeFileSync(log, trailLine(1) + trailLine(2));
  const kase = path.join(dir, 'c.sscase');
  expect(cli(['new', kase, '--name', 'locker']).code).toBe(0);
  expect(cli(['import', kase, log, '--quiet']).code).toBe(0);
  expect(cli(['annotate', kase, '--identity', 'arn:aws:iam::111122223333:user/etl', '--tag', 'seen']).code).toBe(0);
  return kase;
}

const listing = (dir: string) =>
  readdirSync(dir)
    .sort()
    .map((n) => `${n} ${statSync(path.join(dir, n)).size}`);

beforeAll(() => {
  chmodSync(tmp.dir, 0o755); // the unprivileged user reaches the cases through this folder
  home = path.join(tmp.dir, 'home');
  mkdirSync(home);
  handOver(home);
});

afterAll(() => {
  for (const d of ['locker', 'shared']) {
    try {
      chmodSync(path.join(tmp.dir, d), 0o755);
    } catch {
      /* not made */
    }
  }
  tmp.cleanup();
});

describe('a case this user cannot write', () => {
  const scenarios: [string, (dir: string, kase: string) => void][] = [
    [
      'on an evidence locker (folder and files read-only)',
      (dir, kase) => {
        for (const f of readdirSync(dir)) chmodSync(path.join(dir, f), 0o444);
        chmodSync(kase, 0o444);
        chmodSync(dir, 0o555);
      },
    ],
    [
      'another user’s, shared in a folder anyone may write',
      (dir, kase) => {
        for (const f of readdirSync(dir)) chmodSync(path.join(dir, f), 0o444);
        chmodSync(kase, 0o444);
        chmodSync(dir, 0o1777);
      },
    ],
  ];

  it.each(scenarios)('%s: reads and verifies, refuses writes, leaves nothing behind', (name, lock) => {
    const dir = path.join(tmp.dir, name.startsWith('on') ? 'locker' : 'shared');
    const kase = makeCase(dir);
    lock(dir, kase);
    const before = listing(dir);
    const copiesBefore = readdirSync(os.tmpdir()).filter((n) => n.startsWith('sessionscope-ro-'));

    const info = cliAs(['info', kase], home);
    expect(info.code, info.stderr).toBe(0);
    expect(info.stderr).toMatch(/open read-only/);
    const events = cliAs(['events', kase, '--json'], home);
    expect(events.code, events.stderr).toBe(0);
    expect(JSON.parse(events.stdout) as unknown[]).toHaveLength(2);
    const verify = cliAs(['verify', kase, '--deep'], home);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);

    const annotate = cliAs(
      ['annotate', kase, '--identity', 'arn:aws:iam::111122223333:user/etl', '--tag', 'more'],
      home,
    );
    expect(annotate.code).toBe(1);
    expect(annotate.stderr).toMatch(
      /annotations\.add changes the case, which is open read-only: this user may not write the case file\. Copy/,
    );

    expect(listing(dir)).toEqual(before);
    // The private copies it read from are gone too.
    expect(readdirSync(os.tmpdir()).filter((n) => n.startsWith('sessionscope-ro-'))).toEqual(copiesBefore);
  });
});
