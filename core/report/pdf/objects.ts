// Just enough of the PDF file structure to read what Chromium's Skia backend writes: a classic xref table, one
// object after another, no object streams. Objects are located by the xref, never by scanning stream bytes.

export interface PdfFile {
  buf: Buffer;
  /** latin1 view of buf: one character per byte, so indexes are byte offsets. */
  text: string;
  /** Object number → byte offset of its "N 0 obj". */
  offsets: Map<number, number>;
  /** Object number → byte offset where the next object (or the xref) begins. */
  ends: Map<number, number>;
  xrefAt: number;
}

export function loadPdf(buf: Buffer): PdfFile {
  const text = buf.toString('latin1');
  const offsets = new Map<number, number>();
  const sx = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(text.slice(-1024));
  const xrefAt = sx ? Number(sx[1]) : -1;
  if (xrefAt >= 0 && text.startsWith('xref', xrefAt)) {
    let pos = xrefAt + 4;
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
    // Not a classic xref (not what Skia writes): fall back to scanning for object headers.
    for (const m of text.matchAll(/(?:^|[\r\n])(\d+) 0 obj\b/g))
      if (!offsets.has(Number(m[1]))) offsets.set(Number(m[1]), m.index! + m[0].indexOf(m[1]));
  }
  const sorted = [...offsets.entries()].sort((a, b) => a[1] - b[1]);
  const ends = new Map<number, number>();
  sorted.forEach(([n], i) =>
    ends.set(n, i + 1 < sorted.length ? sorted[i + 1][1] : xrefAt >= 0 ? xrefAt : text.length),
  );
  return { buf, text, offsets, ends, xrefAt };
}

/** The dictionary text of object n (up to its stream, if any). */
export function objectDict(pdf: PdfFile, n: number): string {
  const at = pdf.offsets.get(n);
  if (at === undefined) return '';
  const start = pdf.text.indexOf('obj', at) + 3;
  const end = pdf.text.indexOf('endobj', start);
  const stream = pdf.text.indexOf('stream', start);
  return pdf.text.slice(start, stream >= 0 && stream < end ? stream : end);
}

export function refIn(dict: string, key: string): number | null {
  const m = new RegExp(`/${key}\\s+(\\d+) 0 R`).exec(dict);
  return m ? Number(m[1]) : null;
}

export function trailerDict(pdf: PdfFile): string {
  const t = pdf.text.lastIndexOf('trailer');
  return t >= 0 ? pdf.text.slice(t, pdf.text.indexOf('>>', t) + 2) : '';
}

/** Page objects in document order. */
export function pageList(pdf: PdfFile): number[] {
  const catalog = objectDict(pdf, refIn(trailerDict(pdf), 'Root') ?? -1);
  const root = refIn(catalog, 'Pages');
  const out: number[] = [];
  const walk = (n: number, depth: number) => {
    if (depth > 32) return;
    const d = objectDict(pdf, n);
    if (/\/Type\s*\/Pages\b/.test(d)) {
      const kids = /\/Kids\s*\[([^\]]*)\]/.exec(d);
      for (const k of kids?.[1].matchAll(/(\d+) 0 R/g) ?? []) walk(Number(k[1]), depth + 1);
    } else out.push(n);
  };
  if (root !== null) walk(root, 0);
  return out;
}
