// Who is acting: the --analyst given, else SESSIONSCOPE_ANALYST, else the case's analyst, else the OS user.
import os from 'node:os';
import type { CaseDb } from './open.js';
import { getMeta } from './meta.js';

export function resolveAnalyst(db: CaseDb | null, explicit?: string | null): string {
  if (explicit) return explicit;
  if (process.env.SESSIONSCOPE_ANALYST) return process.env.SESSIONSCOPE_ANALYST;
  const fromCase = db ? getMeta(db, 'analyst') : null;
  if (fromCase) return fromCase;
  try {
    return os.userInfo().username;
  } catch {
    return 'unknown';
  }
}
