// The Events grid's analyst work through the API: saved views, colour rules, bulk marking by a search (one audited
// call), the marks a grid paints on its rows, field statistics, and a saved view as a live narrative/report block.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../core/api/dispatch.js';
import { verifyCase } from '../../core/evidence/verify.js';
import { buildModel } from '../../core/report/build-model.js';
import type { SavedView } from '../../core/model/grid.js';
import { tempDir } from '../helpers.js';
import { importedCase, type Built } from '../report/case.js';
import { ATTACKER_IP } from '../report/scenario.js';

describe('grid: saved views, colour rules, bulk marks, facets', () => {
  const t = tempDir('ss-grid-');
  let b: Built;
  const auditRows = () => b.handle.db.prepare('SELECT count(*) FROM audit_log').pluck().get() as number;

  beforeAll(async () => {
    b = await importedCase(t.dir);
  });
  afterAll(() => {
    b.handle.close();
    t.cleanup();
  });

  it('tags every result of a search in one audited call, and the grid shows the tags', async () => {
    const search = `ip:${ATTACKER_IP}`;
    const hits = b.events.filter((e) => e.src_ip === ATTACKER_IP);
    expect(hits.length).toBeGreaterThan(1);
    const before = auditRows();
    const r = await call(b.ctx, 'annotations.bulk', { filter: { search }, tags: ['attacker'], layer: 'triage' });
    expect(r.events).toBe(hits.length);
    expect(auditRows()).toBe(before + 1);
    const marks = await call(b.ctx, 'grid.marks', { ids: b.events.map((e) => e.id), rules: [] });
    expect(marks.map((m) => m.id).sort()).toEqual(hits.map((e) => e.id).sort());
    expect(marks.every((m) => m.tags.length === 1 && m.tags[0].name === 'attacker')).toBe(true);
    expect(marks[0].layers.map((l) => l.name)).toEqual(['triage']);
    // The tag is searchable with the same grammar.
    expect((await call(b.ctx, 'events.count', { filter: { search: 'tag:attack*' } })).count).toBe(hits.length);
  });

  it('reads column filters as "contains" queries over their field, with errors naming the column', async () => {
    const got = await call(b.ctx, 'events.count', { filter: { columns: { action: 'getobj', src_ip: ATTACKER_IP } } });
    expect(got.count).toBe(b.events.filter((e) => e.action === 's3:GetObject' && e.src_ip === ATTACKER_IP).length);
    expect(got.count).toBeGreaterThan(0);
    await expect(call(b.ctx, 'events.count', { filter: { columns: { outcome: 'nope' } } })).rejects.toThrow(
      /outcome filter "nope": unknown outcome/,
    );
    await expect(call(b.ctx, 'events.count', { filter: { columns: { action: 'Get OR' } } })).rejects.toThrow(
      /action filter, character/,
    );
  });

  it('refuses a bulk mark whose search is malformed, saying where', async () => {
    await expect(call(b.ctx, 'annotations.bulk', { filter: { search: 'action:(' }, tags: ['x'] })).rejects.toThrow(
      /column/,
    );
  });

  it('keeps colour rules in the case, checks their searches, and paints the first matching rule', async () => {
    const before = auditRows();
    const rules = [
      { query: 'outcome:failure', color: '#d62728' },
      { query: `ip:${ATTACKER_IP}`, color: '#1F77B4' },
    ];
    await call(b.ctx, 'grid.set_color_rules', { rules });
    expect(auditRows()).toBe(before + 1);
    expect(await call(b.ctx, 'grid.color_rules', {})).toEqual([rules[0], { ...rules[1], color: '#1f77b4' }]);
    await expect(
      call(b.ctx, 'grid.set_color_rules', { rules: [{ query: 'acton:Get*', color: '#000000' }] }),
    ).rejects.toThrow(/colour rule 1.*action/);
    const ids = b.events.map((e) => e.id);
    const marks = await call(b.ctx, 'grid.marks', { ids, rules: rules.map((r) => r.query) });
    for (const e of b.events) {
      const m = marks.find((x) => x.id === e.id);
      const want = e.outcome === 'failure' ? 0 : e.src_ip === ATTACKER_IP ? 1 : null;
      expect(m?.rule ?? null).toBe(want);
    }
  });

  it('saves, lists, renames and deletes views, each change audited, and refuses a broken search', async () => {
    const before = auditRows();
    const v = await call(b.ctx, 'views.save', {
      name: 'Attacker reads',
      params: { q: 'action:s3:Get*', 'c.src_ip': ATTACKER_IP },
      filter: { search: `action:s3:Get* AND src_ip:(*${ATTACKER_IP}*)` },
      columns: [{ key: 'ts', width: 190, hidden: false }],
      color_rules: [{ query: 'outcome:failure', color: '#d62728' }],
    });
    expect(v.name).toBe('Attacker reads');
    await expect(
      call(b.ctx, 'views.save', { name: 'attacker READS', params: {}, filter: {}, columns: [], color_rules: [] }),
    ).rejects.toThrow(/exists/);
    await expect(
      call(b.ctx, 'views.save', { name: 'bad', params: {}, filter: { search: 'a OR' }, columns: [], color_rules: [] }),
    ).rejects.toThrow(/column/);
    const renamed = await call(b.ctx, 'views.rename', { id: v.id, name: 'Reads from the attacker' });
    expect(renamed.before).toBe('Attacker reads');
    expect((await call(b.ctx, 'views.list', {})).map((x: SavedView) => x.name)).toEqual(['Reads from the attacker']);
    expect(auditRows()).toBe(before + 2);
    const hits = (await call(b.ctx, 'events.list', { filter: v.filter })).length;
    expect(hits).toBe(b.events.filter((e) => e.action === 's3:GetObject' && e.src_ip === ATTACKER_IP).length);
    expect(hits).toBeGreaterThan(0);
  });

  it('shows a saved view as a live narrative block, re-run in the report with its query', async () => {
    const v = (await call(b.ctx, 'views.list', {}))[0];
    await call(b.ctx, 'narrative.add', { kind: 'events', params: { view: v.id } });
    await expect(call(b.ctx, 'narrative.add', { kind: 'events', params: { view: 99999 } })).rejects.toThrow(
      /saved view/,
    );
    // Edited after the block was placed: the block follows the view.
    await call(b.ctx, 'views.save', {
      id: v.id,
      name: v.name,
      params: v.params,
      columns: v.columns,
      color_rules: v.color_rules,
      filter: { search: 'action:s3:Get*' },
    });
    const model = await buildModel(b.handle, { analyst: 'alice' });
    const block = model.blocks.find((x) => x.kind === 'events');
    expect(block).toBeDefined();
    if (block?.kind !== 'events') throw new Error('no events block');
    expect(block.title).toBe('Reads from the attacker');
    expect(block.query).toContain('Saved view “Reads from the attacker”');
    expect(block.query).toContain('action:s3:Get*');
    expect(block.events.length).toBe(b.events.filter((e) => e.action === 's3:GetObject').length);
    await call(b.ctx, 'views.delete', { id: v.id });
    expect(await call(b.ctx, 'views.list', {})).toEqual([]);
    expect((await call(b.ctx, 'views.get', { id: v.id })).deleted).toBe(true);
    const after = await buildModel(b.handle, { analyst: 'alice' });
    const gone = after.blocks.find((x) => x.kind === 'events');
    expect(gone?.kind === 'events' && gone.query).toContain('deleted since');
  });

  it('counts the top values of a column for the current result (field statistics, group-by)', async () => {
    const f = await call(b.ctx, 'events.facets', { filter: { search: `ip:${ATTACKER_IP}` }, column: 'action' });
    const want = new Map<string, number>();
    for (const e of b.events.filter((x) => x.src_ip === ATTACKER_IP)) want.set(e.action, (want.get(e.action) ?? 0) + 1);
    expect(new Map(f.map((x) => [x.value, x.count]))).toEqual(want);
    for (let i = 1; i < f.length; i++) expect(f[i - 1].count).toBeGreaterThanOrEqual(f[i].count);
    const who = await call(b.ctx, 'events.facets', { column: 'identity', limit: 3 });
    expect(who.length).toBeLessThanOrEqual(3);
    expect(who.reduce((s, x) => s + x.count, 0)).toBeLessThanOrEqual(b.events.length);
  });

  it('groups by a column over every match, paged, and each group filters to exactly its rows', async () => {
    const filter = { search: 'outcome:success' };
    const all = (await call(b.ctx, 'events.list', { filter, limit: 100_000 })).length;
    for (const column of ['action', 'identity', 'src_ip', 'flags'] as const) {
      const first = await call(b.ctx, 'events.groups', { filter, column, limit: 3 });
      const rest = await call(b.ctx, 'events.groups', { filter, column, offset: 3, limit: 1000 });
      const groups = [...first.groups, ...rest.groups];
      expect(first.groups.length).toBeLessThanOrEqual(3);
      expect(groups.length, column).toBe(first.distinct);
      expect(first.events).toBe(all);
      if (column !== 'flags') expect(groups.reduce((s, g) => s + g.count, 0)).toBe(all);
      for (let i = 1; i < groups.length; i++) expect(groups[i - 1].count).toBeGreaterThanOrEqual(groups[i].count);
      for (const g of groups) {
        const rows = await call(b.ctx, 'events.list', {
          filter: { ...filter, group: { column, key: g.key } },
          limit: 100_000,
        });
        expect(rows.length, `${column}=${g.value}`).toBe(g.count);
        if (column === 'action') expect(rows.every((r) => r.action === g.value)).toBe(true);
        if (column === 'identity') expect(rows.every((r) => r.identity === g.value)).toBe(true);
        if (column === 'flags' && g.key !== null)
          expect(rows.every((r) => r.flags.includes(g.key as never))).toBe(true);
        if (column === 'flags' && g.key === null) expect(rows.every((r) => r.flags.length === 0)).toBe(true);
      }
    }
    await expect(call(b.ctx, 'events.list', { filter: { group: { column: 'flags', key: 'nope' } } })).rejects.toThrow(
      /unknown flag/,
    );
  });

  it('refuses analyst work written outside an audited call, and verifies clean', async () => {
    expect(() =>
      b.handle.db
        .prepare(`INSERT INTO color_rules(position, query, color, created_at) VALUES (9, 'x', '#000000', 'now')`)
        .run(),
    ).toThrow(/audited/);
    const v = await verifyCase(b.handle.db);
    expect(v.problems).toEqual([]);
  });
});
