// The renderer's transports: the bridge client against a real bridge, SSE framing, the token's journey, and the
// Electron client over a fake preload.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BridgeTransport, parseSse, signIn } from '../../renderer/src/transport/bridge';
import { ElectronTransport } from '../../renderer/src/transport/electron';
import { ApiError } from '../../renderer/src/transport/types';
import { startBridge, type Bridge } from '../../bridge/server.js';
import { fixture, tempDir } from '../helpers.js';

let tmp: ReturnType<typeof tempDir>;
let bridge: Bridge;

beforeAll(async () => {
  tmp = tempDir('ss-transport-');
  mkdirSync(path.join(tmp.dir, 'r'));
  writeFileSync(path.join(tmp.dir, 'r', 'index.html'), '<!doctype html>');
  bridge = await startBridge({ allowedRoots: [tmp.dir], rendererDir: path.join(tmp.dir, 'r') });
});
afterAll(async () => {
  await bridge.close();
  tmp.cleanup();
});

describe('parseSse', () => {
  it('splits frames, joins data lines, skips comments, keeps the remainder', () => {
    const { frames, rest } = parseSse(
      ': hi\n\nid: 1\nevent: import.progress\ndata: {"a":1}\n\nevent: x\ndata: 1\ndata: 2\n\nevent: partial\nda',
    );
    expect(frames).toEqual([
      { event: 'import.progress', data: '{"a":1}' },
      { event: 'x', data: '1\n2' },
    ]);
    expect(rest).toBe('event: partial\nda');
    expect(parseSse('event: a\r\ndata: b\r\n\r\n').frames).toEqual([{ event: 'a', data: 'b' }]);
  });
});

describe('signIn (issue 15 §4: nothing reusable in the browser history)', () => {
  const memoryStore = () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => {
        store.set(k, v);
      },
    } as unknown as Storage;
    return { store, storage };
  };
  const post: typeof fetch = (url, init) => fetch(`${bridge.origin}${String(url)}`, init);
  const at = (hash: string) => ({ hash, pathname: '/', search: '' }) as Location;

  it('the printed URL carries a one-time code, never the token', () => {
    expect(bridge.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#code=[A-Za-z0-9_-]{43}$/);
    expect(bridge.url).not.toContain(bridge.token);
  });

  it('trades the code for the token once, keeps the token in the tab, takes the code off the address bar', async () => {
    const replaced: string[] = [];
    vi.stubGlobal('history', {
      state: null,
      replaceState: (_s: unknown, _t: string, url: string) => replaced.push(url),
    });
    try {
      const url = bridge.signInUrl();
      const hash = url.slice(url.indexOf('#'));
      const tab = memoryStore();
      expect(await signIn(at(hash), tab.storage, post)).toBe(bridge.token);
      expect(tab.store.get('sessionscope.token')).toBe(bridge.token);
      expect(replaced).toEqual(['/#/case']);
      // The same tab, reloaded: its own token.
      expect(await signIn(at('#/events'), tab.storage, post)).toBe(bridge.token);
      // Whoever replays the URL from the history later gets nothing.
      await expect(signIn(at(hash), memoryStore().storage, post)).rejects.toThrow(/already used/);
      // The tab that spent it, opened again from its history, keeps working with its own token.
      expect(await signIn(at(hash), tab.storage, post)).toBe(bridge.token);
      // A guessed code, and none at all.
      await expect(signIn(at(`#code=${'A'.repeat(43)}`), null, post)).rejects.toThrow(/already used/);
      expect(await signIn(at('#/case'), null, post)).toBeNull();
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('a program with the token mints another sign-in URL; without it, none', async () => {
    const mint = (auth?: string) =>
      fetch(`${bridge.origin}/session/code`, {
        method: 'POST',
        headers: auth ? { Authorization: `Bearer ${auth}` } : {},
      });
    expect((await mint()).status).toBe(401);
    const r = (await (await mint(bridge.token)).json()) as { result: { url: string } };
    expect(r.result.url).toMatch(/#code=/);
    expect(r.result.url).not.toBe(bridge.url);
  });
});

describe('BridgeTransport', () => {
  it('calls methods with the bearer token and returns results', async () => {
    const t = new BridgeTransport(bridge.token, bridge.origin);
    expect(await t.call('case.current')).toBeNull();
    const s = await t.session();
    expect(s.mode).toBe('browser');
    expect(s.allowed_roots).toEqual(bridge.allowedRoots);
  });

  it('turns API errors into ApiError with the code', async () => {
    const t = new BridgeTransport(bridge.token, bridge.origin);
    await expect(t.call('events.list', {})).rejects.toMatchObject({ code: 'NO_CASE' });
    // A name outside the contract, as a page from another build would send it.
    await expect(t.call('no.such.method' as never, {} as never)).rejects.toBeInstanceOf(ApiError);
  });

  it('says what to do when the token is wrong or the bridge is gone', async () => {
    await expect(new BridgeTransport('B'.repeat(43), bridge.origin).call('case.current')).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
    await expect(new BridgeTransport(bridge.token, 'http://127.0.0.1:9').call('case.current')).rejects.toMatchObject({
      code: 'DISCONNECTED',
    });
  });

  it('delivers pushed events (import progress) to subscribers', async () => {
    const t = new BridgeTransport(bridge.token, bridge.origin);
    const got: unknown[] = [];
    const connected = new Promise<void>((r) => t.on('transport.connected', () => r()));
    t.on('import.progress', (d) => got.push(d));
    await connected;
    const dir = path.join(tmp.dir, 'ev');
    mkdirSync(dir);
    writeFileSync(
      path.join(dir, 'a.json'),
      (await import('node:fs')).readFileSync(fixture('cloudtrail', 'delivery-ci-role.json')),
    );
    await t.call('case.create', { path: path.join(tmp.dir, 't.sscase') });
    await t.call('evidence.import', { paths: [dir] });
    await new Promise((r) => setTimeout(r, 150));
    expect(got.length).toBeGreaterThan(0);
    expect(got[0]).toHaveProperty('phase');
  });
});

describe('ElectronTransport', () => {
  it('unwraps {result} and raises {error} from the preload', async () => {
    const on = vi.fn(() => () => {});
    const t = new ElectronTransport({
      call: async (m: string) => (m === 'ok' ? { result: 42 } : { error: { code: 'NOT_FOUND', message: 'nope' } }),
      on,
    });
    // Names outside the contract: the transport relays whatever the preload answers.
    expect(await t.call('ok' as never, {} as never)).toBe(42);
    await expect(t.call('bad' as never, {} as never)).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'nope' });
    t.on('import.progress', () => {});
    expect(on).toHaveBeenCalled();
  });
  it('sends the analyst this window session named with every call, once named', async () => {
    const call = vi.fn(async () => ({ result: null }));
    const t = new ElectronTransport({ call, on: () => () => {} });
    await t.call('case.current');
    expect(call).toHaveBeenLastCalledWith('case.current', {}, undefined);
    t.setAnalyst('Zoë');
    await t.call('layers.list');
    expect(call).toHaveBeenLastCalledWith('layers.list', {}, 'Zoë');
  });
});
