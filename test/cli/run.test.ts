// The test's CLI runners bound every call: a hung CLI fails its test, naming the call, instead of holding the run
// (a synchronous call once held a loaded run for 27 minutes, vitest's timeout blocked with it).
import { afterAll, describe, expect, it } from 'vitest';
import { cli, cliAsync } from './run.js';
import { tempDir } from '../helpers.js';

describe('CLI calls in tests are bounded', () => {
  const t = tempDir('ss-run-');
  afterAll(() => t.cleanup());

  // `serve` runs until it is stopped: the stand-in for a hung call.
  it('cliAsync kills a call that outlives its timeout and rejects with the command', async () => {
    await expect(cliAsync(['serve', '--allow', t.dir], { cwd: t.dir, timeoutMs: 3000 })).rejects.toThrow(
      /sessionscope serve --allow \S+ did not finish within 3 s and was killed/,
    );
  });

  it('cli (blocking) does the same', () => {
    expect(() => cli(['serve', '--allow', t.dir], { cwd: t.dir, timeoutMs: 3000 })).toThrow(
      /sessionscope serve --allow \S+ did not finish within 3 s and was killed/,
    );
  });

  it('an exit code is an answer, not an error', async () => {
    const r = await cliAsync(['info', `${t.dir}/missing.sscase`]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/missing\.sscase/);
  });
});
