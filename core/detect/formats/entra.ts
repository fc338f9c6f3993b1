// Shared reading of Entra ID (Azure AD) records. They come in three shapes: diagnostic settings (camelCase,
// the activity under `properties`), Log Analytics / Sentinel table exports (PascalCase at the top level, some
// columns JSON text) and Microsoft Graph (camelCase at the top level). SigmaHQ's azure rules were written
// against several of them, so a field is looked up at the top level and under `properties.`, ignoring case,
// and JSON-text columns are read as JSON.
import type { Value, View } from '../record.js';
import { pathValues } from '../record.js';

export const ENTRA_ROOTS = ['', 'properties.'];

/** Values of the first path present, trying each root. */
export function firstOf(v: View, paths: string[]): Value[] | undefined {
  for (const p of paths) {
    const r = pathValues(v.json, p);
    if (r !== undefined) return r;
  }
  return undefined;
}

/** `additionalDetails.<key>`: the value of the {key, value} entry with that key. */
export function keyValue(listPaths: string[], keyName: string): (v: View) => Value[] | undefined {
  return (v) => {
    const list = firstOf(v, listPaths);
    if (!list) return undefined;
    const out: Value[] = [];
    for (const e of list) {
      if (e === null || typeof e !== 'object') continue;
      const o = e as Record<string, unknown>;
      if (typeof o.key === 'string' && o.key.toLowerCase() === keyName.toLowerCase()) out.push(o.value as Value);
    }
    return out.length > 0 ? out : undefined;
  };
}

/** A modified property of a target resource (`ConsentContext.IsAdminConsent`), its new value unquoted. */
export function modifiedProperty(name: string): (v: View) => Value[] | undefined {
  return (v) => {
    const props = firstOf(v, ['properties.targetResources.modifiedProperties', 'targetResources.modifiedProperties']);
    if (!props) return undefined;
    const out: Value[] = [];
    for (const p of props) {
      if (p === null || typeof p !== 'object') continue;
      const o = p as Record<string, unknown>;
      if (typeof o.displayName !== 'string' || o.displayName.toLowerCase() !== name.toLowerCase()) continue;
      const nv = o.newValue;
      out.push(typeof nv === 'string' ? nv.replace(/^"(.*)"$/s, '$1') : (nv as Value));
    }
    return out.length > 0 ? out : undefined;
  };
}
