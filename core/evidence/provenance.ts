// Where a slice came from: the query whose result file is being imported (an Athena or BigQuery result CSV, a
// CloudTrail Lake export, an OpenSearch/Timesketch search export). Recorded in the file's intake custody entry —
// hash-chained with the file's SHA-256 — so a report can say which query, on which engine, at what time produced
// its evidence. Only what the analyst states: SessionScope cannot check it against the engine.
import { UserError } from '../errors.js';

export interface QueryProvenance {
  /** The engine that ran the query: athena, bigquery, cloudtrail-lake, opensearch, timesketch, … */
  engine: string;
  /** The query text, verbatim. */
  query: string;
  /** When the query ran, ISO-8601 (normalized to UTC). */
  executed_at: string;
  /** The engine's own id of the run (Athena QueryExecutionId, BigQuery job id, …). */
  query_id?: string;
  /** What it ran against: a table, an index, an event data store, a workgroup. */
  source?: string;
  /** Who ran it, when not the importing analyst. */
  run_by?: string;
}

/** Engines named in the docs; another name is accepted as given (lower-cased), so a new engine needs no release. */
export const KNOWN_ENGINES = [
  'athena',
  'bigquery',
  'cloudtrail-lake',
  'opensearch',
  'timesketch',
  'spark',
  'databricks',
  'trino',
  'duckdb',
  'splunk',
  'elasticsearch',
] as const;

const MAX_QUERY = 1 << 20;
const KEYS = new Set(['engine', 'query', 'executed_at', 'query_id', 'source', 'run_by']);

function text(v: unknown, key: string, max: number, required: boolean): string | undefined {
  if (v === undefined || v === null || v === '') {
    if (required) throw new UserError('INVALID_PARAMS', `provenance: ${key} is required`);
    return undefined;
  }
  if (typeof v !== 'string') throw new UserError('INVALID_PARAMS', `provenance: ${key} must be text`);
  if (v.length > max) throw new UserError('INVALID_PARAMS', `provenance: ${key} is longer than ${max} characters`);
  return v;
}

/** Checks and normalizes a provenance statement; a clear error names what is missing or wrong. */
export function checkProvenance(v: unknown): QueryProvenance {
  if (!v || typeof v !== 'object' || Array.isArray(v))
    throw new UserError('INVALID_PARAMS', 'provenance must be an object: {engine, query, executed_at, …}');
  const o = v as Record<string, unknown>;
  const unknown = Object.keys(o).filter((k) => !KEYS.has(k));
  if (unknown.length > 0)
    throw new UserError(
      'INVALID_PARAMS',
      `provenance: unknown field ${unknown.join(', ')} (known: ${[...KEYS].join(', ')})`,
    );
  const engine = text(o.engine, 'engine', 100, true)!.trim().toLowerCase();
  if (!/^[a-z0-9][a-z0-9 ._-]*$/.test(engine))
    throw new UserError(
      'INVALID_PARAMS',
      `provenance: engine "${engine}" — use a name like ${KNOWN_ENGINES.join(', ')}`,
    );
  const query = text(o.query, 'query', MAX_QUERY, true)!;
  if (query.trim() === '') throw new UserError('INVALID_PARAMS', 'provenance: query is empty');
  const when = text(o.executed_at, 'executed_at', 64, true)!;
  // A date-time with a zone: a bare local time would be read differently on another analyst's machine.
  if (!/^\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/i.test(when) || Number.isNaN(Date.parse(when)))
    throw new UserError(
      'INVALID_PARAMS',
      `provenance: executed_at "${when}" is not an ISO-8601 time with a zone (e.g. 2026-03-14T09:30:00Z)`,
    );
  const out: QueryProvenance = { engine, query, executed_at: new Date(Date.parse(when)).toISOString() };
  const id = text(o.query_id, 'query_id', 500, false);
  const source = text(o.source, 'source', 2000, false);
  const runBy = text(o.run_by, 'run_by', 500, false);
  if (id !== undefined) out.query_id = id;
  if (source !== undefined) out.source = source;
  if (runBy !== undefined) out.run_by = runBy;
  return out;
}
