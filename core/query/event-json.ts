// The event as every transport returns it (DESIGN §7 `events --json`): stable field names, ISO-8601 UTC times.
import type { Category, FormatId, Outcome, PrincipalType, RecordRef } from '../model/event.js';
import { flagNames, type FlagName } from '../model/flags.js';
import { formatMicros } from '../model/time.js';
import type { NameMaps } from './names.js';
import { NO_INTEL, type SrcIntel } from './enrichment.js';

export interface EventRow {
  id: number;
  ts: number;
  evidence_id: number;
  ref_line: number | null;
  ref_index: number | null;
  ref_offset: number | null;
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
  raw_sha256: Buffer;
  identity_id: number | null;
  session_id: number | null;
  flags: number;
}

export interface EventJson {
  id: number;
  ts: string;
  format: FormatId;
  principal: string | null;
  principal_type: PrincipalType;
  identity: string | null;
  identity_id: number | null;
  session: string | null;
  session_id: number | null;
  session_key: string | null;
  action: string;
  category: Category;
  resource: string | null;
  resource_type: string | null;
  outcome: Outcome;
  error_code: string | null;
  src_ip: string | null;
  /**
   * What the IP intelligence says about src_ip (core/enrich): empty for private, documentation and unknown
   * addresses.
   */
  src_asn: number | null;
  src_org: string | null;
  src_country: string | null;
  src_cloud: SrcIntel['src_cloud'];
  src_tor: boolean;
  user_agent: string | null;
  detail: string | null;
  flags: FlagName[];
  evidence: number;
  record_ref: RecordRef;
  raw_sha256: string;
}

export function recordRef(r: {
  ref_line: number | null;
  ref_index: number | null;
  ref_offset: number | null;
}): RecordRef {
  if (r.ref_line !== null && r.ref_index === null) return { line: r.ref_line };
  const ref: Record<string, number> = {};
  if (r.ref_line !== null) ref.line = r.ref_line;
  if (r.ref_index !== null) ref.index = r.ref_index;
  if (r.ref_offset !== null) ref.offset = r.ref_offset;
  return ref as RecordRef;
}

export function toEventJson(r: EventRow, names: NameMaps, intel?: Map<string, SrcIntel>): EventJson {
  const x = (r.src_ip !== null && intel?.get(r.src_ip)) || NO_INTEL;
  return {
    id: r.id,
    ts: formatMicros(r.ts),
    // The database holds only what the importers wrote, which core/model's vocabulary types.
    format: r.format as FormatId,
    principal: r.principal,
    principal_type: r.principal_type as PrincipalType,
    identity: r.identity_id !== null ? (names.identity.get(r.identity_id) ?? null) : null,
    identity_id: r.identity_id,
    session: r.session_id !== null ? (names.session.get(r.session_id) ?? null) : null,
    session_id: r.session_id,
    session_key: r.session_key,
    action: r.action,
    category: r.category as Category,
    resource: r.resource,
    resource_type: r.resource_type,
    outcome: r.outcome as Outcome,
    error_code: r.error_code,
    src_ip: r.src_ip,
    src_asn: x.src_asn,
    src_org: x.src_org,
    src_country: x.src_country,
    src_cloud: x.src_cloud,
    src_tor: x.src_tor,
    user_agent: r.user_agent,
    detail: r.detail,
    flags: flagNames(r.flags),
    evidence: r.evidence_id,
    record_ref: recordRef(r),
    raw_sha256: r.raw_sha256.toString('hex'),
  };
}
