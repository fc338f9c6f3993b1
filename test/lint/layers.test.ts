// The layer table (docs/architecture.md, eslint/layers.js) is enforced: a deliberately wrong import fails lint
// with the layer rule's message, a right one passes. Linted in memory (ESLint's lintText) under a path in the
// layer being tested, so nothing is written to the tree.
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { ROOT } from '../helpers.js';

const eslint = new ESLint({ cwd: ROOT });

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('the layer rule', () => {
  it('refuses a core module importing the Electron shell or the renderer', async () => {
    const out = await problems(
      'core/query/wrong.ts',
      "import { APP_HOST } from '../../electron/url-policy.js';\nexport const x = APP_HOST;\n",
    );
    expect(out).toEqual([
      expect.stringMatching(
        /^import-x\/no-restricted-paths: .*"\.\.\/\.\.\/electron\/url-policy\.js".*core\/query may import core\/model/,
      ),
    ]);
    const renderer = await problems(
      'core/derive/wrong.ts',
      "import { fmtTime } from '../../renderer/src/lib/time';\nexport const f = fmtTime;\n",
    );
    expect(renderer.some((m) => m.startsWith('import-x/no-restricted-paths'))).toBe(true);
  });

  it('refuses imports up the core layers and across transports', async () => {
    const cases: [string, string][] = [
      ['core/model/wrong.ts', "import type { CaseDb } from '../casefile/open.js';\nexport type X = CaseDb;\n"],
      ['core/evidence/wrong.ts', "import { queryEvents } from '../query/events.js';\nexport const q = queryEvents;\n"],
      ['importers/wrong.ts', "import { openCase } from '../core/casefile/open.js';\nexport const o = openCase;\n"],
      ['electron/wrong.ts', "import { startBridge } from '../bridge/server.js';\nexport const s = startBridge;\n"],
      ['bridge/wrong.ts', "import { queryEvents } from '../core/query/events.js';\nexport const q = queryEvents;\n"],
      [
        'renderer/src/wrong.ts',
        "import type { EventJson } from '../../core/query/event-json.js';\nexport type E = EventJson;\n",
      ],
    ];
    for (const [file, code] of cases) {
      const out = await problems(file, code);
      expect(
        out.filter((m) => m.startsWith('import-x/no-restricted-paths')),
        file,
      ).toHaveLength(1);
    }
  });

  it('allows what the table allows', async () => {
    const cases: [string, string][] = [
      ['core/query/right.ts', "import { formatMicros } from '../model/time.js';\nexport const f = formatMicros;\n"],
      [
        'core/evidence/right.ts',
        "import { getImporter } from '../../importers/registry.js';\nexport const g = getImporter;\n",
      ],
      ['bridge/right.ts', "import { dispatch } from '../core/api/dispatch.js';\nexport const d = dispatch;\n"],
      [
        'renderer/src/right.ts',
        "import { parseMarkdown } from '../../lib/markdown';\nexport const p = parseMarkdown;\n",
      ],
      ['test/right.test.ts', "import { openCase } from '../core/casefile/open.js';\nexport const o = openCase;\n"],
    ];
    for (const [file, code] of cases) expect(await problems(file, code), file).toEqual([]);
  });

  it('lets the renderer take only types from the API contract', async () => {
    const value = await problems(
      'renderer/src/wrong.ts',
      "import { METHODS } from '../../core/api/contract';\nexport const m = METHODS;\n",
    );
    expect(value).toEqual([expect.stringMatching(/^@typescript-eslint\/no-restricted-imports: .*only types/)]);
    const types = await problems(
      'renderer/src/right.ts',
      "import type { Methods } from '../../core/api/contract';\nexport type M = Methods;\n",
    );
    expect(types).toEqual([]);
  });

  it('keeps Node built-ins out of the renderer and the shared leaf', async () => {
    const out = await problems(
      'renderer/src/wrong.ts',
      "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n",
    );
    expect(out).toEqual([expect.stringMatching(/^import-x\/no-nodejs-modules:/)]);
    const leaf = await problems('core/model/wrong.ts', "import path from 'node:path';\nexport const p = path;\n");
    expect(leaf).toEqual([expect.stringMatching(/^import-x\/no-nodejs-modules:/)]);
  });

  it('asks every eslint-disable comment for its reason', async () => {
    const bare = await problems(
      'core/query/x.ts',
      '// eslint-disable-next-line prefer-const\nlet a = 1;\nexport { a };\n',
    );
    expect(bare).toEqual([expect.stringMatching(/^sessionscope\/disable-needs-reason:/)]);
    const why = await problems(
      'core/query/x.ts',
      '// eslint-disable-next-line prefer-const -- reassigned by a test hook\nlet a = 1;\nexport { a };\n',
    );
    expect(why).toEqual([]);
  });
});
