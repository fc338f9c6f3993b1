// Printing long reports: the front matter is re-printed with its page numbers and spliced over the first
// print's pages (the body is laid out once). The spliced PDF must be a sound PDF (poppler reads it without a
// complaint), keep every page and link, and number the contents right.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { renderReportFile, type RenderedReport } from '../../core/report/render.js';
import { chromiumEngine } from '../../core/report/pdf/chromium.js';
import { printReport } from '../../core/report/pdf/print.js';
import { pdfDestinations } from '../../core/report/pdf/dests.js';
import type { PdfEngine } from '../../core/report/pdf/engine.js';
import { findChromium } from '../../core/report/pdf/chromium.js';
import { tempDir } from '../helpers.js';
import { annotatedCase } from './case.js';

const HAS_CHROMIUM = (() => {
  try {
    return !!findChromium();
  } catch {
    return false;
  }
})();
const poppler = (tool: string, args: string[]) => spawnSync(tool, args, { encoding: 'utf8' });

describe.skipIf(!HAS_CHROMIUM)('printing', () => {
  const t = tempDir('ss-print-');
  let r: RenderedReport;
  let engine: PdfEngine;

  beforeAll(async () => {
    const b = await annotatedCase(t.dir);
    b.handle.close();
    r = await renderReportFile({ casePath: path.join(t.dir, 'case.sscase'), analyst: 'alice', tz: 'UTC' }, () => {});
    engine = await chromiumEngine();
  });
  afterAll(async () => {
    await engine?.close();
    t.cleanup();
  });

  it('splices the numbered front matter over the first print, and the result is a sound PDF', async () => {
    const passes: number[] = [];
    // Threshold 0: treat this report as long, so the splice path runs.
    const { pdf, pages } = await printReport(engine, r, { ...r.print, tagged: true }, (p) => passes.push(p), 0);
    expect(passes).toEqual([1, 2]);
    const file = path.join(t.dir, 'spliced.pdf');
    writeFileSync(file, pdf);
    const info = poppler('pdfinfo', [file]);
    expect(info.stderr).toBe('');
    expect(info.stdout).toMatch(new RegExp(`Pages:\\s+${pages}\\b`));
    const text = poppler('pdftotext', ['-layout', file, '-']);
    expect(text.stderr).toBe('');
    const pageTexts = text.stdout.split('\f');
    expect(pageTexts[0]).toContain(`Page 1 of ${pages}`);
    expect(pageTexts[1]).toContain(`Page 2 of ${pages}`);
    // The contents now carry numbers, and they are right.
    const dests = pdfDestinations(pdf).dests;
    for (const e of r.toc) {
      const m = new RegExp(`${e.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s+(\\d+)`).exec(pageTexts[1]);
      expect(m, e.title).not.toBeNull();
      expect(Number(m![1])).toBe(dests.get(e.anchor));
      expect(pageTexts[Number(m![1]) - 1]).toContain(/^[A-D]$/.test(e.label) ? `Appendix ${e.label}` : e.label);
    }
    const png = poppler('pdftoppm', ['-r', '20', '-png', '-f', '1', '-l', '2', file, path.join(t.dir, 'pg')]);
    expect(png.stderr).toBe('');
  });

  it('prints a short report whole a second time, tagged', async () => {
    const passes: number[] = [];
    const { pdf } = await printReport(engine, r, { ...r.print, tagged: true }, (p) => passes.push(p));
    expect(passes).toEqual([1, 2]);
    const file = path.join(t.dir, 'tagged.pdf');
    writeFileSync(file, pdf);
    expect(poppler('pdfinfo', [file]).stdout).toMatch(/Tagged:\s+yes/);
  });
});
