// The layer table of docs/architecture.md, as zones for import-x/no-restricted-paths. Each layer names what it
// may import besides itself; every other project folder is forbidden to it. The zones are computed from the
// folders on disk, so a new importer folder or a new core/ module is covered the day it appears.
import { readdirSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');

/**
 * The leaf: pure types and functions with no Node built-in, importing nothing above them. lib/ holds what the
 * engine and the renderer share as code (the markdown parser); the renderer may import the leaf's values too.
 */
const MODEL = ['core/model', 'core/errors.ts', 'core/version.ts', 'lib'];
/**
 * The format registry: each format's descriptor (importers/<id>/format.ts), declared data that every layer may
 * read (system names, alias methods, what a format states). core/model takes only its FormatId type from it.
 */
const FORMAT_REGISTRY = ['importers/formats.ts', 'importers/descriptor.ts'];
/** What core runs of the importers: the registry, the pipeline, their types and the file readers. */
const IMPORTER_ENTRY = [
  ...FORMAT_REGISTRY,
  'importers/registry.ts',
  'importers/pipeline.ts',
  'importers/types.ts',
  'importers/read',
];

/** Inside core, each layer may import the layers listed before it (and the leaf). */
const CORE_ORDER = [
  'core/policy',
  // IP intelligence datasets and lookups: read-only data beside the code, no case file.
  'core/enrich',
  'core/casefile',
  'core/detect',
  'core/derive',
  'core/evidence',
  'core/query',
  'core/annotate',
  'core/report',
  'core/api',
];

const below = (layer) => CORE_ORDER.slice(0, CORE_ORDER.indexOf(layer));

/**
 * layer → what it may import (paths relative to the repository; a folder covers everything in it).
 * Layers not listed (test/, bench/, scripts/) may import anything.
 */
export const LAYERS = {
  'core/model': ['core/errors.ts', 'core/version.ts', 'importers/formats.ts'],
  lib: [],
  'core/errors.ts': [],
  'core/version.ts': [],
  importers: [...MODEL, 'importers'],
  'core/policy': [...MODEL],
  'core/enrich': [...MODEL, ...below('core/enrich')],
  'core/casefile': [...MODEL, ...below('core/casefile'), ...FORMAT_REGISTRY],
  // Sigma: rules, field mappings and matching. Its auditd views re-read raw auditd records with that importer's own
  // record parser, the one place core reaches into an importer's internals (besides the CSV reader's splitter).
  'core/detect': [
    ...MODEL,
    ...below('core/detect'),
    ...FORMAT_REGISTRY,
    'importers/auditd/record.ts',
    'importers/auditd/syscalls.ts',
    'importers/read/csv.ts',
  ],
  'core/derive': [...MODEL, ...below('core/derive'), ...FORMAT_REGISTRY],
  'core/evidence': [...MODEL, ...below('core/evidence'), ...IMPORTER_ENTRY],
  'core/query': [...MODEL, ...below('core/query'), ...FORMAT_REGISTRY],
  'core/annotate': [...MODEL, ...below('core/annotate'), ...FORMAT_REGISTRY],
  'core/report': [...MODEL, ...below('core/report'), ...FORMAT_REGISTRY],
  'core/api': [...MODEL, ...below('core/api'), ...FORMAT_REGISTRY, 'importers/registry.ts', 'importers/types.ts'],
  // The CLI reads the format registry to check `--format` before opening a case (as every layer may).
  cli: [...MODEL, ...FORMAT_REGISTRY, 'core/policy', 'core/api', 'bridge'],
  // `sessionscope parse`: a dry run of detection and one importer over a file, with no case and so no API call —
  // the one command that runs importers itself, loaded only when it runs.
  'cli/commands/parse.ts': [
    'cli',
    ...MODEL,
    ...FORMAT_REGISTRY,
    'core/policy',
    'core/api',
    'importers/registry.ts',
    'importers/dry-run.ts',
  ],
  bridge: [...MODEL, 'core/policy', 'core/api'],
  electron: [...MODEL, 'core/policy', 'core/api'],
  // The preload is bundled alone into a sandbox that can only require 'electron': it imports nothing of ours.
  'electron/preload.ts': [],
  // The renderer sees core only through the API contract (import type) and the leaf's pure helpers.
  renderer: ['lib', 'core/model', 'core/api/contract.ts'],
};

/** Files that must run without Node: the renderer, the sandboxed preload and the leaf it shares with them. */
export const NODE_FREE = ['renderer/src/**/*.{ts,tsx}', 'electron/preload.ts', 'core/model/**/*.ts', 'lib/**/*.ts'];

/**
 * Imports that break the table today and are being removed on another branch; each names who removes it.
 * An entry here is allowed for that one file only.
 */
export const PENDING = {
  // Empty: the report reads core/query directly and the CLI's types come from core/api/contract.ts. A
  // temporary exception goes here, with the change that will remove it.
};

const ROOTS = ['lib', 'core', 'importers', 'cli', 'bridge', 'electron', 'renderer', 'test', 'bench', 'scripts'];
const inside = (p, folder) => p === folder || p.startsWith(folder + '/');
const isDir = (p) => {
  try {
    return readdirSync(path.join(ROOT, p)) !== null;
  } catch {
    return false;
  }
};
const children = (p) => readdirSync(path.join(ROOT, p)).map((e) => `${p}/${e}`);

/** The paths under `unit` that `self` may not import, as few and as high up as possible. */
function forbiddenUnder(unit, allowed, self) {
  if (inside(unit, self) || allowed.some((a) => inside(unit, a))) return [];
  const partly = allowed.some((a) => inside(a, unit)) || inside(self, unit);
  if (!partly || !isDir(unit)) return [unit];
  return children(unit).flatMap((c) => forbiddenUnder(c, allowed, self));
}

const message = (layer, allowed) =>
  `Layer rule (docs/architecture.md): ${layer} may import ${allowed.length ? allowed.join(', ') : 'nothing of ours'}.`;

/** The files of a layer, as a flat-config glob: a folder covers every file below it. */
const filesOf = (layer) => (isDir(layer) ? `${layer}/**/*.{ts,tsx,js,mjs,cjs}` : layer);

/**
 * One import-x/no-restricted-paths zone: files of `target` may not import `from`.
 * @returns {import('eslint').Linter.Config}
 */
function zoneConfig(files, target, allowed, extra = []) {
  const from = ROOTS.flatMap((r) => forbiddenUnder(r, [...allowed, ...extra], target));
  return {
    files: [files],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        { basePath: ROOT, zones: from.length ? [{ target, from, message: message(target, allowed) }] : [] },
      ],
    },
  };
}

/**
 * ESLint config objects, one per layer, so that every file of a layer — including one added tomorrow — gets its
 * layer's zone. Later objects win: a nested layer (electron/preload.ts) and a pending exception come after the
 * layer that holds them. A file in a core/ folder the table does not name may import only core/ until the table
 * names its layer.
 */
export function layerConfigs() {
  const configs = [zoneConfig('core/**/*.{ts,tsx}', 'core', [])];
  const byDepth = Object.keys(LAYERS).sort((x, y) => x.split('/').length - y.split('/').length);
  for (const layer of byDepth) configs.push(zoneConfig(filesOf(layer), layer, LAYERS[layer]));
  for (const [file, extra] of Object.entries(PENDING)) {
    const layer = byDepth.filter((l) => inside(file, l)).at(-1);
    configs.push(zoneConfig(filesOf(file), layer, LAYERS[layer], extra));
  }
  return configs;
}
