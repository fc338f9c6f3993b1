// Issue 15 §3: a folder import never skips anything silently, and one unreadable file or folder does not abort it.
// Every path passed over is reported with its reason — in the API result (and so the UI's import summary) and in
// `import --json` — and everything else is imported.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCase } from '../../core/casefile/open.js';
import { runImport } from '../../core/evidence/import-job.js';
import { tempDir, trailLine } from '../helpers.js';
import { cliAs, handOver } from './as-user.js';

const tmp = tempDir('ss-folder-');
afterAll(() => tmp.cleanup());

describe('folder import reports what it passes over', () => {
  it('hidden files, OS metadata, links, pipes and the case itself are each reported with a reason', async () => {
    const dir = path.join(tmp.dir, 'logs');
    mkdirSync(path.join(dir, 'sub'), { recursive: true });
    mkdirSync(path.join(dir, '.git'));
    writeFileSync(path.join(dir, 'a.jsonl'), trailLine(1));
    writeFileSync(path.join(dir, 'sub', 'b.jsonl'), trailLine(2));
    writeFileSync(path.join(dir, '.hidden.jsonl'), trailLine(3));
    writeFileSync(path.join(dir, 'Thumbs.db'), 'x');
    writeFileSync(path.join(dir, '.DS_Store'), 'x');
    symlinkSync(path.join(dir, 'a.jsonl'), path.join(dir, 'z-link-to-a.jsonl'));
    symlinkSync(path.join(dir, 'nowhere.jsonl'), path.join(dir, 'dangling.jsonl'));
    symlinkSync(dir, path.join(dir, 'sub', 'loop'));
    execFileSync('mkfifo', [path.join(dir, 'pipe')]);
    // The case lives in the folder it imports.
    const h = createCase(path.join(dir, 'case.sscase'), { name: 't', analyst: 'tester' });
    try {
      const s = await runImport(h.db, { casePath: h.path, paths: [dir], analyst: 'tester', noDerive: true });
      expect(s.evidence.map((e) => path.relative(dir, e.path)).sort()).toEqual(['a.jsonl', 'sub/b.jsonl']);
      const reasons = Object.fromEntries(s.skipped.map((x) => [path.relative(dir, x.path), x.reason]));
      expect(reasons).toMatchObject({
        '.git': expect.stringMatching(/^hidden/),
        '.hidden.jsonl': expect.stringMatching(/^hidden \(its name starts with a dot\)/),
        '.DS_Store': 'operating-system metadata, not a log',
        'Thumbs.db': 'operating-system metadata, not a log',
        'case.sscase': expect.stringMatching(/^the case file itself/),
        'dangling.jsonl': 'a symbolic link whose target does not exist',
        pipe: 'a named pipe, not a file',
        'z-link-to-a.jsonl': expect.stringMatching(/^the same file as .*a\.jsonl \(a link to it\)/),
        'sub/loop': expect.stringMatching(/^the same folder as .*logs \(a link to it\)/),
      });
      expect(s.skipped.every((x) => !x.unreadable)).toBe(true);
    } finally {
      h.close();
    }
  });

  it('an unreadable file and folder are reported; the rest is imported (CLI --json, exit 3)', () => {
    chmodSync(tmp.dir, 0o755); // the unprivileged user reaches its folder through this one
    const home = path.join(tmp.dir, 'home');
    const dir = path.join(home, 'evidence');
    mkdirSync(path.join(dir, 'locked-folder'), { recursive: true });
    writeFileSync(path.join(dir, 'a.jsonl'), trailLine(1));
    writeFileSync(path.join(dir, 'locked.jsonl'), trailLine(2));
    writeFileSync(path.join(dir, 'locked-folder', 'c.jsonl'), trailLine(3));
    writeFileSync(path.join(dir, 'z.jsonl'), trailLine(4));
    handOver(home);
    chmodSync(path.join(dir, 'locked.jsonl'), 0o000);
    chmodSync(path.join(dir, 'locked-folder'), 0o000);
    const kase = path.join(home, 'c.sscase');
    expect(cliAs(['new', kase, '--name', 't'], home).code).toBe(0);
    const r = cliAs(['import', kase, dir, '--json'], home);
    expect(r.code, r.stderr).toBe(3);
    const out = JSON.parse(r.stdout) as {
      evidence: { path: string; events: number }[];
      skipped: { path: string; reason: string; unreadable?: boolean }[];
    };
    expect(out.evidence.map((e) => path.basename(e.path))).toEqual(['a.jsonl', 'z.jsonl']);
    expect(out.skipped).toEqual([
      { path: path.join(dir, 'locked-folder'), reason: 'folder cannot be read: permission denied', unreadable: true },
      { path: path.join(dir, 'locked.jsonl'), reason: 'cannot be read: permission denied', unreadable: true },
    ]);
    // Said on a terminal too.
    const human = cliAs(['import', kase, path.join(dir, 'locked.jsonl'), path.join(dir, 'a.jsonl')], home);
    expect(human.stderr).toContain(`skipped ${path.join(dir, 'locked.jsonl')}: cannot be read: permission denied`);
    chmodSync(path.join(dir, 'locked-folder'), 0o755);
  });
});
