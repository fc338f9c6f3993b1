// The shapes CloudTrail records are exported in besides the trail's own, turned back into the trail's record shape
// so one normalizer reads them all:
// - `aws cloudtrail lookup-events`: `{"Events":[{EventId, EventName, EventTime, Username, Resources, AccessKeyId,
//   CloudTrailEvent}]}`, where CloudTrailEvent is the trail record as a JSON *string*;
// - CloudTrail Lake (`aws cloudtrail get-query-results`):
//   `{"QueryResultRows":[[{"eventTime":"…"},{"userIdentity":…}]]}`,
//   each row a list of one-column objects, every value a string;
// - Athena / CloudTrail Lake / SIEM exports where the nested members are strings: JSON (`"{\"type\":…}"`) or the
//   engines' row rendering (`{type=AssumedRole, principalid=AROA…:s, arn=…, sessioncontext={attributes={…}}}`),
//   flattened columns (`useridentity.arn`, `userIdentity_accessKeyId`, a bare `arn`), and CSV rows with "" or
//   "null" for absent values.
import { isObj, key, str, type Obj } from '../util/fields.js';

/** Members of a trail record that exports write as strings. */
const NESTED = [
  'userIdentity',
  'requestParameters',
  'responseElements',
  'additionalEventData',
  'resources',
  'tlsDetails',
  'serviceEventDetails',
];
/** userIdentity's own members, for exports that select them as columns of their own. */
const IDENTITY_FIELDS = [
  'type',
  'principalId',
  'arn',
  'accountId',
  'accessKeyId',
  'userName',
  'invokedBy',
  'identityProvider',
  'sessionContext',
  'onBehalfOf',
];

/** A lookup-events element: the event id and name beside the record as a string. */
export function isLookupEvent(v: unknown): v is Obj {
  return isObj(v) && typeof v.CloudTrailEvent === 'string' && (v.EventId !== undefined || v.EventName !== undefined);
}

/** A lookup-events page, or a Lake query-results page: the records' array, and its key. */
export function pageOf(v: unknown): { key: 'Events' | 'QueryResultRows'; items: unknown[] } | null {
  if (!isObj(v)) return null;
  if (Array.isArray(v.Events) && (v.Events.length === 0 || isLookupEvent(v.Events[0])))
    return { key: 'Events', items: v.Events };
  if (Array.isArray(v.QueryResultRows)) return { key: 'QueryResultRows', items: v.QueryResultRows };
  return null;
}

/** A Lake result row: a list of one-key objects (`[{"eventTime":"…"},{"eventName":"…"}]`), merged. */
export function lakeRow(v: unknown): Obj | null {
  if (!Array.isArray(v) || v.length === 0) return null;
  const out: Obj = {};
  for (const cell of v) {
    if (!isObj(cell)) return null;
    Object.assign(out, cell);
  }
  return out;
}

/** "null", "" and "NULL" cells are absent values in Athena / Lake / CSV exports. */
function absent(v: unknown): boolean {
  return v === null || v === '' || (typeof v === 'string' && /^null$/i.test(v));
}

/**
 * The engines' rendering of a row value: `{k=v, k2={…}, k3=[{…}, {…}]}`. Values are unquoted: a value runs to the
 * next `, name=` at the same depth or to the closing bracket. Null for text that is not such a rendering.
 */
export function parseRowValue(text: string): unknown {
  const s = text.trim();
  if (!(s.startsWith('{') || s.startsWith('['))) return null;
  let i = 0;
  const value = (): unknown => {
    if (s[i] === '{') {
      i++;
      const o: Obj = {};
      while (i < s.length && s[i] !== '}') {
        while (s[i] === ' ' || s[i] === ',') i++;
        const eq = s.indexOf('=', i);
        if (eq < 0) throw new Error('no =');
        const name = s.slice(i, eq).trim();
        if (!/^[\w.@:-]+$/.test(name)) throw new Error('not a member name');
        i = eq + 1;
        o[name] = value();
        while (s[i] === ' ') i++;
        if (s[i] === ',') i++;
      }
      i++;
      return o;
    }
    if (s[i] === '[') {
      i++;
      const a: unknown[] = [];
      while (i < s.length && s[i] !== ']') {
        while (s[i] === ' ' || s[i] === ',') i++;
        if (s[i] === ']') break;
        a.push(value());
      }
      i++;
      return a;
    }
    // A scalar: up to the next ", name=" or "," at this depth, or the closing bracket.
    const start = i;
    let depth = 0;
    while (i < s.length) {
      const c = s[i];
      if (c === '{' || c === '[') depth++;
      else if ((c === '}' || c === ']') && depth-- === 0) break;
      else if (c === ',' && depth === 0 && /^,\s*[\w.@:-]+=/.test(s.slice(i, i + 80))) break;
      else if (c === ',' && depth === 0 && /^,\s*[{[]/.test(s.slice(i, i + 3))) break;
      i++;
    }
    const raw = s.slice(start, i).trim();
    return absent(raw) ? null : raw;
  };
  try {
    const v = value();
    return i >= s.length - 1 ? v : null;
  } catch {
    return null;
  }
}

/** A member that an export wrote as a string: JSON first, then the engines' row rendering. */
function unstring(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const t = v.trim();
  if (!(t.startsWith('{') || t.startsWith('['))) return v;
  try {
    return JSON.parse(t);
  } catch {
    return parseRowValue(t) ?? v;
  }
}

/**
 * An exported row back in the trail's shape: absent cells dropped, string members parsed, flattened columns
 * (`useridentity.arn`, `userIdentity_accessKeyId`, a bare `principalId`) gathered under their parent.
 */
export function fromExportRow(row: Obj): Obj {
  const out: Obj = {};
  const nested: Record<string, Obj> = {};
  for (const [k, v] of Object.entries(row)) {
    if (absent(v)) continue;
    const m = /^(useridentity|requestparameters|responseelements|additionaleventdata)[._](.+)$/i.exec(k);
    if (m) {
      const parent = NESTED.find((n) => n.toLowerCase() === m[1].toLowerCase())!;
      setPath((nested[parent] ??= {}), m[2].split('.'), unstring(v));
      continue;
    }
    out[k] = NESTED.some((n) => n.toLowerCase() === k.toLowerCase()) ? unstring(v) : v;
  }
  for (const [parent, members] of Object.entries(nested)) {
    const cur = key(out, parent);
    out[parent] = isObj(cur) ? { ...cur, ...members } : members;
  }
  // userIdentity selected member by member, without its prefix (a Lake query's `userIdentity.arn` column is `arn`).
  if (!isObj(key(out, 'userIdentity'))) {
    const ui: Obj = {};
    for (const f of IDENTITY_FIELDS) {
      const v = key(out, f);
      if (v !== undefined && f !== 'type') ui[f] = unstring(v);
    }
    if (Object.keys(ui).length > 0) {
      const type = str(key(out, 'type'));
      if (type && !/^Aws(ApiCall|ServiceEvent|ConsoleSignIn|ConsoleAction|CloudTrailInsight)$/i.test(type))
        ui.type = type;
      else ui.type = typeOfArn(str(ui.arn));
      out.userIdentity = ui;
    }
  }
  return out;
}

function setPath(o: Obj, path: string[], v: unknown): void {
  let cur = o;
  for (let i = 0; i < path.length - 1; i++) {
    const next = cur[path[i]];
    cur = isObj(next) ? next : (cur[path[i]] = {});
  }
  cur[path[path.length - 1]] = v;
}

function typeOfArn(arn: string | null): string {
  if (!arn) return 'Unknown';
  if (/:assumed-role\//.test(arn)) return 'AssumedRole';
  if (/:user\//.test(arn)) return 'IAMUser';
  if (/:root$/.test(arn)) return 'Root';
  if (/:federated-user\//.test(arn)) return 'FederatedUser';
  return 'Unknown';
}

/**
 * A lookup-events element as the trail record it carries (CloudTrailEvent parsed), or, when that string is missing
 * or broken, a record rebuilt from the element's own fields — with the reason, so the event says what it lacks.
 */
export function fromLookupEvent(v: Obj): { record: Obj; note: string | null } {
  const raw = v.CloudTrailEvent;
  if (typeof raw === 'string') {
    try {
      const inner = JSON.parse(raw) as unknown;
      if (isObj(inner)) return { record: inner, note: null };
    } catch {
      // Rebuilt below from the element's own fields.
    }
  }
  const resources = Array.isArray(v.Resources)
    ? v.Resources.filter(isObj).map((r) => ({ ARN: r.ResourceName, type: r.ResourceType }))
    : undefined;
  const user = str(v.Username);
  return {
    record: {
      eventID: v.EventId,
      eventName: v.EventName,
      eventSource: v.EventSource,
      eventTime: v.EventTime,
      readOnly: v.ReadOnly === 'true' ? true : v.ReadOnly === 'false' ? false : v.ReadOnly,
      userIdentity: { type: 'Unknown', userName: user, accessKeyId: v.AccessKeyId },
      ...(resources && resources.length > 0 ? { resources } : {}),
    },
    note: 'lookup-events element without a parseable CloudTrailEvent: only its summary fields were read',
  };
}
