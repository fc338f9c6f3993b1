// Globs as analysts write them in profiles and filters: `*` any run of characters, `?` one character,
// `[abc]` a class; case-sensitive like SQLite GLOB, anchored at both ends.
const cache = new Map<string, RegExp>();

export function globToRegExp(glob: string): RegExp {
  let re = cache.get(glob);
  if (re) return re;
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
  re = new RegExp(out + '$');
  if (cache.size > 5000) cache.clear();
  cache.set(glob, re);
  return re;
}

export function globMatch(glob: string, s: string): boolean {
  return globToRegExp(glob).test(s);
}

export function isGlob(s: string): boolean {
  return /[*?[]/.test(s);
}
