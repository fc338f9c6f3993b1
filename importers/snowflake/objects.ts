// ACCESS_HISTORY's object lists (`DIRECT_OBJECTS_ACCESSED`, `BASE_OBJECTS_ACCESSED`, `OBJECTS_MODIFIED`): JSON
// arrays of `{objectDomain, objectName, objectId, columns: [{columnName, columnId}], stageKind}` — arrays in a JSON
// export, JSON text in a CSV one.
import { isObj, maybeJson, str } from '../util/fields.js';

export interface AccessedObject {
  name: string;
  domain: string | null;
  columns: string[];
}

/** The objects of one list column; `null` when the value is present but not a list of objects (malformed). */
export function objectsOf(v: unknown): AccessedObject[] | null {
  if (v === undefined || v === null || v === '') return [];
  const parsed = maybeJson(v);
  if (!Array.isArray(parsed)) return null;
  const out: AccessedObject[] = [];
  for (const o of parsed) {
    if (!isObj(o)) continue;
    const name = str(o.objectName);
    if (!name) continue;
    const cols: string[] = [];
    if (Array.isArray(o.columns))
      for (const c of o.columns) {
        const cn = isObj(c) ? str(c.columnName) : null;
        if (cn) cols.push(cn);
      }
    out.push({ name, domain: str(o.objectDomain), columns: cols });
  }
  return out;
}
