-- Data exposure (core/derive/exposure.ts): what each session and each identity read, and how much, summed from
-- the data facts importers state (data_rows, data_bytes, data_items, data_objects, data_columns:
-- core/model/facts.ts). One row per session or identity with at least one event stating any. Recomputed by every
-- derivation, like the other derived tables.
CREATE TABLE exposure (
  scope         TEXT NOT NULL CHECK (scope IN ('session', 'identity')),
  owner_id      INTEGER NOT NULL,          -- sessions.id or identities.id
  events        INTEGER NOT NULL,          -- events stating what they read
  rows_read     INTEGER NOT NULL,
  rows_events   INTEGER NOT NULL,
  bytes_read    INTEGER NOT NULL,
  bytes_events  INTEGER NOT NULL,
  items_read    INTEGER NOT NULL,
  items_events  INTEGER NOT NULL,
  objects       INTEGER NOT NULL,          -- distinct objects read
  object_events INTEGER NOT NULL,
  columns       INTEGER NOT NULL,          -- distinct columns read
  first_ts      INTEGER NOT NULL,
  last_ts       INTEGER NOT NULL,
  sources       TEXT NOT NULL,             -- comma-separated formats that stated it
  by_source     TEXT NOT NULL,             -- JSON {format: [events, rows, bytes, items, object reads]}
  top_objects   TEXT NOT NULL,             -- JSON [[name, events, first event id]], most read first (at most 20)
  top_columns   TEXT NOT NULL,             -- JSON [name], most read first (at most 50)
  evidence      TEXT NOT NULL,             -- JSON {"rows"|"bytes"|"items": [[event id, value]]}, largest first (at most 20 each)
  PRIMARY KEY (scope, owner_id)
) WITHOUT ROWID;

-- Per identity and clock hour (epoch hours): how much it read, for volume spikes against its own baseline.
CREATE TABLE exposure_hours (
  identity_id INTEGER NOT NULL,
  hour        INTEGER NOT NULL,
  events      INTEGER NOT NULL,
  rows_read   INTEGER NOT NULL,
  bytes_read  INTEGER NOT NULL,
  items_read  INTEGER NOT NULL,
  objects     INTEGER NOT NULL,            -- object reads stated (not distinct)
  top_events  TEXT NOT NULL,               -- JSON [event id], the hour's largest reads first (at most 10)
  PRIMARY KEY (identity_id, hour)
) WITHOUT ROWID;
