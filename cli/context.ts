// An API context for one CLI invocation: the case named on the command line, the analyst, events to stderr.
import { openCase, type CaseHandle, type OpenOptions } from '../core/casefile/open.js';
import { resolveAnalyst } from '../core/casefile/analyst.js';
import type { ApiContext } from '../core/api/registry.js';

export interface CliOptions {
  analyst?: string;
  json?: boolean;
  tz?: string;
}

export function makeContext(
  handle: CaseHandle | null,
  analyst: string | undefined,
  emit: ApiContext['emit'] = () => {},
): ApiContext {
  const ctx: ApiContext = {
    caseFile: handle,
    analyst: resolveAnalyst(handle?.db ?? null, analyst),
    emit,
    setCase(h) {
      ctx.caseFile = h;
    },
    allowedRoots: null,
  };
  return ctx;
}

/** Opens the case, runs fn, always closes. */
export async function withCase<T>(
  casePath: string,
  opts: CliOptions,
  fn: (ctx: ApiContext) => Promise<T>,
  emit?: ApiContext['emit'],
  open?: OpenOptions,
): Promise<T> {
  const handle = openCase(casePath, open);
  const ctx = makeContext(handle, opts.analyst, emit);
  try {
    return await fn(ctx);
  } finally {
    ctx.caseFile?.close();
  }
}
