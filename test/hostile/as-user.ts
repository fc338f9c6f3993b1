// Runs the built CLI as a user who cannot read everything — the situations of issue 15 (another user's file, an
// evidence locker, an unreadable folder) are only real without root's right to read anything. As root, the CLI
// runs as `nobody` (uid/gid 65534) on folders handed to it; as anyone else, as that user.
import { spawnSync } from 'node:child_process';
import { chownSync, lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { BIN, CLI_TIMEOUT_MS, timedOut, type CliResult } from '../cli/run.js';

export const ROOT_USER = process.getuid?.() === 0;
const NOBODY = 65534;

/** Gives a tree to the user the CLI will run as (as root; otherwise it is already theirs). */
export function handOver(dir: string): void {
  if (!ROOT_USER) return;
  const walk = (p: string) => {
    chownSync(p, NOBODY, NOBODY);
    if (lstatSync(p).isDirectory()) for (const e of readdirSync(p)) walk(path.join(p, e));
  };
  walk(dir);
}

/** `sessionscope …` as the unprivileged user, with its sealing keys in `home`. */
export function cliAs(args: string[], home: string): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: {
      ...process.env,
      SESSIONSCOPE_ANALYST: 'ci-analyst',
      SESSIONSCOPE_CONFIG_DIR: path.join(home, 'config'),
      HOME: home,
    },
    maxBuffer: 64 * 1024 * 1024,
    timeout: CLI_TIMEOUT_MS,
    killSignal: 'SIGKILL',
    ...(ROOT_USER ? { uid: NOBODY, gid: NOBODY } : {}),
  });
  timedOut(r, args, CLI_TIMEOUT_MS);
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
