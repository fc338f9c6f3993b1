// Refreshes the bundled SigmaHQ rule snapshot (core/detect/rules/sigmahq/) from a local git clone of
// https://github.com/SigmaHQ/sigma: `node scripts/sigma-snapshot.mjs /path/to/sigma [COMMIT]`.
// Only the rules for log sources SessionScope imports (or will: see SOURCES below) are copied, byte for byte,
// at their path in the SigmaHQ repository, with the repository's licence files and a README naming the commit.
// Rule files are never edited: the DRL 1.1 asks that author and licence travel with each rule.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(root, 'core', 'detect', 'rules', 'sigmahq');

/** logsource product/service pairs whose rules are bundled (docs/detections.md lists what each maps to). */
const SOURCES = [
  ['aws', 'cloudtrail'],
  ['azure', 'signinlogs'],
  ['azure', 'auditlogs'],
  ['azure', 'activitylogs'],
  ['azure', 'riskdetection'],
  ['azure', 'pim'],
  ['gcp', 'gcp.audit'],
  ['gcp', 'google_workspace.admin'],
  ['gcp', 'google_workspace.login'],
  ['okta', 'okta'],
  ['github', 'audit'],
  ['m365', 'audit'],
  ['m365', 'exchange'],
  ['m365', 'threat_detection'],
  ['m365', 'threat_management'],
  ['kubernetes', 'audit'],
  ['linux', 'auditd'],
];
/** Rule folders taken (rules-placeholder is left out: its rules need site-specific %placeholder% lists). */
const FOLDERS = ['rules', 'rules-emerging-threats', 'rules-threat-hunting'];

const gitDir = process.argv[2];
if (!gitDir) {
  console.error('usage: node scripts/sigma-snapshot.mjs SIGMA_GIT_DIR [COMMIT]');
  process.exit(2);
}
const git = (...args) => execFileSync('git', ['-C', gitDir, ...args], { maxBuffer: 1 << 28 });
const commit = git('rev-parse', process.argv[3] ?? 'HEAD')
  .toString()
  .trim();
const date = git('show', '-s', '--format=%cI', commit).toString().trim();

const wanted = new Set(SOURCES.map(([p, s]) => `${p}|${s}`));
const files = git('ls-tree', '-r', '--name-only', commit, ...FOLDERS)
  .toString()
  .split('\n')
  .filter((f) => f.endsWith('.yml'));

// The DRL 1.1 text (from github.com/SigmaHQ/Detection-Rule-License) is not in the rules repository: keep ours.
const drlPath = path.join(OUT, 'DRL-1.1.md');
const drl = existsSync(drlPath) ? readFileSync(drlPath) : null;
if (!drl) {
  console.error(`missing ${drlPath}: copy LICENSE.Detection.Rules.md from SigmaHQ/Detection-Rule-License there first`);
  process.exit(1);
}
rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
writeFileSync(drlPath, drl);
const counts = new Map();
let taken = 0;
for (const f of files) {
  const text = git('show', `${commit}:${f}`).toString('utf8');
  let keep = false;
  for (const doc of parseAllDocuments(text)) {
    const d = doc.toJS();
    const ls = d?.logsource;
    if (ls && wanted.has(`${ls.product}|${ls.service}`)) {
      keep = true;
      const k = `${ls.product} / ${ls.service}`;
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
  }
  if (!keep) continue;
  const dest = path.join(OUT, f);
  mkdirSync(path.dirname(dest), { recursive: true });
  writeFileSync(dest, text);
  taken++;
}
writeFileSync(path.join(OUT, 'LICENSE'), git('show', `${commit}:LICENSE`));
// What the loader needs to link each rule to its source and name its licence (core/detect/sigma/load.ts).
writeFileSync(
  path.join(OUT, 'snapshot.json'),
  JSON.stringify(
    { repository: 'https://github.com/SigmaHQ/sigma', commit, date, license: 'DRL-1.1', files: taken },
    null,
    2,
  ) + '\n',
);

const table = [...counts]
  .sort((a, b) => a[0].localeCompare(b[0]))
  .map(([k, n]) => `| ${k} | ${n} |`)
  .join('\n');
writeFileSync(
  path.join(OUT, 'README.md'),
  `# SigmaHQ rules (bundled snapshot)

${taken} rule files from [SigmaHQ/sigma](https://github.com/SigmaHQ/sigma) at commit
\`${commit}\` (${date}), copied unchanged from \`${FOLDERS.join('`, `')}\` at their path in that
repository. Refresh with \`node scripts/sigma-snapshot.mjs /path/to/sigma-clone [COMMIT]\`.

Licence: the rules are released under the **Detection Rule License (DRL) 1.1**
(\`DRL-1.1.md\` beside this file; the repository's own licence note is \`LICENSE\`). Each rule keeps its
\`author\`, \`id\`, \`date\`, \`references\` and licence fields; SessionScope shows the author and a link to the rule
beside every match, as the DRL asks.

Taken: the rules whose \`logsource\` is one of these (rules of other products are not bundled):

| product / service | rules |
|---|---|
${table}

Not taken: \`rules-placeholder/\` (its rules need site-specific \`%placeholder%\` value lists), \`deprecated/\`.
Which of these rules run on which SessionScope format, and why some cannot: [docs/detections.md](../../../../docs/detections.md).
`,
);
console.log(`sigma snapshot: ${taken} files from ${commit} (${date}) → ${path.relative(root, OUT)}`);
