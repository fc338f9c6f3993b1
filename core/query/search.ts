// What an analyst types → an FTS5 expression that cannot fail on syntax. Terms are AND-ed; "quoted text" is a
// phrase; OR between terms; a leading - excludes; a trailing * is a prefix. Each term is reduced to the tokens
// the index holds (letters and digits), so `s3:GetObject`, `10.0.0.1`, an ARN or `bad-input-bucket` become
// phrases of their parts and match exactly where those parts appear in sequence.

export interface ParsedSearch {
  /** The FTS5 MATCH expression, or null when nothing searchable remains. */
  fts: string | null;
  /** Field filters written as field:value (principal:…, action:…), applied in SQL. */
  fields: { field: SearchField; value: string }[];
}

export const SEARCH_FIELDS = {
  principal: 'principal',
  action: 'action',
  resource: 'resource',
  ip: 'src_ip',
  src_ip: 'src_ip',
  ua: 'user_agent',
  user_agent: 'user_agent',
  outcome: 'outcome',
  category: 'category',
  format: 'format',
  session_key: 'session_key',
  key: 'session_key',
  type: 'principal_type',
  error: 'error_code',
} as const;
export type SearchField = (typeof SEARCH_FIELDS)[keyof typeof SEARCH_FIELDS];

const TOKEN = /[\p{L}\p{N}]+/gu;
const INDEXED = new Set<SearchField>([
  'principal',
  'action',
  'resource',
  'src_ip',
  'user_agent',
  'session_key',
  'error_code',
]);

interface Term {
  text: string;
  quoted: boolean;
  negate: boolean;
  or: boolean;
  prefix: boolean;
}

function splitTerms(input: string): Term[] {
  const terms: Term[] = [];
  let i = 0;
  let pendingOr = false;
  while (i < input.length) {
    while (i < input.length && /\s/.test(input[i])) i++;
    if (i >= input.length) break;
    let negate = false;
    if (input[i] === '-' && i + 1 < input.length && !/\s/.test(input[i + 1])) {
      negate = true;
      i++;
    }
    let text: string;
    let quoted = false;
    if (input[i] === '"') {
      const end = input.indexOf('"', i + 1);
      text = end < 0 ? input.slice(i + 1) : input.slice(i + 1, end);
      i = end < 0 ? input.length : end + 1;
      quoted = true;
    } else {
      let j = i;
      while (j < input.length && !/\s/.test(input[j])) j++;
      text = input.slice(i, j);
      i = j;
    }
    if (!quoted && !negate && text === 'OR') {
      pendingOr = terms.length > 0;
      continue;
    }
    if (!quoted && !negate && text === 'AND') continue;
    const prefix = !quoted && text.endsWith('*');
    terms.push({ text: prefix ? text.replace(/\*+$/, '') : text, quoted, negate, or: pendingOr, prefix });
    pendingOr = false;
  }
  return terms;
}

function phrase(text: string, prefix: boolean): string | null {
  const tokens = text.match(TOKEN);
  if (!tokens || tokens.length === 0) return null;
  return `"${tokens.join(' ')}"${prefix ? ' *' : ''}`;
}

export function parseSearch(input: string): ParsedSearch {
  const fields: ParsedSearch['fields'] = [];
  const positive: string[][] = []; // groups joined by OR inside, AND between
  const negative: string[] = [];
  for (const t of splitTerms(input.slice(0, 2000))) {
    let text = t.text;
    if (!t.quoted) {
      const m = /^([a-z_]+):(.+)$/.exec(text);
      if (m && m[1] in SEARCH_FIELDS) {
        const field = SEARCH_FIELDS[m[1] as keyof typeof SEARCH_FIELDS];
        fields.push({ field, value: m[2] });
        // Only fields the index holds can narrow the full-text search; the rest are pure column filters.
        if (!INDEXED.has(field)) continue;
        text = m[2].replace(/\*/g, ' ');
      }
    }
    const p = phrase(text, t.prefix);
    if (!p) continue;
    if (t.negate) negative.push(p);
    else if (t.or && positive.length > 0) positive[positive.length - 1].push(p);
    else positive.push([p]);
  }
  if (positive.length === 0) return { fts: null, fields };
  let expr = positive.map((g) => (g.length > 1 ? `(${g.join(' OR ')})` : g[0])).join(' AND ');
  if (negative.length > 0) expr = `(${expr}) NOT (${negative.join(' OR ')})`;
  return { fts: expr, fields };
}

/** Glob or exact comparison for a field filter value: `*` wildcards become SQL GLOB. */
export function fieldCondition(column: SearchField, value: string): { sql: string; arg: string } {
  if (value.includes('*') || value.includes('?')) return { sql: `e.${column} GLOB ?`, arg: value };
  return { sql: `e.${column} = ?`, arg: value };
}
