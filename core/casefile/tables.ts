// What each table of a case holds, and so what protects it. Every table of the canonical schema is in exactly one
// group (a test holds every new table to that): a table nobody classified is a table nothing checks.
//
// - evidence: imported records; immutable once complete, covered by each file's events digest and the custody log.
// - logs: the hash-chained custody and audit logs, and the seals of their heads.
// - work: the analyst's work; every row's state is bound to the audit row that wrote it (work-state.ts).
// - derived: recomputed from the events by derivation; `verify --deep` compares them with a fresh derivation.
// - format: the migrations record, SQLite's planner statistics.

/** The analyst-work tables, each with the column that names a row. */
export const WORK_TABLES: readonly { table: string; key: string }[] = [
  { table: 'case_meta', key: 'key' },
  { table: 'layers', key: 'id' },
  { table: 'tag_colors', key: 'name' },
  { table: 'findings', key: 'id' },
  { table: 'manual_events', key: 'id' },
  { table: 'annotations', key: 'id' },
  { table: 'narrative_blocks', key: 'id' },
  { table: 'identity_decisions', key: 'id' },
  { table: 'identity_kinds', key: 'id' },
  { table: 'profiles', key: 'id' },
  { table: 'saved_views', key: 'id' },
  { table: 'color_rules', key: 'id' },
];

/**
 * case_meta keys derivation writes about itself (when, how long), and the search index's proof of soundness
 * (search-index.ts): bookkeeping, not analyst work.
 */
export const DERIVATION_META_KEYS: readonly string[] = [
  'derived_at',
  'derived_events',
  'derive_ms',
  'detections',
  'search_index_proven',
  'value_index',
];

export const EVIDENCE_TABLES: readonly string[] = [
  'evidence',
  'raw_blocks',
  'event_rows',
  'event_facts',
  'event_links',
  'rejects',
  'merged',
  'events_fts',
  'events_fts_data',
  'events_fts_idx',
  'events_fts_docsize',
  'events_fts_config',
  'search_values',
  'search_postings',
  'search_postings_data',
  'search_postings_idx',
  'search_postings_docsize',
  'search_postings_config',
];

export const LOG_TABLES: readonly string[] = ['custody_log', 'audit_log', 'seals'];

/** Tables derivation rebuilds from the events (`derive --rebuild`). */
export const DERIVED_TABLES: readonly string[] = [
  'event_derived',
  'identities',
  'aliases',
  'alias_candidates',
  'sessions',
  'resources',
  'resource_edges',
  'session_resources',
  'actions',
  'service_edges',
  'identity_edges',
  'identity_edge_events',
  'issued_credentials',
  'identity_features',
  'identity_hours',
  'identity_sources',
  'source_gaps',
  'session_findings',
  'detection_rules',
  'detection_matches',
  'detection_correlations',
  'detection_correlation_events',
  'ip_intel',
  'enrichment_datasets',
  'secret_hits',
  'secret_scan',
  'credentials',
  'credential_events',
  'exposure',
  'exposure_hours',
];

export const FORMAT_TABLES: readonly string[] = ['schema_migrations', 'sqlite_stat1', 'sqlite_stat4'];
