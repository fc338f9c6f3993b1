// Runs the built CLI as a user would (requires `npm run build`; the test script builds first).
import { spawnSync, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { ROOT } from '../helpers.js';

export const BIN = path.join(ROOT, 'bin', 'sessionscope');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function cli(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd,
    encoding: 'utf8',
    env: { ...process.env, SESSIONSCOPE_ANALYST: 'ci-analyst', ...opts.env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function cliJson<T = unknown>(args: string[]): T {
  const r = cli([...args, '--json']);
  if (r.code !== 0 && r.code !== 3) throw new Error(`sessionscope ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

export function cliSpawn(args: string[]): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, SESSIONSCOPE_ANALYST: 'ci-analyst' },
  });
}
