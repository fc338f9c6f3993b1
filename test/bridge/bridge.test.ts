// The localhost bridge (browser mode): who may talk to it, what it accepts, what it serves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync, symlinkSync, copyFileSync, existsSync, readdirSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startBridge, type Bridge } from '../../bridge/server.js';
import { staticFile } from '../../bridge/static.js';
import { listMethods } from '../../core/api/dispatch.js';
import { allMethods } from '../../core/api/methods/index.js';
import { CSP } from '../../core/policy/csp.js';
import { fixture, tempDir } from '../helpers.js';
import { request, rpc } from './helpers.js';

let tmp: ReturnType<typeof tempDir>;
let outside: ReturnType<typeof tempDir>;
let bridge: Bridge;
let root: string;
let renderer: string;

beforeAll(async () => {
  tmp = tempDir('ss-bridge-');
  outside = tempDir('ss-outside-');
  root = path.join(tmp.dir, 'cases');
  renderer = path.join(tmp.dir, 'renderer');
  mkdirSync(root);
  mkdirSync(path.join(renderer, 'assets'), { recursive: true });
  writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(path.join(renderer, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(tmp.dir, 'secret.txt'), 'secret');
  writeFileSync(path.join(outside.dir, 'evidence.jsonl'), '{}\n');
  symlinkSync(outside.dir, path.join(root, 'escape'));
  mkdirSync(path.join(root, 'evidence'));
  copyFileSync(fixture('cloudtrail', 'delivery-ci-role.json'), path.join(root, 'evidence', 'delivery-ci-role.json'));
  bridge = await startBridge({
    allowedRoots: [root],
    rendererDir: renderer,
    analyst: 'tester',
    limits: { maxUploadBytes: 64 * 1024 },
  });
});

afterAll(async () => {
  await bridge?.close();
  tmp?.cleanup();
  outside?.cleanup();
});

describe('binding', () => {
  it('listens on 127.0.0.1 only, on a random port, with a 32-byte token and a one-time code in the URL', () => {
    expect(bridge.address).toBe('127.0.0.1');
    expect(bridge.port).toBeGreaterThan(1023);
    expect(bridge.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${bridge.port}/#code=[A-Za-z0-9_-]{43}$`));
    expect(Buffer.from(bridge.token, 'base64url').length).toBe(32);
  });

  it('refuses connections on every non-loopback address', async () => {
    const addrs = Object.values(os.networkInterfaces())
      .flat()
      .filter((a) => a && !a.internal)
      .map((a) => a!.address);
    for (const address of addrs) {
      const ok = await new Promise<boolean>((resolve) => {
        const s = net.connect({ host: address, port: bridge.port });
        s.once('connect', () => {
          s.destroy();
          resolve(true);
        });
        s.once('error', () => resolve(false));
        setTimeout(() => {
          s.destroy();
          resolve(false);
        }, 2000);
      });
      expect(ok, `reachable on ${address}`).toBe(false);
    }
  });

  it('two bridges get different ports and tokens', async () => {
    const other = await startBridge({ allowedRoots: [root], rendererDir: renderer });
    try {
      expect(other.port).not.toBe(bridge.port);
      expect(other.token).not.toBe(bridge.token);
    } finally {
      await other.close();
    }
  });
});

describe('authentication', () => {
  it('401 without a token, with a wrong token, with the token in the query string', async () => {
    const body = JSON.stringify({ method: 'case.current', params: {} });
    const none = await request(bridge.port, {
      method: 'POST',
      path: '/rpc',
      headers: { 'Content-Type': 'application/json' },
      body,
    });
    expect(none.status).toBe(401);
    const wrong = await request(bridge.port, {
      method: 'POST',
      path: '/rpc',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + 'A'.repeat(43) },
      body,
    });
    expect(wrong.status).toBe(401);
    const query = await request(bridge.port, {
      method: 'POST',
      path: `/rpc?token=${bridge.token}`,
      headers: { 'Content-Type': 'application/json' },
      body,
    });
    expect(query.status).toBe(401);
    const basic = await request(bridge.port, {
      method: 'POST',
      path: '/rpc',
      headers: { 'Content-Type': 'application/json', Authorization: `Basic ${bridge.token}` },
      body,
    });
    expect(basic.status).toBe(401);
    for (const p of ['/events', '/session']) expect((await request(bridge.port, { path: p })).status).toBe(401);
    expect((await request(bridge.port, { method: 'POST', path: '/upload', body: 'x' })).status).toBe(401);
  });

  it('200 with the bearer token', async () => {
    const r = await rpc(bridge.port, bridge.token, 'case.current', {});
    expect(r.status).toBe(200);
    expect(r.json()).toEqual({ result: null });
  });
});

describe('Host and Origin (DNS rebinding, cross-site requests)', () => {
  it('403 for a foreign Host, a wrong port, or no port', async () => {
    for (const host of [
      'evil.example',
      `evil.example:${bridge.port}`,
      '127.0.0.1',
      `127.0.0.1:${bridge.port + 1}`,
      `localhost.evil.example:${bridge.port}`,
      `0.0.0.0:${bridge.port}`,
    ]) {
      const r = await request(bridge.port, { host, path: '/' });
      expect(r.status, host).toBe(403);
      const api = await request(bridge.port, {
        host,
        method: 'POST',
        path: '/rpc',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${bridge.token}` },
        body: '{"method":"case.current"}',
      });
      expect(api.status, host).toBe(403);
    }
  });

  it('accepts 127.0.0.1:PORT and localhost:PORT', async () => {
    expect((await request(bridge.port, { path: '/' })).status).toBe(200);
    expect((await request(bridge.port, { path: '/', host: `localhost:${bridge.port}` })).status).toBe(200);
  });

  it('403 for a foreign Origin or a cross-site fetch, even with the token', async () => {
    for (const origin of [
      'http://evil.example',
      `http://127.0.0.1:${bridge.port + 1}`,
      'null',
      `https://127.0.0.1:${bridge.port}`,
    ]) {
      const r = await rpc(bridge.port, bridge.token, 'case.current', {}, { Origin: origin });
      expect(r.status, origin).toBe(403);
    }
    const site = await rpc(bridge.port, bridge.token, 'case.current', {}, { 'Sec-Fetch-Site': 'cross-site' });
    expect(site.status).toBe(403);
    const same = await rpc(
      bridge.port,
      bridge.token,
      'case.current',
      {},
      { Origin: `http://127.0.0.1:${bridge.port}`, 'Sec-Fetch-Site': 'same-origin' },
    );
    expect(same.status).toBe(200);
  });

  it('never answers with CORS headers', async () => {
    const pre = await request(bridge.port, {
      method: 'OPTIONS',
      path: '/rpc',
      headers: { Origin: `http://127.0.0.1:${bridge.port}`, 'Access-Control-Request-Method': 'POST' },
    });
    expect(pre.status).toBeGreaterThanOrEqual(400);
    const r = await rpc(bridge.port, bridge.token, 'case.current', {}, { Origin: `http://127.0.0.1:${bridge.port}` });
    for (const res of [pre, r])
      expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
  });
});

describe('request limits', () => {
  it('415 for text/plain and form bodies', async () => {
    for (const ct of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const r = await request(bridge.port, {
        method: 'POST',
        path: '/rpc',
        headers: { 'Content-Type': ct, Authorization: `Bearer ${bridge.token}` },
        body: '{"method":"case.current"}',
      });
      expect(r.status, ct).toBe(415);
    }
  });

  it('413 for an oversized body', async () => {
    const big = JSON.stringify({ method: 'events.list', params: { filter: { search: 'x'.repeat(2 * 1024 * 1024) } } });
    const r = await request(bridge.port, {
      method: 'POST',
      path: '/rpc',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${bridge.token}` },
      body: big,
    });
    expect(r.status).toBe(413);
  });

  it('400 for JSON nested too deep, for non-JSON, and for a body without a method', async () => {
    const deep = '{"method":"case.current","params":' + '['.repeat(5000) + ']'.repeat(5000) + '}';
    const r = await request(bridge.port, {
      method: 'POST',
      path: '/rpc',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${bridge.token}` },
      body: deep,
    });
    expect(r.status).toBe(400);
    expect(r.json().error.code).toBe('TOO_DEEP');
    const bad = await request(bridge.port, {
      method: 'POST',
      path: '/rpc',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${bridge.token}` },
      body: '{nope',
    });
    expect(bad.status).toBe(400);
    const noMethod = await request(bridge.port, {
      method: 'POST',
      path: '/rpc',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${bridge.token}` },
      body: '[1,2]',
    });
    expect(noMethod.status).toBe(400);
  });

  it('405 for GET /rpc', async () => {
    const r = await request(bridge.port, { path: '/rpc', headers: { Authorization: `Bearer ${bridge.token}` } });
    expect(r.status).toBe(405);
  });
});

describe('the API over /rpc', () => {
  it('offers exactly the registry methods', async () => {
    const s = await request(bridge.port, { path: '/session', headers: { Authorization: `Bearer ${bridge.token}` } });
    expect(s.status).toBe(200);
    const names: string[] = s.json().result.methods;
    expect([...names].sort()).toEqual((await allMethods()).map((m) => m.name).sort());
    expect([...names].sort()).toEqual((await listMethods()).map((m) => m.name).sort());
    // Every registry name routes to the dispatcher (never METHOD_NOT_FOUND), unknown names do not.
    for (const name of names) {
      const r = await rpc(bridge.port, bridge.token, name, { __probe: true });
      expect(r.status).toBe(200);
      const err = r.json().error;
      expect(err?.code, name).not.toBe('METHOD_NOT_FOUND');
    }
    for (const name of ['__proto__', 'constructor', 'toString', 'case', 'case.open ', 'CASE.OPEN', 'eval']) {
      const r = await rpc(bridge.port, bridge.token, name, {});
      expect(r.json().error.code, name).toBe('METHOD_NOT_FOUND');
    }
  });

  it('rejects paths outside the allowed folders: absolute elsewhere, .., symlinks out, relative', async () => {
    const attempts = [
      ['case.open', { path: path.join(tmp.dir, 'secret.txt') }],
      ['case.open', { path: '/etc/passwd' }],
      ['case.open', { path: path.join(root, '..', 'secret.txt') }],
      ['case.create', { path: path.join(root, 'escape', 'x.sscase') }],
      ['case.create', { path: 'relative.sscase' }],
      ['evidence.import', { paths: [path.join(root, 'escape', 'evidence.jsonl')] }],
      ['evidence.import', { paths: [path.join(root, 'evidence'), '/etc'] }],
    ] as const;
    for (const [method, params] of attempts) {
      const r = await rpc(bridge.port, bridge.token, method, params);
      expect(r.json().error?.code, JSON.stringify(params)).toBe('INVALID_PARAMS');
      expect(r.json().error.message).toMatch(/outside the folders/);
    }
    expect(existsSync(path.join(outside.dir, 'x.sscase'))).toBe(false);
  });

  it('errors carry a code and one line, no stack', async () => {
    const r = await rpc(bridge.port, bridge.token, 'events.list', {});
    expect(r.json().error).toEqual({ code: 'NO_CASE', message: expect.any(String) });
    expect(r.json().error.message).not.toMatch(/\n|at .*\.ts/);
  });

  it('creates a case, imports with progress on the event stream, lists events', async () => {
    const events: string[] = [];
    const ac = new AbortController();
    const stream = fetch(`${bridge.origin}/events`, {
      headers: { Authorization: `Bearer ${bridge.token}` },
      signal: ac.signal,
    })
      .then(async (res) => {
        expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
        expect(res.headers.get('cache-control')).toBe('no-store');
        const reader = res.body!.getReader();
        const dec = new TextDecoder();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          events.push(dec.decode(value));
        }
      })
      .catch(() => {});
    await new Promise((r) => setTimeout(r, 100));
    const created = await rpc(bridge.port, bridge.token, 'case.create', {
      path: path.join(root, 'one.sscase'),
      name: 'One',
    });
    expect(created.json().result).toEqual({ case: path.join(root, 'one.sscase'), name: 'One' });
    const imp = await rpc(bridge.port, bridge.token, 'evidence.import', { paths: [path.join(root, 'evidence')] });
    const summary = imp.json().result;
    expect(summary.evidence[0].events).toBeGreaterThan(0);
    const list = await rpc(bridge.port, bridge.token, 'events.list', { limit: 5 });
    expect(list.json().result.length).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 100));
    ac.abort();
    await stream;
    expect(events.join('')).toMatch(/event: import\.progress\ndata: \{/);
  });
});

describe('uploads (browser file picker and drops)', () => {
  it('saves the body beside the open case under a safe name, then it imports', async () => {
    const body = Buffer.from(
      '{"eventVersion":"1.08","eventTime":"2026-03-10T14:00:00Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::1:assumed-role/r/s"}}\n',
    );
    const r = await request(bridge.port, {
      method: 'POST',
      path: '/upload',
      body,
      headers: {
        Authorization: `Bearer ${bridge.token}`,
        'Content-Type': 'application/octet-stream',
        'X-Upload-Name': encodeURIComponent('../../evil/../dir/trail.jsonl'),
        'X-Upload-Batch': 'b1',
      },
    });
    expect(r.status).toBe(200);
    const res = r.json().result;
    expect(res.path).toBe(path.join(root, 'one.uploads', 'b1', 'evil', 'dir', 'trail.jsonl'));
    expect(res.bytes).toBe(body.length);
    expect(readdirSync(path.join(root, 'one.uploads', 'b1'))).toEqual(['evil']);
    const imp = await rpc(bridge.port, bridge.token, 'evidence.import', { paths: [res.dir] });
    expect(imp.json().result.evidence[0].events).toBe(1);
  });

  it('refuses overwrites, oversized files, and wrong content types', async () => {
    const h = {
      Authorization: `Bearer ${bridge.token}`,
      'Content-Type': 'application/octet-stream',
      'X-Upload-Name': 'evil/dir/trail.jsonl',
      'X-Upload-Batch': 'b1',
    };
    expect((await request(bridge.port, { method: 'POST', path: '/upload', headers: h, body: 'x' })).status).toBe(409);
    const big = await request(bridge.port, {
      method: 'POST',
      path: '/upload',
      headers: { ...h, 'X-Upload-Name': 'big.bin' },
      body: Buffer.alloc(65 * 1024),
    });
    expect(big.status).toBe(413);
    expect(existsSync(path.join(root, 'one.uploads', 'b1', 'big.bin'))).toBe(false);
    const ct = await request(bridge.port, {
      method: 'POST',
      path: '/upload',
      headers: { ...h, 'Content-Type': 'text/plain', 'X-Upload-Name': 'a.txt' },
      body: 'x',
    });
    expect(ct.status).toBe(415);
  });
});

describe('static files', () => {
  it('serve the renderer with CSP, nosniff and no-referrer; API responses are no-store', async () => {
    const r = await request(bridge.port, { path: '/' });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/text\/html/);
    expect(r.headers['content-security-policy']).toBe(CSP);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['referrer-policy']).toBe('no-referrer');
    expect(r.headers['x-frame-options']).toBe('DENY');
    const js = await request(bridge.port, { path: '/assets/app.js' });
    expect(js.headers['content-type']).toMatch(/text\/javascript/);
    expect(js.headers['content-security-policy']).toBe(CSP);
    const api = await rpc(bridge.port, bridge.token, 'case.current', {});
    expect(api.headers['cache-control']).toBe('no-store');
    expect(api.headers['x-content-type-options']).toBe('nosniff');
    expect(api.headers['referrer-policy']).toBe('no-referrer');
  });

  it('the CSP allows nothing inline, remote or framed', () => {
    expect(CSP).not.toMatch(/unsafe-|\*|http:|https:/);
    expect(CSP).toMatch(/default-src 'none'/);
    expect(CSP).toMatch(/script-src 'self'(;|$)/);
    expect(CSP).toMatch(/frame-ancestors 'none'/);
    expect(CSP).toMatch(/object-src 'none'/);
  });

  it('never leaves the renderer folder', async () => {
    for (const p of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/%00',
      '/.hidden',
      '/assets%5c..%5c..%5csecret.txt',
    ]) {
      const r = await request(bridge.port, { path: p });
      expect(r.status, p).toBe(404);
      expect(r.body).not.toContain('secret');
    }
    expect(staticFile(renderer, '/../secret.txt')).toBeNull();
    expect(staticFile(renderer, '/')).toBe(path.join(renderer, 'index.html'));
  });

  it('405 for writes to static paths', async () => {
    expect((await request(bridge.port, { method: 'PUT', path: '/index.html', body: 'x' })).status).toBe(405);
    expect((await request(bridge.port, { method: 'DELETE', path: '/index.html' })).status).toBe(405);
  });
});
