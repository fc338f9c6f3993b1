// The CSV reader (importers/read/csv.ts) against csv-parse, which it replaced: the same records, values and line
// numbers on every CSV fixture and on the awkward shapes (quotes, embedded line feeds, CRLF, ragged rows), split
// at every chunk boundary; and what csv-parse did not do: exact record bytes, bounded memory, a clear reason for a
// quote left open.
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { CsvSplitter, csvFields, type CsvPiece } from '../../importers/read/csv.js';
import { ROOT } from '../helpers.js';

function split(text: string | Buffer, chunk = 1 << 16, max?: number): CsvPiece[] {
  const out: CsvPiece[] = [];
  const sp = new CsvSplitter((p) => out.push(p), ',', max, 64);
  const b = Buffer.isBuffer(text) ? text : Buffer.from(text);
  for (let i = 0; i < b.length; i += chunk) sp.push(b.subarray(i, i + chunk));
  sp.end();
  return out;
}

function reference(text: string): { value: Record<string, string>; line: number }[] {
  const rows = parse(text, {
    bom: true,
    columns: (h: string[]) => h.map((x, i) => x.trim() || `column_${i + 1}`),
    relax_column_count: true,
    relax_quotes: true,
    skip_records_with_error: true,
    skip_empty_lines: true,
    raw: true,
    info: true,
  }) as { record: Record<string, string>; raw: string; info: { lines: number } }[];
  return rows.map((r) => ({
    value: r.record,
    line: r.info.lines - (r.raw.replace(/\r?\n$/, '').match(/\n/g) ?? []).length,
  }));
}

const SHAPES = [
  'a,b\n1,2,3\n4\n',
  'a,b\n1,x"y\n"q""z",5\n',
  'a,b\n"1"x,2\n3,4\n',
  'a,b\n"multi\nline",2\n3,4\n',
  ' a , ,c\n1,2,3\n',
  'a,b\n"",""\n,\n',
  '\uFEFFa,b\n"x,y","he said ""hi"""\n',
];

function csvFixtures(): string[] {
  const dir = path.join(ROOT, 'importers');
  const out: string[] = [];
  for (const f of readdirSync(dir)) {
    const fx = path.join(dir, f, 'fixtures');
    try {
      if (!statSync(fx).isDirectory()) continue;
    } catch {
      continue;
    }
    for (const x of readdirSync(fx)) if (x.endsWith('.csv')) out.push(path.join(fx, x));
  }
  return out;
}

describe('CSV reader', () => {
  for (const [i, text] of SHAPES.entries())
    it(`reads shape ${i} as csv-parse does, at any chunk boundary`, () => {
      const want = reference(text);
      for (const chunk of [1, 2, 3, 7, 1 << 16]) {
        const got = split(text, chunk);
        expect(got.every((p) => !p.error)).toBe(true);
        expect(got.map((p) => ({ value: p.value, line: (p.ref as { line: number }).line }))).toEqual(want);
      }
    });

  for (const file of csvFixtures())
    it(`reads ${path.relative(ROOT, file)} as csv-parse does`, () => {
      const text = readFileSync(file, 'utf8');
      const got = split(text, 97).filter((p) => !p.error);
      expect(got.map((p) => ({ value: p.value, line: (p.ref as { line: number }).line }))).toEqual(reference(text));
    });

  it('numbers records by the line they start on, blank lines counted (csv-parse did not count them)', () => {
    const got = split('a,b\n\n\n1,2\n\n3,4\n');
    expect(got.map((p) => [(p.ref as { line: number }).line, p.value])).toEqual([
      [4, { a: '1', b: '2' }],
      [6, { a: '3', b: '4' }],
    ]);
  });

  it('keeps each record’s exact bytes, without its line terminator', () => {
    const got = split('a,b\r\n"x\r\ny",2\r\n\r\n3,4');
    expect(got.map((p) => p.bytes.toString())).toEqual(['"x\r\ny",2', '3,4']);
    expect(got.map((p) => (p.ref as { line: number }).line)).toEqual([2, 5]);
    expect(got[0].value).toEqual({ a: 'x\r\ny', b: '2' });
  });

  it('says why a record cannot be read: a quote left open, bad UTF-8, a record too long', () => {
    const open = split('a,b\n1,2\n"3,4\n5,6\n');
    expect(open.at(-1)).toMatchObject({
      ref: { line: 3 },
      error: 'malformed CSV: a quoted field is not closed before the end of the file',
    });
    const bad = split(Buffer.concat([Buffer.from('a,b\n1,'), Buffer.from([0xff, 0xfe]), Buffer.from('\n3,4\n')]));
    expect(bad.map((p) => p.error ?? p.value)).toEqual(['invalid UTF-8 in this row', { a: '3', b: '4' }]);
    const long = split(`a,b\n1,${'x'.repeat(500)}\n3,4\n`, 64, 100);
    expect(long[0]).toMatchObject({ truncated: true, error: 'record is 502 bytes, over the 100-byte limit' });
    expect(long[0].bytes.length).toBe(64);
    expect(long[1].value).toEqual({ a: '3', b: '4' });
  });

  it('splits fields with quotes, delimiters and text after a closing quote', () => {
    expect(csvFields('"a,b","c""d",e,"f"g,', ',')).toEqual(['a,b', 'c"d', 'e', '"f"g', '']);
    expect(csvFields('x;"y;z"', ';')).toEqual(['x', 'y;z']);
  });
});
