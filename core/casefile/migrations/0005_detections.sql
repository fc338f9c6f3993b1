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

-- One match: an event (a detection rule), or a group of events over time (a correlation rule).
CREATE TABLE detection_hits (
  id          INTEGER PRIMARY KEY,
  rule        INTEGER NOT NULL REFERENCES detection_rules(id),
  ts          INTEGER NOT NULL,              -- µs: the event, or a correlation's last event
  first_ts    INTEGER NOT NULL,
  event_id    INTEGER NOT NULL,              -- the event, or the correlation's last event
  identity_id INTEGER,
  session_id  INTEGER,
  events      INTEGER NOT NULL DEFAULT 1,
  grp         TEXT                           -- correlation: JSON of the group-by values
);
CREATE INDEX detection_hits_rule ON detection_hits(rule, ts);
CREATE INDEX detection_hits_event ON detection_hits(event_id);
CREATE INDEX detection_hits_identity ON detection_hits(identity_id, ts);
CREATE INDEX detection_hits_ts ON detection_hits(ts);

-- The events of a correlation match (a detection match's one event is detection_hits.event_id).
CREATE TABLE detection_hit_events (
  hit      INTEGER NOT NULL,
  event_id INTEGER NOT NULL,
  PRIMARY KEY (hit, event_id)
) WITHOUT ROWID;
CREATE INDEX detection_hit_events_event ON detection_hit_events(event_id);
