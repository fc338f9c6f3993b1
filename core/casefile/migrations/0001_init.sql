-- SessionScope case file, schema 1: case metadata, evidence and custody, imported events, analyst audit log.
-- Import-time data (evidence, events, raw records, rejects) is immutable once its evidence file is complete;
-- custody_log and audit_log are append-only and hash-chained (core/evidence/chain.ts).

CREATE TABLE case_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE evidence (
  id               INTEGER PRIMARY KEY,
  path             TEXT NOT NULL,            -- absolute path when imported
  name             TEXT NOT NULL,
  size             INTEGER NOT NULL,
  mtime            TEXT,
  sha256           TEXT NOT NULL UNIQUE,     -- of the file's bytes as found (compressed bytes for .gz)
  format           TEXT,
  importer_version TEXT,
  options          TEXT,                     -- JSON: --format, mapping, …
  status           TEXT NOT NULL DEFAULT 'importing' CHECK (status IN ('importing', 'complete', 'failed')),
  records          INTEGER NOT NULL DEFAULT 0,
  events           INTEGER NOT NULL DEFAULT 0,
  rejected         INTEGER NOT NULL DEFAULT 0,
  merged           INTEGER NOT NULL DEFAULT 0,
  events_digest    TEXT,
  first_ts         INTEGER,
  last_ts          INTEGER,
  added_at         TEXT NOT NULL,
  completed_at     TEXT,
  analyst          TEXT,
  error            TEXT
);

-- Raw records, verbatim, deflate-compressed in blocks of consecutive records of one evidence file.
CREATE TABLE raw_blocks (
  id          INTEGER PRIMARY KEY,
  evidence_id INTEGER NOT NULL REFERENCES evidence(id),
  data        BLOB NOT NULL
);
CREATE INDEX raw_blocks_evidence ON raw_blocks(evidence_id);

-- id is time-keyed (floor(ts in ms) * 1024 + n): rowid order is time order, so time windows and full-text
-- hits come back in time order without a separate index.
CREATE TABLE events (
  id             INTEGER PRIMARY KEY,
  ts             INTEGER NOT NULL,           -- µs since the Unix epoch, UTC
  evidence_id    INTEGER NOT NULL REFERENCES evidence(id),
  seq            INTEGER NOT NULL,           -- order in which the importer emitted it; the digest follows it
  ref_line       INTEGER,
  ref_index      INTEGER,
  ref_offset     INTEGER,
  format         TEXT NOT NULL,
  principal      TEXT,
  principal_type TEXT NOT NULL,
  session_key    TEXT,
  action         TEXT NOT NULL,
  category       TEXT NOT NULL,
  resource       TEXT,
  resource_type  TEXT,
  outcome        TEXT NOT NULL,
  error_code     TEXT,
  src_ip         TEXT,
  user_agent     TEXT,
  detail         TEXT,
  raw_block      INTEGER NOT NULL,
  raw_offset     INTEGER NOT NULL,
  raw_length     INTEGER NOT NULL,
  raw_sha256     BLOB NOT NULL,
  -- derived (core/derive), rebuilt at will:
  identity_id    INTEGER,
  session_id     INTEGER,
  flags          INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX events_evidence ON events(evidence_id, seq);

-- Facts importers state for derivation (core/model/facts.ts), clustered by event: one B-tree insert per fact.
CREATE TABLE event_facts (
  event_id INTEGER NOT NULL,
  key      TEXT NOT NULL,
  value    TEXT NOT NULL,
  PRIMARY KEY (event_id, key)
) WITHOUT ROWID;

-- The facts derivation looks up by value (LINK_FACTS in core/model/facts.ts: issued keys, assumed roles,
-- subjects…), ordered for that lookup. A copy of those rows of event_facts.
CREATE TABLE event_links (
  key      TEXT NOT NULL,
  value    TEXT NOT NULL,
  event_id INTEGER NOT NULL,
  PRIMARY KEY (key, value, event_id)
) WITHOUT ROWID;

CREATE TABLE rejects (
  id          INTEGER PRIMARY KEY,
  evidence_id INTEGER NOT NULL REFERENCES evidence(id),
  ref_line    INTEGER,
  ref_index   INTEGER,
  ref_offset  INTEGER,
  reason      TEXT NOT NULL,
  raw_block   INTEGER,
  raw_offset  INTEGER,
  raw_length  INTEGER,
  raw_sha256  BLOB,
  raw_truncated INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX rejects_evidence ON rejects(evidence_id);

-- Records folded into another record's event (k8s stages, Vault request/response, auditd records of one serial).
CREATE TABLE merged (
  id          INTEGER PRIMARY KEY,
  evidence_id INTEGER NOT NULL REFERENCES evidence(id),
  ref_line    INTEGER,
  ref_index   INTEGER,
  ref_offset  INTEGER,
  event_id    INTEGER NOT NULL
);
CREATE INDEX merged_evidence ON merged(evidence_id);

-- Full-text index over what analysts search (core/evidence/search-doc.ts). Contentless: the text is not stored twice.
CREATE VIRTUAL TABLE events_fts USING fts5(doc, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2');
-- Merge index segments less eagerly than the default 4: bulk imports write faster, searches stay fast.
INSERT INTO events_fts(events_fts, rank) VALUES ('automerge', 8);

CREATE TABLE custody_log (
  seq         INTEGER PRIMARY KEY,
  at          TEXT NOT NULL,
  analyst     TEXT,
  action      TEXT NOT NULL,
  evidence_id INTEGER,
  sha256      TEXT,
  detail      TEXT NOT NULL,
  prev_hash   TEXT NOT NULL,
  row_hash    TEXT NOT NULL
);

CREATE TABLE audit_log (
  seq       INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,
  analyst   TEXT,
  method    TEXT NOT NULL,
  params    TEXT NOT NULL,
  result    TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  row_hash  TEXT NOT NULL
);

CREATE TRIGGER custody_log_no_update BEFORE UPDATE ON custody_log BEGIN SELECT RAISE(ABORT, 'custody_log is append-only'); END;
CREATE TRIGGER custody_log_no_delete BEFORE DELETE ON custody_log BEGIN SELECT RAISE(ABORT, 'custody_log is append-only'); END;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

CREATE TRIGGER evidence_complete_is_final BEFORE UPDATE ON evidence WHEN OLD.status = 'complete'
BEGIN SELECT RAISE(ABORT, 'a completely imported evidence file is immutable'); END;
CREATE TRIGGER evidence_complete_no_delete BEFORE DELETE ON evidence WHEN OLD.status = 'complete'
BEGIN SELECT RAISE(ABORT, 'a completely imported evidence file is immutable'); END;

CREATE TRIGGER events_imported_fields_immutable BEFORE UPDATE OF
  id, ts, evidence_id, seq, ref_line, ref_index, ref_offset, format, principal, principal_type, session_key, action,
  category, resource, resource_type, outcome, error_code, src_ip, user_agent, detail, raw_block, raw_offset,
  raw_length, raw_sha256 ON events
BEGIN SELECT RAISE(ABORT, 'imported event fields are immutable'); END;
CREATE TRIGGER events_no_delete_when_complete BEFORE DELETE ON events
WHEN (SELECT status FROM evidence WHERE id = OLD.evidence_id) = 'complete'
BEGIN SELECT RAISE(ABORT, 'events of a completely imported evidence file cannot be deleted'); END;

CREATE TRIGGER raw_blocks_immutable BEFORE UPDATE ON raw_blocks BEGIN SELECT RAISE(ABORT, 'raw records are immutable'); END;
CREATE TRIGGER raw_blocks_no_delete_when_complete BEFORE DELETE ON raw_blocks
WHEN (SELECT status FROM evidence WHERE id = OLD.evidence_id) = 'complete'
BEGIN SELECT RAISE(ABORT, 'raw records of a completely imported evidence file cannot be deleted'); END;

CREATE TRIGGER event_facts_immutable BEFORE UPDATE ON event_facts BEGIN SELECT RAISE(ABORT, 'event facts are immutable'); END;
CREATE TRIGGER event_links_immutable BEFORE UPDATE ON event_links BEGIN SELECT RAISE(ABORT, 'event facts are immutable'); END;
CREATE TRIGGER rejects_immutable BEFORE UPDATE ON rejects BEGIN SELECT RAISE(ABORT, 'rejected records are immutable'); END;
CREATE TRIGGER merged_immutable BEFORE UPDATE ON merged BEGIN SELECT RAISE(ABORT, 'merged records are immutable'); END;
