// formats.list answers from the descriptors without a case; the CLI's `formats` prints the same list.
import { describe, expect, it } from 'vitest';
import { call, invoke } from '../../core/api/dispatch.js';
import { createApiContext } from '../../core/api/context.js';
import type { FormatInfo } from '../../core/api/methods/formats.js';
import { FORMATS } from '../../importers/formats.js';
import { IMPORTERS } from '../../importers/registry.js';
import { cli, cliJson } from '../cli/run.js';

const noCase = createApiContext({ analyst: 't' });

describe('formats.list', () => {
  it('lists every registered format in detection order with what its descriptor and importer declare', async () => {
    const list = (await call(noCase, 'formats.list', {})) as FormatInfo[];
    expect(list.map((f) => f.id)).toEqual(IMPORTERS.map((i) => i.id));
    for (const [i, f] of list.entries()) {
      const d = FORMATS[i];
      expect(f).toMatchObject({
        title: d.title,
        system: d.system,
        stated_alias_method: d.statedAliasMethod,
        states: d.states,
        docs: `importers/${d.id}/README.md`,
        version: IMPORTERS[i].version,
        input: IMPORTERS[i].input,
      });
      expect(f.session_key?.lifetime ?? null).toBe(d.sessionKey?.lifetime ?? null);
      expect(f.export_how.length).toBeGreaterThan(0);
    }
    // An unknown parameter, as an untyped caller would send it.
    await expect(invoke(noCase, 'formats.list', { all: true })).rejects.toThrow(/formats\.list/);
  });

  it('is what `sessionscope formats` prints', () => {
    const rows = cliJson<FormatInfo[]>(['formats']);
    expect(rows.map((r) => r.id)).toEqual(FORMATS.map((f) => f.id));
    expect(rows.find((r) => r.id === 'entra-signin')?.session_key?.lifetime).toBe('credential');
    const table = cli(['formats']);
    expect(table.code).toBe(0);
    for (const f of FORMATS) expect(table.stdout).toContain(f.id);
  });
});
