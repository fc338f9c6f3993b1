// Splitting JSON into records: the wrapper documents APIs page their records in, whatever comes before the
// records key, and the documents that only look like one.
import { describe, expect, it } from 'vitest';
import { JsonSplitter } from './json-stream.js';
import { sniff } from './sniff.js';
import type { Piece } from './piece.js';

/** The records of a text, fed in chunks of `chunk` bytes (1 = every boundary a chunk can fall on). */
function split(text: string, chunk = 1 << 16): Piece[] {
  const out: Piece[] = [];
  const sp = new JsonSplitter((p) => out.push(p));
  const b = Buffer.from(text, 'utf8');
  for (let i = 0; i < b.length; i += chunk) sp.push(b.subarray(i, i + chunk));
  sp.end();
  return out;
}

const texts = (ps: Piece[]) => ps.map((p) => p.bytes.toString('utf8'));

describe('JSON wrapper documents', () => {
  const graphPage =
    '{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#auditLogs/signIns","@odata.count":2,' +
    '"value":[{"id":"a","n":[1,2]},{"id":"b"}],"@odata.nextLink":"https://graph.microsoft.com/v1.0/next?$skiptoken=x"}';

  it('splits a page whose records key follows scalar metadata (Graph, versioned APIs)', () => {
    for (const chunk of [1, 7, 1 << 16]) {
      const recs = split(graphPage, chunk);
      expect(texts(recs), `chunks of ${chunk}`).toEqual(['{"id":"a","n":[1,2]}', '{"id":"b"}']);
      expect(recs.map((r) => r.ref)).toEqual([
        { index: 0, offset: graphPage.indexOf('{"id":"a"') },
        { index: 1, offset: graphPage.indexOf('{"id":"b"') },
      ]);
    }
    const versioned = '{\n  "version": 2,\n  "truncated": false,\n  "logs": [\n    {"t": 1},\n    {"t": 2}\n  ]\n}\n';
    expect(texts(split(versioned, 3))).toEqual(['{"t": 1}', '{"t": 2}']);
  });

  it('reads metadata strings with escapes, numbers and literals before the records key', () => {
    const doc = '{"note":"a \\"quoted\\" [x], {y}","n":-1.5e3,"ok":true,"none":null,"records":[{"r":1}]}';
    expect(texts(split(doc, 2))).toEqual(['{"r":1}']);
  });

  it('splits each of several pages, each with its metadata', () => {
    const two = `${graphPage}\n${graphPage.replace('"a"', '"c"').replace('"b"', '"d"')}\n`;
    expect(split(two, 5).map((p) => JSON.parse(p.bytes.toString('utf8')).id)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('keeps a document whole when an object or another array comes before the records key', () => {
    const tagged = '{"id":1,"tags":["x"],"items":[{"a":1}]}';
    expect(texts(split(tagged))).toEqual([tagged]);
    const nested = '{"meta":{"page":1},"value":[{"a":1}]}';
    expect(texts(split(nested, 3))).toEqual([nested]);
    // A records key holding something else than an array is a field, not a page.
    const field = '{"value":42,"events":"none"}';
    expect(texts(split(field))).toEqual([field]);
  });

  it('still reads a records key that comes first, and bare arrays', () => {
    expect(texts(split('{"Records":[{"a":1},{"a":2}]}', 4))).toEqual(['{"a":1}', '{"a":2}']);
    expect(texts(split('[{"a":1},{"a":2}]', 3))).toEqual(['{"a":1}', '{"a":2}']);
  });

  it('tells a one-line page from JSON lines when sniffing a file', () => {
    const page = sniff('page.json', Buffer.from(graphPage + '\n'), true);
    expect(page.jsonLayout).toBe('stream');
    expect(page.sample.values).toEqual([{ id: 'a', n: [1, 2] }, { id: 'b' }]);
    const lines = sniff('x.jsonl', Buffer.from('{"id":1,"tags":["x"],"items":[1]}\n{"id":2}\n'), true);
    expect(lines.jsonLayout).toBe('lines');
    expect(lines.sample.values).toHaveLength(2);
  });
});
