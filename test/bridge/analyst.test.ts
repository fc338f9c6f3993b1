// Browser mode's analyst (named per browser session, sent with every call), the report download and the early
// format check, over real HTTP against the bridge.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, readFileSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { startBridge, type Bridge } from '../../bridge/server.js';
import { fixture, tempDir } from '../helpers.js';
import { request, rpc } from './helpers.js';

let tmp: ReturnType<typeof tempDir>;
let bridge: Bridge;
let root: string;

beforeAll(async () => {
  tmp = tempDir('ss-analyst-');
  root = path.join(tmp.dir, 'cases');
  mkdirSync(path.join(root, 'evidence'), { recursive: true });
  copyFileSync(fixture('cloudtrail', 'delivery-ci-role.json'), path.join(root, 'evidence', 'ct.json'));
  const renderer = path.join(tmp.dir, 'renderer');
  mkdirSync(renderer);
  writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>t</title>');
  bridge = await startBridge({ allowedRoots: [root], rendererDir: renderer, analyst: 'bridge-default' });
});
afterAll(async () => {
  await bridge?.close();
  tmp?.cleanup();
});

const as = (name: string) => ({ 'X-SessionScope-Analyst': encodeURIComponent(name) });
const call = async (method: string, params: unknown, headers: Record<string, string> = {}) =>
  (await rpc(bridge.port, bridge.token, method, params, headers)).json();

describe('the analyst of a browser session', () => {
  it('tells the page who acts by default and that it should ask', async () => {
    const r = await request(bridge.port, { path: '/session', headers: { Authorization: `Bearer ${bridge.token}` } });
    expect(r.json().result).toMatchObject({ analyst: 'bridge-default', ask_analyst: true });
  });

  it('writes audit and custody rows under the name each call carries', async () => {
    const created = await call('case.create', { path: path.join(root, 'a.sscase'), name: 'a' }, as('Zoë Ångström'));
    expect(created.result.case).toBe(path.join(root, 'a.sscase'));
    const imported = await call('evidence.import', { paths: [path.join(root, 'evidence', 'ct.json')] }, as('Ana'));
    expect(imported.error).toBeUndefined();
    await call('layers.create', { name: 'triage' }, as('Zoë Ångström'));
    await call('layers.create', { name: 'no-name' }); // no header: the bridge's own analyst
    const audit = (await call('audit.list', {}, as('Ana'))).result as { analyst: string; method: string }[];
    const by = (m: string) => audit.filter((r) => r.method === m).map((r) => r.analyst);
    expect(by('case.create')).toEqual(['Zoë Ångström']);
    expect(by('evidence.import')).toEqual(['Ana']);
    expect(by('layers.create').sort()).toEqual(['Zoë Ångström', 'bridge-default'].sort());
    const custody = bridge.ctx.caseFile!.db.prepare('SELECT DISTINCT analyst FROM custody_log').pluck().all();
    expect(custody).toEqual(['Ana']);
    // case.current answers with the caller's name; the window's own analyst is unchanged.
    expect((await call('case.current', {}, as('Ana'))).result.analyst).toBe('Ana');
    expect(bridge.ctx.analyst).toBe('bridge-default');
  });

  it('refuses an unusable name before anything runs', async () => {
    for (const bad of ['%E0%A4%A', encodeURIComponent('   '), encodeURIComponent('a\u0007b'), 'x'.repeat(81)]) {
      const r = await rpc(
        bridge.port,
        bridge.token,
        'layers.create',
        { name: `x${bad.length}` },
        {
          'X-SessionScope-Analyst': bad,
        },
      );
      expect(r.status).toBe(400);
      expect(r.json().error.code).toBe('BAD_ANALYST');
    }
    const layers = (await call('layers.list', {})).result as { name: string }[];
    expect(layers.some((l) => l.name.startsWith('x'))).toBe(false);
  });
});

describe('GET /report-file', () => {
  it('serves a report this window made, as a download, and nothing else', async () => {
    const html = path.join(root, 'a-report.html');
    const r = await call('report.generate', { html }, as('Ana'));
    expect(r.result.html).toBe(html);
    const get = (p: string, auth = true) =>
      request(bridge.port, {
        path: `/report-file?path=${encodeURIComponent(p)}`,
        headers: auth ? { Authorization: `Bearer ${bridge.token}` } : {},
      });
    const ok = await get(html);
    expect(ok.status).toBe(200);
    expect(ok.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(ok.headers['content-disposition']).toBe(
      `attachment; filename="a-report.html"; filename*=UTF-8''a-report.html`,
    );
    expect(ok.headers['content-security-policy']).toContain("default-src 'none'");
    expect(ok.body).toBe(readFileSync(html, 'utf8'));
    expect((await get(html, false)).status).toBe(401);
    // Files the window did not write as reports: the case itself, evidence, a path outside.
    for (const p of [path.join(root, 'a.sscase'), path.join(root, 'evidence', 'ct.json'), '/etc/passwd', 'rel.pdf'])
      expect([400, 404]).toContain((await get(p)).status);
    // The report swapped for a link to a file outside the allowed folders since it was made.
    writeFileSync(path.join(tmp.dir, 'secret.html'), 'secret');
    unlinkSync(html);
    symlinkSync(path.join(tmp.dir, 'secret.html'), html);
    const swapped = await get(html);
    expect(swapped.status).toBe(403);
    expect(swapped.body).not.toContain('secret"');
  });
});

describe('evidence.detect', () => {
  const head = (b: Buffer, name: string, complete = true) =>
    call('evidence.detect', { name, head: b.toString('base64'), complete });

  it('recognises a format from the head, gzip too, and says so before any upload', async () => {
    const ct = readFileSync(fixture('cloudtrail', 'delivery-ci-role.json'));
    expect((await head(ct, 'ct.json')).result).toMatchObject({ format: 'cloudtrail', binary: false, reason: null });
    const gz = gzipSync(ct);
    expect((await head(gz, 'ct.json.gz')).result).toMatchObject({ format: 'cloudtrail', gzip: true });
    // Only the first bytes of a large gzip: still recognised.
    const big = gzipSync(Buffer.concat(Array.from({ length: 200 }, () => ct)));
    expect((await head(big.subarray(0, 4096), 'big.json.gz', false)).result.format).toBe('cloudtrail');
  });

  it('refuses binary and unrecognised heads with what to do instead', async () => {
    const bin = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0, 1, 2, 3]);
    expect((await head(bin, 'x.zip')).result).toMatchObject({ format: null, binary: true });
    const prose = Buffer.from('Dear team,\nthe logs are attached.\nRegards\n');
    const r = (await head(prose, 'notes.txt')).result;
    expect(r).toMatchObject({ format: null, binary: false, candidates: [] });
    expect(r.reason).toMatch(/choose its format/);
    expect((await call('evidence.detect', { name: 'x', head: 'not base64!', complete: true })).error.code).toBe(
      'INVALID_PARAMS',
    );
  });
});
