// The formats tables of README.md and docs/formats/README.md are written from the descriptors; a stale one fails
// here with the command that rewrites it.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { FORMAT_TABLE_DOCS, formatsTable, withFormatsTable } from '../../importers/format-docs.js';
import { FORMATS } from '../../importers/formats.js';
import { ROOT } from '../helpers.js';

describe('formats tables', () => {
  for (const doc of FORMAT_TABLE_DOCS) {
    it(`${doc} lists every registered format as its descriptor says`, () => {
      const text = readFileSync(path.join(ROOT, doc), 'utf8');
      expect(withFormatsTable(text, doc) === text, `${doc} is stale: run \`npm run docs:formats\``).toBe(true);
    });
  }

  it('links each format to its page, relative to the document, and keeps pipes inside cells', () => {
    for (const doc of FORMAT_TABLE_DOCS) {
      const links = [...formatsTable(doc).matchAll(/^\| \[`([a-z0-9-]+)`\]\(([^)]+)\)/gm)];
      expect(links.map((m) => m[1])).toEqual(FORMATS.map((f) => f.id));
      for (const [, , href] of links) expect(existsSync(path.join(ROOT, path.dirname(doc), href)), href).toBe(true);
    }
    // Every row has exactly the table's three cells, whatever its text holds.
    for (const row of formatsTable('README.md').split('\n')) expect(row.split(/(?<!\\)\|/).length - 2, row).toBe(3);
  });

  it('refuses a document without its markers instead of guessing where the table goes', () => {
    expect(() => withFormatsTable('# no markers here\n', 'X.md')).toThrow(/X\.md: no .* section/);
  });
});
