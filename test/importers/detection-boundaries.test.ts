// Auto-detection across the whole corpus for the gcp-audit, entra-signin, entra-audit, okta, k8s-audit, vault-audit
// and ecs importers: each wins its own family's files and claims no file of another family — including the
// families whose importer is not written yet and the unassigned samples in other/.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { readHead } from '../../importers/read/source.js';
import { sniff } from '../../importers/read/sniff.js';
import { rankImporters } from '../../importers/registry.js';
import { CORPUS, HAS_CORPUS } from '../helpers.js';

const MINE: Record<string, string> = {
  'gcp-audit': 'gcp-audit',
  'azure-signin': 'entra-signin',
  'azure-audit': 'entra-audit',
  okta: 'okta',
  'k8s-audit': 'k8s-audit',
  'vault-audit': 'vault-audit',
};
const OURS = new Set([...Object.values(MINE), 'ecs']);

function files(): { family: string; file: string }[] {
  if (!HAS_CORPUS) return [];
  const out: { family: string; file: string }[] = [];
  for (const family of readdirSync(CORPUS).sort()) {
    const d = path.join(CORPUS, family);
    if (family.startsWith('_') || family.includes('.') || !existsSync(d)) continue;
    for (const f of readdirSync(d).sort())
      if (!f.endsWith('-expected.json')) out.push({ family, file: path.join(d, f) });
  }
  return out;
}

describe.skipIf(!HAS_CORPUS)('detection boundaries', () => {
  for (const { family, file } of files()) {
    it(`${family}/${path.basename(file)}`, async () => {
      const head = await readHead(file);
      const s = sniff(file, head.bytes, head.complete);
      const ranked = rankImporters(s.sample, s).map((r) => r.importer.id);
      const mine = MINE[family];
      if (mine) expect(ranked[0], JSON.stringify(ranked)).toBe(mine);
      else expect(OURS.has(ranked[0] ?? ''), JSON.stringify(ranked)).toBe(false);
    });
  }
});
