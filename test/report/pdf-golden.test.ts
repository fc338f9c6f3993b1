// The PDF splicer (core/report/pdf/splice.ts) edits Chromium's PDF by hand, so it is held in place twice:
//  1. splicing two committed Chromium prints (test/fixtures/pdf-splice/long.pdf, front.pdf) must give the
//     committed golden byte for byte — no browser needed, so a change to the splicer shows everywhere;
//  2. the installed Chromium must still print the shape the splicer assumes (test/report/pdf-shape.ts: a classic
//     xref, no object streams, a flat page tree, named destinations in /Dests) — a Chromium upgrade that changes
//     its output fails here, naming what changed, before a report comes out broken.
// PDF_GOLDEN_UPDATE=1 re-prints the fixtures with the installed Chromium and rewrites the golden and the shape;
// review the diff of shape.json before committing them.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { chromiumEngine, findChromium } from '../../core/report/pdf/chromium.js';
import { replaceFrontPages } from '../../core/report/pdf/splice.js';
import { pdfDestinations } from '../../core/report/pdf/dests.js';
import type { PrintOptions } from '../../core/report/pdf/engine.js';
import { MARGIN } from '../../core/report/options.js';
import { fixture, tempDir } from '../helpers.js';
import { pdfObjects, pdfShape, shapeDiff, type PdfShape } from './pdf-shape.js';

const DIR = fixture('pdf-splice');
const file = (name: string) => path.join(DIR, name);
const UPDATE = process.env.PDF_GOLDEN_UPDATE === '1';
/** Cover and contents: the pages the splice replaces. */
const FRONT_PAGES = 2;
const SECTIONS = ['Summary', 'Findings', 'Scope', 'Appendix'];

const chromiumPath = (() => {
  try {
    return findChromium();
  } catch {
    return null;
  }
})();

// A report in miniature: a cover, a contents page linking to each section (so Chromium writes named
// destinations), one section per page with headings (so it writes an outline), header and footer templates as
// the report's. The front print is the cover and contents again, now with page numbers.
const page = (body: string) => `<section style="break-after: page">${body}</section>`;
function contents(numbers: boolean): string {
  return page(
    `<h1>Contents</h1><ol>${SECTIONS.map(
      (s, i) => `<li><a href="#sec-${i + 1}">${s}</a> <span>${numbers ? i + 1 + FRONT_PAGES : ''}</span></li>`,
    ).join('')}</ol>`,
  );
}
function html(body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Splice fixture</title>
<style>body{font-family:DejaVu Sans,Liberation Sans,Arial,sans-serif;font-size:11pt} section:last-child{break-after:auto}</style>
</head><body>${body}</body></html>`;
}
const COVER = page('<h1>Incident report</h1><p>Splice fixture: cover page.</p>');
const LONG_HTML = html(
  COVER +
    contents(false) +
    SECTIONS.map((s, i) => page(`<h1 id="sec-${i + 1}">${s}</h1><p>Section ${i + 1} of the fixture.</p>`)).join(''),
);
const FRONT_HTML = html(COVER + contents(true));
const PRINT: PrintOptions = {
  paper: 'A4',
  margin: MARGIN,
  title: 'Splice fixture',
  tagged: false,
  headerTemplate:
    '<div style="font-size:7pt;width:100%;padding:0 14mm"><span>Splice fixture</span> <span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>',
  footerTemplate: '<div style="font-size:6.5pt;width:100%;padding:0 14mm">Generated for the splice golden test</div>',
};

async function printFixtures(): Promise<{ long: Buffer; front: Buffer }> {
  const engine = await chromiumEngine();
  try {
    return { long: await engine.print(LONG_HTML, PRINT), front: await engine.print(FRONT_HTML, PRINT) };
  } finally {
    await engine.close();
  }
}

function chromiumVersion(): string {
  const r = spawnSync(chromiumPath!, ['--version'], { encoding: 'utf8' });
  return (r.stdout || r.stderr).trim();
}

interface ShapeFile {
  chromium: string;
  long: PdfShape;
  front: PdfShape;
}

describe('the PDF splicer', () => {
  if (UPDATE) {
    it('re-prints the fixtures with the installed Chromium (PDF_GOLDEN_UPDATE=1)', async () => {
      expect(chromiumPath, 'PDF_GOLDEN_UPDATE=1 needs a Chromium').not.toBeNull();
      const { long, front } = await printFixtures();
      mkdirSync(DIR, { recursive: true });
      writeFileSync(file('long.pdf'), long);
      writeFileSync(file('front.pdf'), front);
      writeFileSync(file('spliced.pdf'), replaceFrontPages(long, front, FRONT_PAGES));
      const shape: ShapeFile = { chromium: chromiumVersion(), long: pdfShape(long), front: pdfShape(front) };
      writeFileSync(file('shape.json'), JSON.stringify(shape, null, 2) + '\n');
    });
  }

  it('splices the committed Chromium prints into the committed golden, byte for byte', () => {
    const long = readFileSync(file('long.pdf'));
    const front = readFileSync(file('front.pdf'));
    const golden = readFileSync(file('spliced.pdf'));
    const out = replaceFrontPages(long, front, FRONT_PAGES);
    if (!out.equals(golden)) {
      // Name what changed: the objects whose dictionary or stream length differ, then the sizes.
      const want = pdfObjects(golden);
      const got = pdfObjects(out);
      const changed = [...new Set([...want.keys(), ...got.keys()])]
        .filter((n) => want.get(n) !== got.get(n))
        .slice(0, 8)
        .map(
          (n) =>
            `object ${n}:\n  golden: ${want.get(n)?.slice(0, 300) ?? '(none)'}\n  now:    ${got.get(n)?.slice(0, 300) ?? '(none)'}`,
        );
      expect.fail(
        `splice.ts now writes a different PDF from the same input (${out.length} bytes, golden ${golden.length}).\n` +
          `${changed.join('\n') || 'Same objects: the xref or trailer differs.'}\n` +
          'If the change is intended, rewrite the golden with PDF_GOLDEN_UPDATE=1 and check the PDF (pdfinfo, pdftotext).',
      );
    }
    // The golden itself is what a reader needs: every page, cover and contents first, the links still landing.
    const read = pdfDestinations(out);
    const longRead = pdfDestinations(long);
    expect(read.pages).toBe(longRead.pages);
    expect(Object.fromEntries(read.dests)).toEqual(Object.fromEntries(longRead.dests));
  });

  it('reads the committed prints as the shape the splicer assumes', () => {
    const shape = JSON.parse(readFileSync(file('shape.json'), 'utf8')) as ShapeFile;
    expect(shapeDiff(shape.long, pdfShape(readFileSync(file('long.pdf'))))).toEqual([]);
    expect(shapeDiff(shape.front, pdfShape(readFileSync(file('front.pdf'))))).toEqual([]);
    // What objects.ts, splice.ts and dests.ts rely on, stated outright.
    expect(shape.long).toMatchObject({
      xref: 'table',
      startxrefs: 1,
      objectStreams: 0,
      nonZeroGenerations: 0,
      destsIn: 'catalog /Dests',
      pages: FRONT_PAGES + SECTIONS.length,
    });
    expect(shape.long.dests).toEqual(Object.fromEntries(SECTIONS.map((_, i) => [`sec-${i + 1}`, i + 1 + FRONT_PAGES])));
    expect(shape.front.pages).toBe(FRONT_PAGES);
  });

  it.skipIf(!chromiumPath)('still gets that shape from the installed Chromium', async () => {
    const shape = JSON.parse(readFileSync(file('shape.json'), 'utf8')) as ShapeFile;
    const now = await printFixtures();
    const diffs = [
      ...shapeDiff(shape.long, pdfShape(now.long)).map((d) => `long print: ${d}`),
      ...shapeDiff(shape.front, pdfShape(now.front)).map((d) => `front print: ${d}`),
    ];
    if (diffs.length > 0)
      expect.fail(
        `${chromiumVersion()} prints PDFs in a different shape from ${shape.chromium}, which core/report/pdf ` +
          `(objects.ts, splice.ts, dests.ts) was written for:\n  ${diffs.join('\n  ')}\n` +
          'Check the splicer against the new output, then re-print the fixtures with PDF_GOLDEN_UPDATE=1.',
      );
    // And the splice of today's prints is still a sound PDF.
    const t = tempDir('ss-splice-');
    try {
      const out = path.join(t.dir, 'spliced.pdf');
      const spliced = replaceFrontPages(now.long, now.front, FRONT_PAGES);
      writeFileSync(out, spliced);
      expect(Object.fromEntries(pdfDestinations(spliced).dests)).toEqual(shape.long.dests);
      if (existsSync('/usr/bin/pdfinfo')) {
        const info = spawnSync('pdfinfo', [out], { encoding: 'utf8' });
        expect(info.stderr).toBe('');
        expect(info.stdout).toMatch(new RegExp(`Pages:\\s+${FRONT_PAGES + SECTIONS.length}\\b`));
      }
    } finally {
      t.cleanup();
    }
  });
});
