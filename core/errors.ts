// Errors users see: one clear line, a stable code for transports, never a stack trace.

export type ErrorCode =
  | 'NOT_FOUND'
  /** a name that matches more than one thing: the message lists them */
  | 'AMBIGUOUS'
  | 'NOT_A_CASE'
  | 'FOREIGN_FILE'
  | 'NEWER_SCHEMA'
  | 'CASE_DAMAGED'
  | 'CASE_TAMPERED'
  | 'MIGRATION_MISMATCH'
  | 'INVALID_PARAMS'
  | 'INVALID_QUERY'
  | 'METHOD_NOT_FOUND'
  | 'UNRECOGNISED_FORMAT'
  | 'NO_CASE'
  | 'CONFLICT'
  /** A file could not be written (a full disk, a quota, an I/O error); nothing partial was left. */
  | 'WRITE_FAILED'
  /** The case is open read-only (this user may not write it) and the call would change it. */
  | 'READ_ONLY'
  | 'INTERNAL';

export class UserError extends Error {
  constructor(
    public readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message.split('\n')[0];
  return String(e);
}
