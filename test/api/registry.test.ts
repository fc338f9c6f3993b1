// The method registry loads each domain on first use; these hold the routing to what the domains define.
import { describe, expect, it } from 'vitest';
import { ALL_DOMAINS, domainOf, loadDomain } from '../../core/api/methods/index.js';
import { hasMethod, invoke, listMethods } from '../../core/api/dispatch.js';
import { createApiContext } from '../../core/api/context.js';

describe('method registry', () => {
  it('routes every method to the domain that defines it, and every name once', async () => {
    const seen = new Set<string>();
    for (const d of ALL_DOMAINS) {
      for (const m of await loadDomain(d)) {
        expect(domainOf(m.name), m.name).toBe(d);
        expect(seen.has(m.name), m.name).toBe(false);
        seen.add(m.name);
      }
    }
    expect((await listMethods()).map((m) => m.name).sort()).toEqual([...seen].sort());
    expect(seen.size).toBeGreaterThan(60);
  });

  it('answers unknown names without loading anything, including prototype keys', async () => {
    for (const name of ['nope', 'events.nope', 'constructor', '__proto__.x', 'toString', '', 'cases', '.list']) {
      expect(await hasMethod(name)).toBe(false);
      await expect(invoke(createApiContext({ analyst: 't' }), name, {})).rejects.toThrow(/unknown method/);
    }
    expect(domainOf('cases')).toBeNull();
    expect(domainOf('.list')).toBeNull();
    expect(await hasMethod('events.list')).toBe(true);
  });
});
