-- Analyst work (core/annotate): layers, tags, findings, annotations, manual events, narrative. Never derived,
-- never lost: rows point at events by their stable, time-keyed id together with the raw record's SHA-256 (so a
-- reference can be re-anchored if an id ever moves), and at identities, sessions and resources by the names and
-- keys the logs use, never by the numeric ids derivation assigns — `derive --rebuild` cannot orphan them.
-- Every change goes through an API method that writes its audit_log row in the same transaction; rows are
-- soft-deleted (deleted_at) so each annotation's history, and every report printed earlier, stays explainable.

CREATE TABLE layers (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,
  color       TEXT NOT NULL,                 -- #rrggbb
  hidden      INTEGER NOT NULL DEFAULT 0,
  position    INTEGER NOT NULL DEFAULT 0,
  description TEXT NOT NULL DEFAULT '',
  created_at  TEXT NOT NULL,
  created_by  TEXT,
  deleted_at  TEXT,
  deleted_by  TEXT
);
CREATE UNIQUE INDEX layers_live_name ON layers(name COLLATE NOCASE) WHERE deleted_at IS NULL;

-- The tag vocabulary: one colour per tag name, whatever it is attached to.
CREATE TABLE tag_colors (
  name  TEXT PRIMARY KEY COLLATE NOCASE,
  color TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE findings (
  id          INTEGER PRIMARY KEY,
  layer_id    INTEGER NOT NULL REFERENCES layers(id),
  title       TEXT NOT NULL,
  severity    TEXT NOT NULL CHECK (severity IN ('info', 'low', 'medium', 'high', 'critical')),
  status      TEXT NOT NULL CHECK (status IN ('draft', 'open', 'confirmed', 'dismissed', 'resolved')),
  body        TEXT NOT NULL DEFAULT '',      -- markdown, rendered as text (core/annotate/markdown.ts)
  refs        TEXT NOT NULL DEFAULT '[]',    -- JSON array of framework references: "NHI5", "DE.AE-02", "ASI03", free text
  created_at  TEXT NOT NULL,
  created_by  TEXT,
  updated_at  TEXT NOT NULL,
  updated_by  TEXT,
  deleted_at  TEXT,
  deleted_by  TEXT
);

-- Things the analyst learnt outside the logs (a phone call, a ticket, a containment step), on the timeline.
CREATE TABLE manual_events (
  id          INTEGER PRIMARY KEY,
  layer_id    INTEGER NOT NULL REFERENCES layers(id),
  ts          INTEGER NOT NULL,              -- µs since the Unix epoch, UTC
  kind        TEXT NOT NULL,                 -- call, ticket, email, meeting, containment, other
  title       TEXT NOT NULL,
  body        TEXT NOT NULL DEFAULT '',      -- markdown
  identity    TEXT,                          -- optional: the identity it concerns (name or alias)
  resource    TEXT,
  created_at  TEXT NOT NULL,
  created_by  TEXT,
  updated_at  TEXT NOT NULL,
  updated_by  TEXT,
  deleted_at  TEXT,
  deleted_by  TEXT
);
CREATE INDEX manual_events_ts ON manual_events(ts) WHERE deleted_at IS NULL;

-- One mark on one target. kind: tag (tag), note (body, markdown), bookmark, promote (into the curated case
-- timeline), cite (the target is evidence for finding_id; body is an optional caption).
-- target_kind / target: event (decimal id; event_id + event_sha), session (the log's session key; a key-less
-- session is scope = identity name with from_ts/to_ts), identity (name or alias), resource (canonical name),
-- range (from_ts/to_ts, µs, to exclusive; scope optionally narrows it to one identity), manual (manual_events id),
-- finding (findings id).
CREATE TABLE annotations (
  id          INTEGER PRIMARY KEY,
  layer_id    INTEGER NOT NULL REFERENCES layers(id),
  kind        TEXT NOT NULL CHECK (kind IN ('tag', 'note', 'bookmark', 'promote', 'cite')),
  target_kind TEXT NOT NULL CHECK (target_kind IN ('event', 'session', 'identity', 'resource', 'range', 'manual', 'finding')),
  target      TEXT,
  event_id    INTEGER,
  event_sha   TEXT,
  scope       TEXT,
  from_ts     INTEGER,
  to_ts       INTEGER,
  tag         TEXT,
  body        TEXT,
  finding_id  INTEGER REFERENCES findings(id),
  created_at  TEXT NOT NULL,
  created_by  TEXT,
  updated_at  TEXT NOT NULL,
  updated_by  TEXT,
  deleted_at  TEXT,
  deleted_by  TEXT,
  CHECK ((kind = 'tag') = (tag IS NOT NULL)),
  CHECK ((kind = 'cite') = (finding_id IS NOT NULL)),
  CHECK (target_kind != 'event' OR event_id IS NOT NULL),
  CHECK (target_kind != 'range' OR (from_ts IS NOT NULL AND to_ts IS NOT NULL))
);
CREATE INDEX annotations_event ON annotations(event_id) WHERE deleted_at IS NULL;
CREATE INDEX annotations_target ON annotations(target_kind, target) WHERE deleted_at IS NULL;
CREATE INDEX annotations_finding ON annotations(finding_id) WHERE deleted_at IS NULL;

-- The narrative: ordered blocks. kind: text (body markdown), finding (finding_id), events (params: an event
-- filter — a live list, re-run whenever it is shown), session_timeline (params: {session}), scope_graph
-- (params: {identity, since}), case_timeline (the promoted events and manual events).
CREATE TABLE narrative_blocks (
  id          INTEGER PRIMARY KEY,
  position    INTEGER NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('text', 'finding', 'events', 'session_timeline', 'scope_graph', 'case_timeline')),
  title       TEXT NOT NULL DEFAULT '',
  body        TEXT NOT NULL DEFAULT '',
  finding_id  INTEGER REFERENCES findings(id),
  params      TEXT NOT NULL DEFAULT '{}',
  created_at  TEXT NOT NULL,
  created_by  TEXT,
  updated_at  TEXT NOT NULL,
  updated_by  TEXT,
  deleted_at  TEXT,
  deleted_by  TEXT
);
CREATE INDEX narrative_blocks_position ON narrative_blocks(position) WHERE deleted_at IS NULL;
