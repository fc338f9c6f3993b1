// Tests that read ../shared/corpus (samples by other people, never copied into the repo) skip when it is absent,
// so a checkout without it still runs everything else. Under CI=true that would hide them: this test fails
// instead, naming the path it looked at and every test file that would have skipped.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CORPUS, HAS_CORPUS, ROOT } from './helpers.js';

const SELF = fileURLToPath(import.meta.url);

function corpusTests(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (name === 'node_modules' || name === 'fixtures' || name.startsWith('.')) continue;
    if (statSync(p).isDirectory()) out.push(...corpusTests(p));
    else if (name.endsWith('.test.ts') && p !== SELF && /\bHAS_CORPUS\b/.test(readFileSync(p, 'utf8')))
      out.push(path.relative(ROOT, p));
  }
  return out;
}

describe('the shared corpus', () => {
  it.runIf(process.env.CI === 'true')(
    'is present when CI=true, so corpus-driven tests run instead of vanishing',
    () => {
      const users = [...corpusTests(path.join(ROOT, 'test')), ...corpusTests(path.join(ROOT, 'importers'))];
      expect(users.length).toBeGreaterThan(0);
      expect(
        HAS_CORPUS,
        `CI=true but the shared corpus is missing at ${CORPUS} (set SESSIONSCOPE_CORPUS or lay shared/ beside the ` +
          `checkout); these tests would skip: ${users.join(', ')}`,
      ).toBe(true);
    },
  );
});
