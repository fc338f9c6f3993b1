// The normalized event (DESIGN §4): what every importer produces and every query returns.

/**
 * A log format's id. The formats are declared in the registry (importers/formats.ts, one line each, a folder per
 * format), and the type follows from it: there is no second list here to forget.
 */
import type { FormatId } from '../../importers/formats.js';
export type { FormatId };

export const PRINCIPAL_TYPES = [
  'service_account',
  'role_session',
  'access_key',
  'workload',
  'bot',
  'agent',
  'app',
  'user',
  'service',
  'unknown',
] as const;
export type PrincipalType = (typeof PRINCIPAL_TYPES)[number];

export const CATEGORIES = [
  'auth',
  'credential',
  'read',
  'write',
  'delete',
  'privilege',
  'exec',
  'query',
  'config',
  'logging',
  'other',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const OUTCOMES = ['success', 'failure', 'unknown'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Where a record sits in its evidence file: a 1-based line, or the index and byte offset inside one JSON document. */
export type RecordRef = { line: number } | { index: number; offset: number };

/**
 * Facts an importer states about an event for derivation (sessions, aliases, edges): e.g. the access key an
 * AssumeRole issued, the role it assumed, the web-identity subject. Keys are documented in core/model/facts.ts.
 */
export type Facts = Record<string, string>;

/** What an importer emits for one event; the pipeline adds evidence, record_ref, raw and hashes. */
export interface NormalizedEvent {
  /** UTC instant in microseconds since the Unix epoch. */
  ts: number;
  principal: string | null;
  principalType: PrincipalType;
  sessionKey: string | null;
  action: string;
  category: Category;
  resource: string | null;
  resourceType: string | null;
  outcome: Outcome;
  errorCode: string | null;
  srcIp: string | null;
  userAgent: string | null;
  detail: string | null;
  facts?: Facts;
}

/** An event as stored and returned by queries. */
export interface StoredEvent {
  id: number;
  ts: number;
  format: FormatId;
  evidenceId: number;
  recordRef: RecordRef;
  principal: string | null;
  principalType: PrincipalType;
  sessionKey: string | null;
  action: string;
  category: Category;
  resource: string | null;
  resourceType: string | null;
  outcome: Outcome;
  errorCode: string | null;
  srcIp: string | null;
  userAgent: string | null;
  detail: string | null;
  facts: Facts | null;
  rawSha256: string;
  identityId: number | null;
  sessionId: number | null;
  flags: number;
}
