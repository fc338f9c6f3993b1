// The CLI contract of DESIGN §7: commands, --json shapes, exit codes, one-line errors.
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cliAsync, cliJsonAsync } from './run.js';
import { fixture, tempDir } from '../helpers.js';

describe('sessionscope CLI', { timeout: 180_000 }, () => {
  const t = tempDir();
  const c = path.join(t.dir, 'case.sscase');
  afterAll(() => t.cleanup());

  beforeAll(async () => {
    const r = await cliAsync(['new', c, '--name', 'CLI case', '--analyst', 'alice', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ case: c, name: 'CLI case' });
  });

  it('imports with the documented JSON, exit 0 when nothing is rejected', async () => {
    const r = await cliAsync(['import', c, fixture('cloudtrail', 'pretty-array.json'), '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.evidence[0]).toMatchObject({
      id: 1,
      format: 'cloudtrail',
      records: 3,
      events: 3,
      rejected: 0,
      merged: 0,
      skipped_duplicate: false,
      rejects: [],
    });
    expect(j.evidence[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    const again = await cliJsonAsync<{ evidence: { skipped_duplicate: boolean }[] }>([
      'import',
      c,
      fixture('cloudtrail', 'pretty-array.json'),
    ]);
    expect(again.evidence[0].skipped_duplicate).toBe(true);
  });

  it('exits 3 when some records were rejected, listing them', async () => {
    const r = await cliAsync(['import', c, fixture('generic', 'app-events.jsonl'), '--json']);
    expect(r.code).toBe(3);
    const j = JSON.parse(r.stdout);
    expect(j.evidence[0]).toMatchObject({ format: 'generic', records: 3, events: 2, rejected: 1 });
    expect(j.evidence[0].rejects[0]).toMatchObject({ record_ref: { line: 3 } });
  });

  it('exits 1 with one clear line for a missing path or an unrecognised file', async () => {
    const missing = await cliAsync(['import', c, path.join(t.dir, 'nope.json')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim().split('\n')).toEqual([
      `sessionscope: no such file or directory: ${path.join(t.dir, 'nope.json')}`,
    ]);
    const txt = path.join(t.dir, 'diary.txt');
    writeFileSync(txt, 'not a log\n');
    const unknown = await cliAsync(['import', c, txt, '--quiet']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/diary\.txt: no importer recognises this file; pass --format/);
    expect(unknown.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it('exits 2 on usage errors', async () => {
    expect((await cliAsync(['events'])).code).toBe(2);
    expect((await cliAsync(['frobnicate'])).code).toBe(2);
    expect((await cliAsync(['events', c, '--limit', 'lots'])).code).toBe(2);
    expect((await cliAsync(['events', c, '--from', 'yesterday'])).code).toBe(2);
  });

  it('refuses a non-case file in one line, exit 1', async () => {
    const bad = path.join(t.dir, 'bad.sscase');
    writeFileSync(bad, 'hello');
    const r = await cliAsync(['info', bad]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/not a SessionScope case file/);
  });

  it('info, events and verify speak the documented JSON', async () => {
    const info = await cliJsonAsync<Record<string, unknown>>(['info', c]);
    expect(info).toMatchObject({ name: 'CLI case', events: 5 });
    expect(info.time_range).toEqual({ from: '2026-03-10T14:00:05.000Z', to: '2026-03-10T16:00:00.500Z' });
    // The unrecognised file stays on record (hashed, with its custody entries) as failed.
    expect((info.evidence as { status: string }[]).map((e) => e.status)).toEqual(['complete', 'complete', 'failed']);
    const ev = await cliJsonAsync<Record<string, unknown>[]>(['events', c, '--search', 'bad-input-bucket']);
    expect(ev).toHaveLength(1);
    expect(Object.keys(ev[0])).toEqual(
      expect.arrayContaining([
        'id',
        'ts',
        'format',
        'principal',
        'identity',
        'session',
        'action',
        'category',
        'resource',
        'outcome',
        'src_ip',
        'user_agent',
        'detail',
        'flags',
        'evidence',
        'record_ref',
      ]),
    );
    expect(ev[0]).toMatchObject({
      ts: '2026-03-10T14:00:09.000Z',
      action: 's3:GetObject',
      evidence: 1,
      record_ref: { index: 1, offset: expect.any(Number) },
    });
    const byPrincipal = await cliJsonAsync<unknown[]>(['events', c, '--identity', 'deploy-bot']);
    expect(byPrincipal).toHaveLength(2);
    // --limit cuts on purpose, and says so: {items, truncated, limit}.
    const win = await cliJsonAsync<{ items: { ts: string }[]; truncated: boolean; limit: number }>([
      'events',
      c,
      '--from',
      '2026-03-10T14:00:09Z',
      '--to',
      '2026-03-10T16:00:00.500Z',
      '--limit',
      '2',
    ]);
    expect(win.items.map((e) => e.ts)).toEqual(['2026-03-10T14:00:09.000Z', '2026-03-10T14:00:14.000Z']);
    expect(win).toMatchObject({ truncated: true, limit: 2 });
    const v = await cliJsonAsync<{ ok: boolean; problems: unknown[] }>(['verify', c]);
    expect(v).toMatchObject({ ok: true, problems: [] });
    const table = await cliAsync(['events', c, '--search', 'gha-deploy']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/TIME \(UTC\)/);
    expect(table.stdout).toMatch(/3 events/);
  });

  it('refuses a search it cannot read: exit 2, the message with its column and a caret under the fault', async () => {
    const r = await cliAsync(['events', c, '--search', 'gha-deploy acton:GetObject']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')).toEqual([
      "sessionscope: search, column 12: unknown field 'acton': did you mean action:? (to search for the text itself, put it in quotes)",
      '  gha-deploy acton:GetObject',
      '             ^^^^^',
      '',
    ]);
    // The same for exports and bulk annotation: every command that takes a search.
    expect(
      (await cliAsync(['export', c, '--format', 'csv', '--out', path.join(t.dir, 'x.csv'), '--search', '(a OR b']))
        .code,
    ).toBe(2);
    // A well-formed search naming what the case does not hold runs, and says why it found nothing.
    const none = await cliAsync(['events', c, '--search', 'identity:nobody-here', '--json']);
    expect(none.code).toBe(0);
    expect(JSON.parse(none.stdout)).toEqual([]);
    expect(none.stderr).toMatch(/^note: /m);
  });

  it('describes the search grammar in events --help', async () => {
    const r = await cliAsync(['events', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Search \(--search QUERY/);
    for (const field of ['action', 'ip', 'user_agent (ua)', 'identity', 'after', 'fact.KEY'])
      expect(r.stdout).toContain(field);
    expect(r.stdout).toContain("--search 'action:s3:Get* -outcome:success'");
  });

  it('exports CSV with formula injection defused, and JSON lines with raw records', async () => {
    const csvCase = path.join(t.dir, 'csv.sscase');
    await cliAsync(['new', csvCase]);
    const m = path.join(t.dir, 'm.yaml');
    writeFileSync(m, readFileSync(fixture('generic', 'vendor-audit.mapping.yaml')));
    expect(
      (await cliAsync(['import', csvCase, fixture('generic', 'vendor-audit.csv'), '--mapping', m, '--quiet'])).code,
    ).toBe(3);
    const out = path.join(t.dir, 'out.csv');
    expect((await cliAsync(['export', csvCase, '--format', 'csv', '--out', out])).code).toBe(0);
    const csv = readFileSync(out, 'utf8');
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(csv.split('\r\n')[0]).toMatch(/^id,ts,format,principal/);
    expect((await cliAsync(['export', csvCase, '--format', 'csv', '--out', out])).code).toBe(1); // never overwrites
    const jl = path.join(t.dir, 'out.jsonl');
    expect((await cliAsync(['export', csvCase, '--format', 'jsonl', '--out', jl])).code).toBe(0);
    const rows = readFileSync(jl, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows).toHaveLength(3);
    expect(rows[1].raw).toContain('=HYPERLINK');
  });
});
