// What an agent's tool call touched, when its arguments say so (MCP filesystem `path`, fetch `url`, a database
// name): the resource of the event becomes that object instead of the tool. Shared by the otel and mcp-log importers.
import type { Category } from '../../core/model/event.js';
import { categorize } from './category.js';

const PATH_KEYS = [
  'path',
  'file_path',
  'filepath',
  'filePath',
  'filename',
  'file',
  'source',
  'destination',
  'directory',
  'dir',
  'target_file',
];
const URL_KEYS = ['url', 'uri', 'href', 'endpoint'];
/** Keys that name where a tool sends what it has (an upload, an export, a webhook, a copy's target). */
const DEST_KEYS = [
  'destination',
  'dest',
  'destination_url',
  'target',
  'target_url',
  'to',
  'upload_url',
  'output_url',
  'remote',
  'remote_url',
  'webhook',
  'webhook_url',
  'callback_url',
  'sink',
];
const DB_KEYS = ['database', 'db', 'dbname', 'database_name'];
const TABLE_KEYS = ['table', 'table_name', 'tableName'];
const URL_RE = /^[a-z][a-z0-9+.-]*:\/\//i;
const TARGET_KEY = new RegExp(
  `"(?:${[...new Set([...PATH_KEYS, 'paths', 'files', ...URL_KEYS, ...DEST_KEYS, ...DB_KEYS, ...TABLE_KEYS, 'input'])].join('|')})"\\s*:`,
);

function firstString(v: unknown): string | null {
  if (typeof v === 'string') return v === '' ? null : v;
  if (Array.isArray(v)) for (const x of v) if (typeof x === 'string' && x !== '') return x;
  return null;
}

function safeDecode(s: string): string {
  try {
    return decodeURI(s);
  } catch {
    return s;
  }
}

const isRemote = (s: string) => URL_RE.test(s) && !s.toLowerCase().startsWith('file://');

export interface ToolTarget {
  resource: string;
  type: string;
  /**
   * When the resource is a URL the call sent data to (or read from) and the arguments also name a local object
   * (a file, a database, a table): that object, for the detail.
   */
  local?: { resource: string; type: string };
}

/** The local object (file, database, table) the arguments name, other than under `skip`. */
function localObject(o: Record<string, unknown>, skip: string | null): { resource: string; type: string } | null {
  for (const k of PATH_KEYS.concat(['paths', 'files'])) {
    if (k === skip) continue;
    const s = firstString(o[k]);
    if (!s) continue;
    if (!URL_RE.test(s)) return { resource: s, type: 'file' };
    if (!isRemote(s)) return { resource: safeDecode(s.slice(7)), type: 'file' };
  }
  for (const k of DB_KEYS) {
    const s = firstString(o[k]);
    if (s) return { resource: `db:${s}`, type: 'database' };
  }
  for (const k of TABLE_KEYS) {
    const s = firstString(o[k]);
    if (s) return { resource: `table:${s}`, type: 'table' };
  }
  return null;
}

function withLocal(t: ToolTarget, o: Record<string, unknown>, skip: string): ToolTarget {
  const local = localObject(o, skip);
  if (local) t.local = local;
  return t;
}

/**
 * The object a tool call's arguments name, or null. `args` is the parsed arguments object (or its JSON text).
 * A remote URL the call sends data to (`destination`, `target`, `upload_url`, `webhook`…) wins over anything else
 * the arguments name — that is where the data went (`export_csv {filename, destination: https://…}` → the URL,
 * the file as `local`); then a `url`/`uri`; then a path, a database, a table.
 */
export function toolTarget(args: unknown): ToolTarget | null {
  let a = args;
  if (typeof a === 'string') {
    const t = a.trimStart();
    // Most calls name no object: look for one of the keys before paying for a parse.
    if (!t.startsWith('{') || !TARGET_KEY.test(t)) return null;
    try {
      a = JSON.parse(t);
    } catch {
      return null;
    }
  }
  if (a === null || typeof a !== 'object' || Array.isArray(a)) return null;
  const o = a as Record<string, unknown>;
  // Some tools wrap their arguments once more ({"input": {...}}).
  if (Object.keys(o).length === 1 && o.input && typeof o.input === 'object') return toolTarget(o.input);
  for (const k of DEST_KEYS) {
    const s = firstString(o[k]);
    if (s && isRemote(s)) return withLocal({ resource: s, type: 'url' }, o, k);
  }
  for (const k of URL_KEYS) {
    const s = firstString(o[k]);
    if (s && URL_RE.test(s))
      return isRemote(s)
        ? withLocal({ resource: s, type: 'url' }, o, k)
        : { resource: safeDecode(s.slice(7)), type: 'file' };
  }
  for (const k of PATH_KEYS.concat(['paths', 'files'])) {
    const s = firstString(o[k]);
    if (!s) continue;
    if (!URL_RE.test(s)) return { resource: s, type: 'file' };
    return isRemote(s) ? withLocal({ resource: s, type: 'url' }, o, k) : { resource: s, type: 'url' };
  }
  return localObject(o, null);
}

/** How a tool call's detail names the local object besides a URL resource. */
export function localNote(t: ToolTarget | null): string | null {
  return t?.local ? `local ${t.local.type}: ${t.local.resource}` : null;
}

/** Claude's MCP tool naming: `mcp__<server>__<tool>`. */
export function splitMcpToolName(name: string): { server: string; tool: string } | null {
  if (!name.startsWith('mcp__')) return null;
  const sep = name.indexOf('__', 5);
  if (sep < 0) return null;
  return { server: name.slice(5, sep), tool: name.slice(sep + 2) };
}

/** A tool call's category from its name's verb (`read_file` → read, `query_customers` → query); `exec` otherwise. */
const categoryCache = new Map<string, Category>();

export function toolCategory(tool: string): Category {
  let c = categoryCache.get(tool);
  if (c === undefined) {
    c = categorize(tool);
    if (c === 'other') c = 'exec';
    if (categoryCache.size > 4096) categoryCache.clear();
    categoryCache.set(tool, c);
  }
  return c;
}
