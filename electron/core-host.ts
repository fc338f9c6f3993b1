// The core, off Electron's main thread: this file runs in a utilityProcess (Node, no window). It owns the
// case connection and answers the main process's forwarded calls through the same dispatcher as the bridge
// and the CLI. Paths are only accepted inside what the main process granted from native dialogs and drops.
// A call may name the analyst the window asked for (once per window session, like browser mode): it runs as that
// analyst (actingAs), so its audit, custody and seal rows carry the typed name; without one, the host's analyst
// (SESSIONSCOPE_ANALYST, the case's, the OS user) acts.
import { dispatch, listMethods } from '../core/api/dispatch.js';
import { actingAs, closeContext, createApiContext, grantRoots } from '../core/api/context.js';
import { checkAnalystName } from '../core/model/analyst-name.js';
import { pathViolation } from '../core/policy/paths.js';

/** The timeline index builds in the background this long after a case opens, once its home view has loaded. */
const WARM_DELAY_MS = 5000;

export type HostIn =
  | { kind: 'call'; id: number; method: string; params: unknown; analyst?: string }
  | { kind: 'grant'; paths: string[] }
  | { kind: 'methods'; id: number }
  | { kind: 'shutdown' };

export type HostOut =
  | { kind: 'reply'; id: number; response: { result: unknown } | { error: { code: string; message: string } } }
  | { kind: 'event'; event: string; data: unknown };

export function createHost(post: (m: HostOut) => void, analyst?: string) {
  // Nothing is allowed until the main process grants what the analyst chose in a dialog or dropped.
  const ctx = createApiContext({
    analyst,
    emit: (event, data) => post({ kind: 'event', event, data }),
    allowedRoots: [],
    warmTimelineMs: WARM_DELAY_MS,
  });
  return {
    ctx,
    async onMessage(m: HostIn): Promise<void> {
      if (!m || typeof m !== 'object') return;
      switch (m.kind) {
        case 'grant':
          grantRoots(
            ctx,
            m.paths.filter((x) => typeof x === 'string' && x.length > 0),
          );
          return;
        case 'methods':
          post({ kind: 'reply', id: m.id, response: { result: (await listMethods()).map((x) => x.name) } });
          return;
        case 'call': {
          // The main process checked the name already (ipc.ts); the core checks again, being the one that writes.
          const who = m.analyst === undefined ? undefined : checkAnalystName(String(m.analyst));
          if (who instanceof Error) {
            post({ kind: 'reply', id: m.id, response: { error: { code: 'BAD_ANALYST', message: who.message } } });
            return;
          }
          const bad = pathViolation(m.params, ctx.allowedRoots);
          if (bad !== null) {
            post({
              kind: 'reply',
              id: m.id,
              response: {
                error: {
                  code: 'INVALID_PARAMS',
                  message: `choose files with the dialog or drop them on the window: ${bad.slice(0, 200)}`,
                },
              },
            });
            return;
          }
          post({
            kind: 'reply',
            id: m.id,
            response: await dispatch(who ? actingAs(ctx, who) : ctx, m.method, m.params),
          });
          return;
        }
        case 'shutdown':
          closeContext(ctx);
          return;
      }
    },
  };
}

// Entry point inside Electron's utilityProcess.
const parentPort = (
  process as unknown as {
    parentPort?: { on(ev: 'message', cb: (e: { data: HostIn }) => void): void; postMessage(m: HostOut): void };
  }
).parentPort;
if (parentPort) {
  const host = createHost((m) => parentPort.postMessage(m), process.env.SESSIONSCOPE_ANALYST);
  parentPort.on('message', (e) => {
    void host.onMessage(e.data);
  });
}
