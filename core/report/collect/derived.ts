// Derived analysis (identities, sessions, scope, coverage) comes from the derivation methods when this build
// has them; the report asks the registry at run time and falls back to what the events alone can say, marked
// "not derived yet". The dispatcher is imported lazily: this report's own method is one of those it serves.
import type { ApiContext } from '../../api/registry.js';
import type { CollectContext } from './context.js';

export async function callDerived(c: CollectContext, method: string, params: unknown): Promise<unknown | null> {
  const { hasMethod, call } = await import('../../api/dispatch.js');
  if (!(await hasMethod(method))) return null;
  const ctx: ApiContext = {
    caseFile: c.handle,
    analyst: 'report',
    emit: () => {},
    setCase: () => {},
    allowedRoots: null,
  };
  try {
    return await call(ctx, method, params);
  } catch {
    // A derivation method that fails (or whose params differ from what this report expects) must not sink the report.
    return null;
  }
}

export function asArray(v: unknown): Record<string, unknown>[] | null {
  if (Array.isArray(v)) return v as Record<string, unknown>[];
  if (v && typeof v === 'object') {
    for (const k of ['items', 'rows', 'identities', 'sessions']) {
      const x = (v as Record<string, unknown>)[k];
      if (Array.isArray(x)) return x as Record<string, unknown>[];
    }
  }
  return null;
}

export const str = (v: unknown): string =>
  v === null || v === undefined
    ? ''
    : Array.isArray(v)
      ? v.map(str).join(', ')
      : typeof v === 'object'
        ? JSON.stringify(v)
        : String(v);
