// Seals: the heads of the custody and audit chains and the digest of the completely imported evidence, signed
// with the analyst's Ed25519 key (seal-keys.ts). A seal is written when a writing session ends (a connection that
// changed a chain closes), before every report, and on `sessionscope seal`; `seal --out` exports the latest one
// to keep outside the case. A chain rewritten or cut back before a seal no longer contains the sealed head at the
// sealed position — verify finds it from the seals in the case, and from an exported seal even when the seals
// in the case were removed with it.
import { createHash, sign, verify as verifySignature } from 'node:crypto';
import type { CaseDb } from './open.js';
import { canonicalJson, chainHead, type ChainTable } from './chain.js';
import { fingerprint, publicKeyObject, sealKey } from './seal-keys.js';

export const SEAL_FORMAT = 'sessionscope-seal/1';

export interface SealPayload {
  format: string;
  case_uuid: string;
  case_name: string;
  sealed_at: string;
  analyst: string;
  key: string;
  custody: { seq: number; head: string };
  audit: { seq: number; head: string };
  /** The evidence files complete at the sealed custody row: how many, and a digest of their hashes and digests. */
  evidence: { files: number; digest: string };
  /** SHA-256 of the previous seal (its payload and signature), null for the first. */
  previous: string | null;
}

export interface Seal {
  seq?: number;
  payload: SealPayload;
  /** The exact signed text. */
  text: string;
  signature: string;
  public_key: string;
}

/** The file `seal --out` writes: the seal, self-describing. */
export interface SealFile {
  format: string;
  payload: string;
  signature: string;
  public_key: string;
  fingerprint: string;
}

export interface SessionMark {
  custody: string;
  audit: string;
}

const hasSeals = (db: CaseDb) =>
  db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'seals'").pluck().get() === 1;

export function sessionStart(db: CaseDb): SessionMark {
  return { custody: chainHead(db, 'custody_log').hash, audit: chainHead(db, 'audit_log').hash };
}

const meta = (db: CaseDb, key: string) =>
  (db.prepare('SELECT value FROM case_meta WHERE key = ?').pluck().get(key) as string | undefined) ?? '';

type Digest = { files: number; digest: string };

const digestLine = (r: { id: number; sha256: string; events_digest: string | null; events: number }) =>
  `${r.id} ${r.sha256} ${r.events_digest ?? ''} ${r.events}\n`;

/** The evidence files whose completion the custody log records up to `custodySeq`. */
export function evidenceDigest(db: CaseDb, custodySeq: number): Digest {
  return evidenceDigests(db, [custodySeq]).get(custodySeq)!;
}

/**
 * The evidence digest at each of several custody positions, in one pass over the completions (verify checks
 * every seal: one query and one hashing of the evidence per seal made verify quadratic — 50,000 files, 9.6 min).
 * Files complete in id order as a rule, so each position's digest continues the previous one's hash; a file
 * completed out of order (a resumed import) has that position's digest rehashed from the start.
 */
export function evidenceDigests(db: CaseDb, custodySeqs: readonly number[]): Map<number, Digest> {
  const rows = new Map<number, string>();
  for (const r of db.prepare('SELECT id, sha256, events_digest, events FROM evidence').iterate() as Iterable<{
    id: number;
    sha256: string;
    events_digest: string | null;
    events: number;
  }>)
    rows.set(r.id, digestLine(r));
  // Each file counts from its first completion (later ones are of a re-import that changed nothing it sealed).
  const completions: { seq: number; id: number }[] = [];
  const counted = new Set<number>();
  for (const c of db
    .prepare("SELECT seq, evidence_id FROM custody_log WHERE action = 'import-complete' ORDER BY seq")
    .iterate() as Iterable<{ seq: number; evidence_id: number }>) {
    if (counted.has(c.evidence_id) || !rows.has(c.evidence_id)) continue;
    counted.add(c.evidence_id);
    completions.push({ seq: c.seq, id: c.evidence_id });
  }
  const out = new Map<number, Digest>();
  const ids: number[] = [];
  let hash = createHash('sha256');
  let k = 0;
  for (const target of [...new Set(custodySeqs)].sort((a, b) => a - b)) {
    let rehash = false;
    for (; k < completions.length && completions[k].seq <= target; k++) {
      const id = completions[k].id;
      if (!rehash && (ids.length === 0 || id > ids[ids.length - 1])) {
        ids.push(id);
        hash.update(rows.get(id)!);
      } else {
        ids.push(id);
        rehash = true;
      }
    }
    if (rehash) {
      ids.sort((a, b) => a - b);
      hash = createHash('sha256');
      for (const x of ids) hash.update(rows.get(x)!);
    }
    out.set(target, { files: ids.length, digest: hash.copy().digest('hex') });
  }
  return out;
}

export const sealHash = (s: { text: string; signature: string }) =>
  createHash('sha256').update(s.text).update('\n').update(s.signature).digest('hex');

export function listSeals(db: CaseDb): Seal[] {
  if (!hasSeals(db)) return [];
  return (
    db.prepare('SELECT seq, payload, signature, public_key FROM seals ORDER BY seq').all() as {
      seq: number;
      payload: string;
      signature: string;
      public_key: string;
    }[]
  ).map((r) => ({
    seq: r.seq,
    text: r.payload,
    payload: parsePayload(r.payload),
    signature: r.signature,
    public_key: r.public_key,
  }));
}

function parsePayload(text: string): SealPayload {
  try {
    return JSON.parse(text) as SealPayload;
  } catch {
    return { format: 'unreadable' } as SealPayload;
  }
}

export function latestSeal(db: CaseDb): Seal | null {
  const all = listSeals(db);
  return all.length ? all[all.length - 1] : null;
}

/** Whether the latest seal covers the chains as they are now. */
export function isSealed(db: CaseDb): boolean {
  const last = latestSeal(db);
  if (!last) return false;
  return (
    last.payload.custody?.head === chainHead(db, 'custody_log').hash &&
    last.payload.audit?.head === chainHead(db, 'audit_log').hash
  );
}

/** Seals the case now (a no-op when the latest seal already covers it); returns the latest seal. */
export function sealCase(db: CaseDb, analyst: string): Seal {
  if (!hasSeals(db)) throw new Error('this case has no seals table (not migrated)');
  const current = latestSeal(db);
  if (current && isSealed(db)) return current;
  const key = sealKey(analyst);
  let seal!: Seal;
  db.transaction(() => {
    const custody = chainHead(db, 'custody_log');
    const audit = chainHead(db, 'audit_log');
    const last = latestSeal(db);
    const payload: SealPayload = {
      format: SEAL_FORMAT,
      case_uuid: meta(db, 'case_uuid'),
      case_name: meta(db, 'name'),
      sealed_at: new Date().toISOString(),
      analyst,
      key: fingerprint(key.publicKey),
      custody: { seq: custody.seq, head: custody.hash },
      audit: { seq: audit.seq, head: audit.hash },
      evidence: evidenceDigest(db, custody.seq),
      previous: last ? sealHash(last) : null,
    };
    const text = canonicalJson(payload);
    const signature = sign(null, Buffer.from(text), key.privateKey).toString('base64');
    const seq = Number(
      db
        .prepare('INSERT INTO seals(at, analyst, public_key, payload, signature) VALUES (?, ?, ?, ?, ?)')
        .run(payload.sealed_at, analyst, key.publicKey, text, signature).lastInsertRowid,
    );
    seal = { seq, payload, text, signature, public_key: key.publicKey };
  }).immediate();
  return seal;
}

/** At the end of a writing session: seal what it wrote. Never throws (a close must close); says why it could not. */
export function sealOnClose(db: CaseDb, mark: SessionMark): void {
  try {
    if (db.readonly || !hasSeals(db)) return;
    const now = sessionStart(db);
    if (now.custody === mark.custody && now.audit === mark.audit) return;
    if (isSealed(db)) return;
    const last = db.prepare('SELECT analyst FROM audit_log ORDER BY seq DESC LIMIT 1').pluck().get() as
      string | null | undefined;
    sealCase(db, last ?? process.env.SESSIONSCOPE_ANALYST ?? 'unknown');
  } catch (e) {
    process.stderr.write(`sessionscope: the case was not sealed: ${(e as Error).message.split('\n')[0]}\n`);
  }
}

export function toSealFile(s: Seal): SealFile {
  return {
    format: SEAL_FORMAT,
    payload: s.text,
    signature: s.signature,
    public_key: s.public_key,
    fingerprint: fingerprint(s.public_key),
  };
}

/** Whether the signature is the key's over the text. */
export function signatureValid(s: { text: string; signature: string; public_key: string }): boolean {
  try {
    return verifySignature(
      null,
      Buffer.from(s.text),
      publicKeyObject(s.public_key),
      Buffer.from(s.signature, 'base64'),
    );
  } catch {
    return false;
  }
}

const rowHashAt = (db: CaseDb, table: ChainTable, seq: number) =>
  db.prepare(`SELECT row_hash FROM ${table} WHERE seq = ?`).pluck().get(seq) as string | undefined;

/**
 * What contradicts a seal in the case as it is: a chain whose row at the sealed position is not the sealed head
 * (rewritten), or that no longer reaches it (cut back), or evidence complete then that is gone or changed.
 */
/** What is wrong with a seal against the case (`evidence`: its evidence digest, when computed for many seals). */
export function checkSeal(db: CaseDb, s: Seal, label: string, evidence?: Digest): string[] {
  const out: string[] = [];
  const p = s.payload;
  if (p.format !== SEAL_FORMAT) return [`${label} is not a seal this build reads (${String(p.format)})`];
  if (!signatureValid(s)) out.push(`${label}: the signature does not match (the seal was altered or forged)`);
  if (fingerprint(s.public_key) !== p.key)
    out.push(`${label}: the key named in the seal is not the key that signed it`);
  const uuid = meta(db, 'case_uuid');
  if (p.case_uuid !== uuid) out.push(`${label} belongs to another case (${p.case_uuid}, this case is ${uuid})`);
  for (const [table, head, what] of [
    ['custody_log', p.custody, 'custody log'],
    ['audit_log', p.audit, 'audit log'],
  ] as const) {
    if (head.seq === 0) continue;
    const now = chainHead(db, table);
    const at = rowHashAt(db, table, head.seq);
    if (now.seq < head.seq || at === undefined)
      out.push(`${label}: the ${what} was cut back — sealed with ${head.seq} rows, it now ends at row ${now.seq}`);
    else if (at !== head.head)
      out.push(`${label}: the ${what} was rewritten — its row ${head.seq} is not the one sealed ${p.sealed_at}`);
  }
  const ev = evidence ?? evidenceDigest(db, p.custody.seq);
  if (ev.files !== p.evidence.files || ev.digest !== p.evidence.digest)
    out.push(
      `${label}: the evidence complete when it was sealed is not all there unchanged (${p.evidence.files} files sealed, ${ev.files} found${ev.files === p.evidence.files ? ' with other hashes or digests' : ''})`,
    );
  return out;
}

/** Reads a seal file written by `seal --out`. */
export function parseSealFile(text: string): Seal {
  let f: SealFile;
  try {
    f = JSON.parse(text) as SealFile;
  } catch {
    throw new Error('not a seal file (not JSON)');
  }
  if (f === null || typeof f !== 'object' || f.format !== SEAL_FORMAT || typeof f.payload !== 'string')
    throw new Error(`not a seal file (expected format ${SEAL_FORMAT})`);
  if (typeof f.signature !== 'string' || typeof f.public_key !== 'string')
    throw new Error('seal file has no signature');
  return { payload: parsePayload(f.payload), text: f.payload, signature: f.signature, public_key: f.public_key };
}
