// The parser of formats where every JSON object is one event: the normalizer returns the event, or why it cannot.
import type { NormalizedEvent } from '../../core/model/event.js';
import type { RecordParser } from '../types.js';
import { isObj, type Obj } from './fields.js';

export function perObjectParser(normalize: (v: Obj) => NormalizedEvent | string): () => RecordParser {
  return () => ({
    push(rec, sink) {
      if (!isObj(rec.value)) return sink.reject(rec, 'not a JSON object');
      const ev = normalize(rec.value);
      if (typeof ev === 'string') sink.reject(rec, ev);
      else sink.event(ev, rec);
    },
    end() {},
  });
}
