// The method registry: name → params schema → handler. The same methods serve Electron IPC, the localhost
// bridge and the CLI. Params are validated at run time; a mutating method writes one analyst-audit row in the
// same transaction as its change (async methods, like imports, audit when they start; custody does the rest).
import type { z } from 'zod';
import type { CaseHandle } from '../casefile/open.js';
import type { ApiEvents } from './events.js';

export interface ApiContext {
  /** The open case, if any. Methods with needsCase get it non-null. */
  caseFile: CaseHandle | null;
  analyst: string;
  /** Push a progress/notification event to the caller (CLI stderr, IPC `on`, bridge events). */
  emit<E extends keyof ApiEvents>(event: E, data: ApiEvents[E]): void;
  /** Replace the open case (case.open / case.create). */
  setCase(handle: CaseHandle | null): void;
  /** Where the caller allows file paths to come from (bridge/Electron may restrict); null = anywhere. */
  allowedRoots: string[] | null;
}

export type Mutation = false | 'sync' | 'async';

/**
 * One method. Its name, params schema and handler's return type are kept as literal types: core/api/contract.ts
 * reads them to type every caller (`Methods`). The handler and audit hooks are written as methods so that a
 * specific MethodDef is assignable to the general one the dispatcher stores.
 */
export interface MethodDef<N extends string = string, S extends z.ZodType = z.ZodType, R = unknown> {
  name: N;
  summary: string;
  params: S;
  /** sync: handler runs in one transaction with its audit row; async: audited when it starts. */
  mutates: Mutation;
  needsCase: boolean;
  handler(ctx: ApiContext, params: z.infer<S>): R | Promise<R>;
  /** What the audit row records of the params (default: all of them). */
  auditParams?(params: z.infer<S>): unknown;
  /** What the audit row records of the result (default: nothing). */
  auditResult?(result: Awaited<R>): unknown;
}

export function defineMethod<const N extends string, S extends z.ZodType, R>(
  def: MethodDef<N, S, R>,
): MethodDef<N, S, R> {
  return def;
}
