// The preload exposes exactly {call, on}, frozen, and reports only real dropped files. Electron is mocked.
import { beforeAll, describe, expect, it, vi } from 'vitest';

const exposed: Record<string, unknown> = {};
const invoke = vi.fn(async (...a: unknown[]) => ({ result: a }));
const send = vi.fn();
const rendererOn = new Map<string, (...a: unknown[]) => void>();
const winListeners = new Map<string, (e: unknown) => void>();

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (k: string, v: unknown) => {
      exposed[k] = v;
    },
  },
  ipcRenderer: {
    invoke,
    send,
    on: (ch: string, cb: (...a: unknown[]) => void) => {
      rendererOn.set(ch, cb);
    },
  },
  webUtils: { getPathForFile: (f: { realPath?: string }) => f.realPath ?? '' },
}));

beforeAll(async () => {
  (globalThis as unknown as { window: unknown }).window = {
    addEventListener: (ev: string, cb: (e: unknown) => void) => {
      winListeners.set(ev, cb);
    },
  };
  await import('../../electron/preload.js');
});

describe('preload', () => {
  it('exposes only window.sessionscope = {call, on}, frozen', () => {
    expect(Object.keys(exposed)).toEqual(['sessionscope']);
    const api = exposed.sessionscope as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual(['call', 'on']);
    expect(Object.isFrozen(api)).toBe(true);
    expect(api).not.toHaveProperty('ipcRenderer');
    expect(api).not.toHaveProperty('invoke');
  });

  it('call goes over the one RPC channel with {method, params}', async () => {
    const api = exposed.sessionscope as { call(m: unknown, p?: unknown): Promise<unknown> };
    await api.call('case.info', { a: 1 });
    expect(invoke).toHaveBeenCalledWith('ss:rpc', { method: 'case.info', params: { a: 1 } });
    invoke.mockClear();
    expect(await api.call(42 as unknown as string)).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    expect(invoke).not.toHaveBeenCalled();
  });

  it('on delivers pushed events without the IPC event object and unsubscribes', () => {
    const api = exposed.sessionscope as { on(e: string, cb: (d: unknown) => void): () => void };
    const got: unknown[] = [];
    const off = api.on('import.progress', (d) => got.push(d));
    const fake = { sender: 'SHOULD-NOT-LEAK' };
    rendererOn.get('ss:event')!(fake, { event: 'import.progress', data: { events: 5 } });
    expect(got).toEqual([{ events: 5 }]);
    off();
    rendererOn.get('ss:event')!(fake, { event: 'import.progress', data: { events: 6 } });
    expect(got).toHaveLength(1);
  });

  it('drops: real file paths go to the main process on a private channel; synthetic files do not', () => {
    const drop = winListeners.get('drop')!;
    const prevent = vi.fn();
    drop({
      preventDefault: prevent,
      dataTransfer: { files: [{ realPath: '/evidence/a.jsonl' }, { name: 'made-by-script.txt' }] },
    });
    expect(prevent).toHaveBeenCalled();
    expect(send).toHaveBeenCalledWith('ss:drop', ['/evidence/a.jsonl']);
    send.mockClear();
    drop({ preventDefault: vi.fn(), dataTransfer: { files: [{ name: 'synthetic' }] } });
    expect(send).not.toHaveBeenCalled();
  });
});
