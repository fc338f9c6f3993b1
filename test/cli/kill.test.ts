// An import killed with SIGKILL at any moment leaves the case sound: the file is never shown as complete,
// and importing it again completes it with every record present exactly once.
import { describe, expect, it } from 'vitest';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import Database from 'better-sqlite3';
import { cliAsync, cliJsonAsync, cliSpawn } from './run.js';
import { tempDir } from '../helpers.js';

const N = 120_000;

async function writeTrail(file: string): Promise<void> {
  const out = createWriteStream(file);
  for (let i = 0; i < N; i++) {
    const rec = {
      eventVersion: '1.08',
      eventTime: new Date(Date.UTC(2026, 2, 10, 10) + i * 250).toISOString(),
      eventSource: 's3.amazonaws.com',
      eventName: i % 7 === 0 ? 'PutObject' : 'GetObject',
      awsRegion: 'us-east-1',
      sourceIPAddress: `10.0.${(i >> 8) & 255}.${i & 255}`,
      userIdentity: {
        type: 'AssumedRole',
        arn: `arn:aws:sts::111122223333:assumed-role/etl-${i % 13}/run-${i % 101}`,
        accessKeyId: `ASIAETL${String(i % 101).padStart(13, '0')}`,
      },
      requestParameters: { bucketName: `data-${i % 17}`, key: `exports/part-${i}.parquet` },
      eventID: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    };
    if (!out.write(JSON.stringify(rec) + '\n')) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

function countEvents(casePath: string): number {
  try {
    const db = new Database(casePath, { readonly: true, fileMustExist: true });
    try {
      return db.prepare('SELECT count(*) FROM events').pluck().get() as number;
    } finally {
      db.close();
    }
  } catch {
    return 0;
  }
}

async function killDuring(
  casePath: string,
  trail: string,
  when: (events: number, ms: number) => boolean,
): Promise<void> {
  const child = cliSpawn(['import', casePath, trail, '--quiet']);
  const t0 = Date.now();
  const exited = once(child, 'exit');
  for (;;) {
    await new Promise((r) => setTimeout(r, 20));
    if (child.exitCode !== null) break;
    if (when(countEvents(casePath), Date.now() - t0)) {
      child.kill('SIGKILL');
      break;
    }
  }
  await exited;
}

describe('kill -9 during import', () => {
  it('never shows the interrupted file as complete, and a re-import completes it exactly once', async () => {
    const t = tempDir();
    const c = path.join(t.dir, 'k.sscase');
    const trail = path.join(t.dir, 'trail.jsonl');
    await writeTrail(trail);
    expect((await cliAsync(['new', c])).code).toBe(0);

    // Early (hashing / intake) and in the middle of writing batches.
    await killDuring(c, trail, (_n, ms) => ms > 60);
    await killDuring(c, trail, (n) => n > 20_000);
    const info = await cliJsonAsync<{
      events: number;
      evidence: { status: string; events: number }[];
      incomplete: { path: string; events: number }[];
    }>(['info', c]);
    expect(info.evidence.every((e) => e.status !== 'complete')).toBe(true);
    // The partial events are in the case and every list shows them: info counts them the same way, and names the
    // file as incomplete.
    expect(info.events).toBe(countEvents(c));
    expect(info.incomplete).toEqual([{ id: 1, path: trail, status: 'importing', events: countEvents(c) }]);
    expect((await cliJsonAsync<{ ok: boolean }>(['verify', c])).ok).toBe(true);

    const r = await cliJsonAsync<{ evidence: { events: number; records: number; status: string }[] }>([
      'import',
      c,
      trail,
      '--quiet',
    ]);
    expect(r.evidence[0]).toMatchObject({ status: 'complete', records: N, events: N });
    expect(countEvents(c)).toBe(N);
    const db = new Database(c, { readonly: true });
    expect(db.prepare('SELECT count(DISTINCT ref_line) FROM events').pluck().get()).toBe(N);
    const actions = db.prepare('SELECT action FROM custody_log ORDER BY seq').pluck().all() as string[];
    expect(actions[0]).toBe('intake');
    expect(actions).toContain('import-resumed');
    // The last entry about the file is its completion (derivation may record the IP intelligence it used after it).
    expect(actions.filter((a) => a !== 'enrichment').at(-1)).toBe('import-complete');
    db.close();
    expect((await cliJsonAsync<{ ok: boolean }>(['verify', c])).ok).toBe(true);
    t.cleanup();
  }, 180_000);
});
