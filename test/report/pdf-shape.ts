// What core/report/pdf assumes about the PDFs Chromium (Skia) writes, read back as data: a classic xref table
// written once (no incremental updates, no xref or object streams), generation-0 objects, a page tree, and the
// named destinations in the catalog's /Dests dictionary. objects.ts locates objects through that xref,
// splice.ts rewrites dictionaries and copies stream bytes, dests.ts reads /Dests: if Chromium's output changes
// any of these, the shape changes and the golden test names the difference.
import { loadPdf, objectDict, pageList, refIn, trailerDict, type PdfFile } from '../../core/report/pdf/objects.js';
import { pdfDestinations } from '../../core/report/pdf/dests.js';

export interface PdfShape {
  header: string;
  xref: 'table' | 'stream' | 'none';
  /** startxref keywords: more than one means incremental updates. */
  startxrefs: number;
  objectStreams: number;
  /** Objects whose generation is not 0. */
  nonZeroGenerations: number;
  trailerKeys: string[];
  catalogKeys: string[];
  /** How deep the page tree is: 1 = one /Pages node whose kids are the pages. */
  pageTreeDepth: number;
  /** Keys found on page objects (union over the pages). */
  pageKeys: string[];
  /** Where the named destinations are: the catalog's /Dests dictionary, a /Names tree, or nowhere. */
  destsIn: 'catalog /Dests' | 'catalog /Names' | 'none';
  /** The kinds of destination arrays (/XYZ, /Fit…). */
  destKinds: string[];
  pages: number;
  /** Named destination → page number, as dests.ts reads them. */
  dests: Record<string, number>;
}

/** The keys of a PDF dictionary's top level (`<< /Key value … >>`), in order. */
export function dictKeys(dict: string): string[] {
  const s = dict.trim();
  const keys: string[] = [];
  let i = s.indexOf('<<');
  if (i < 0) return keys;
  i += 2;
  const skipWs = () => {
    while (i < s.length && /\s/.test(s[i])) i++;
  };
  const name = () => {
    const m = /^\/[^\s/[\]<>()]*/.exec(s.slice(i));
    i += m ? m[0].length : 1;
    return m ? m[0].slice(1) : '';
  };
  const value = (): void => {
    skipWs();
    if (s.startsWith('<<', i)) {
      let depth = 0;
      while (i < s.length) {
        if (s.startsWith('<<', i)) {
          depth++;
          i += 2;
        } else if (s.startsWith('>>', i)) {
          depth--;
          i += 2;
          if (depth === 0) return;
        } else i++;
      }
    } else if (s[i] === '[') {
      let depth = 0;
      for (; i < s.length; i++) {
        if (s[i] === '[') depth++;
        else if (s[i] === ']' && --depth === 0) return void i++;
      }
    } else if (s[i] === '(') {
      let depth = 0;
      for (; i < s.length; i++) {
        if (s[i] === '\\') i++;
        else if (s[i] === '(') depth++;
        else if (s[i] === ')' && --depth === 0) return void i++;
      }
    } else if (s[i] === '<') i = s.indexOf('>', i) + 1;
    else if (s[i] === '/') name();
    else {
      // A number, true/false/null, or an indirect reference "n g R".
      const m = /^(\d+\s+\d+\s+R|[^\s/[\]<>()]+)/.exec(s.slice(i));
      i += m ? m[0].length : 1;
    }
  };
  for (;;) {
    skipWs();
    if (i >= s.length || s.startsWith('>>', i)) break;
    if (s[i] !== '/') break;
    keys.push(name());
    value();
  }
  return keys;
}

function pageTreeDepth(pdf: PdfFile, n: number, depth = 1): number {
  const d = objectDict(pdf, n);
  const kids = /\/Kids\s*\[([^\]]*)\]/.exec(d)?.[1] ?? '';
  let max = depth;
  for (const k of kids.matchAll(/(\d+) 0 R/g)) {
    const kd = objectDict(pdf, Number(k[1]));
    if (/\/Type\s*\/Pages\b/.test(kd)) max = Math.max(max, pageTreeDepth(pdf, Number(k[1]), depth + 1));
  }
  return max;
}

export function pdfShape(buf: Buffer): PdfShape {
  const pdf = loadPdf(buf);
  const text = pdf.text;
  const trailer = trailerDict(pdf);
  const catalogNum = refIn(trailer, 'Root');
  const catalog = catalogNum !== null ? objectDict(pdf, catalogNum) : '';
  const pagesRoot = refIn(catalog, 'Pages');
  const pages = pageList(pdf);
  const destsRef = refIn(catalog, 'Dests');
  const destsDict = destsRef !== null ? objectDict(pdf, destsRef) : '';
  const destKinds = [...new Set([...destsDict.matchAll(/\[\s*\d+ 0 R\s*\/(\w+)/g)].map((m) => m[1]))].sort();
  const xrefObj = pdf.xrefAt >= 0 ? text.slice(pdf.xrefAt, pdf.xrefAt + 400) : '';
  return {
    header: text.slice(0, 8),
    xref: text.startsWith('xref', pdf.xrefAt) ? 'table' : /\/Type\s*\/XRef\b/.test(xrefObj) ? 'stream' : 'none',
    startxrefs: [...text.matchAll(/startxref/g)].length,
    objectStreams: [...text.matchAll(/\/Type\s*\/ObjStm\b/g)].length,
    nonZeroGenerations: [...text.matchAll(/(?:^|[\r\n])\d+ ([1-9]\d*) obj\b/g)].length,
    trailerKeys: dictKeys(trailer.slice(trailer.indexOf('<<'))).sort(),
    catalogKeys: dictKeys(catalog).sort(),
    pageTreeDepth: pagesRoot !== null ? pageTreeDepth(pdf, pagesRoot) : 0,
    pageKeys: [...new Set(pages.flatMap((p) => dictKeys(objectDict(pdf, p))))].sort(),
    destsIn: destsRef !== null ? 'catalog /Dests' : /\/Names\b/.test(catalog) ? 'catalog /Names' : 'none',
    destKinds,
    pages: pages.length,
    dests: Object.fromEntries([...pdfDestinations(buf).dests].sort(([a], [b]) => a.localeCompare(b))),
  };
}

/** The fields where two shapes differ, one line each ("catalogKeys: expected […], got […]"). */
export function shapeDiff(expected: PdfShape, got: PdfShape): string[] {
  const out: string[] = [];
  for (const k of Object.keys(expected) as (keyof PdfShape)[]) {
    const a = JSON.stringify(expected[k]);
    const b = JSON.stringify(got[k]);
    if (a !== b) out.push(`${k}: expected ${a}, got ${b}`);
  }
  return out;
}

/** Per object: its dictionary text (whitespace folded) and stream length, for naming what a changed file changed. */
export function pdfObjects(buf: Buffer): Map<number, string> {
  const pdf = loadPdf(buf);
  const out = new Map<number, string>();
  for (const n of [...pdf.offsets.keys()].sort((a, b) => a - b)) {
    const dict = objectDict(pdf, n).replace(/\s+/g, ' ').trim();
    const start = pdf.offsets.get(n)!;
    const raw = pdf.text.slice(start, pdf.ends.get(n)!);
    const stream = raw.indexOf('stream');
    const end = raw.lastIndexOf('endstream');
    out.set(n, stream >= 0 && end > stream ? `${dict} [stream of ${end - stream - 7} bytes]` : dict);
  }
  return out;
}
