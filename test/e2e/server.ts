// Test helpers: a private browser-mode server per test, a scratch folder, synthetic evidence.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SHOTS = path.join(ROOT, 'test-results', 'screens');

export interface Served {
  url: string;
  origin: string;
  token: string;
  dir: string;
  stop(): Promise<void>;
}

/**
 * `analyst`: the name the launch URL gives the page (`#token=…&analyst=…`), so tests that are not about naming
 * the analyst are not stopped by the dialog that asks for it; null leaves the page to ask.
 */
export async function serve(opts: { casePath?: string; dir?: string; analyst?: string | null } = {}): Promise<Served> {
  const dir = opts.dir ?? mkdtempSync(path.join(os.tmpdir(), 'ss-e2e-'));
  const args = [
    path.join(ROOT, 'bin', 'sessionscope'),
    'serve',
    ...(opts.casePath ? [opts.casePath] : []),
    '--allow',
    dir,
    '--json',
  ];
  const child: ChildProcess = spawn(process.execPath, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d) => {
    err += String(d);
  });
  const line = await new Promise<string>((resolve, reject) => {
    let buf = '';
    const t = setTimeout(() => reject(new Error(`serve did not start: ${err}`)), 20_000);
    child.stdout!.on('data', (d) => {
      buf += String(d);
      const nl = buf.indexOf('\n');
      if (nl >= 0) {
        clearTimeout(t);
        resolve(buf.slice(0, nl));
      }
    });
    child.on('exit', (code) => {
      clearTimeout(t);
      reject(new Error(`serve exited ${code}: ${err}`));
    });
  });
  const info = JSON.parse(line) as { url: string; token: string; port: number };
  return {
    url: opts.analyst === null ? info.url : `${info.url}&analyst=${encodeURIComponent(opts.analyst ?? 'E2E Analyst')}`,
    origin: `http://127.0.0.1:${info.port}`,
    token: info.token,
    dir,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => {
          if (!opts.dir) rmSync(dir, { recursive: true, force: true });
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** Synthetic CloudTrail (bench/gen-cloudtrail.mjs), with hostile HTML in a few fields. */
export function makeEvidence(dir: string, events = 3000, files = 2): string {
  const out = path.join(dir, 'evidence');
  execFileSync(process.execPath, [
    path.join(ROOT, 'bench', 'gen-cloudtrail.mjs'),
    '--events',
    String(events),
    '--files',
    String(files),
    '--days',
    '2',
    '--out',
    out,
    '--hostile',
  ]);
  return out;
}
