// The renderer loads data through useAsync (renderer/src/lib/use-async.ts), its one stale-answer guard: the lint
// refuses a hand-written `let live = true` guard in an effect, however it is named, and points to the hook.
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { ROOT } from '../helpers.js';

const eslint = new ESLint({ cwd: ROOT });

async function problems(code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: 'renderer/src/views/wrong.tsx' });
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

const guarded = (decl: string, effect = 'useEffect') => `import { ${effect}, useState } from 'react';
export function useRows(load: () => Promise<number[]>) {
  const [rows, setRows] = useState<number[]>([]);
  ${effect}(() => {
    ${decl}
    load().then((r) => {
      if (alive) setRows(r);
    });
    return () => {
      alive = false;
    };
  }, [load]);
  return rows;
}
`;

describe('the async-effect guard rule', () => {
  it('refuses a hand-written guard and names useAsync', async () => {
    for (const code of [guarded('let alive = true;'), guarded('let alive = true;', 'useLayoutEffect')]) {
      expect(await problems(code)).toEqual([expect.stringMatching(/^no-restricted-syntax: .*useAsync \(renderer/)]);
    }
    const reactDot = guarded('let alive = true;').replace(/useEffect\(/, 'React.useEffect(');
    expect(await problems(`import * as React from 'react';\n${reactDot}`)).toContainEqual(
      expect.stringMatching(/^no-restricted-syntax: .*useAsync/),
    );
  });

  it('lets other effects and other booleans be', async () => {
    const plain = `import { useEffect } from 'react';
export function useTitle(title: string) {
  useEffect(() => {
    const before = document.title;
    document.title = title;
    return () => {
      document.title = before;
    };
  }, [title]);
}
export function clipped(xs: number[]): boolean {
  let clipped = false;
  for (const x of xs) if (x > 1) clipped = true;
  return clipped;
}
`;
    expect(await problems(plain)).toEqual([]);
  });
});
