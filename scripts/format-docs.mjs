// `npm run docs:formats`: writes the formats table of README.md and docs/formats/README.md from the descriptors
// (importers/*/format.ts), through the built importers/format-docs.js. Run after adding or changing a format.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { FORMAT_TABLE_DOCS, withFormatsTable } = await import(
  pathToFileURL(path.join(root, 'dist', 'importers', 'format-docs.js')).href
);
for (const doc of FORMAT_TABLE_DOCS) {
  const file = path.join(root, doc);
  const before = readFileSync(file, 'utf8');
  const after = withFormatsTable(before, doc);
  if (after !== before) writeFileSync(file, after);
  console.log(`docs:formats: ${doc} ${after === before ? 'already current' : 'rewritten'}`);
}
