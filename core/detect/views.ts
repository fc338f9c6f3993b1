// A stored raw record → the record views a rule is evaluated against. An event the importer made of several
// records (Kubernetes stages, auditd records of one serial: joined by newlines) gives one view per record.
import { parseRecord } from '../../importers/auditd/record.js';
import type { SigmaFormat } from './formats/types.js';
import type { Norm, View } from './record.js';

/** Splits concatenated JSON values ("{…}\n{…}", pretty-printed or not) without parsing them. */
export function splitJsonValues(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = -1;
  let inStr = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inStr) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inStr = false;
      continue;
    }
    if (c === 34) inStr = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (depth === 0) start = i;
      depth++;
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      depth--;
      if (depth === 0 && start >= 0) {
        out.push(text.slice(start, i + 1));
        start = -1;
      }
    }
  }
  return out;
}

function view(json: unknown, text: string, norm: () => Norm): View {
  return { json, audit: null, text, norm, memo: null };
}

export function viewsOf(f: SigmaFormat, text: string, norm: () => Norm): View[] {
  if (f.records === 'auditd') {
    const out: View[] = [];
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      const r = parseRecord(line);
      out.push({ json: null, audit: 'error' in r ? null : r, text: line, norm, memo: null });
    }
    return out;
  }
  const unwrap = f.unwrap ?? ((x: unknown) => x);
  if (f.fromText && !/^\s*[[{]/.test(text)) {
    const j = f.fromText(text);
    if (j !== undefined) return [view(unwrap(j), text, norm)];
  }
  // Records the importer merged are joined by newlines ("}\n{"): split those first rather than fail a parse.
  if (!text.includes('}\n{') && !text.includes('}\r\n{')) {
    try {
      return [view(unwrap(JSON.parse(text)), text, norm)];
    } catch {
      // not JSON at all (a text log: keywords still search it), or values joined some other way
    }
  }
  const parts = splitJsonValues(text);
  const views: View[] = [];
  for (const p of parts) {
    try {
      views.push(view(unwrap(JSON.parse(p)), p, norm));
    } catch {
      // not JSON after all
    }
  }
  return views.length > 0 ? views : [view(null, text, norm)];
}
