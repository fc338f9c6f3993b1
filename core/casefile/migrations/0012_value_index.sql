-- The value index (core/model/search/value-index.ts): a field filter with a glob anywhere (`ua:*curl*`) answers
-- from it instead of reading every event. Written by the import in the transaction of the rows it indexes.
--
-- Each indexed column's distinct values, up to ASCII case (the grammar's rule): a glob is evaluated over them.
CREATE TABLE search_values (
  field TEXT NOT NULL,                     -- the events-view column (action, user_agent, …)
  value TEXT NOT NULL COLLATE NOCASE,
  PRIMARY KEY (field, value)
) WITHOUT ROWID;
-- Per event, one token per indexed value (the column's letter and the folded value's hash): postings only, no
-- positions, so the events of the values a glob selects come back merged in id (= time) order.
CREATE VIRTUAL TABLE search_postings USING fts5(t, content='', contentless_delete=1, detail=none, tokenize='ascii');
INSERT INTO search_postings(search_postings, rank) VALUES ('automerge', 8);
-- A case imported before this migration has events without postings: searches read them as before (a scan) until
-- `sessionscope derive CASE` (run after every import) builds the index from the rows.
INSERT INTO case_meta(key, value) SELECT 'value_index', 'pending' WHERE EXISTS (SELECT 1 FROM event_rows);
