// One span, whichever export carried it: an OTLP/JSON span (attributes as [{key, value:{stringValue|…}}], ids in hex
// or base64, times in Unix nanoseconds) or a Langfuse observation (the original span attributes in `metadata`, a
// JSON string; times ISO). Everything downstream reads this shape.
import { toMicros } from '../../core/model/time.js';

type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

export interface SpanInfo {
  traceId: string;
  spanId: string | null;
  parentId: string | null;
  name: string;
  start: number | null;
  startRaw: unknown;
  end: number | null;
  attrs: Obj;
  resource: Obj;
  scope: string | null;
  status: 'error' | 'ok' | 'unset';
  statusMessage: string | null;
  /** Langfuse observation type (SPAN, GENERATION, TOOL, AGENT, CHAIN, EVENT). */
  obsType: string | null;
  model: string | null;
  input: unknown;
  output: unknown;
}

/** OTLP AnyValue → a plain value. */
export function anyValue(v: unknown): unknown {
  if (!isObj(v)) return v;
  if ('stringValue' in v) return v.stringValue;
  if ('intValue' in v) return typeof v.intValue === 'string' ? Number(v.intValue) : v.intValue;
  if ('doubleValue' in v) return v.doubleValue;
  if ('boolValue' in v) return v.boolValue;
  if ('arrayValue' in v) {
    const vals = isObj(v.arrayValue) && Array.isArray(v.arrayValue.values) ? v.arrayValue.values : [];
    return vals.map(anyValue);
  }
  if ('kvlistValue' in v) return attributes(isObj(v.kvlistValue) ? v.kvlistValue.values : undefined);
  if ('bytesValue' in v) return v.bytesValue;
  return undefined;
}

/** OTLP KeyValue[] → an object keyed by attribute name. */
export function attributes(list: unknown): Obj {
  const out: Obj = {};
  if (!Array.isArray(list)) return out;
  for (const kv of list) if (isObj(kv) && typeof kv.key === 'string') out[kv.key] = anyValue(kv.value);
  return out;
}

const HEX_ID = /^[0-9a-fA-F]+$/;

/** True when `v` is all lower-case hex digits (the common spelling of OTLP/JSON ids: no copy needed). */
function isLowerHex(v: string): boolean {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

/** OTLP/JSON ids are hex; the protobuf JSON mapping writes them base64. Both become lower-case hex. */
export function hexId(v: unknown, bytes: number): string | null {
  if (typeof v !== 'string' || v === '') return null;
  if (v.length === bytes * 2) {
    if (isLowerHex(v)) return v;
    if (HEX_ID.test(v)) return v.toLowerCase();
  }
  const b = Buffer.from(v, 'base64');
  if (b.length === bytes) return b.toString('hex');
  return v;
}

function statusOf(code: unknown): 'error' | 'ok' | 'unset' {
  if (code === 2 || code === 'STATUS_CODE_ERROR' || code === 'ERROR') return 'error';
  if (code === 1 || code === 'STATUS_CODE_OK' || code === 'OK') return 'ok';
  return 'unset';
}

/**
 * `startTimeUnixNano` as OTLP/JSON writes it (a decimal string of 18–19 digits) → µs, as toMicros would give it
 * (the nanoseconds cut off by digits), without its general parsing; anything else goes through toMicros.
 */
function nanosToMicros(v: unknown): number | null {
  if (typeof v === 'string' && (v.length === 19 || v.length === 18)) {
    let digits = true;
    for (let i = 0; i < v.length; i++) {
      const c = v.charCodeAt(i);
      if (c < 48 || c > 57) {
        digits = false;
        break;
      }
    }
    if (digits) return Number(v.slice(0, v.length - 3));
  }
  return toMicros(v);
}

export function fromOtlp(span: Obj, resource: Obj, scope: string | null): SpanInfo {
  const status = isObj(span.status) ? span.status : {};
  return {
    traceId: hexId(span.traceId, 16) ?? '',
    spanId: hexId(span.spanId, 8),
    parentId: hexId(span.parentSpanId, 8),
    name: typeof span.name === 'string' ? span.name : '',
    start: nanosToMicros(span.startTimeUnixNano),
    startRaw: span.startTimeUnixNano,
    end: null, // not used: an event is placed at its start
    attrs: attributes(span.attributes),
    resource,
    scope,
    status: statusOf(status.code),
    statusMessage: typeof status.message === 'string' && status.message !== '' ? status.message : null,
    obsType: null,
    model: null,
    input: undefined,
    output: undefined,
  };
}

/** A Langfuse observation's `metadata`: {attributes, resourceAttributes, scope}, stored as a JSON string. */
export function langfuseMetadata(v: unknown): { attrs: Obj; resource: Obj; scope: string | null } {
  let m = v;
  if (typeof m === 'string') {
    try {
      m = JSON.parse(m);
    } catch {
      m = null;
    }
  }
  if (!isObj(m)) return { attrs: {}, resource: {}, scope: null };
  const scope = isObj(m.scope) && typeof m.scope.name === 'string' ? m.scope.name : null;
  return {
    attrs: isObj(m.attributes) ? m.attributes : {},
    resource: isObj(m.resourceAttributes) ? m.resourceAttributes : {},
    scope,
  };
}

export function fromLangfuse(o: Obj, traceId: string): SpanInfo {
  const { attrs, resource, scope } = langfuseMetadata(o.metadata);
  const level = typeof o.level === 'string' ? o.level.toUpperCase() : '';
  return {
    traceId: typeof o.traceId === 'string' ? o.traceId : traceId,
    spanId: typeof o.id === 'string' ? o.id : null,
    parentId: typeof o.parentObservationId === 'string' ? o.parentObservationId : null,
    name: typeof o.name === 'string' ? o.name : '',
    start: toMicros(o.startTime),
    startRaw: o.startTime,
    end: toMicros(o.endTime),
    attrs,
    resource,
    scope,
    status: level === 'ERROR' ? 'error' : 'unset',
    statusMessage: typeof o.statusMessage === 'string' && o.statusMessage !== '' ? o.statusMessage : null,
    obsType: typeof o.type === 'string' ? o.type.toUpperCase() : null,
    model: typeof o.model === 'string' && o.model !== '' ? o.model : null,
    input: o.input,
    output: o.output,
  };
}
