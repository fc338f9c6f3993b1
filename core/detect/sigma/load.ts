// Loads Sigma rule files: the bundled SigmaHQ snapshot and any folders of the analyst's own rules (`--rules DIR`).
// YAML is read as YAML 1.1, like PyYAML (which SigmaHQ validates its rules with). Every document of every file
// becomes a rule or an entry in `invalid` with its reason — one bad rule never hides the others.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments, type Tags } from 'yaml';
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

/** A YAML file's documents as plain JS, or the first YAML error of each document. */
type ParsedDoc = { js: unknown } | { error: string };

// PyYAML's YAML 1.1 booleans: yes/no/on/off/true/false in their three cases, but not y/n (the spec's y/n would
// turn a Sigma value `n` into false).
const PYYAML_TRUE = /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/;
const PYYAML_FALSE = /^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$/;

function pyyamlTags(tags: Tags): Tags {
  return tags.map((t) => {
    if (typeof t !== 'object' || t.tag !== 'tag:yaml.org,2002:bool' || !('test' in t) || !t.test) return t;
    return { ...t, test: t.test.test('Yes') ? PYYAML_TRUE : PYYAML_FALSE } as typeof t;
  });
}

function parseYaml(text: string): ParsedDoc[] {
  const docs = parseAllDocuments(text, { version: '1.1', uniqueKeys: true, customTags: pyyamlTags });
  const list = Array.isArray(docs) ? docs : [docs];
  return list.map((doc) => {
    if (doc.errors.length > 0) {
      const e = doc.errors[0];
      const line = e.linePos?.[0]?.line;
      return { error: `YAML: ${e.message.split('\n')[0]}${line ? ` (line ${line})` : ''}` };
    }
    return { js: doc.toJS({ maxAliasCount: 100 }) as unknown };
  });
}

// The bundled rules parsed once at build time (scripts/build.mjs → writeBundledCache): YAML parsing of the
// snapshot costs ~0.7 s per process, the cache ~30 ms. Used only for files whose SHA-256 it records.
const CACHE_FILE = 'sigmahq.cache.json';
type Cache = Record<string, { sha256: string; docs: ParsedDoc[] }>;

function encodeDates(v: unknown): unknown {
  if (v instanceof Date) return { $date: v.toISOString() };
  if (Array.isArray(v)) return v.map(encodeDates);
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, encodeDates(x)]));
  return v;
}

/** Rules from YAML text (tests, previews): each document's rule, or the reason it is not one. */
export type ParsedRule = { rule: Rule } | { error: string };

export function parseRuleText(text: string, name = 'rule'): ParsedRule[] {
  return parseYaml(text).flatMap((d, i): ParsedRule[] => {
    if ('error' in d) return [{ error: d.error }];
    if (d.js === null || d.js === undefined) return [];
    try {
      return [{ rule: parseRule(d.js, `${name}#${i}`) }];
    } catch (e) {
      if (e instanceof RuleError) return [{ error: e.message }];
      throw e;
    }
  });
}

function readCache(dir: string): Cache | null {
  const p = path.join(dir, '..', CACHE_FILE);
  if (!existsSync(p)) return null;
  try {
    return JSON.parse(readFileSync(p, 'utf8'), (_k, v: unknown) =>
      v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 1 && '$date' in v
        ? new Date((v as { $date: string }).$date)
        : v,
    ) as Cache;
  } catch {
    return null;
  }
}

/** Writes the parse cache of the bundled rules beside them (the build does, into dist/). */
export function writeBundledCache(dir = bundledRulesDir()): number {
  const cache: Cache = {};
  for (const abs of ruleFiles(dir)) {
    const file = path.relative(dir, abs).split(path.sep).join('/');
    const bytes = readFileSync(abs);
    cache[file] = {
      sha256: createHash('sha256').update(bytes).digest('hex'),
      docs: parseYaml(bytes.toString('utf8')).map((d) => ('js' in d ? { js: encodeDates(d.js) } : d)),
    };
  }
  writeFileSync(path.join(dir, '..', CACHE_FILE), JSON.stringify(cache));
  return Object.keys(cache).length;
}

function loadDir(
  root: string,
  kind: 'sigmahq' | 'local',
  urlOf: (file: string) => string,
  defaultLicense: string | null,
  into: RuleSet,
): void {
  const cache = kind === 'sigmahq' ? readCache(root) : null;
  for (const abs of ruleFiles(root)) {
    const file = path.relative(root, abs).split(path.sep).join('/');
    const bytes = readFileSync(abs);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const cached = cache?.[file];
    const docs = cached && cached.sha256 === sha256 ? cached.docs : parseYaml(bytes.toString('utf8'));
    docs.forEach((doc, i) => {
      const bad = (reason: string, d?: Record<string, unknown>) =>
        into.invalid.push({
          source: kind,
          file,
          doc: i,
          id: typeof d?.id === 'string' ? d.id : null,
          title: typeof d?.title === 'string' ? d.title : null,
          reason,
        });
      if ('error' in doc) return bad(doc.error);
      const js = doc.js;
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
