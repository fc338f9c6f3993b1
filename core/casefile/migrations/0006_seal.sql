-- Analyst work bound to the audit chain, and seals of the chain heads (core/casefile/work-state.ts, core/seal).
-- audit_log.state: for each analyst-work row the call wrote, the SHA-256 of its state afterwards (JSON object,
-- "table:key" → hash, null for a row removed). It is part of the row's chain hash, so verify can replay the log and
-- find any edit, deletion or insertion of analyst work made outside the API.
ALTER TABLE audit_log ADD COLUMN state TEXT;

-- A seal: the heads of the custody and audit chains and the digest of the completely imported evidence, signed
-- with the sealing analyst's Ed25519 key (the public key is stored here; the private key never leaves the
-- analyst's config folder). Each seal names the one before it. Written when a writing session ends.
CREATE TABLE seals (
  seq        INTEGER PRIMARY KEY,
  at         TEXT NOT NULL,
  analyst    TEXT,
  public_key TEXT NOT NULL,   -- base64 of the raw 32-byte Ed25519 public key
  payload    TEXT NOT NULL,   -- canonical JSON of what is sealed
  signature  TEXT NOT NULL    -- base64 Ed25519 signature of payload
);
CREATE TRIGGER seals_no_update BEFORE UPDATE ON seals BEGIN SELECT RAISE(ABORT, 'seals are append-only'); END;
CREATE TRIGGER seals_no_delete BEFORE DELETE ON seals BEGIN SELECT RAISE(ABORT, 'seals are append-only'); END;
