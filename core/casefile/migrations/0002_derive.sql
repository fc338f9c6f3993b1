-- Derived data (core/derive): identities, aliases, sessions, resources, edges, baselines, coverage.
-- Everything here except identity_decisions and profiles is recomputed from events by deriveAll() and can be
-- rebuilt at will; identity_decisions (manual merge/split) and profiles (intended behaviour) are analyst work.
-- Times are µs since the Unix epoch (like events.ts); event references are events.id.

-- Canonical identities. `key` is the canonical alias ("system|value") and keeps ids stable across re-derivation,
-- so annotations and decisions that name an identity id survive. An identity that stops existing (merged into
-- another, or its events gone) keeps its row with live = 0 and merged_into pointing at its successor.
CREATE TABLE identities (
  id          INTEGER PRIMARY KEY,
  key         TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL,
  system      TEXT NOT NULL,
  kind        TEXT NOT NULL,
  nhi         INTEGER NOT NULL,
  events      INTEGER NOT NULL DEFAULT 0,
  failures    INTEGER NOT NULL DEFAULT 0,
  sessions    INTEGER NOT NULL DEFAULT 0,
  first_ts    INTEGER,
  last_ts     INTEGER,
  sources     TEXT NOT NULL DEFAULT '',     -- comma-separated formats
  alias_count INTEGER NOT NULL DEFAULT 0,
  live        INTEGER NOT NULL DEFAULT 1,
  merged_into INTEGER
);
CREATE INDEX identities_name ON identities(name);

-- Every name an identity goes by, with how we know: the rule (method), its confidence and the events proving it.
CREATE TABLE aliases (
  id          INTEGER PRIMARY KEY,
  identity_id INTEGER NOT NULL,
  system      TEXT NOT NULL,
  value       TEXT NOT NULL,
  method      TEXT NOT NULL,
  confidence  REAL NOT NULL,
  events      INTEGER NOT NULL DEFAULT 0,   -- events that carry this name as their principal
  proof       TEXT NOT NULL DEFAULT '[]',   -- JSON array of event ids (at most 20) that prove the link
  linked_to   TEXT                           -- the alias ("system|value") the rule tied it to
);
CREATE INDEX aliases_value ON aliases(value);
CREATE INDEX aliases_identity ON aliases(identity_id);

-- Alias links that were found but not applied (below the merge threshold, or refused by an analyst's split).
CREATE TABLE alias_candidates (
  a          TEXT NOT NULL,
  b          TEXT NOT NULL,
  method     TEXT NOT NULL,
  confidence REAL NOT NULL,
  reason     TEXT NOT NULL,
  proof      TEXT NOT NULL DEFAULT '[]'
);

-- Analyst decisions: merge (must-link a ↔ b) and split (cannot-link every alias in a with every alias in b).
-- Never derived; applied on every derivation; revoked rather than deleted so the history stays readable.
CREATE TABLE identity_decisions (
  id         INTEGER PRIMARY KEY,
  action     TEXT NOT NULL CHECK (action IN ('merge', 'split')),
  a          TEXT NOT NULL,                 -- JSON array of alias keys ("system|value")
  b          TEXT NOT NULL,                 -- JSON array of alias keys
  note       TEXT,
  analyst    TEXT,
  at         TEXT NOT NULL,
  revoked_at TEXT,
  revoked_by TEXT
);

-- One credential's run. `key` is stable (log key, or principal+source+first event) so ids survive re-derivation.
CREATE TABLE sessions (
  id                 INTEGER PRIMARY KEY,
  key                TEXT NOT NULL UNIQUE,
  kind               TEXT NOT NULL CHECK (kind IN ('credential', 'gap')),
  identity_id        INTEGER,
  identity_count     INTEGER NOT NULL DEFAULT 1,
  principal          TEXT,
  session_key        TEXT,
  format             TEXT NOT NULL,
  sources            TEXT NOT NULL,
  start_ts           INTEGER NOT NULL,
  end_ts             INTEGER NOT NULL,
  first_event        INTEGER NOT NULL,
  last_event         INTEGER NOT NULL,
  events             INTEGER NOT NULL,
  failures           INTEGER NOT NULL,
  src_ips            TEXT NOT NULL DEFAULT '',  -- comma-separated, at most 10
  ip_count           INTEGER NOT NULL DEFAULT 0,
  user_agents        TEXT NOT NULL DEFAULT '',  -- newline-separated, at most 5
  parent_session_id  INTEGER,
  parent_identity_id INTEGER,
  parent_event       INTEGER,
  parent_ts          INTEGER,
  parent_action      TEXT,
  source_identity    TEXT,
  host               TEXT
);
CREATE INDEX sessions_identity ON sessions(identity_id, start_ts);
CREATE INDEX sessions_start ON sessions(start_ts);
CREATE INDEX sessions_parent ON sessions(parent_session_id);
CREATE INDEX sessions_key ON sessions(session_key);

CREATE TABLE resources (
  id       INTEGER PRIMARY KEY,
  name     TEXT NOT NULL UNIQUE,
  type     TEXT,
  service  TEXT NOT NULL,
  events   INTEGER NOT NULL,
  first_ts INTEGER NOT NULL,
  last_ts  INTEGER NOT NULL
);

-- identity → resource, aggregated.
CREATE TABLE resource_edges (
  identity_id INTEGER NOT NULL,
  resource_id INTEGER NOT NULL,
  events      INTEGER NOT NULL,
  failures    INTEGER NOT NULL,
  first_ts    INTEGER NOT NULL,
  last_ts     INTEGER NOT NULL,
  first_event INTEGER NOT NULL,
  actions     TEXT NOT NULL,                 -- comma-separated distinct actions (at most 20)
  PRIMARY KEY (identity_id, resource_id)
) WITHOUT ROWID;

-- What each session touched, for scope: one packed row per session (core/derive/session-resources.ts: per entry
-- resource id, action id, events, first/last time, first event). Object-level logs touch nearly a new
-- resource per event; a row per session × resource × action would cost as much as the events to write.
CREATE TABLE session_resources (
  session_id INTEGER PRIMARY KEY,
  entries    INTEGER NOT NULL,
  data       BLOB NOT NULL
);

-- The distinct actions, for the packed session resources.
CREATE TABLE actions (
  id       INTEGER PRIMARY KEY,
  name     TEXT NOT NULL,
  category TEXT NOT NULL
);

-- identity → resource service (aws:s3, k8s:secrets, vault:secret…), aggregated: the graph past a few hundred nodes.
CREATE TABLE service_edges (
  identity_id INTEGER NOT NULL,
  service     TEXT NOT NULL,
  resources   INTEGER NOT NULL,
  events      INTEGER NOT NULL,
  failures    INTEGER NOT NULL,
  first_ts    INTEGER NOT NULL,
  last_ts     INTEGER NOT NULL,
  actions     TEXT NOT NULL,
  PRIMARY KEY (identity_id, service)
) WITHOUT ROWID;

-- identity → identity (assumed, federated, impersonated, minted), aggregated; the events behind each below.
CREATE TABLE identity_edges (
  id          INTEGER PRIMARY KEY,
  src         INTEGER NOT NULL,
  dst         INTEGER NOT NULL,
  kind        TEXT NOT NULL,
  events      INTEGER NOT NULL,
  first_ts    INTEGER NOT NULL,
  last_ts     INTEGER NOT NULL,
  UNIQUE (src, dst, kind)
);
CREATE INDEX identity_edges_dst ON identity_edges(dst);

-- One row per event behind an identity edge; src_session is NULL when the log does not say which session of
-- the source acted (impersonation stated on the target's events, a federated join); dst_session is the
-- session the event opened, when the credential was seen in use.
CREATE TABLE identity_edge_events (
  edge_id     INTEGER NOT NULL,
  event_id    INTEGER NOT NULL,
  ts          INTEGER NOT NULL,
  src         INTEGER NOT NULL,
  src_session INTEGER,
  dst_session INTEGER
);
CREATE INDEX identity_edge_events_edge ON identity_edge_events(edge_id, event_id);
CREATE INDEX identity_edge_events_src ON identity_edge_events(src, ts);
CREATE INDEX identity_edge_events_src_session ON identity_edge_events(src_session);

-- Credentials the logs show being issued (STS keys, access keys, tokens) and whether they were seen in use.
CREATE TABLE issued_credentials (
  event_id        INTEGER NOT NULL,
  credential      TEXT NOT NULL,
  ts              INTEGER NOT NULL,
  format          TEXT NOT NULL,
  action          TEXT NOT NULL,
  issuer_identity INTEGER,
  target_identity INTEGER,
  sessions        INTEGER NOT NULL,
  first_use_ts    INTEGER,
  observable      INTEGER NOT NULL          -- 0 for handles no log keys a session by (a Vault lease path)
);
CREATE INDEX issued_credentials_target ON issued_credentials(target_identity);

-- Per identity, the first/last time and count of each action, resource container, IP, network, user agent,
-- hour of day, source and category (resources themselves: resource_edges): a feature is new in a window iff its
-- first_ts falls in it (core/query/deviations.ts).
CREATE TABLE identity_features (
  identity_id INTEGER NOT NULL,
  kind        TEXT NOT NULL,
  value       TEXT NOT NULL,
  extra       TEXT,                          -- category of an action, type of a resource
  events      INTEGER NOT NULL,
  failures    INTEGER NOT NULL,
  first_ts    INTEGER NOT NULL,
  last_ts     INTEGER NOT NULL,
  first_event INTEGER NOT NULL,
  PRIMARY KEY (identity_id, kind, value)
) WITHOUT ROWID;

-- Per identity and clock hour (epoch hours): events and failures, for rate spikes and failure bursts.
CREATE TABLE identity_hours (
  identity_id INTEGER NOT NULL,
  hour        INTEGER NOT NULL,
  events      INTEGER NOT NULL,
  failures    INTEGER NOT NULL,
  PRIMARY KEY (identity_id, hour)
) WITHOUT ROWID;

-- Per identity and source: how many authentication and how many action events that source shows.
CREATE TABLE identity_sources (
  identity_id   INTEGER NOT NULL,
  format        TEXT NOT NULL,
  auth_events   INTEGER NOT NULL,
  action_events INTEGER NOT NULL,
  issued_to     INTEGER NOT NULL,            -- credentials this source shows being issued to the identity
  first_ts      INTEGER NOT NULL,
  last_ts       INTEGER NOT NULL,
  PRIMARY KEY (identity_id, format)
) WITHOUT ROWID;

-- Periods a source is silent for much longer than its usual rhythm.
CREATE TABLE source_gaps (
  format   TEXT NOT NULL,
  from_ts  INTEGER NOT NULL,
  to_ts    INTEGER NOT NULL,
  after_event  INTEGER NOT NULL,
  before_event INTEGER NOT NULL
);

-- Findings about one session's credential that need no baseline (a key used where its issuer never was).
CREATE TABLE session_findings (
  session_id  INTEGER NOT NULL,
  identity_id INTEGER,
  code        TEXT NOT NULL,
  weight      INTEGER NOT NULL,
  ts          INTEGER NOT NULL,
  reason      TEXT NOT NULL,
  events      TEXT NOT NULL                  -- JSON array of event ids (at most 50)
);
CREATE INDEX session_findings_identity ON session_findings(identity_id);

-- The intended-behaviour profile (YAML), analyst work: one current document.
CREATE TABLE profiles (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  yaml       TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  analyst    TEXT
);

-- Event lookups by resolved identity (and, within it, by rowid range for sessions) and by flag. Partial: an
-- imported event has neither, so these cost nothing at import time; derivation pays for what it sets.
CREATE INDEX events_identity ON events(identity_id) WHERE identity_id IS NOT NULL;
CREATE INDEX events_flagged ON events(flags) WHERE flags != 0;
