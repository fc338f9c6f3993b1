// One IPC channel for the whole API. Every message is checked: it must come from the main frame of our own
// window, showing app://workbench; it must be {method, params} within size and depth limits; the method must be
// a registry method (forwarded to the core process) or one of the shell's own (dialogs, recent cases). It may
// name the analyst the window asked for; the name is checked here and travels with the call to the core.
import { APP_ORIGIN, isAppUrl } from './url-policy.js';
import { checkAnalystName } from '../core/model/analyst-name.js';

export const RPC_CHANNEL = 'ss:rpc';
export const EVENT_CHANNEL = 'ss:event';
export const DROP_CHANNEL = 'ss:drop';

export const MAX_MESSAGE_BYTES = 1024 * 1024;
export const MAX_DEPTH = 32;

/** The parts of an IpcMainInvokeEvent the check reads (fakes in tests). */
export interface SenderLike {
  senderFrame: { url: string; origin?: string; parent: unknown | null; isDestroyed?: () => boolean } | null;
  sender: { id: number };
}

/**
 * True only for the top frame of the app's own window, showing the app's own origin. Every part is required: no
 * window yet (no id to compare), a frame that does not say its origin or whether it is destroyed, is refused —
 * a check that is skipped when a value is missing is no check.
 */
export function isTrustedSender(e: SenderLike, expectedWebContentsId: number | null): boolean {
  const f = e.senderFrame;
  if (!f) return false;
  if (typeof f.isDestroyed !== 'function' || f.isDestroyed()) return false;
  if (f.parent !== null) return false;
  if (expectedWebContentsId === null || e.sender.id !== expectedWebContentsId) return false;
  if (f.origin !== APP_ORIGIN) return false;
  return isAppUrl(f.url);
}

function depthOf(v: unknown, limit: number): number {
  let max = 0;
  const stack: [unknown, number][] = [[v, 1]];
  while (stack.length) {
    const [x, d] = stack.pop()!;
    if (x === null || typeof x !== 'object') continue;
    if (d > max) max = d;
    if (max > limit) return max;
    for (const c of Array.isArray(x) ? x : Object.values(x as object))
      if (c !== null && typeof c === 'object') stack.push([c, d + 1]);
  }
  return max;
}

export type RpcMessage = { method: string; params: unknown; analyst?: string };

/** Validates an incoming message's shape and size; returns it or an error. */
export function parseMessage(msg: unknown): RpcMessage | { error: { code: string; message: string } } {
  if (msg === null || typeof msg !== 'object' || Array.isArray(msg))
    return { error: { code: 'BAD_REQUEST', message: 'expected {method, params}' } };
  const { method, params, analyst } = msg as { method?: unknown; params?: unknown; analyst?: unknown };
  if (typeof method !== 'string' || method.length === 0 || method.length > 100)
    return { error: { code: 'BAD_REQUEST', message: 'expected a method name' } };
  let size: number;
  try {
    size = JSON.stringify(params ?? null).length;
  } catch {
    return { error: { code: 'BAD_REQUEST', message: 'params must be plain data' } };
  }
  if (size > MAX_MESSAGE_BYTES)
    return { error: { code: 'TOO_LARGE', message: `params over ${MAX_MESSAGE_BYTES} bytes` } };
  if (depthOf(params, MAX_DEPTH) > MAX_DEPTH)
    return { error: { code: 'TOO_DEEP', message: `params nested deeper than ${MAX_DEPTH}` } };
  if (analyst === undefined || analyst === null) return { method, params: params ?? {} };
  if (typeof analyst !== 'string') return { error: { code: 'BAD_ANALYST', message: 'the analyst name must be text' } };
  const who = checkAnalystName(analyst);
  if (who instanceof Error) return { error: { code: 'BAD_ANALYST', message: who.message } };
  return { method, params: params ?? {}, analyst: who };
}

/** A shell method; `analyst` is who the window named (shell methods that call the core pass it on). */
export type Handler = (params: unknown, analyst: string | undefined) => Promise<unknown>;

export interface RouterDeps {
  /** Shell methods (app.*), run in the main process. */
  shell: Record<string, Handler>;
  /** Registry methods, run in the core process. */
  core: (
    method: string,
    params: unknown,
    analyst: string | undefined,
  ) => Promise<{ result: unknown } | { error: { code: string; message: string } }>;
  /** Names the core offers (listMethods of the registry). */
  coreMethods: () => Promise<Set<string>>;
  /** Params naming files must come from dialogs or drops in Electron: the core's allowed roots enforce it. */
}

/** The IPC handler: sender check, shape check, then shell or core. Never throws; answers {result}|{error}. */
export function makeRpcHandler(deps: RouterDeps, windowId: () => number | null) {
  return async (
    e: SenderLike,
    raw: unknown,
  ): Promise<{ result: unknown } | { error: { code: string; message: string } }> => {
    if (!isTrustedSender(e, windowId())) return { error: { code: 'FORBIDDEN', message: 'untrusted sender' } };
    const msg = parseMessage(raw);
    if ('error' in msg) return msg;
    if (Object.prototype.hasOwnProperty.call(deps.shell, msg.method)) {
      try {
        return { result: await deps.shell[msg.method](msg.params, msg.analyst) };
      } catch (err) {
        const code = (err as { code?: string }).code ?? 'INTERNAL';
        return { error: { code, message: err instanceof Error ? err.message.split('\n')[0] : String(err) } };
      }
    }
    if (!(await deps.coreMethods()).has(msg.method))
      return { error: { code: 'METHOD_NOT_FOUND', message: `unknown method: ${msg.method.slice(0, 80)}` } };
    return deps.core(msg.method, msg.params, msg.analyst);
  };
}
