// OpenTelemetry traces of AI agents: OTLP/JSON as one document (`{"resourceSpans":[…]}`, e.g. an
// ExportTraceServiceRequest saved from an OTLP/HTTP endpoint) or as the Collector `file` exporter writes it (one
// ExportTraceServiceRequest per line); and Langfuse trace exports (`{trace, observations[]}`, where each
// observation's `metadata` holds the original span attributes), alone, in an array, or one per line.
// Field notes: shared/corpus/FIELDS.md §12.
//
// Every span / observation is a record of its own: the container is expanded into its spans, each with its exact
// bytes (util/json-slices.ts) and a ref {index, offset} (or {line, index, offset} in a JSON-lines file, the offset
// then counted within the line). The Langfuse `trace` object is a record too, merged into the root observation's
// event. Principal: the agent (gen_ai.agent.name / id, here or on an ancestor span), else the resource's
// service.name. Session key: gen_ai.conversation.id / mcp.session.id / session.id (here or on an ancestor), else the
// Langfuse trace.sessionId, else the trace id.
import type { RecordRef } from '../../core/model/event.js';
import type { Importer, InputRecord, RecordParser, Sample, Sink } from '../types.js';
import { format } from './format.js';
import { sliceAt, type PathSegment, type Slice } from '../util/json-slices.js';
import { toMicros } from '../../core/model/time.js';
import { fromLangfuse, fromOtlp, isObj, langfuseMetadata, type SpanInfo } from './span.js';
import { TraceBook } from './traces.js';

type Obj = Record<string, unknown>;

const OTLP_PATHS: PathSegment[][] = [
  ['resourceSpans', '*', 'scopeSpans', '*', 'spans', '*'],
  ['resourceSpans', '*', 'instrumentationLibrarySpans', '*', 'spans', '*'],
];
const HEAD_OTLP = /^\s*\[?\s*\{\s*"resourceSpans"\s*:/;
const HEAD_LANGFUSE = /^\s*\[?\s*\{\s*"trace"\s*:\s*\{/;

function kindOf(v: unknown): 'otlp' | 'langfuse' | 'observation' | null {
  if (!isObj(v)) return null;
  if (Array.isArray(v.resourceSpans)) return 'otlp';
  if (isObj(v.trace) && Array.isArray(v.observations)) return 'langfuse';
  if (
    typeof v.traceId === 'string' &&
    typeof v.id === 'string' &&
    typeof v.type === 'string' &&
    v.startTime !== undefined
  )
    return 'observation';
  return null;
}

function detect(sample: Sample): number {
  if (sample.values.length > 0) {
    let hits = 0;
    for (const v of sample.values) if (kindOf(v)) hits++;
    return hits === 0 ? 0 : 0.97 * (hits / sample.values.length);
  }
  // A single document bigger than the sample never parses there: judge its opening.
  if (HEAD_OTLP.test(sample.head)) return 0.9;
  if (HEAD_LANGFUSE.test(sample.head) && sample.head.includes('"observations"')) return 0.9;
  return 0;
}

interface Located {
  slice: Slice;
  value: Obj | null;
  resource: Obj;
  scope: string | null;
}

/**
 * A span / observation as a record of its own. The text is only read when nothing else describes the record (the
 * value is parsed already): it is decoded on demand. (A class, not an object literal with a getter: one shape for
 * all parts instead of a new getter closure per part.)
 */
class Part implements InputRecord {
  private decoded: string | undefined;
  constructor(
    readonly ref: RecordRef,
    readonly bytes: Buffer,
    readonly value: unknown,
  ) {}
  get text(): string {
    return (this.decoded ??= this.bytes.toString('utf8'));
  }
}
const NO_SLICE: Slice = { start: 0, end: 0 };

class OtelParser implements RecordParser {
  private readonly book = new TraceBook();
  private partIndex = 0;

  push(rec: InputRecord, sink: Sink): void {
    const v = rec.value;
    const kind = kindOf(v);
    if (!kind)
      return sink.reject(
        rec,
        'not an OTLP/JSON trace export (resourceSpans) nor a Langfuse trace export (trace + observations)',
      );
    if (kind === 'otlp') this.otlp(rec, v as Obj, sink);
    else if (kind === 'langfuse') this.langfuse(rec, v as Obj, sink);
    else {
      const sp = fromLangfuse(v as Obj, '');
      const id = this.book.add(rec, sp);
      this.book.settle([id], sink);
    }
  }

  end(sink: Sink): void {
    this.book.flushAll(sink);
  }

  private ref(container: InputRecord, slice: Slice, i: number): RecordRef {
    const r = container.ref as { line?: number; index?: number; offset?: number };
    if (r.line !== undefined) return { line: r.line, index: i, offset: slice.start };
    return { index: this.partIndex++, offset: (r.offset ?? 0) + slice.start };
  }

  private part(container: InputRecord, slice: Slice, i: number, value: unknown): InputRecord {
    return new Part(this.ref(container, slice, i), container.bytes.subarray(slice.start, slice.end), value);
  }

  private otlp(rec: InputRecord, v: Obj, sink: Sink): void {
    const located: Located[] = [];
    for (const path of OTLP_PATHS) {
      const key = path[2] as string;
      const first = located.length;
      for (const rs of v.resourceSpans as unknown[]) {
        if (!isObj(rs)) continue;
        const groups = rs[key];
        if (!Array.isArray(groups)) continue;
        const resource = attrsOf(isObj(rs.resource) ? rs.resource.attributes : undefined);
        for (const g of groups) {
          if (!isObj(g) || !Array.isArray(g.spans)) continue;
          const sc = isObj(g.scope) ? g.scope : isObj(g.instrumentationLibrary) ? g.instrumentationLibrary : null;
          const scope = sc && typeof sc.name === 'string' ? sc.name : null;
          for (const span of g.spans)
            located.push({ slice: NO_SLICE, value: isObj(span) ? span : null, resource, scope });
        }
      }
      if (located.length === first) continue;
      const slices = sliceAt(rec.bytes, path);
      if (slices.length !== located.length - first) {
        return sink.reject(
          rec,
          `cannot locate the bytes of its ${located.length - first} spans (found ${slices.length}; duplicate keys?)`,
        );
      }
      for (let i = 0; i < slices.length; i++) located[first + i].slice = slices[i];
    }
    if (located.length === 0) return sink.reject(rec, 'OTLP export with no spans');
    // Both span layouts in one request (rare) are put back in document order.
    for (let i = 1; i < located.length; i++) {
      if (located[i].slice.start < located[i - 1].slice.start) {
        located.sort((a, b) => a.slice.start - b.slice.start);
        break;
      }
    }
    const parts = located.map((l, i) => this.part(rec, l.slice, i, l.value ?? undefined));
    sink.expand(rec, parts);
    // The traces this request touched (its spans mostly share one trace: repeats are skipped as they come).
    const touched: string[] = [];
    for (let i = 0; i < parts.length; i++) {
      const l = located[i];
      if (!l.value) {
        sink.reject(parts[i], 'span is not a JSON object');
        continue;
      }
      const id = this.book.add(parts[i], fromOtlp(l.value, l.resource, l.scope));
      if (touched.length === 0 || (touched[touched.length - 1] !== id && !touched.includes(id))) touched.push(id);
    }
    this.book.settle(touched, sink);
  }

  private langfuse(rec: InputRecord, v: Obj, sink: Sink): void {
    const trace = v.trace as Obj;
    const observations = v.observations as unknown[];
    const traceSlice = sliceAt(rec.bytes, ['trace']);
    const obsSlices = sliceAt(rec.bytes, ['observations', '*']);
    if (traceSlice.length !== 1 || obsSlices.length !== observations.length) {
      return sink.reject(
        rec,
        `cannot locate the bytes of the trace and its ${observations.length} observations (duplicate keys?)`,
      );
    }
    const header = this.part(rec, traceSlice[0], 0, trace);
    const parts = [header, ...observations.map((o, i) => this.part(rec, obsSlices[i], i + 1, o))];
    sink.expand(rec, parts);
    const traceId = typeof trace.id === 'string' ? trace.id : '';
    const meta = langfuseMetadata(trace.metadata);
    const headerSpan: SpanInfo = {
      traceId,
      spanId: null,
      parentId: null,
      name: typeof trace.name === 'string' ? trace.name : 'trace',
      start: toMicros(trace.timestamp),
      startRaw: trace.timestamp,
      end: null,
      attrs: meta.attrs,
      resource: meta.resource,
      scope: meta.scope,
      status: 'unset',
      statusMessage: null,
      obsType: 'TRACE',
      model: null,
      input: trace.input,
      output: trace.output,
    };
    const session =
      str(trace.sessionId) ?? str(meta.attrs['langsmith.metadata.session_id']) ?? str(meta.attrs['session.id']);
    this.book.document(traceId, session, str(trace.userId) ?? str(meta.attrs['user.id']), {
      part: header,
      span: headerSpan,
    });
    const touched = new Set<string>([traceId]);
    for (let i = 0; i < observations.length; i++) {
      const o = observations[i];
      const part = parts[i + 1];
      if (!isObj(o)) {
        sink.reject(part, 'observation is not a JSON object');
        continue;
      }
      const sp = fromLangfuse(o, traceId);
      if (sp.traceId !== traceId) this.book.document(sp.traceId, session, str(trace.userId), null);
      touched.add(this.book.add(part, sp));
    }
    this.book.settle(touched, sink);
  }
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

function attrsOf(list: unknown): Obj {
  const out: Obj = {};
  if (!Array.isArray(list)) return out;
  for (const kv of list) {
    if (!isObj(kv) || typeof kv.key !== 'string') continue;
    const val = isObj(kv.value)
      ? (kv.value.stringValue ?? kv.value.intValue ?? kv.value.doubleValue ?? kv.value.boolValue)
      : undefined;
    out[kv.key] = val;
  }
  return out;
}

export const importer: Importer = {
  id: format.id,
  version: '3',
  title: format.title,
  input: 'json',
  detect,
  createParser: () => new OtelParser(),
};
