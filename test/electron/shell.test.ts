// Menu, recent cases, file association argv, electron-builder targets and fuses, the core host.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { menuTemplate } from '../../electron/menu.js';
import { addRecent, caseFromArgv, parseRecent, MAX_RECENT } from '../../electron/recent.js';
import { createHost, type HostOut } from '../../electron/core-host.js';
import { allMethods } from '../../core/api/methods/index.js';
import { fixture, ROOT, tempDir } from '../helpers.js';

describe('recent cases and the menu', () => {
  it('keeps the newest first, without duplicates, at most 10', () => {
    let list: string[] = [];
    for (let i = 0; i < 15; i++) list = addRecent(list, `/c/${i}.sscase`);
    list = addRecent(list, '/c/12.sscase');
    expect(list[0]).toBe('/c/12.sscase');
    expect(list).toHaveLength(MAX_RECENT);
    expect(new Set(list).size).toBe(list.length);
    expect(parseRecent('["/a.sscase", 3, "/etc/passwd"]')).toEqual(['/a.sscase']);
    expect(parseRecent('not json')).toEqual([]);
  });

  it('lists recent cases under File ▸ Open Recent and wires their clicks', () => {
    const opened: string[] = [];
    const noop = () => {};
    const t = menuTemplate(
      ['/c/a.sscase', '/c/b.sscase'],
      {
        newCase: noop,
        openCase: noop,
        openRecent: (p) => opened.push(p),
        clearRecent: noop,
        addEvidence: noop,
        showView: noop,
        about: noop,
      },
      'linux',
      true,
    );
    const file = t.find((m) => m.label === 'File')!;
    const recent = (file.submenu as { label?: string; submenu?: unknown }[]).find((m) => m.label === 'Open Recent')!;
    const items = recent.submenu as { label?: string; click?: () => void }[];
    expect(items.map((i) => i.label).slice(0, 2)).toEqual(['a.sscase', 'b.sscase']);
    items[1].click!();
    expect(opened).toEqual(['/c/b.sscase']);
    const view = t.find((m) => m.label === 'View')!;
    expect((view.submenu as { role?: string }[]).some((i) => i.role === 'toggleDevTools')).toBe(false);
  });

  it('finds a .sscase handed over by the OS', () => {
    expect(caseFromArgv(['/usr/bin/sessionscope', '--flag', '/home/a/case one.sscase'])).toBe(
      '/home/a/case one.sscase',
    );
    expect(caseFromArgv(['/usr/bin/sessionscope'])).toBeNull();
  });
});

describe('electron-builder.yml', () => {
  const cfg = parse(readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8'));
  it('builds AppImage, deb, dmg and nsis, and associates .sscase', () => {
    expect(cfg.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(cfg.mac.target).toContain('dmg');
    expect(cfg.win.target).toContain('nsis');
    expect(cfg.fileAssociations[0].ext).toBe('sscase');
    expect(cfg.asarUnpack.join()).toMatch(/better-sqlite3/);
  });
  it('flips the fuses: no run-as-node, NODE_OPTIONS or inspect; ASAR integrity and ASAR-only on', () => {
    expect(cfg.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      grantFileProtocolExtraPrivileges: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
    });
  });
  it('package.json main points at the compiled main process', () => {
    expect(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).main).toBe('dist/electron/main.js');
  });
});

describe('core host (utilityProcess)', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(() => {
    tmp = tempDir('ss-host-');
    mkdirSync(path.join(tmp.dir, 'granted'));
    mkdirSync(path.join(tmp.dir, 'other'));
    writeFileSync(path.join(tmp.dir, 'other', 'x.jsonl'), '{}\n');
    symlinkSync(path.join(tmp.dir, 'other'), path.join(tmp.dir, 'granted', 'link'));
  });
  afterAll(() => tmp.cleanup());

  it('offers the registry, accepts only granted paths, and answers through the dispatcher', async () => {
    const out: HostOut[] = [];
    const host = createHost((m) => out.push(m), 'tester');
    await host.onMessage({ kind: 'methods', id: 1 });
    expect((out[0] as { response: { result: string[] } }).response.result.sort()).toEqual(
      (await allMethods()).map((m) => m.name).sort(),
    );
    const file = path.join(tmp.dir, 'granted', 'c.sscase');
    await host.onMessage({ kind: 'call', id: 2, method: 'case.create', params: { path: file } });
    expect(out[1]).toMatchObject({ kind: 'reply', id: 2, response: { error: { code: 'INVALID_PARAMS' } } });
    await host.onMessage({ kind: 'grant', paths: [path.join(tmp.dir, 'granted')] });
    await host.onMessage({ kind: 'call', id: 3, method: 'case.create', params: { path: file, name: 'Host' } });
    expect(out[2]).toMatchObject({ kind: 'reply', id: 3, response: { result: { name: 'Host' } } });
    await host.onMessage({
      kind: 'call',
      id: 4,
      method: 'evidence.import',
      params: { paths: [path.join(tmp.dir, 'granted', 'link', 'x.jsonl')] },
    });
    expect(out[3]).toMatchObject({ kind: 'reply', id: 4, response: { error: { code: 'INVALID_PARAMS' } } });
    await host.onMessage({ kind: 'call', id: 5, method: 'nope.nothing', params: {} });
    expect(out[4]).toMatchObject({ response: { error: { code: 'METHOD_NOT_FOUND' } } });
    await host.onMessage({ kind: 'shutdown' });
    expect(host.ctx.caseFile).toBeNull();
  });

  it('runs each call as the analyst the window named, so audit and custody rows carry that name', async () => {
    const out: HostOut[] = [];
    const host = createHost((m) => out.push(m), 'os-user');
    const dir = path.join(tmp.dir, 'named');
    mkdirSync(dir);
    copyFileSync(fixture('cloudtrail', 'delivery-ci-role.json'), path.join(dir, 'ct.json'));
    await host.onMessage({ kind: 'grant', paths: [dir] });
    let id = 10;
    const call = async (method: string, params: unknown, analyst?: string) => {
      await host.onMessage({ kind: 'call', id: ++id, method, params, ...(analyst !== undefined ? { analyst } : {}) });
      const reply = out.find((m) => m.kind === 'reply' && m.id === id) as Extract<HostOut, { kind: 'reply' }>;
      return reply.response as { result?: unknown; error?: { code: string; message: string } };
    };
    expect((await call('case.create', { path: path.join(dir, 'c.sscase') }, ' Zoë Ångström ')).error).toBeUndefined();
    expect((await call('evidence.import', { paths: [path.join(dir, 'ct.json')] }, 'Ana')).error).toBeUndefined();
    expect((await call('layers.create', { name: 'unnamed' })).error).toBeUndefined(); // no name: the host's analyst
    const db = host.ctx.caseFile!.db;
    const by = (m: string) =>
      db.prepare('SELECT analyst FROM audit_log WHERE method = ? ORDER BY seq').pluck().all(m) as string[];
    expect(by('case.create')).toEqual(['Zoë Ångström']); // normalised: trimmed
    expect(by('evidence.import')).toEqual(['Ana']);
    expect(by('layers.create')).toEqual(['os-user']);
    expect(db.prepare('SELECT DISTINCT analyst FROM custody_log').pluck().all()).toEqual(['Ana']);
    // An unusable name is refused before the call runs; the window's own analyst never changes.
    for (const bad of ['   ', 'a\u0007b', 'x'.repeat(81)]) {
      const r = await call('layers.create', { name: `bad-${bad.length}` }, bad);
      expect(r.error?.code, JSON.stringify(bad)).toBe('BAD_ANALYST');
    }
    expect(by('layers.create')).toEqual(['os-user']);
    expect(host.ctx.analyst).toBe('os-user');
    await host.onMessage({ kind: 'shutdown' });
  });
});
