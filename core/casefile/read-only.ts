// A case this user cannot write — another user's, one on an evidence locker mount or a write-protected medium —
// opens read-only for reading and `verify`, and leaves nothing behind (issue 15 §4). SQLite cannot read a WAL-mode
// database without creating its -shm and -wal beside it (and refuses to when it cannot: "attempt to write a
// readonly database"); this build's SQLite takes no URI options, so `immutable=1` is not available. The case is
// therefore read from a private copy: the file (and its -wal, which holds committed work not yet checkpointed)
// copied into a fresh owner-only folder under the system's temporary folder, opened there read-only, removed when
// the case is closed (or the process exits). Nothing is created, changed or locked beside the original.
import { accessSync, chmodSync, constants, copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Why this user cannot write the case (so it opens read-only), or null when it can. */
export function readOnlyReason(abs: string): string | null {
  try {
    accessSync(abs, constants.W_OK);
  } catch {
    return 'this user may not write the case file';
  }
  try {
    accessSync(path.dirname(abs), constants.W_OK);
  } catch {
    return 'this user may not write in the case’s folder (SQLite keeps its journals there)';
  }
  for (const j of ['-wal', '-shm']) {
    if (!existsSync(abs + j)) continue;
    try {
      accessSync(abs + j, constants.W_OK);
    } catch {
      return `this user may not write the case’s ${j} journal`;
    }
  }
  return null;
}

export interface PrivateCopy {
  /** The copy to open. */
  file: string;
  /** Removes the copy and its folder. Idempotent. */
  remove(): void;
}

const live = new Set<PrivateCopy>();
let hooked = false;

/** Copies the case (and its -wal) into a new owner-only temporary folder. */
export function privateCopy(abs: string): PrivateCopy {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sessionscope-ro-')); // 0700
  const file = path.join(dir, path.basename(abs));
  try {
    copyFileSync(abs, file);
    chmodSync(file, 0o600); // the copy takes the original's mode, read-only included
    if (existsSync(abs + '-wal')) {
      copyFileSync(abs + '-wal', file + '-wal');
      chmodSync(file + '-wal', 0o600);
    }
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const copy: PrivateCopy = {
    file,
    remove() {
      live.delete(copy);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  live.add(copy);
  if (!hooked) {
    hooked = true;
    process.on('exit', () => {
      for (const c of [...live]) c.remove();
    });
  }
  return copy;
}
