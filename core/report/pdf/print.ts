// Printing a report: pass 1 prints with blank page numbers, the PDF's named destinations tell which page each
// section landed on, pass 2 prints with those numbers in the contents. The numbers only replace blanks in a
// fixed-width column, so nothing reflows; if a page did move, one more pass settles it.
import type { ReportModel } from '../model.js';
import { MARGIN } from '../options.js';
import { esc } from '../html/parts.js';
import { fillPageNumbers } from '../html/document.js';
import type { TocEntry } from '../html/front.js';
import { pdfDestinations } from './dests.js';
import type { PdfEngine, PrintOptions } from './engine.js';

const FONT = 'font-family:DejaVu Sans,Liberation Sans,Arial,sans-serif';

export function printOptions(m: ReportModel): PrintOptions {
  const side = `padding:0 ${MARGIN.left}mm 0 ${MARGIN.right}mm`;
  return {
    paper: m.meta.paper,
    margin: MARGIN,
    title: `${m.title} — ${m.meta.case}`,
    headerTemplate: `<div style="${FONT};font-size:7pt;color:#5c636a;width:100%;${side};display:flex;justify-content:space-between;">`
      + `<span>${esc(m.meta.case)} · ${esc(m.title)}</span><span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`,
    footerTemplate: `<div style="${FONT};font-size:6.5pt;color:#868e96;width:100%;${side};display:flex;justify-content:space-between;">`
      + `<span>Times in ${esc(m.meta.tzLabel)} · audit chain head ${esc(m.appendix.chains.audit.head.slice(0, 16))}…</span><span>Generated ${esc(m.meta.generatedAt)}</span></div>`,
  };
}

export async function printReport(engine: PdfEngine, html: string, toc: TocEntry[], opts: PrintOptions, onPass?: (pass: number) => void): Promise<{ pdf: Buffer; pages: number }> {
  let numbers = new Map<string, number>();
  let pdf: Buffer = Buffer.alloc(0);
  let pages = 0;
  for (let pass = 1; pass <= 3; pass++) {
    onPass?.(pass);
    pdf = await engine.print(fillPageNumbers(html, numbers), opts);
    const read = pdfDestinations(pdf);
    pages = read.pages;
    const found = new Map(toc.map((e) => [e.anchor, read.dests.get(e.anchor) ?? 0]));
    if (pass > 1 && toc.every((e) => found.get(e.anchor) === numbers.get(e.anchor))) break;
    numbers = found;
    // A report whose destinations cannot be read keeps blank numbers rather than wrong ones.
    if (read.dests.size === 0) break;
  }
  return { pdf, pages };
}
