// The recent-cases list names what an analyst investigates: written owner-only (0600, folder 0700) whatever the
// umask, replaced whole (never half written), and a list left readable by others is made private when rewritten.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadRecent, saveRecent } from '../../electron/recent.js';
import { tempDir } from '../helpers.js';

const mode = (p: string) => statSync(p).mode & 0o777;

describe('the recent-cases file', () => {
  let t: ReturnType<typeof tempDir>;
  let umask: number;
  beforeAll(() => {
    t = tempDir('ss-recent-');
    umask = process.umask(0o000); // the most permissive umask: nothing but the code keeps the file private
  });
  afterAll(() => {
    process.umask(umask);
    t.cleanup();
  });

  it('is created 0600 in a 0700 folder, and read back', () => {
    const file = path.join(t.dir, 'user-data', 'SessionScope', 'recent-cases.json');
    saveRecent(file, ['/cases/a.sscase', '/cases/b.sscase']);
    expect(mode(file)).toBe(0o600);
    expect(mode(path.dirname(file))).toBe(0o700);
    expect(mode(path.dirname(path.dirname(file)))).toBe(0o700);
    expect(loadRecent(file)).toEqual(['/cases/a.sscase', '/cases/b.sscase']);
    saveRecent(file, ['/cases/c.sscase']);
    expect(loadRecent(file)).toEqual(['/cases/c.sscase']);
    expect(readdirSync(path.dirname(file))).toEqual(['recent-cases.json']); // no temporary file left behind
  });

  it('makes a list and a folder left readable by others private when it rewrites them', () => {
    const dir = path.join(t.dir, 'old');
    const file = path.join(dir, 'recent-cases.json');
    saveRecent(file, []);
    chmodSync(dir, 0o755);
    writeFileSync(file, '["/x.sscase"]');
    chmodSync(file, 0o644);
    saveRecent(file, ['/y.sscase']);
    expect(mode(file)).toBe(0o600);
    expect(mode(dir)).toBe(0o700);
    expect(loadRecent(path.join(dir, 'missing.json'))).toEqual([]);
  });
});
