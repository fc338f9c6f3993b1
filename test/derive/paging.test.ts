// Keyset pages of identities and sessions: every page in order, together exactly the whole list, and the total.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { caseFrom, type TestCase } from './case.js';
import { tempDir } from '../helpers.js';
import { generate as cloudtrail } from '../../importers/cloudtrail/generator.js';
import { generate as okta } from '../../importers/okta/generator.js';

let tc: TestCase;
const t = tempDir('ss-paging-');

beforeAll(async () => {
  mkdirSync(path.join(t.dir, 'in'));
  writeFileSync(path.join(t.dir, 'in', 'ct.jsonl'), cloudtrail(2000, 3).join('\n') + '\n');
  writeFileSync(path.join(t.dir, 'in', 'okta.jsonl'), okta(500, 3).join('\n') + '\n');
  tc = await caseFrom([path.join(t.dir, 'in')]);
}, 120_000);
afterAll(() => {
  tc?.close();
  t.cleanup();
});

interface Page<T> {
  items: T[];
  next: string | null;
  total: number;
}

async function all<T>(method: string, params: Record<string, unknown>): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let cursor: string | undefined;
  let pages = 0;
  let total = -1;
  for (;;) {
    const p = await tc.api<Page<T>>(method, { ...params, ...(cursor ? { cursor } : {}) });
    if (total >= 0) expect(p.total).toBe(total);
    total = p.total;
    items.push(...p.items);
    pages++;
    if (!p.next) break;
    expect(p.items.length).toBe(params.limit);
    cursor = p.next;
  }
  expect(items.length).toBe(total);
  return { items, pages };
}

describe('paged lists', () => {
  it('identities.page walks the whole list in list order', async () => {
    const list = await tc.api<{ id: number }[]>('identities.list', {});
    expect(list.length).toBeGreaterThan(10);
    const { items, pages } = await all<{ id: number }>('identities.page', { limit: 7 });
    expect(pages).toBe(Math.ceil(list.length / 7));
    expect(items.map((i) => i.id)).toEqual(list.map((i) => i.id));
    const nhi = await all<{ id: number }>('identities.page', { limit: 3, nhi: true });
    expect(nhi.items.map((i) => i.id)).toEqual(
      (await tc.api<{ id: number }[]>('identities.list', { nhi: true })).map((i) => i.id),
    );
  });

  it('sessions.page walks the whole list in start order, filters applied', async () => {
    const list = await tc.api<{ id: number }[]>('sessions.list', { limit: 100000 });
    expect(list.length).toBeGreaterThan(100);
    const { items } = await all<{ id: number }>('sessions.page', { limit: 50 });
    expect(items.map((s) => s.id)).toEqual(list.map((s) => s.id));
    const ident = list.length
      ? ((await tc.api<{ identity: string | null }[]>('sessions.list', {}))[0].identity ?? null)
      : null;
    if (ident) {
      const one = await all<{ id: number }>('sessions.page', { limit: 5, identity: ident });
      const ref = await tc.api<{ id: number }[]>('sessions.list', { identity: ident, limit: 100000 });
      expect(one.items.map((s) => s.id)).toEqual(ref.map((s) => s.id));
    }
  });

  it('refuses a cursor it did not hand out', async () => {
    await expect(tc.api('sessions.page', { cursor: 'bm9wZQ' })).rejects.toThrow(/cursor is not one this list returned/);
    const idCursor = (await tc.api<Page<unknown>>('identities.page', { limit: 1 })).next!;
    await expect(tc.api('sessions.page', { cursor: idCursor })).rejects.toThrow(/cursor/);
  });
});
