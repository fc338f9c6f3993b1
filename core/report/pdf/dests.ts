// Page numbers for the contents, read back from the PDF Chromium printed. Chromium (Skia) writes a named
// destination for every in-document link target (the contents links to each section), in the catalog's /Dests
// dictionary, each pointing at a page object; the page tree's order gives the page number. Skia writes a
// classic xref table, which locates every object exactly (stream bytes are never scanned for keywords).
// The same holds for Electron's printToPDF, which is the same Skia backend.

interface Pdf { text: string; offsets: Map<number, number> }

function load(buf: Buffer): Pdf {
  const text = buf.toString('latin1');
  const offsets = new Map<number, number>();
  const sx = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(text.slice(-1024));
  if (sx && text.startsWith('xref', Number(sx[1]))) {
    let pos = Number(sx[1]) + 4;
    const re = /\s*(\d+) (\d+)\s*\n/y;
    for (;;) {
      re.lastIndex = pos;
      const head = re.exec(text);
      if (!head) break;
      const first = Number(head[1]);
      const count = Number(head[2]);
      pos = re.lastIndex;
      for (let i = 0; i < count; i++, pos += 20) {
        const entry = text.slice(pos, pos + 20);
        if (entry[17] === 'n') offsets.set(first + i, Number(entry.slice(0, 10)));
      }
    }
  }
  if (offsets.size === 0) {
    // No classic xref (not what Skia writes): fall back to scanning for object headers.
    for (const m of text.matchAll(/(?:^|[\r\n])(\d+) 0 obj\b/g)) if (!offsets.has(Number(m[1]))) offsets.set(Number(m[1]), m.index! + m[0].indexOf(m[1]));
  }
  return { text, offsets };
}

/** The dictionary text of object n (up to its stream, if any). */
function obj(pdf: Pdf, n: number): string {
  const at = pdf.offsets.get(n);
  if (at === undefined) return '';
  const start = pdf.text.indexOf('obj', at) + 3;
  const end = pdf.text.indexOf('endobj', start);
  const stream = pdf.text.indexOf('stream', start);
  return pdf.text.slice(start, stream >= 0 && stream < end ? stream : end);
}

const ref = (s: string, key: string): number | null => {
  const m = new RegExp(`/${key}\\s+(\\d+) 0 R`).exec(s);
  return m ? Number(m[1]) : null;
};

function pageOrder(pdf: Pdf, root: number): number[] {
  const out: number[] = [];
  const walk = (n: number, depth: number) => {
    if (depth > 32) return;
    const d = obj(pdf, n);
    if (/\/Type\s*\/Pages\b/.test(d)) {
      const kids = /\/Kids\s*\[([^\]]*)\]/.exec(d);
      for (const k of kids?.[1].matchAll(/(\d+) 0 R/g) ?? []) walk(Number(k[1]), depth + 1);
    } else out.push(n);
  };
  walk(root, 0);
  return out;
}

function decodeName(s: string): string {
  return s.replace(/#([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** Named destination → 1-based page number, and the page count. */
export function pdfDestinations(buf: Buffer): { pages: number; dests: Map<string, number> } {
  const pdf = load(buf);
  const trailer = pdf.text.lastIndexOf('trailer');
  const rootRef = ref(trailer >= 0 ? pdf.text.slice(trailer) : '', 'Root');
  const catalog = rootRef !== null ? obj(pdf, rootRef) : '';
  const pagesRef = ref(catalog, 'Pages');
  const order = pagesRef !== null ? pageOrder(pdf, pagesRef) : [];
  const pageNo = new Map(order.map((n, i) => [n, i + 1]));
  const dests = new Map<string, number>();
  const destsRef = ref(catalog, 'Dests');
  const dict = destsRef !== null ? obj(pdf, destsRef) : '';
  for (const m of dict.matchAll(/\/([^\s/[\]<>()]+)\s*\[\s*(\d+) 0 R/g)) {
    const p = pageNo.get(Number(m[2]));
    if (p !== undefined) dests.set(decodeName(m[1]), p);
  }
  return { pages: order.length, dests };
}
