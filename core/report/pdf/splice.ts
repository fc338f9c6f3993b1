// Replaces the first k pages of a long PDF with the pages of a short one — both printed by Chromium from the
// same report. The long print (pass 1) gave the page of every section; the short one is just the cover and
// contents printed again with those page numbers. Re-printing only the front matter, instead of all of it,
// halves the time a long report takes.
//
// Objects of the short PDF are renumbered after the long PDF's; references are rewritten only in dictionary
// text, never inside stream bytes. A new flat page tree lists the short PDF's pages then the long PDF's from
// k+1; a new catalog keeps the long PDF's named destinations and outline, with any reference to a replaced
// page pointing at its replacement.
import { loadPdf, objectDict, pageList, refIn, trailerDict, type PdfFile } from './objects.js';

interface Obj {
  num: number;
  body: Buffer;
}

/** Object n's bytes ("n 0 obj … endobj"), its references renumbered through map (dictionary part only). */
function rewrite(
  pdf: PdfFile,
  n: number,
  newNum: number,
  map: (ref: number) => number,
  dictEdit: (dict: string) => string = (d) => d,
): Buffer {
  const at = pdf.offsets.get(n)!;
  const end = pdf.ends.get(n)!;
  const raw = pdf.text.slice(at, end);
  const objKw = raw.indexOf('obj') + 3;
  const streamKw = raw.indexOf('stream', objKw);
  const endobj = raw.indexOf('endobj', objKw);
  const dictEnd = streamKw >= 0 && streamKw < endobj ? streamKw : endobj;
  const dict = dictEdit(raw.slice(objKw, dictEnd)).replace(/(\d+) 0 R\b/g, (_, r: string) => `${map(Number(r))} 0 R`);
  const head = Buffer.from(`${newNum} 0 obj${dict}`, 'latin1');
  // The rest (stream bytes and the endobj) is copied byte for byte.
  return Buffer.concat([
    head,
    pdf.buf.subarray(at + dictEnd, at + raw.lastIndexOf('endobj') + 6),
    Buffer.from('\n', 'latin1'),
  ]);
}

export function replaceFrontPages(long: Buffer, front: Buffer, k: number): Buffer {
  const L = loadPdf(long);
  const F = loadPdf(front);
  const lPages = pageList(L);
  const fPages = pageList(F);
  if (fPages.length !== k || lPages.length < k)
    throw new Error(`cannot splice: the front matter has ${fPages.length} pages, expected ${k}`);
  const base = Math.max(...L.offsets.keys());
  const shift = (r: number) => r + base;
  const replaced = new Map(lPages.slice(0, k).map((p, i) => [p, shift(fPages[i])]));
  const pagesNum = base + Math.max(...F.offsets.keys()) + 1;
  const catalogNum = pagesNum + 1;
  const lMap = (r: number) => replaced.get(r) ?? r;
  const withParent = (d: string) => d.replace(/\/Parent\s+\d+ 0 R/, `/Parent ${pagesNum} 0 R`);
  const objs: Obj[] = [];
  const lKept = new Set(lPages.slice(k));
  for (const n of [...L.offsets.keys()].sort((a, b) => a - b)) {
    if (replaced.has(n)) continue;
    objs.push({ num: n, body: rewrite(L, n, n, lMap, lKept.has(n) ? withParent : undefined) });
  }
  const fSet = new Set(fPages);
  for (const n of [...F.offsets.keys()].sort((a, b) => a - b)) {
    objs.push({ num: shift(n), body: rewrite(F, n, shift(n), shift, fSet.has(n) ? withParent : undefined) });
  }
  const kids = [...fPages.map(shift), ...lPages.slice(k)];
  objs.push({
    num: pagesNum,
    body: Buffer.from(
      `${pagesNum} 0 obj\n<</Type /Pages\n/Count ${kids.length}\n/Kids [${kids.map((x) => `${x} 0 R`).join(' ')}]>>\nendobj\n`,
      'latin1',
    ),
  });
  const lTrailer = trailerDict(L);
  const lCatalog = objectDict(L, refIn(lTrailer, 'Root')!)
    .replace(/(\d+) 0 R\b/g, (_, r: string) => `${lMap(Number(r))} 0 R`)
    .replace(/\/Pages\s+\d+ 0 R/, `/Pages ${pagesNum} 0 R`)
    // The long print's structure tree (when tagged) describes its own front pages, which are gone.
    .replace(/\/StructTreeRoot\s+\d+ 0 R/, '')
    .replace(/\/MarkInfo\s*<<[^>]*>>/, '');
  objs.push({ num: catalogNum, body: Buffer.from(`${catalogNum} 0 obj${lCatalog}\nendobj\n`, 'latin1') });

  const header = Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1');
  const parts: Buffer[] = [header];
  const offsets = new Map<number, number>();
  let pos = header.length;
  for (const o of objs.sort((a, b) => a.num - b.num)) {
    offsets.set(o.num, pos);
    parts.push(o.body);
    pos += o.body.length;
  }
  const size = catalogNum + 1;
  let xref = `xref\n0 ${size}\n0000000000 65535 f \n`;
  for (let i = 1; i < size; i++) {
    const at = offsets.get(i);
    xref += at === undefined ? '0000000000 65535 f \n' : `${String(at).padStart(10, '0')} 00000 n \n`;
  }
  const info = refIn(lTrailer, 'Info');
  xref += `trailer\n<</Size ${size}\n/Root ${catalogNum} 0 R${info !== null ? `\n/Info ${info} 0 R` : ''}>>\nstartxref\n${pos}\n%%EOF\n`;
  parts.push(Buffer.from(xref, 'latin1'));
  return Buffer.concat(parts);
}
