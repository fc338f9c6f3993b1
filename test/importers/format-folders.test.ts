// A format is one folder (importers/README.md, "Add a format"): every registered format has its importer,
// descriptor, fixtures, tests, docs page and bench generator, and every folder is registered. What a descriptor
// declares is held against what its importer does on its own fixtures, so a half-added or mis-declared format
// fails here rather than in an investigation.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FORMATS, FORMAT_IDS, docsPage, formatById } from '../../importers/formats.js';
import { getImporter } from '../../importers/registry.js';
import { dryRun, type DryRun } from '../../importers/dry-run.js';
import { ROOT, tempDir } from '../helpers.js';

/** Folders under importers/ that hold code shared by every format, not a format. */
const SHARED = new Set(['util', 'read']);
const IMPORTERS_DIR = path.join(ROOT, 'importers');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/** Every fixture of a format read by its own importer (a mapping file is configuration, not a log). */
async function fixtureRuns(id: string): Promise<DryRun[]> {
  const files = filesUnder(path.join(IMPORTERS_DIR, id, 'fixtures')).filter((f) => !/\.(ya?ml|md)$/.test(f));
  return Promise.all(files.map((f) => dryRun(f, { format: formatById(id).id })));
}

describe('format folders', () => {
  it('registers every folder under importers/ and nothing else', () => {
    const folders = readdirSync(IMPORTERS_DIR)
      .filter((f) => statSync(path.join(IMPORTERS_DIR, f)).isDirectory() && !SHARED.has(f))
      .sort();
    expect(folders, 'a folder under importers/ is a format: list it in importers/formats.ts').toEqual(
      [...FORMAT_IDS].sort(),
    );
    expect(new Set(FORMAT_IDS).size).toBe(FORMAT_IDS.length);
    expect(FORMAT_IDS.at(-1), 'generic is the fallback and comes last').toBe('generic');
  });

  for (const f of FORMATS) {
    describe(f.id, () => {
      const dir = path.join(IMPORTERS_DIR, f.id);

      it('has its importer, descriptor, tests, docs page, generator and fixtures', () => {
        for (const file of ['importer.ts', 'format.ts', 'importer.test.ts', 'README.md', 'generator.ts'])
          expect(existsSync(path.join(dir, file)), `importers/${f.id}/${file}`).toBe(true);
        const fixtures = path.join(dir, 'fixtures');
        expect(existsSync(fixtures) && filesUnder(fixtures).length > 0, `importers/${f.id}/fixtures/`).toBe(true);
        const docs = readFileSync(path.join(ROOT, docsPage(f.id)), 'utf8');
        expect(docs.split('\n')[0], 'the docs page is titled with the format id').toContain(`(\`${f.id}\`)`);
      });

      it('declares what everything else reads', async () => {
        expect(f.title.length).toBeGreaterThan(3);
        expect(f.system).toMatch(/^[a-z][a-z0-9._-]{0,40}$/);
        expect(f.statedAliasMethod).toMatch(/^[a-z][a-z0-9-]+$/);
        expect(f.states.auth || f.states.actions, 'a format states something').toBe(true);
        expect(f.exportHow.length).toBeGreaterThan(0);
        expect(f.cannotRepresent.length).toBeGreaterThan(0);
        const importer = await f.load();
        expect(importer.id).toBe(f.id);
        expect(importer.title).toBe(f.title);
        expect(getImporter(f.id)).toBe(importer);
      });

      it('states on its fixtures what its descriptor says it states', async () => {
        const events = (await fixtureRuns(f.id)).flatMap((r) => r.events);
        expect(events.length).toBeGreaterThan(0);
        const auth = events.filter((e) => e.category === 'auth').length;
        const actions = events.length - auth;
        // Declared and shown both ways: a format declared to show sign-ins has a fixture with one, and one declared
        // not to never emits one (coverage reads what a source can show from the descriptor).
        expect(auth > 0, `${f.id}: auth events on the fixtures vs states.auth`).toBe(f.states.auth);
        expect(actions > 0, `${f.id}: action events on the fixtures vs states.actions`).toBe(f.states.actions);
        const keyed = events.some((e) => e.sessionKey !== null);
        expect(keyed, `${f.id}: session keys on the fixtures vs sessionKey`).toBe(f.sessionKey !== null);
      });

      it('has a generator whose records detect as this format and import without rejects', async () => {
        const gen = (await import(path.join(dir, 'generator.ts'))) as {
          generate: (n: number, seed: number) => string[];
        };
        // `n` counts records (OTel: spans, several to an exported line).
        const lines = gen.generate(300, 7);
        expect(lines.length).toBeGreaterThan(0);
        expect(gen.generate(300, 7), 'the same seed writes the same records').toEqual(lines);
        const t = tempDir();
        try {
          const file = path.join(t.dir, `${f.id}.log`);
          writeFileSync(file, lines.join('\n') + '\n');
          const run = await dryRun(file);
          expect(run.format, JSON.stringify(run.detected)).toBe(f.id);
          expect(run.rejects, JSON.stringify(run.rejects.slice(0, 2))).toEqual([]);
          expect(run.events.length + run.merged).toBe(run.records);
        } finally {
          t.cleanup();
        }
      });
    });
  }
});
