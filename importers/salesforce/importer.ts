// Salesforce Event Monitoring: EventLogFile CSVs (one file per event type, as downloaded from an EventLogFile's
// LogFile) and Real-Time Event Monitoring objects (LoginEvent, ApiEvent, ReportEvent…) as REST query results
// (`{"totalSize":…,"done":…,"records":[…]}`), `sf data query --json` output (`{"status":0,"result":{"records":[…]}}`),
// JSON lines or arrays of objects, or `sf data query --result-format csv`. No corpus sample exists: the fixtures are
// written from Salesforce's field references (README.md). A query result is expanded into its records (each its
// exact bytes); its metadata is no record.
import type { Importer, InputRecord, RecordParser, Sample, Sink } from '../types.js';
import { format } from './format.js';
import { sampleScore } from '../util/detect.js';
import { isObj, type Obj } from '../util/fields.js';
import { sliceAt } from '../util/json-slices.js';
import { PartMaker } from '../util/parts.js';
import { fromEventLogFile } from './elf.js';
import { fromObject, objectType } from './rtem.js';
import { normalizeRecord } from './normalize.js';

const ELF_KEYS = [
  'EVENT_TYPE',
  'TIMESTAMP',
  'TIMESTAMP_DERIVED',
  'USER_ID',
  'USER_ID_DERIVED',
  'ORGANIZATION_ID',
  'REQUEST_ID',
  'SESSION_KEY',
  'LOGIN_KEY',
];
const RTEM_KEYS = ['EventDate', 'EventIdentifier', 'UserId', 'Username', 'SessionKey', 'LoginKey', 'SourceIp'];

function keyScore(keys: Set<string>): number {
  if (keys.has('EVENT_TYPE') && (keys.has('TIMESTAMP') || keys.has('TIMESTAMP_DERIVED'))) {
    const hits = ELF_KEYS.filter((k) => keys.has(k)).length;
    return hits >= 5 ? 0.9 : hits >= 4 ? 0.75 : 0;
  }
  if (keys.has('EventDate')) {
    const hits = RTEM_KEYS.filter((k) => keys.has(k)).length;
    return hits >= 4 ? 0.85 : 0;
  }
  return 0;
}

/** The records of a query result, and where they are: REST `{records}`, or sf CLI `{result: {records}}`. */
function containerOf(v: Obj): { records: unknown[]; path: string[] } | null {
  if (Array.isArray(v.records) && (v.totalSize !== undefined || v.done !== undefined))
    return { records: v.records, path: ['records', '*'] };
  if (isObj(v.result) && Array.isArray(v.result.records) && v.status !== undefined)
    return { records: v.result.records, path: ['result', 'records', '*'] };
  return null;
}

function scoreRecord(v: unknown): number {
  if (!isObj(v)) return 0;
  const c = containerOf(v);
  if (c) {
    const first = c.records[0];
    if (c.records.length === 0) return 0.5;
    return isObj(first) && objectType(first) ? 0.95 : 0;
  }
  if (isObj(v.attributes) && objectType(v) && v.EventDate !== undefined) return 0.9;
  return keyScore(new Set(Object.keys(v)));
}

function detect(sample: Sample): number {
  if (sample.csvHeader) return keyScore(new Set(sample.csvHeader));
  return sampleScore(sample.values, scoreRecord);
}

class SalesforceParser implements RecordParser {
  private readonly parts = new PartMaker();

  push(rec: InputRecord, sink: Sink): void {
    const v = rec.value;
    if (!isObj(v)) return sink.reject(rec, 'not a JSON object or CSV row');
    const c = containerOf(v);
    if (c) return this.container(rec, c, sink);
    this.one(rec, v, sink);
  }

  end(): void {}

  private one(rec: InputRecord, v: Obj, sink: Sink): void {
    let out;
    if (typeof v.EVENT_TYPE === 'string') out = normalizeRecord(fromEventLogFile(v));
    else {
      const type = objectType(v);
      if (!type)
        return sink.reject(
          rec,
          'not an EventLogFile row (EVENT_TYPE) nor a Real-Time Event Monitoring object (attributes.type, EventDate)',
        );
      out = normalizeRecord(fromObject(v, type));
    }
    if (typeof out === 'string') sink.reject(rec, out);
    else sink.event(out, rec);
  }

  private container(rec: InputRecord, c: { records: unknown[]; path: string[] }, sink: Sink): void {
    if (c.records.length === 0) return sink.reject(rec, 'a query result with no records');
    const slices = sliceAt(rec.bytes, c.path);
    if (slices.length !== c.records.length)
      return sink.reject(rec, `cannot locate the bytes of its ${c.records.length} records (found ${slices.length})`);
    const parts = slices.map((s, i) => this.parts.part(rec, s, i, c.records[i]));
    sink.expand(rec, parts);
    for (const p of parts) {
      if (!isObj(p.value)) sink.reject(p, 'record is not a JSON object');
      else this.one(p, p.value, sink);
    }
  }
}

export const importer: Importer = {
  id: format.id,
  version: '1',
  title: format.title,
  input: 'any',
  detect,
  createParser: () => new SalesforceParser(),
};
