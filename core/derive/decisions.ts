// Analyst decisions about identities (merge, split): stored as alias keys, never as derived ids, so they
// apply again on every derivation whatever ids the identities get.
import type { CaseDb } from '../casefile/open.js';

export interface Decision {
  id: number;
  action: 'merge' | 'split';
  a: string[];
  b: string[];
  note: string | null;
  analyst: string | null;
  at: string;
  revoked_at: string | null;
}

interface Row {
  id: number;
  action: 'merge' | 'split';
  a: string;
  b: string;
  note: string | null;
  analyst: string | null;
  at: string;
  revoked_at: string | null;
}

function parseKeys(s: string): string[] {
  try {
    const v = JSON.parse(s) as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

export function listDecisions(db: CaseDb, includeRevoked = true): Decision[] {
  const rows = db
    .prepare(
      `SELECT id, action, a, b, note, analyst, at, revoked_at FROM identity_decisions
    ${includeRevoked ? '' : 'WHERE revoked_at IS NULL'} ORDER BY id`,
    )
    .all() as Row[];
  return rows.map((r) => ({ ...r, a: parseKeys(r.a), b: parseKeys(r.b) }));
}

export function addDecision(
  db: CaseDb,
  d: { action: 'merge' | 'split'; a: string[]; b: string[]; note?: string | null; analyst: string },
): number {
  return Number(
    db
      .prepare('INSERT INTO identity_decisions(action, a, b, note, analyst, at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(d.action, JSON.stringify(d.a), JSON.stringify(d.b), d.note ?? null, d.analyst, new Date().toISOString())
      .lastInsertRowid,
  );
}

export function revokeDecision(db: CaseDb, id: number, analyst: string): boolean {
  return (
    db
      .prepare('UPDATE identity_decisions SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL')
      .run(new Date().toISOString(), analyst, id).changes > 0
  );
}
