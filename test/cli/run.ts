// Runs the built CLI as a user would (requires `npm run build`; the test script builds first).
import { execFile, spawnSync, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from '../helpers.js';

export const BIN = path.join(ROOT, 'bin', 'sessionscope');

/** How long one CLI call of a test may run before it is killed and the test fails saying which call hung. */
export const CLI_TIMEOUT_MS = 120_000;

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the CLI to the end, blocking: for quick calls. It blocks vitest's timeout too, so a call that outlives
 * `timeoutMs` is killed and throws saying which; for calls that can take long use `cliAsync`.
 */
export function cli(
  args: string[],
  opts: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {},
): CliResult {
  const timeout = opts.timeoutMs ?? CLI_TIMEOUT_MS;
  const r = spawnSync(process.execPath, [BIN, ...args], runOptions(opts, timeout));
  timedOut(r, args, timeout);
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** How both runners start the CLI: as the CI analyst, output up to 64 MB, killed outright at `timeout`. */
function runOptions(opts: { cwd?: string; env?: Record<string, string> }, timeout: number) {
  return {
    cwd: opts.cwd,
    encoding: 'utf8' as const,
    env: { ...process.env, SESSIONSCOPE_ANALYST: 'ci-analyst', ...opts.env },
    maxBuffer: 64 * 1024 * 1024,
    timeout,
    killSignal: 'SIGKILL' as const,
  };
}

/** Throws when spawnSync killed the call at its timeout (its error is ETIMEDOUT), naming the call. */
export function timedOut(r: { error?: Error; stderr: string }, args: string[], timeout: number): void {
  if ((r.error as { code?: string } | undefined)?.code === 'ETIMEDOUT')
    throw new Error(
      `sessionscope ${args.join(' ')} did not finish within ${timeout / 1000} s and was killed; stderr: ${r.stderr}`,
      { cause: r.error },
    );
}

const execFileP = promisify(execFile);

/**
 * `cli` without blocking the test's event loop: vitest's own timeout still applies, and a call that outlives
 * `timeoutMs` is killed and rejects with the command and what it wrote to stderr. Exit codes are returned, not
 * thrown, as `cli` does. Use it wherever a call can take long (imports, whole-case lists, reports).
 */
export async function cliAsync(
  args: string[],
  opts: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<CliResult> {
  const timeout = opts.timeoutMs ?? CLI_TIMEOUT_MS;
  try {
    const { stdout, stderr } = await execFileP(process.execPath, [BIN, ...args], runOptions(opts, timeout));
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: unknown; killed?: boolean; signal?: string | null; stdout?: string; stderr?: string };
    if (err.killed && err.signal === 'SIGKILL')
      throw new Error(
        `sessionscope ${args.join(' ')} did not finish within ${timeout / 1000} s and was killed; stderr: ${err.stderr ?? ''}`,
        { cause: e },
      );
    // Not started (ENOENT), or output beyond maxBuffer: a test bug, not an answer of the CLI.
    if (typeof err.code === 'string') throw e;
    // An exit code, or -1 for a death by signal (as `cli` reports it).
    return { code: typeof err.code === 'number' ? err.code : -1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}

/** `cliJson` without blocking: `cliAsync` with `--json`, parsed; exit codes other than 0 and 3 throw. */
export async function cliJsonAsync<T = unknown>(args: string[]): Promise<T> {
  const r = await cliAsync([...args, '--json']);
  if (r.code !== 0 && r.code !== 3) throw new Error(`sessionscope ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
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
