// Refreshes test/fixtures/sigmahq-regression/cases.json from a local git clone of SigmaHQ/sigma:
// `node scripts/sigma-regression-fixtures.mjs /path/to/sigma [COMMIT]`. SigmaHQ keeps regression data (an
// event exported from an .evtx as JSON, and how many times the rule must match it) for some rules; the
// evaluator is tested rule by rule against all of them (test/detect/regression.test.ts). Rules are kept
// verbatim (author, id, licence travel with them: DRL 1.1).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const gitDir = process.argv[2];
if (!gitDir) {
  console.error('usage: node scripts/sigma-regression-fixtures.mjs SIGMA_GIT_DIR [COMMIT]');
  process.exit(2);
}
const git = (...args) => execFileSync('git', ['-C', gitDir, ...args], { maxBuffer: 1 << 28 });
const commit = git('rev-parse', process.argv[3] ?? 'HEAD')
  .toString()
  .trim();
const date = git('show', '-s', '--format=%cI', commit).toString().trim();
const show = (p) => {
  try {
    return git('show', `${commit}:${p}`).toString('utf8');
  } catch {
    return null;
  }
};

/** Concatenated JSON documents → list. */
function jsonDocs(text) {
  const out = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (i >= text.length) break;
    let depth = 0;
    let inStr = false;
    let j = i;
    for (; j < text.length; j++) {
      const c = text[j];
      if (inStr) {
        if (c === '\\') j++;
        else if (c === '"') inStr = false;
      } else if (c === '"') inStr = true;
      else if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') {
        depth--;
        if (depth === 0) break;
      }
    }
    out.push(JSON.parse(text.slice(i, j + 1)));
    i = j + 1;
  }
  return out;
}

const files = git('ls-tree', '-r', '--name-only', commit, 'rules', 'rules-emerging-threats', 'rules-threat-hunting')
  .toString()
  .split('\n')
  .filter((f) => f.endsWith('.yml'));
const cases = [];
for (const f of files) {
  const text = show(f);
  if (!text || !text.includes('regression_tests_path')) continue;
  const m = /regression_tests_path:\s*(\S+)/.exec(text);
  const info = m ? show(m[1]) : null;
  if (!info) continue;
  const tests = parse(info).regression_tests_info ?? [];
  for (const t of tests) {
    const json = show(t.path.replace(/\.[^.]+$/, '.json'));
    if (!json) continue;
    const doc = parseAllDocuments(text)[0].toJS();
    cases.push({
      rule: f,
      id: doc.id,
      title: doc.title,
      test: t.name,
      match_count: t.match_count ?? 1,
      events: jsonDocs(json),
      text,
    });
  }
}
writeFileSync(
  path.join(root, 'test', 'fixtures', 'sigmahq-regression', 'cases.json'),
  JSON.stringify({ repository: 'https://github.com/SigmaHQ/sigma', commit, date, license: 'DRL-1.1', cases }) + '\n',
);
console.log(`sigma regression fixtures: ${cases.length} cases from ${commit} (${date})`);
