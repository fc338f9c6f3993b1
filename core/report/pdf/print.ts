// Printing a report: pass 1 prints with blank page numbers, the PDF's named destinations tell which page each
// section landed on, pass 2 prints with those numbers in the contents. The numbers only replace blanks in a
// fixed-width column, so nothing reflows; if a page did move, one more pass settles it.
import type { ReportModel } from '../model.js';
import { MARGIN } from '../options.js';
import { esc } from '../html/parts.js';
import { fillPageNumbers } from '../html/document.js';
import type { TocEntry } from '../html/front.js';
import { pdfDestinations } from './dests.js';
import { replaceFrontPages } from './splice.js';
import type { PdfEngine, PrintOptions } from './engine.js';

/** Above this many pages the PDF is not tagged (tagging costs ~35 % more print time and doubles the size). */
export const TAGGED_MAX_PAGES = 60;

const FONT = 'font-family:DejaVu Sans,Liberation Sans,Arial,sans-serif';

export function printOptions(m: ReportModel): PrintOptions {
  const side = `padding:0 ${MARGIN.left}mm 0 ${MARGIN.right}mm`;
  return {
    paper: m.meta.paper,
    margin: MARGIN,
    title: `${m.title} — ${m.meta.case}`,
    tagged: true,
    headerTemplate:
      `<div style="${FONT};font-size:7pt;color:#5c636a;width:100%;${side};display:flex;justify-content:space-between;">` +
      `<span>${esc(m.meta.case)} · ${esc(m.title)}</span><span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`,
    footerTemplate:
      `<div style="${FONT};font-size:6.5pt;color:#868e96;width:100%;${side};display:flex;justify-content:space-between;">` +
      `<span>Times in ${esc(m.meta.tzLabel)} · audit chain head ${esc(m.appendix.chains.audit.head.slice(0, 16))}…</span><span>Generated ${esc(m.meta.generatedAt)}</span></div>`,
  };
}

/**
 * Pass 1 prints everything with blank page numbers and reads where each section landed. A short report is then
 * printed again whole, tagged; a long one has only its front matter (cover and contents, now numbered)
 * printed again and spliced over pass 1's first pages — the body is not laid out twice.
 */
export async function printReport(
  engine: PdfEngine,
  doc: { html: string; frontHtml: string; toc: TocEntry[] },
  opts: PrintOptions,
  onPass?: (pass: number) => void,
  taggedMaxPages = TAGGED_MAX_PAGES,
): Promise<{ pdf: Buffer; pages: number }> {
  onPass?.(1);
  const first = await engine.print(fillPageNumbers(doc.html, null), { ...opts, tagged: false });
  const read = pdfDestinations(first);
  const numbers = new Map(doc.toc.map((e) => [e.anchor, read.dests.get(e.anchor) ?? 0]));
  // A report whose destinations cannot be read keeps blank numbers rather than wrong ones.
  if (read.dests.size === 0) return { pdf: first, pages: read.pages };
  onPass?.(2);
  const k = (numbers.get(doc.toc[0]?.anchor ?? '') ?? 0) - 1;
  if (read.pages > taggedMaxPages && k >= 1 && k < read.pages) {
    // The front print states the total itself: on its own it would count only its own pages.
    const front = await engine.print(fillPageNumbers(doc.frontHtml, numbers), {
      ...opts,
      tagged: false,
      headerTemplate: opts.headerTemplate.replace('<span class="totalPages"></span>', String(read.pages)),
    });
    if (pdfDestinations(front).pages === k) return { pdf: replaceFrontPages(first, front, k), pages: read.pages };
  }
  let pdf = await engine.print(fillPageNumbers(doc.html, numbers), {
    ...opts,
    tagged: opts.tagged && read.pages <= taggedMaxPages,
  });
  // Numbers only fill blanks in a fixed-width column; should a page still have moved, one more pass settles it.
  const again = pdfDestinations(pdf);
  if (doc.toc.some((e) => (again.dests.get(e.anchor) ?? 0) !== numbers.get(e.anchor))) {
    onPass?.(3);
    pdf = await engine.print(fillPageNumbers(doc.html, again.dests), {
      ...opts,
      tagged: opts.tagged && read.pages <= taggedMaxPages,
    });
  }
  return { pdf, pages: again.pages };
}
