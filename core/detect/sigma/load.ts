// Loads Sigma rule files: the bundled SigmaHQ snapshot and any folders of the analyst's own rules (`--rules DIR`).
// YAML is read as YAML 1.1, like PyYAML (which SigmaHQ validates its rules with). Every document of every file
// becomes a rule or an entry in `invalid` with its reason — one bad rule never hides the others.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { RuleError } from './errors.js';
import { parseRule, type Rule } from './rule.js';

export interface RuleOrigin {
  /** 'sigmahq' for the bundled snapshot; 'local' for the analyst's folders. */
  kind: 'sigmahq' | 'local';
  /** The folder the rule was read from (absolute). */
  root: string;
  /** The file, relative to root. */
  file: string;
  /** 0-based document index inside the file. */
  doc: number;
}

export interface LoadedRule {
  rule: Rule;
  origin: RuleOrigin;
  /** Where a person reads the rule: its SigmaHQ page at the pinned commit, or the local file. */
  url: string;
  /** The licence the rule is used under: its own `license`, else the snapshot's (DRL-1.1), else null. */
  license: string | null;
  /** SHA-256 of the rule file's bytes (which version of the rule matched). */
  sha256: string;
}

export interface InvalidRule {
  source: 'sigmahq' | 'local';
  file: string;
  doc: number;
  id: string | null;
  title: string | null;
  reason: string;
}

export interface RuleSet {
  rules: LoadedRule[];
  invalid: InvalidRule[];
  snapshot: Snapshot;
  /** Folders of analyst rules that were read. */
  localDirs: string[];
}

export interface Snapshot {
  repository: string;
  commit: string;
  date: string;
  license: string;
  files: number;
}

export function bundledRulesDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const local = path.resolve(here, '..', 'rules', 'sigmahq');
  if (existsSync(local)) return local;
  // Built code in dist/ without the copied rules: the source tree.
  return path.resolve(here, '../../../../core/detect/rules/sigmahq');
}

function ruleFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && /\.ya?ml$/i.test(e.name)) out.push(p);
    }
  };
  walk(dir);
  return out;
}

function loadDir(
  root: string,
  kind: 'sigmahq' | 'local',
  urlOf: (file: string) => string,
  defaultLicense: string | null,
  into: RuleSet,
): void {
  for (const abs of ruleFiles(root)) {
    const file = path.relative(root, abs).split(path.sep).join('/');
    const bytes = readFileSync(abs);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const docs = parseAllDocuments(bytes.toString('utf8'), { version: '1.1', uniqueKeys: true });
    const list = Array.isArray(docs) ? docs : [docs];
    list.forEach((doc, i) => {
      const bad = (reason: string, d?: Record<string, unknown>) =>
        into.invalid.push({
          source: kind,
          file,
          doc: i,
          id: typeof d?.id === 'string' ? d.id : null,
          title: typeof d?.title === 'string' ? d.title : null,
          reason,
        });
      if (doc.errors.length > 0) {
        const e = doc.errors[0];
        const line = e.linePos?.[0]?.line;
        return bad(`YAML: ${e.message.split('\n')[0]}${line ? ` (line ${line})` : ''}`);
      }
      const js: unknown = doc.toJS({ maxAliasCount: 100 });
      if (js === null || js === undefined) return; // an empty document (a trailing ---)
      try {
        const rule = parseRule(js, `${file}#${i}`);
        into.rules.push({
          rule,
          origin: { kind, root, file, doc: i },
          url: urlOf(file),
          license: rule.meta.license ?? defaultLicense,
          sha256,
        });
      } catch (e) {
        if (!(e instanceof RuleError)) throw e;
        bad(e.message, typeof js === 'object' ? (js as Record<string, unknown>) : undefined);
      }
    });
  }
}

export function readSnapshot(dir = bundledRulesDir()): Snapshot {
  return JSON.parse(readFileSync(path.join(dir, 'snapshot.json'), 'utf8')) as Snapshot;
}

/**
 * The bundled rules (unless `bundled: false`) and the analyst's folders. A folder that does not exist or holds no
 * rule file is an error: a typo in `--rules` must not look like "no detections".
 */
export function loadRules(opts: { localDirs?: string[]; bundled?: boolean } = {}): RuleSet {
  const dir = bundledRulesDir();
  const snapshot = readSnapshot(dir);
  const set: RuleSet = { rules: [], invalid: [], snapshot, localDirs: [] };
  if (opts.bundled !== false)
    loadDir(dir, 'sigmahq', (f) => `${snapshot.repository}/blob/${snapshot.commit}/${f}`, snapshot.license, set);
  for (const d of opts.localDirs ?? []) {
    const abs = path.resolve(d);
    if (!existsSync(abs) || !statSync(abs).isDirectory())
      throw new RuleError(`rules folder ${d} does not exist or is not a folder`);
    if (ruleFiles(abs).length === 0) throw new RuleError(`rules folder ${d} holds no .yml or .yaml file`);
    set.localDirs.push(abs);
    loadDir(abs, 'local', (f) => `file://${path.join(abs, f)}`, null, set);
  }
  return set;
}
