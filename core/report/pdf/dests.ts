// Page numbers for the contents, read back from the PDF Chromium printed. Chromium (Skia) writes a named
// destination for every in-document link target (the contents links to each section), in the catalog's /Dests
// dictionary, each pointing at a page object; the page tree's order gives the page number. The same holds for
// Electron's printToPDF, which is the same Skia backend.
import { loadPdf, objectDict, pageList, refIn, trailerDict } from './objects.js';

function decodeName(s: string): string {
  return s.replace(/#([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** Named destination → 1-based page number, and the page count. */
export function pdfDestinations(buf: Buffer): { pages: number; dests: Map<string, number> } {
  const pdf = loadPdf(buf);
  const order = pageList(pdf);
  const pageNo = new Map(order.map((n, i) => [n, i + 1]));
  const catalog = objectDict(pdf, refIn(trailerDict(pdf), 'Root') ?? -1);
  const dests = new Map<string, number>();
  const destsRef = refIn(catalog, 'Dests');
  const dict = destsRef !== null ? objectDict(pdf, destsRef) : '';
  for (const m of dict.matchAll(/\/([^\s/[\]<>()]+)\s*\[\s*(\d+) 0 R/g)) {
    const p = pageNo.get(Number(m[2]));
    if (p !== undefined) dests.set(decodeName(m[1]), p);
  }
  return { pages: order.length, dests };
}
