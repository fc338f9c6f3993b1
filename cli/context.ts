// An API context for one CLI invocation: the case named on the command line, the analyst, events to stderr.
import type { ApiContext } from '../core/api/registry.js';
import { closeContext, createApiContext, type OpenOptions } from '../core/api/context.js';
import { call } from '../core/api/dispatch.js';

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
  // A writer that must wait for another process's write lock says so, instead of sitting silent.
  const onBusy = () =>
    process.stderr.write('waiting: another process is writing to the case (an import?); up to 10 s for its lock…\n');
  const ctx = createApiContext({ casePath, open: { onBusy, ...open }, analyst: opts.analyst, emit });
  if (ctx.caseFile?.readOnly)
    process.stderr.write(`sessionscope: ${casePath} is open read-only: ${ctx.caseFile.readOnly}\n`);
  try {
    await noteIncomplete(ctx);
    return await fn(ctx);
  } finally {
    closeContext(ctx);
  }
}

/**
 * Every read names the files not completely imported: their events so far are in every answer, and a reader must
 * know the answer may grow (an import running now) or is missing the rest of a file (an interrupted one).
 */
async function noteIncomplete(ctx: ApiContext): Promise<void> {
  if (!ctx.caseFile) return;
  for (const e of await call(ctx, 'evidence.list'))
    if (e.status === 'importing')
      process.stderr.write(
        `note: evidence #${e.id} ${e.path} is incomplete (importing now, or interrupted): answers hold its events so far; import it again to complete it\n`,
      );
}

/** Opens the case as a reader (read-only at this build's schema: answers while an import writes), runs fn. */
export function readCase<T>(casePath: string, fn: (ctx: ApiContext) => Promise<T>): Promise<T> {
  return withCase(casePath, {}, fn, undefined, { reader: true });
}
