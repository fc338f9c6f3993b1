// Scope, paged: a heavy identity reaches tens of thousands of resources, more than one answer should carry. The
// walk runs once per case state and parameters; its resources are then served a page at a time, in first-touch
// order, by cursor — so paging through 42k resources walks the graph once, not once per page.
import type { CaseDb } from '../casefile/open.js';
import { computeScope, type ScopeResult, type ScopeResource } from './scope.js';
import { caseSignature } from './timeline.js';
import { decodeCursor, encodeCursor, pageLimit, type Page } from './page.js';

const kept = new WeakMap<CaseDb, { key: string; result: ScopeResult }>();

function scopeOnce(db: CaseDb, identity: string, since: number | undefined): ScopeResult {
  const key = JSON.stringify([caseSignature(db), identity, since ?? null]);
  const hit = kept.get(db);
  if (hit && hit.key === key) return hit.result;
  const result = computeScope(db, identity, since);
  kept.set(db, { key, result });
  return result;
}

export interface ScopePage extends Omit<ScopeResult, 'resources'> {
  /** The first page of resources (first touch order); `resources_next` continues with scope.resources. */
  resources: ScopeResource[];
  resources_next: string | null;
  resources_total: number;
}

function slice(r: ScopeResult, cursor: string | undefined, limit: number): Page<ScopeResource> {
  const start = cursor ? (decodeCursor(cursor, ['number'])[0] as number) : 0;
  const items = r.resources.slice(start, start + limit);
  const end = start + items.length;
  return { items, next: end < r.resources.length ? encodeCursor([end]) : null, total: r.resources.length };
}

/** Scope with its resources cut to one page (`resources_limit`, default 500). */
export function scopeFirstPage(db: CaseDb, identity: string, since?: number, limit?: number): ScopePage {
  const r = scopeOnce(db, identity, since);
  const page = slice(r, undefined, pageLimit(limit));
  return { ...r, resources: page.items, resources_next: page.next, resources_total: page.total };
}

/** One more page of a scope's resources. */
export function scopeResources(
  db: CaseDb,
  identity: string,
  since: number | undefined,
  cursor: string | undefined,
  limit?: number,
): Page<ScopeResource> {
  return slice(scopeOnce(db, identity, since), cursor, pageLimit(limit));
}
