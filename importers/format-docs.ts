// The table of formats in README.md and docs/formats/README.md, written from the descriptors so that a new format
// appears in both without anyone editing them: `npm run docs:formats` rewrites the section between the markers,
// and test/importers/format-docs.test.ts fails while either file is stale.
import path from 'node:path';
import { FORMATS, docsPage } from './formats.js';

export const BEGIN = '<!-- formats:begin — generated from importers/*/format.ts by `npm run docs:formats` -->';
export const END = '<!-- formats:end -->';

/** Table cells are one line, and a pipe inside one (even inside a code span) must not split it. */
const cell = (s: string) => s.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|');

/** The table, its links relative to the document it goes into (`from`: a path from the repository root). */
export function formatsTable(from: string): string {
  const dir = path.posix.dirname(from);
  const rows = FORMATS.map(
    (f) =>
      `| [\`${f.id}\`](${path.posix.relative(dir, docsPage(f.id))}) | ${cell(f.reads)} | ${cell(f.exportHow.join('; '))} |`,
  );
  return ['| format | what | how to get it |', '|---|---|---|', ...rows].join('\n');
}

/** The document with its generated section replaced; a document without both markers is an error, not a guess. */
export function withFormatsTable(doc: string, from: string): string {
  const a = doc.indexOf(BEGIN);
  const b = doc.indexOf(END);
  if (a < 0 || b < a) throw new Error(`${from}: no "${BEGIN}" … "${END}" section to write the formats table into`);
  return `${doc.slice(0, a + BEGIN.length)}\n${formatsTable(from)}\n${doc.slice(b)}`;
}

/** The documents that carry the table. */
export const FORMAT_TABLE_DOCS = ['README.md', 'docs/formats/README.md'];
