// Issue 15 §3: globs never backtrack. Profile globs compiled to JS RegExps took 2.6 s per event on a crafted
// name; every glob (profiles, search values over names, Sigma values and rule-name patterns) now runs on the
// leaf's matcher (core/model/wildcard.ts), linear in the value for a given pattern.
import { describe, expect, it } from 'vitest';
import { globMatch as profileGlob } from '../../core/derive/glob.js';
import { globTest } from '../../core/model/search/glob.js';
import type { Seg } from '../../core/model/search/ast.js';

/** What profile globs meant before (a RegExp per glob): the reference for the matcher's answers. */
function reference(glob: string, s: string): boolean {
  let out = '^';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') out += '[\\s\\S]*';
    else if (c === '?') out += '[\\s\\S]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end < 0) out += '\\[';
      else {
        let body = glob.slice(i + 1, end);
        const negate = body.startsWith('^') || body.startsWith('!');
        if (negate) body = body.slice(1);
        out += `[${negate ? '^' : ''}${body.replace(/[\\\]]/g, '\\$&')}]`;
        i = end;
      }
    } else out += c.replace(/[.+^${}()|\\/]/g, '\\$&');
  }
  return new RegExp(out + '$').test(s);
}

describe('globs', () => {
  it('profile globs answer as before on random patterns and names', () => {
    const pat = 'ab*?[]!^-.';
    const txt = 'ab-.]![c';
    let seed = 7;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let k = 0; k < 50_000; k++) {
      let g = '';
      for (let i = rnd(8); i > 0; i--) g += pat[rnd(pat.length)];
      let s = '';
      for (let i = rnd(10); i > 0; i--) s += txt[rnd(txt.length)];
      let want: boolean;
      try {
        want = reference(g, s);
      } catch {
        continue; // a class the RegExp engine refused (`[b-a]`): was an error, not an answer
      }
      expect(profileGlob(g, s), `${JSON.stringify(g)} on ${JSON.stringify(s)}`).toBe(want);
    }
    expect(profileGlob('svc-[a-c]*-prod', 'svc-b-api-prod')).toBe(true);
    expect(profileGlob('svc-[!a-c]*', 'svc-b')).toBe(false);
  });

  it('a crafted name does not stall a profile glob', () => {
    const name = 'a'.repeat(20_000);
    const t0 = performance.now();
    for (let i = 0; i < 20; i++) expect(profileGlob('*a*a*a*a*a*a*b', name)).toBe(false);
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('search values over names do not stall either', () => {
    const segs: Seg[] = [];
    for (let i = 0; i < 8; i++) segs.push({ t: 'star' }, { t: 'lit', s: 'A' });
    segs.push({ t: 'lit', s: 'b' });
    const test = globTest(segs);
    const t0 = performance.now();
    expect(test('a'.repeat(5_000))).toBe(false);
    expect(test('xAyAzAAAAAAb')).toBe(true);
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});
