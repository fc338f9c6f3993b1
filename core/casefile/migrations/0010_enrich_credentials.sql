-- IP intelligence and credentials (core/enrich, core/secrets), derived like identities and sessions: recomputed
-- by every derivation, never analyst work.

-- What the datasets say about each source address the events hold, spelled as the events spell it (the events'
-- src_ip), so a search (`asn:`, `country:`, `cloud:`, `tor:`, `org:`) is `src_ip IN (SELECT ip FROM ip_intel …)`.
CREATE TABLE ip_intel (
  ip            TEXT PRIMARY KEY,
  asn           INTEGER,
  org           TEXT,
  country       TEXT,                       -- ISO 3166 alpha-2, country of registration
  cloud         TEXT,                       -- provider: aws, gcp, azure, github, oracle, cloudflare
  cloud_service TEXT,                       -- as the provider names it: EC2, actions, Storage…
  cloud_region  TEXT,
  tor           INTEGER NOT NULL DEFAULT 0, -- a Tor exit on the list's date
  hosting       TEXT,                       -- the AS's kind: vps, cloud, cdn
  operator      TEXT,                       -- short name of the AS's operator when known (DigitalOcean)
  special       TEXT,                       -- private, documentation, loopback…: why nothing is known
  place         TEXT,                       -- the network it counts as: tor, cloud:aws:us-east-1, as:14061, net:203.0.113.0/24
  place_label   TEXT                        -- that network in words: Tor exit, AWS us-east-1, AS14061 (DigitalOcean, VPS)
) WITHOUT ROWID;
CREATE INDEX ip_intel_asn ON ip_intel(asn) WHERE asn IS NOT NULL;

-- The datasets the last derivation looked addresses up in (the bundled ones and the analyst's .mmdb files).
CREATE TABLE enrichment_datasets (
  name        TEXT PRIMARY KEY,
  kind        TEXT NOT NULL,
  version     TEXT NOT NULL,
  date        TEXT NOT NULL,
  sha256      TEXT,
  license     TEXT,
  attribution TEXT,
  source      TEXT,                         -- JSON: where it came from
  status      TEXT NOT NULL                 -- used; missing or unreadable (an analyst's .mmdb no longer at hand)
);

-- Credentials found in evidence as data (core/secrets/detect.ts): per event, one row per credential and place.
-- Never the secret itself: its SHA-256, the id it names (an AWS key id, a service-account key id, a JWT's jti)
-- and a masked form.
CREATE TABLE secret_hits (
  event_id    INTEGER NOT NULL,
  kind        TEXT NOT NULL,
  fingerprint TEXT NOT NULL,                -- sha256 hex of the secret (of the key id for bare ids)
  key_id      TEXT,                         -- what logs name the credential by, when the secret says
  shown       TEXT NOT NULL,
  field       TEXT NOT NULL,                -- where: the JSON key or assignment name, or 'text', 'detail'
  PRIMARY KEY (event_id, fingerprint, field)
) WITHOUT ROWID;

-- Which evidence files the secret scan has read, and with which version of the detectors: the scan reads raw
-- records once per file, not once per derivation.
CREATE TABLE secret_scan (
  evidence_id INTEGER PRIMARY KEY,
  version     INTEGER NOT NULL,
  events      INTEGER NOT NULL,
  hits        INTEGER NOT NULL
);

-- Each credential's lifecycle (core/secrets/lifecycle.ts): times in µs, events by id.
CREATE TABLE credentials (
  id                INTEGER PRIMARY KEY,
  ns                TEXT NOT NULL,          -- the namespace of its key: aws-key, a format, secret
  key               TEXT NOT NULL,          -- as logs state it (a key id, a token hash, an accessor); a secret's fingerprint
  shown             TEXT NOT NULL,          -- what to print (masked for secrets)
  kind              TEXT NOT NULL,
  identity_id       INTEGER,                -- the identity it acts as
  issuer_identity   INTEGER,
  issued_ts         INTEGER,
  issued_event      INTEGER,
  expires_ts        INTEGER,
  first_use_ts      INTEGER,
  first_use_event   INTEGER,
  last_use_ts       INTEGER,
  last_use_event    INTEGER,
  uses              INTEGER NOT NULL,
  sessions          INTEGER NOT NULL,
  networks          INTEGER NOT NULL,       -- distinct networks it was used from (cloud region, AS, else /24 or /48)
  rotated_ts        INTEGER,                -- a successor issued to the same identity
  rotated_event     INTEGER,
  revoked_ts        INTEGER,
  revoked_event     INTEGER,
  deleted_ts        INTEGER,
  deleted_event     INTEGER,
  exposed_ts        INTEGER,
  exposed_event     INTEGER,
  exposed_use_event INTEGER,                -- the first use after it was exposed
  long_lived        INTEGER NOT NULL,       -- meant to last until rotated (IAM user keys, service-account keys, PATs)
  flags             TEXT NOT NULL           -- JSON: used_after_revoke, used_after_delete, used_after_expiry, two_networks, issued_never_used, exposed, exposed_then_used
);
CREATE UNIQUE INDEX credentials_key ON credentials(ns, key);
CREATE INDEX credentials_identity ON credentials(identity_id);

-- The events behind each credential's lifecycle, by role: issued, first_use, last_use, rotated, revoked, deleted,
-- exposed, exposed_use, after_revoke, after_delete, after_expiry, two_networks.
CREATE TABLE credential_events (
  credential_id INTEGER NOT NULL,
  event_id      INTEGER NOT NULL,
  role          TEXT NOT NULL,
  PRIMARY KEY (credential_id, role, event_id)
) WITHOUT ROWID;
CREATE INDEX credential_events_event ON credential_events(event_id);
