// `credentials CASE [--identity I]` / `credentials.list`: each credential's lifecycle
// (core/derive/secrets/lifecycle.ts) — issued, first and last use, rotated, revoked, deleted, expiry, exposed — with
// its flags. `never_rotated` is judged here, against the age limit asked for: a long-lived credential neither
// rotated, revoked nor deleted, older than the limit at the case's last event (the evidence's clock, not today's).
import type { CaseDb } from '../casefile/open.js';
import { formatMicros } from '../model/time.js';
import { UserError } from '../errors.js';
import { resolveIdentityIds } from './identity-filter.js';
import { CREDENTIAL_FLAGS, type CredentialJson } from '../model/credential.js';

export { CREDENTIAL_FLAGS, isCredentialFlag, type CredentialFlag, type CredentialJson } from '../model/credential.js';

export interface CredentialFilter {
  identity?: string;
  /** Only credentials carrying this flag. */
  flag?: string;
  kind?: string;
  /** The age past which an unrotated long-lived credential is flagged never_rotated (days, default 90). */
  maxAgeDays?: number;
}

const DAY = 86_400_000_000;

interface Row {
  id: number;
  ns: string;
  key: string;
  shown: string;
  kind: string;
  identity_id: number | null;
  identity: string | null;
  issuer: string | null;
  issued_ts: number | null;
  expires_ts: number | null;
  first_use_ts: number | null;
  last_use_ts: number | null;
  uses: number;
  sessions: number;
  networks: number;
  rotated_ts: number | null;
  revoked_ts: number | null;
  deleted_ts: number | null;
  exposed_ts: number | null;
  long_lived: number;
  flags: string;
}

const t = (us: number | null) => (us === null ? null : formatMicros(us));

export function listCredentials(db: CaseDb, f: CredentialFilter = {}): CredentialJson[] {
  if (f.flag !== undefined && !(CREDENTIAL_FLAGS as readonly string[]).includes(f.flag))
    throw new UserError('INVALID_PARAMS', `unknown credential flag ${f.flag}: one of ${CREDENTIAL_FLAGS.join(', ')}`);
  const maxAge = (f.maxAgeDays ?? 90) * DAY;
  const where: string[] = [];
  const args: unknown[] = [];
  if (f.identity !== undefined) {
    const ids = resolveIdentityIds(db, f.identity);
    if (ids.length === 0) throw new UserError('NOT_FOUND', `no identity matches ${JSON.stringify(f.identity)}`);
    const q = ids.map(() => '?').join(',');
    where.push(`(c.identity_id IN (${q}) OR c.issuer_identity IN (${q}))`);
    args.push(...ids, ...ids);
  }
  if (f.kind !== undefined) {
    where.push('c.kind = ?');
    args.push(f.kind);
  }
  const caseEnd = db.prepare('SELECT max(last_ts) FROM evidence WHERE status = ?').pluck().get('complete') as
    number | null;
  const rows = db
    .prepare(
      `SELECT c.*, i.name AS identity, j.name AS issuer FROM credentials c
       LEFT JOIN identities i ON i.id = c.identity_id LEFT JOIN identities j ON j.id = c.issuer_identity
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY c.id`,
    )
    .all(...args) as Row[];
  const evSt = db
    .prepare('SELECT role, event_id FROM credential_events WHERE credential_id = ? ORDER BY event_id')
    .raw(true);
  const out: CredentialJson[] = [];
  for (const r of rows) {
    const flags = JSON.parse(r.flags) as string[];
    const born = r.issued_ts ?? r.first_use_ts;
    const age = born !== null && caseEnd !== null ? caseEnd - born : null;
    if (
      r.long_lived === 1 &&
      r.rotated_ts === null &&
      r.revoked_ts === null &&
      r.deleted_ts === null &&
      age !== null &&
      age > maxAge
    )
      flags.push('never_rotated');
    if (f.flag !== undefined && !flags.includes(f.flag)) continue;
    const ev: Record<string, number[]> = {};
    for (const [role, id] of evSt.iterate(r.id) as Iterable<[string, number]>) (ev[role] ??= []).push(id);
    out.push({
      id: r.id,
      credential: r.shown,
      kind: r.kind,
      ns: r.ns,
      identity: r.identity,
      identity_id: r.identity_id,
      issuer: r.issuer,
      issued: t(r.issued_ts),
      expires: t(r.expires_ts),
      first_use: t(r.first_use_ts),
      last_use: t(r.last_use_ts),
      uses: r.uses,
      sessions: r.sessions,
      networks: r.networks,
      rotated: t(r.rotated_ts),
      revoked: t(r.revoked_ts),
      deleted: t(r.deleted_ts),
      exposed: t(r.exposed_ts),
      long_lived: r.long_lived === 1,
      age_days: age === null ? null : Math.floor(age / DAY),
      flags,
      events: ev,
    });
  }
  return out;
}
