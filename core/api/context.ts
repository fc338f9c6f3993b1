// The one way to make an ApiContext: the CLI (one per invocation), the bridge and Electron's core host (one per
// window) and the tests all call createApiContext, so a case opens, an analyst resolves, allowed folders are
// made real and the timeline index warms the same way whichever transport is talking.
import { openCase, type CaseHandle, type OpenOptions } from '../casefile/open.js';
import { resolveAnalyst } from '../casefile/analyst.js';
import { warmSearchProof } from '../casefile/search-index.js';
import { allowedRoots } from '../policy/paths.js';
import type { ApiContext } from './registry.js';

export type { OpenOptions };

export interface ContextOptions {
  /** The case to start with: a handle already open… */
  caseFile?: CaseHandle | null;
  /** …or a case file to open now (closed by whoever closes the context's case), and how. */
  casePath?: string;
  open?: OpenOptions;
  /** Who acts (`--analyst`); else SESSIONSCOPE_ANALYST, the case's analyst, the OS user. */
  analyst?: string;
  /** Where progress and notifications go (CLI stderr, bridge event stream, Electron IPC). */
  emit?: ApiContext['emit'];
  /** Folders calls may name; absent or null: anywhere (the CLI, whose user names paths in a shell). */
  allowedRoots?: readonly string[] | null;
  /**
   * Interactive transports: build the timeline index and compare the search index's bytes with its proof in the
   * background this long after a case opens, so the first timeline view and the first search are quick without
   * slowing the case's first screen.
   */
  warmTimelineMs?: number;
}

export function createApiContext(opts: ContextOptions = {}): ApiContext {
  if (opts.caseFile && opts.casePath !== undefined) throw new Error('createApiContext: caseFile or casePath, not both');
  const handle = opts.caseFile ?? (opts.casePath !== undefined ? openCase(opts.casePath, opts.open) : null);
  const warm = (h: CaseHandle | null) => {
    const delay = opts.warmTimelineMs;
    // Loaded on demand: the CLI never warms, and its start-up stays free of the timeline's modules.
    if (!h || delay === undefined) return;
    // The search index's proof after the timeline's index: on a 10M-event case both take tens of seconds of steps
    // on this thread, and interleaved they delayed the first timeline draw by ~12 s (23 → 35 s).
    void import('../query/timeline.js').then((t) => t.warmTimeline(h.db, delay, () => warmSearchProof(h.db, 0)));
  };
  const ctx: ApiContext = {
    caseFile: handle,
    analyst: resolveAnalyst(handle?.db ?? null, opts.analyst),
    emit: opts.emit ?? (() => {}),
    setCase(h) {
      ctx.caseFile = h;
      warm(h);
    },
    allowedRoots: opts.allowedRoots ? allowedRoots(opts.allowedRoots) : null,
  };
  warm(handle);
  return ctx;
}

/** Adds folders (or files) a restricted context may name from now on: what the analyst chose in a dialog. */
export function grantRoots(ctx: ApiContext, paths: readonly string[]): void {
  if (ctx.allowedRoots === null) return; // already allowed everywhere
  for (const p of paths) {
    let real: string;
    try {
      [real] = allowedRoots([p]);
    } catch {
      continue; // a link loop: nothing under it can be named, and every call naming it is refused with the path
    }
    if (!ctx.allowedRoots.includes(real)) ctx.allowedRoots.push(real);
  }
}

/** Closes the context's case, if one is open. */
export function closeContext(ctx: ApiContext): void {
  ctx.caseFile?.close();
  ctx.caseFile = null;
}

/**
 * The same context acting as another analyst, for one call: browser mode names the analyst per browser session
 * (bridge/analyst.ts), while the case, the allowed folders and the event stream stay the window's. Writes to the
 * case go through to the shared context, so a case opened by this call is the window's open case.
 */
export function actingAs(ctx: ApiContext, analyst: string): ApiContext {
  if (analyst === ctx.analyst) return ctx;
  return {
    get caseFile() {
      return ctx.caseFile;
    },
    set caseFile(h) {
      ctx.caseFile = h;
    },
    analyst,
    emit: (event, data) => ctx.emit(event, data),
    setCase: (h) => ctx.setCase(h),
    get allowedRoots() {
      return ctx.allowedRoots;
    },
    set allowedRoots(r) {
      ctx.allowedRoots = r;
    },
  };
}
