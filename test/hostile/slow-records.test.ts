// Issue 15 §3: no record may stall an import. Every format's fixture records are re-written with hostile values —
// long runs of capitals (words() was quadratic on them: 84 s for a 200 KB record), `disable` repeated (a
// backtracking `disable.*log`), camelCase, dots, spaces — and each must be read in linear time. This is the general
// rule behind the audit's reproducers: any format, any field.
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dryRun } from '../../importers/dry-run.js';
import { FORMAT_IDS } from '../../importers/formats.js';
import { categorize, words } from '../../importers/util/category.js';
import { ROOT, tempDir } from '../helpers.js';

const N = 64 * 1024;
const HOSTILE: Record<string, string> = {
  capitals: 'A'.repeat(N),
  disable: 'disable'.repeat(N / 7),
  camel: 'aB'.repeat(N / 2),
  dotted: 'a.'.repeat(N / 2),
  spaced: ' a'.repeat(N / 2),
};
/** Generous for a loaded machine: linear work on these records takes milliseconds; quadratic work takes seconds. */
const BUDGET_MS = 3000;

const tmp = tempDir('ss-hostile-');
afterAll(() => tmp.cleanup());

const isTime = (s: string) => /^\d{4}-\d\d-\d\d|^\d{9,}/.test(s);

function hostileJson(v: unknown, h: string): unknown {
  if (typeof v === 'string') return isTime(v) ? v : h;
  if (Array.isArray(v)) return v.map((x) => hostileJson(x, h));
  if (v && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) o[k] = hostileJson(x, h);
    return o;
  }
  return v;
}

/** A text line with its words (after the header where times and stamps live) replaced. */
function hostileLine(line: string, h: string): string {
  const keep = line.slice(0, 60);
  let n = 0;
  return keep + line.slice(60).replace(/[A-Za-z]{3,}/g, (w) => (n++ < 3 ? h : w));
}

describe('hostile values are read in linear time', () => {
  it('words() and categorize() on 200 KB of capitals', () => {
    const t0 = performance.now();
    expect(words('A'.repeat(200_000))).toHaveLength(1);
    expect(categorize('Get' + 'A'.repeat(200_000) + 'Keys')).toBe('read');
    expect(categorize('disable'.repeat(30_000))).toBe('other');
    expect(categorize('Disable' + 'x'.repeat(100_000) + 'Logging')).toBe('logging');
    expect(performance.now() - t0).toBeLessThan(500);
  });

  for (const format of FORMAT_IDS) {
    const dir = path.join(ROOT, 'importers', format, 'fixtures');
    let files: string[] = [];
    try {
      files = readdirSync(dir).filter(
        (f) => !/\.(gz|yaml)$/.test(f) && !f.startsWith('.') && statSync(path.join(dir, f)).isFile(),
      );
    } catch {
      continue;
    }
    it(`${format}: every fixture record with hostile values`, async () => {
      for (const f of files.slice(0, 3)) {
        const base = await dryRun(path.join(dir, f), { format });
        if (base.error || base.events.length === 0) continue;
        const records = base.events.slice(0, 2).map((e) => e.raw.split('\n')[0]);
        for (const [name, h] of Object.entries(HOSTILE)) {
          const lines = records.map((r) => {
            try {
              return JSON.stringify(hostileJson(JSON.parse(r), h));
            } catch {
              return hostileLine(r, h);
            }
          });
          const file = path.join(tmp.dir, `${format}-${name}-${f}`);
          writeFileSync(
            file,
            (f.endsWith('.csv') ? base.events[0].raw.split('\n')[0] + '\n' : '') + lines.join('\n') + '\n',
          );
          const t0 = performance.now();
          const run = await dryRun(file, { format });
          const ms = performance.now() - t0;
          expect(run.events.length + run.rejects.length + run.merged).toBe(run.records);
          expect(ms, `${format} ${f} with ${name} values took ${ms.toFixed(0)} ms`).toBeLessThan(BUDGET_MS);
        }
      }
    });
  }
});
