// The only bridge between the page and Electron: window.sessionscope = {call, on}, frozen. A sandboxed preload
// can only require 'electron', so scripts/build-electron.mjs bundles this file into one CommonJS file.
// Files dropped on the window are resolved to real paths here (webUtils) and reported to the main process on
// a channel the page cannot reach; the page never names a file path itself.
import { contextBridge, ipcRenderer, webUtils } from 'electron';

const RPC_CHANNEL = 'ss:rpc';
const EVENT_CHANNEL = 'ss:event';
const DROP_CHANNEL = 'ss:drop';

type Listener = (data: unknown) => void;
const listeners = new Map<string, Set<Listener>>();

ipcRenderer.on(EVENT_CHANNEL, (_e, msg: { event?: unknown; data?: unknown }) => {
  if (!msg || typeof msg.event !== 'string') return;
  for (const cb of listeners.get(msg.event) ?? []) {
    try {
      cb(msg.data);
    } catch {
      /* a listener's error is the page's business */
    }
  }
});

const api = Object.freeze({
  // `analyst`: who the window named (asked once per window session); the main process checks it.
  call(method: string, params?: unknown, analyst?: string): Promise<unknown> {
    if (typeof method !== 'string')
      return Promise.resolve({ error: { code: 'BAD_REQUEST', message: 'method must be a string' } });
    return ipcRenderer.invoke(RPC_CHANNEL, {
      method,
      params: params ?? {},
      ...(typeof analyst === 'string' ? { analyst } : {}),
    });
  },
  on(event: string, cb: Listener): () => void {
    if (typeof event !== 'string' || typeof cb !== 'function') return () => {};
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(cb);
    return () => {
      set!.delete(cb);
    };
  },
});

contextBridge.exposeInMainWorld('sessionscope', api);

// Drops: only real files from the OS have a path (synthetic File objects made by a script have none).
window.addEventListener(
  'dragover',
  (e) => {
    e.preventDefault();
  },
  true,
);
window.addEventListener(
  'drop',
  (e) => {
    e.preventDefault();
    const files = e.dataTransfer ? Array.from(e.dataTransfer.files) : [];
    const paths = files
      .map((f) => {
        try {
          return webUtils.getPathForFile(f);
        } catch {
          return '';
        }
      })
      .filter((p) => typeof p === 'string' && p.length > 0);
    if (paths.length > 0) ipcRenderer.send(DROP_CHANNEL, paths);
  },
  true,
);
