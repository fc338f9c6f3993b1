-- Each event's derived values (identity, session, flags) move to a narrow table of their own. Derivation rewrites
-- them for every event of a new case; in the events table that rewrote — and grew — every row, so every page of
-- the largest table was written twice (WAL, then checkpoint). Here it appends ~15 bytes per event in id order.
-- `events` stays what every reader sees: a view of the imported row with its derived values (NULL before
-- derivation). Imports write event_rows; derivation and profiles write event_derived.
CREATE TABLE event_derived (
  id          INTEGER PRIMARY KEY,   -- event_rows.id
  identity_id INTEGER,
  session_id  INTEGER,
  flags       INTEGER NOT NULL DEFAULT 0
);
INSERT INTO event_derived(id, identity_id, session_id, flags)
  SELECT id, identity_id, session_id, flags FROM events WHERE identity_id IS NOT NULL OR session_id IS NOT NULL OR flags != 0;
DROP INDEX events_identity;
DROP INDEX events_flagged;
ALTER TABLE events DROP COLUMN identity_id;
ALTER TABLE events DROP COLUMN session_id;
ALTER TABLE events DROP COLUMN flags;
ALTER TABLE events RENAME TO event_rows;
CREATE INDEX event_derived_identity ON event_derived(identity_id) WHERE identity_id IS NOT NULL;
CREATE INDEX event_derived_flagged ON event_derived(flags) WHERE flags != 0;
CREATE VIEW events AS
  SELECT r.*, d.identity_id AS identity_id, d.session_id AS session_id, d.flags AS flags
  FROM event_rows r LEFT JOIN event_derived d ON d.id = r.id;
