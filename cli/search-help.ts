// What the CLI says about the search grammar: the --help text of commands that take --search, and how a query
// that cannot be read is shown (the query with a caret under the fault).
import { SEARCH_FIELDS } from '../core/model/search/fields.js';
import type { SearchErrorInfo } from '../core/model/search/errors.js';

/** Field names, wrapped to the width of the text around them. */
function fieldList(indent: string, width = 112): string {
  const names = SEARCH_FIELDS.map((f) =>
    f.family ? `${f.name}KEY` : f.aliases?.length ? `${f.name} (${f.aliases.join(', ')})` : f.name,
  );
  const lines: string[] = [];
  let line = 'Fields:';
  for (const [i, n] of names.entries()) {
    const item = ` ${n}${i === names.length - 1 ? '.' : ','}`;
    if (line.length + item.length > width) {
      lines.push(line);
      line = ' ';
    }
    line += item;
  }
  lines.push(line);
  return lines.join(`\n${indent}`);
}

export const SEARCH_HELP = `
Search (--search QUERY; README "Search" has the whole grammar):
  words are AND-ed; OR between alternatives (AND binds tighter); NOT or a leading - excludes (-word,
  -field:value, -(a OR b)); parentheses group; "a phrase"; word* is a prefix. Free text matches whole words
  anywhere in the event and its raw record, ignoring case.
  field:value matches the whole value, ignoring ASCII case; * and ? are wildcards anywhere in it; quote values
  with spaces ("…"); field:(a OR b) lists values. A bare IPv6 address or CIDR means ip:.
  ${fieldList('  ')}
  Times in after:/before: without an offset are read in the --tz zone.
Examples:
  --search 'action:s3:Get* -outcome:success'
  --search 'ip:203.0.113.0/24 OR ip:2001:db8::/32'
  --search 'identity:user/backup-svc after:2026-03-10T09:00 before:2026-03-10T18:00'
  --search '(StopLogging OR DeleteTrail) ua:*curl*'
  --search 'resource:*customer-exports* tag:exfil*'
`;

/** The query with a caret line under the part at fault. */
export function caret(info: SearchErrorInfo): string {
  if (info.query === undefined) return '';
  const q = info.query.replace(/[\r\n\t]/g, ' ');
  const width = Math.max(1, info.end - info.start);
  return `  ${q}\n  ${' '.repeat(info.start)}${'^'.repeat(width)}\n`;
}
