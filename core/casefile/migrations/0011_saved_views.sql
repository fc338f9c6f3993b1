-- The Events grid's analyst work (core/annotate/saved-views.ts, core/annotate/color-rules.ts). Both are analyst
-- work (core/casefile/tables.ts): written only inside audited API calls, bound to the audit chain.
--
-- A saved view: a named search with its filters, time window, columns and colour rules. `params` is the Events
-- view's route (what reopens it); `filter` is the event filter (events.list) those params mean, so the narrative
-- and the report can re-run the view without the renderer. Deleted views are kept (deleted_at) so a narrative
-- block or an audit row that names one stays explainable.
CREATE TABLE saved_views (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,
  params      TEXT NOT NULL DEFAULT '{}',    -- JSON object of strings: the Events view's route params
  filter      TEXT NOT NULL DEFAULT '{}',    -- JSON: the events.list filter
  columns     TEXT NOT NULL DEFAULT '[]',    -- JSON [{key, width, hidden}] in display order
  color_rules TEXT NOT NULL DEFAULT '[]',    -- JSON [{query, color}]
  created_at  TEXT NOT NULL,
  created_by  TEXT,
  updated_at  TEXT NOT NULL,
  updated_by  TEXT,
  deleted_at  TEXT,
  deleted_by  TEXT
);
CREATE UNIQUE INDEX saved_views_live_name ON saved_views(name COLLATE NOCASE) WHERE deleted_at IS NULL;

-- The case's colour rules: a search → a row colour, first matching rule wins (position order).
CREATE TABLE color_rules (
  id          INTEGER PRIMARY KEY,
  position    INTEGER NOT NULL,
  query       TEXT NOT NULL,
  color       TEXT NOT NULL,                 -- #rrggbb
  created_at  TEXT NOT NULL,
  created_by  TEXT
);
