// An API context for one CLI invocation: the case named on the command line, the analyst, events to stderr.
import type { ApiContext } from '../core/api/registry.js';
import { closeContext, createApiContext, type OpenOptions } from '../core/api/context.js';

export interface CliOptions {
  analyst?: string;
  json?: boolean;
  tz?: string;
}

/** Opens the case, runs fn, always closes. */
export async function withCase<T>(
  casePath: string,
  opts: CliOptions,
  fn: (ctx: ApiContext) => Promise<T>,
  emit?: ApiContext['emit'],
  open?: OpenOptions,
): Promise<T> {
  const ctx = createApiContext({ casePath, open, analyst: opts.analyst, emit });
  if (ctx.caseFile?.readOnly)
    process.stderr.write(`sessionscope: ${casePath} is open read-only: ${ctx.caseFile.readOnly}\n`);
  try {
    return await fn(ctx);
  } finally {
    closeContext(ctx);
  }
}
