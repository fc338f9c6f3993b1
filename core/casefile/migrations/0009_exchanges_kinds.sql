-- Credential exchanges across systems and identity kinds (docs/derivation.md).
-- How a session was tied to its parent (the rule, e.g. `issued-key`, `caller-principal`) and the rule's confidence:
-- a link across systems can be inferred (a session live at the login, from its address), and the analyst must see how.
ALTER TABLE sessions ADD COLUMN parent_method TEXT;
ALTER TABLE sessions ADD COLUMN parent_confidence REAL;
-- Which rule gave an identity its kind (`name:role-arn`, `machine-user`, `analyst`…): core/derive/naming.ts.
ALTER TABLE identities ADD COLUMN kind_rule TEXT;

-- Analyst work: an identity's kind set by hand (audited), which wins over every rule. Stored by the identity's
-- canonical alias key, like identity_decisions, so it applies again on every derivation; revoked, never deleted.
CREATE TABLE identity_kinds (
  id           INTEGER PRIMARY KEY,
  identity_key TEXT NOT NULL,            -- the identity's canonical alias ("system|value") when it was set
  kind         TEXT NOT NULL,
  note         TEXT,
  analyst      TEXT,
  at           TEXT NOT NULL,
  revoked_at   TEXT,
  revoked_by   TEXT
);
CREATE INDEX identity_kinds_key ON identity_kinds(identity_key);
