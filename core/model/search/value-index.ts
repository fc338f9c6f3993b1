// The value index: what lets a field filter with any glob (`ua:*curl*`, `action:*GetSecretValue`) answer from an
// index instead of reading every event. Two parts, both written by the import in the transaction of the rows:
//
// - a dictionary of each text field's distinct values (`search_values`, one row per value up to ASCII case), over
//   which a glob is evaluated with the same LIKE the events would be read with;
// - a posting per event and field (`search_postings`, FTS5 with no positions): a token naming the field and the
//   value's hash, so the events of the values a glob selects come back in id (= time) order, merged, and stop
//   after the first page.
//
// The token is a hash, not a dictionary id, so the parsing side computes it without asking the case, and an
// existing case's postings are built from its rows alone. Two values sharing a hash only widen the candidates:
// every search still checks each candidate with the exact condition (core/query/search/field-sql.ts).

/**
 * Events-view columns with a value index, each with the one-letter prefix of its tokens. Not `detail`: free-form
 * text (request parameters, SQL, command lines), near-unique per event, so its dictionary would be a second copy
 * of the column that narrows nothing, written at a random place per event; its words are in the full-text index.
 */
export const VALUE_INDEX_COLUMNS: Readonly<Record<string, string>> = {
  action: 'a',
  resource: 'r',
  resource_type: 't',
  principal: 'p',
  session_key: 'k',
  user_agent: 'u',
  error_code: 'e',
  src_ip: 'i',
};

/** The columns in a fixed order (the order of the values valueTokens takes). */
export const VALUE_INDEX_ORDER: readonly string[] = Object.keys(VALUE_INDEX_COLUMNS);

/**
 * The posting token of one value: the column's letter and a 53-bit hash of the value with ASCII letters folded —
 * the values `=` COLLATE NOCASE and LIKE treat as equal share a token. Two FNV-1a lanes with different offsets.
 */
export function valueToken(column: string, value: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x050c5d1f;
  for (let i = 0; i < value.length; i++) {
    let c = value.charCodeAt(i);
    if (c >= 65 && c <= 90) c += 32;
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x01000193) ^ (h2 >>> 15);
  }
  const hash = (h1 >>> 0) * 0x200000 + ((h2 >>> 0) & 0x1fffff);
  return VALUE_INDEX_COLUMNS[column] + hash.toString(36);
}

/** Values remembered per column by ValueTokens (then forgotten at once: the common ones come straight back). */
const REMEMBER = 10_000;
/** Longer values are not remembered: rarely repeated, and they would hold memory. */
const REMEMBER_CHARS = 256;

/**
 * The parsing side of the value index: each event's postings document, and the values not seen before in this
 * parse, which the writer adds to the dictionary. A value is hashed once while it is remembered (most repeat: a
 * user agent, an action); a value not remembered is hashed again and sent again (the dictionary ignores repeats).
 */
export class ValueTokens {
  private readonly known: Map<string, string>[] = VALUE_INDEX_ORDER.map(() => new Map());

  /** The document of one event's values (in VALUE_INDEX_ORDER); new values go to `fresh` as column, value. */
  doc(values: readonly (string | null)[], fresh: string[]): string {
    let doc = '';
    for (let i = 0; i < VALUE_INDEX_ORDER.length; i++) {
      const v = values[i];
      if (v === null || v === undefined || v === '') continue;
      const known = this.known[i];
      let token = known.get(v);
      if (token === undefined) {
        token = valueToken(VALUE_INDEX_ORDER[i], v);
        fresh.push(VALUE_INDEX_ORDER[i], v);
        if (v.length <= REMEMBER_CHARS) {
          if (known.size >= REMEMBER) known.clear();
          known.set(v, token);
        }
      }
      doc += doc === '' ? token : ' ' + token;
    }
    return doc;
  }
}
