// The layer table of docs/architecture.md, as zones for import-x/no-restricted-paths. Each layer names what it
// may import besides itself; every other project folder is forbidden to it. The zones are computed from the
// folders on disk, so a new importer folder or a new core/ module is covered the day it appears.
import { readdirSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');

/** The leaf: pure types and functions with no project import and no Node built-in (the renderer uses them too). */
const MODEL = ['core/model', 'core/errors.ts', 'core/version.ts'];
/** What core runs of the importers: the registry, the pipeline, their types and the file readers. */
const IMPORTER_ENTRY = ['importers/registry.ts', 'importers/pipeline.ts', 'importers/types.ts', 'importers/read'];

/** Inside core, each layer may import the layers listed before it (and the leaf). */
const CORE_ORDER = [
  'core/policy',
  'core/casefile',
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
  'core/model': [],
  'core/errors.ts': [],
  'core/version.ts': [],
  importers: [...MODEL, 'importers'],
  'core/policy': [...MODEL],
  'core/casefile': [...MODEL, ...below('core/casefile')],
  'core/derive': [...MODEL, ...below('core/derive')],
  'core/evidence': [...MODEL, ...below('core/evidence'), ...IMPORTER_ENTRY],
  'core/query': [...MODEL, ...below('core/query')],
  'core/annotate': [...MODEL, ...below('core/annotate')],
  'core/report': [...MODEL, ...below('core/report')],
  'core/api': [...MODEL, ...below('core/api'), 'importers/registry.ts', 'importers/types.ts'],
  cli: [...MODEL, 'core/policy', 'core/api', 'bridge'],
  bridge: [...MODEL, 'core/policy', 'core/api'],
  electron: [...MODEL, 'core/policy', 'core/api'],
  // The preload is bundled alone into a sandbox that can only require 'electron': it imports nothing of ours.
  'electron/preload.ts': [],
  // The renderer sees core only through the API contract (import type) and the leaf's pure helpers.
  renderer: ['core/model', 'core/api/contract.ts'],
};

/** Files that must run without Node: the renderer, the sandboxed preload and the leaf it shares with them. */
export const NODE_FREE = ['renderer/src/**/*.{ts,tsx}', 'electron/preload.ts', 'core/model/**/*.ts'];

/**
 * Imports that break the table today and are being removed on another branch; each names who removes it.
 * An entry here is allowed for that one file only.
 */
export const PENDING = {
  // The report reads derived analysis through the dispatcher; the `contract` branch makes it read core/query.
  'core/report/collect/derived.ts': ['core/api/registry.ts', 'core/api/dispatch.ts'],
  // The CLI prints results typed by core's modules; the `contract` branch moves them to core/api/contract.ts.
  'cli/commands': ['core/query', 'core/derive', 'core/evidence', 'core/report/options.ts', 'importers'],
  'cli/progress.ts': ['core/evidence/import-job.ts'],
};

/**
 * The one import loop left, through the dispatcher (core/report/collect/derived.ts → core/api/dispatch.ts →
 * methods → report → collect): the `contract` branch removes it. In these files only, a loop that passes
 * through a dynamic import() is tolerated; a loop of static imports is still an error.
 */
export const PENDING_DYNAMIC_CYCLE = [
  'core/api/dispatch.ts',
  'core/api/methods/index.ts',
  'core/api/methods/report.ts',
  'core/report/job.ts',
  'core/report/render.ts',
  'core/report/build-model.ts',
  'core/report/collect/scope.ts',
  'core/report/collect/coverage.ts',
  'core/report/collect/derived.ts',
];

const ROOTS = ['core', 'importers', 'cli', 'bridge', 'electron', 'renderer', 'test', 'bench', 'scripts'];
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

/** `layer` split into the parts not in `skip` (so a nested layer or a pending file gets its own zone). */
function targetsExcept(layer, skip) {
  if (skip.includes(layer)) return [];
  if (!skip.some((s) => inside(s, layer))) return [layer];
  return children(layer).flatMap((c) => targetsExcept(c, skip));
}

const message = (layer, allowed) =>
  `Layer rule (docs/architecture.md): ${layer} may import ${allowed.length ? allowed.join(', ') : 'nothing of ours'}.`;

export function layerZones() {
  const zones = [];
  const layers = Object.keys(LAYERS);
  for (const [layer, allowed] of Object.entries(LAYERS)) {
    const nested = layers.filter((l) => l !== layer && inside(l, layer));
    const pending = Object.entries(PENDING).filter(([f]) => inside(f, layer));
    const from = ROOTS.flatMap((r) => forbiddenUnder(r, allowed, layer));
    const msg = message(layer, allowed);
    for (const target of targetsExcept(layer, [...nested, ...pending.map(([f]) => f)]))
      if (from.length) zones.push({ target, from, message: msg });
    for (const [file, extra] of pending) {
      const f = ROOTS.flatMap((r) => forbiddenUnder(r, [...allowed, ...extra], layer));
      if (f.length) zones.push({ target: file, from: f, message: msg });
    }
  }
  return zones;
}
