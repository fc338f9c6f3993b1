-- Sigma detections (core/detect): machine findings, derived like identities and sessions — recomputed by every
-- derivation and by `detections.run`, never analyst work and never in the analyst's audit log. Each rule that
-- matched is kept with what the Detection Rule License asks to travel with its matches (author, licence, a link),
-- and with the SHA-256 of the rule file, so a match can be traced to the exact rule text.
CREATE TABLE detection_rules (
  id          INTEGER PRIMARY KEY,
  rule_id     TEXT NOT NULL,                 -- the rule's id (SigmaHQ: a UUID), else its name
  kind        TEXT NOT NULL CHECK (kind IN ('detection', 'correlation')),
  source      TEXT NOT NULL CHECK (source IN ('sigmahq', 'local')),
  file        TEXT NOT NULL,                 -- path inside the snapshot or the analyst's folder
  title       TEXT NOT NULL,
  level       TEXT,
  status      TEXT,
  author      TEXT,
  license     TEXT,
  url         TEXT NOT NULL,
  tags        TEXT NOT NULL DEFAULT '[]',    -- JSON
  refs        TEXT NOT NULL DEFAULT '[]',    -- JSON: the rule's references
  date        TEXT,
  modified    TEXT,
  description TEXT,
  logsource   TEXT,                          -- JSON
  sha256      TEXT NOT NULL
);
CREATE UNIQUE INDEX detection_rules_rule ON detection_rules(rule_id);

-- A detection rule's matches: one row per (event, rule), in event (= time) order. Identity, session and time are
-- the event's (the events view).
CREATE TABLE detection_matches (
  event_id INTEGER NOT NULL,
  rule     INTEGER NOT NULL,                 -- detection_rules.id
  PRIMARY KEY (event_id, rule)
) WITHOUT ROWID;
CREATE INDEX detection_matches_rule ON detection_matches(rule, event_id);

-- A correlation rule's matches: a group of events over time.
CREATE TABLE detection_correlations (
  id          INTEGER PRIMARY KEY,
  rule        INTEGER NOT NULL,              -- detection_rules.id
  ts          INTEGER NOT NULL,              -- µs: the last event's time
  first_ts    INTEGER NOT NULL,
  event_id    INTEGER NOT NULL,              -- the last event
  identity_id INTEGER,                       -- the resolved identity all its events share, else NULL
  session_id  INTEGER,                       -- the session all its events share, else NULL
  events      INTEGER NOT NULL,
  grp         TEXT NOT NULL                  -- JSON: the group-by values
);
CREATE INDEX detection_correlations_rule ON detection_correlations(rule, ts);

CREATE TABLE detection_correlation_events (
  hit      INTEGER NOT NULL,
  event_id INTEGER NOT NULL,
  PRIMARY KEY (hit, event_id)
) WITHOUT ROWID;
CREATE INDEX detection_correlation_events_event ON detection_correlation_events(event_id);
