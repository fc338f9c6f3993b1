// The canonical text of an imported event: what the per-evidence digest covers. verify rebuilds it from the
// stored row, so an edit to any imported field — not only the raw record — changes the digest.
import { canonicalJson } from '../casefile/chain.js';
import type { Facts } from '../model/event.js';

export interface CanonicalFields {
  ref_line: number | null;
  ref_index: number | null;
  ref_offset: number | null;
  ts: number;
  format: string;
  principal: string | null;
  principal_type: string;
  session_key: string | null;
  action: string;
  category: string;
  resource: string | null;
  resource_type: string | null;
  outcome: string;
  error_code: string | null;
  src_ip: string | null;
  user_agent: string | null;
  detail: string | null;
  raw_sha256: string;
  facts: Facts | null;
}

export function canonicalRow(f: CanonicalFields): string {
  return (
    JSON.stringify([
      f.ref_line,
      f.ref_index,
      f.ref_offset,
      f.ts,
      f.format,
      f.principal,
      f.principal_type,
      f.session_key,
      f.action,
      f.category,
      f.resource,
      f.resource_type,
      f.outcome,
      f.error_code,
      f.src_ip,
      f.user_agent,
      f.detail,
      f.raw_sha256,
    ]) + (f.facts ? factsJson(f.facts) : '')
  );
}

/**
 * canonicalJson of a facts object, byte for byte, without its generic walk: facts are flat string values (one
 * call per event, on the import's hot path). Anything else takes the generic path. Empty facts add nothing.
 */
export function factsJson(facts: Facts): string {
  const keys = Object.keys(facts);
  if (keys.length === 0) return '';
  keys.sort();
  let s = '';
  for (const k of keys) {
    const v = facts[k] as unknown;
    if (typeof v !== 'string') return canonicalJson(facts);
    s += (s === '' ? '{' : ',') + JSON.stringify(k) + ':' + JSON.stringify(v);
  }
  return s + '}';
}
