// The `annotate` and `export` commands (DESIGN §7), run in-process on the TypeScript sources: `annotate --json`
// prints {ids:[…]}; the export command reaches the annotated exports.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { registerAnnotate } from '../../cli/commands/annotate.js';
import { registerExport } from '../../cli/commands/export.js';
import { openCase } from '../../core/casefile/open.js';
import { listAudit } from '../../core/annotate/audit-list.js';
import { tempDir } from '../helpers.js';
import { importedCase } from '../report/case.js';
import { ATTACKER_IP, SESSION_ARN } from '../report/scenario.js';

async function run(args: string[]): Promise<string> {
  const program = new Command().exitOverride();
  registerAnnotate(program);
  registerExport(program);
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
    out += String(s);
    return true;
  });
  try {
    await program.parseAsync(args, { from: 'user' });
  } finally {
    spy.mockRestore();
  }
  return out;
}

describe('annotate and export commands', () => {
  const t = tempDir('ss-cli-annotate-');
  let casePath: string;
  let ids: { read: number; stop: number };

  beforeAll(async () => {
    const b = await importedCase(t.dir);
    casePath = b.handle.path;
    ids = { read: b.byAction('s3:GetObject', ATTACKER_IP)[0].id, stop: b.byAction('cloudtrail:StopLogging')[0].id };
    b.handle.close();
  });
  afterAll(() => t.cleanup());

  it('annotate --json prints {ids:[…]} and is audited under the analyst', async () => {
    const r = JSON.parse(
      await run([
        'annotate',
        casePath,
        '--event',
        String(ids.read),
        '--event',
        String(ids.stop),
        '--layer',
        'findings',
        '--tag',
        'exfil',
        '--tag',
        'attacker',
        '--note',
        'seen from **203.0.113.66**',
        '--finding',
        'Backups read',
        '--severity',
        'high',
        '--ref',
        'NHI2',
        '--analyst',
        'carol',
        '--json',
      ]),
    );
    expect(r).toMatchObject({ layer: 'findings', finding: 1 });
    expect(r.ids).toHaveLength(8);
    const id = JSON.parse(
      await run(['annotate', casePath, '--identity', SESSION_ARN, '--tag', 'compromised', '--json']),
    );
    expect(Object.keys(id)).toContain('ids');
    const range = JSON.parse(
      await run([
        'annotate',
        casePath,
        '--from',
        '2026-03-10T13:58:00Z',
        '--to',
        '2026-03-10T14:05:00Z',
        '--tag',
        'window',
        '--json',
      ]),
    );
    expect(range.ids).toHaveLength(1);
    const each = JSON.parse(
      await run(['annotate', casePath, '--each', '--search', `ip:${ATTACKER_IP}`, '--promote', '--json']),
    );
    expect(each).toMatchObject({ events: 5 });
    const text = await run(['annotate', casePath, '--event', String(ids.stop), '--bookmark']);
    expect(text).toMatch(/^1 annotation\(s\) in layer triage: \d+\n$/);
    await expect(run(['annotate', casePath, '--tag', 'x'])).rejects.toThrow(/say what to annotate/);
    const h = openCase(casePath);
    const rows = listAudit(h.db, { method: 'annotations.', order: 'asc' });
    h.close();
    expect(rows.map((x) => x.method)).toEqual([
      'annotations.add',
      'annotations.add',
      'annotations.add',
      'annotations.bulk',
      'annotations.add',
    ]);
    expect(rows[0].analyst).toBe('carol');
  });

  it('export --format timesketch --annotations-only', async () => {
    const file = path.join(t.dir, 'ts.jsonl');
    const r = JSON.parse(
      await run(['export', casePath, '--format', 'timesketch', '--out', file, '--annotations-only', '--json']),
    );
    expect(r.events).toBe(5);
    const rows = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { event_id: string; tag: string[]; comment: string[]; timestamp_desc: string });
    const read = rows.find((x) => x.event_id === String(ids.read))!;
    expect(read).toMatchObject({ timestamp_desc: 'Event Recorded', tag: ['exfil', 'attacker'] });
    expect(read.comment[0]).toContain('seen from 203.0.113.66');
  });
});
