// What an agent's tool call touched, when its arguments say so (MCP filesystem `path`, fetch `url`, a database
// name): the resource of the event becomes that object instead of the tool. Shared by the otel and mcp-log importers.
import type { Category } from '../../core/model/event.js';
import { categorize } from './category.js';

const PATH_KEYS = ['path', 'file_path', 'filepath', 'filePath', 'filename', 'file', 'source', 'destination', 'directory', 'dir', 'target_file'];
const URL_KEYS = ['url', 'uri', 'href', 'endpoint'];
const DB_KEYS = ['database', 'db', 'dbname', 'database_name'];
const TABLE_KEYS = ['table', 'table_name', 'tableName'];
const URL_RE = /^[a-z][a-z0-9+.-]*:\/\//i;
const TARGET_KEY = new RegExp(`"(?:${[...PATH_KEYS, 'paths', 'files', ...URL_KEYS, ...DB_KEYS, ...TABLE_KEYS, 'input'].join('|')})"\\s*:`);

function firstString(v: unknown): string | null {
  if (typeof v === 'string') return v === '' ? null : v;
  if (Array.isArray(v)) for (const x of v) if (typeof x === 'string' && x !== '') return x;
  return null;
}

function safeDecode(s: string): string {
  try { return decodeURI(s); } catch { return s; }
}

export interface ToolTarget { resource: string; type: string }

/** The object a tool call's arguments name, or null. `args` is the parsed arguments object (or its JSON text). */
export function toolTarget(args: unknown): ToolTarget | null {
  let a = args;
  if (typeof a === 'string') {
    const t = a.trimStart();
    // Most calls name no object: look for one of the keys before paying for a parse.
    if (!t.startsWith('{') || !TARGET_KEY.test(t)) return null;
    try { a = JSON.parse(t); } catch { return null; }
  }
  if (a === null || typeof a !== 'object' || Array.isArray(a)) return null;
  const o = a as Record<string, unknown>;
  // Some tools wrap their arguments once more ({"input": {...}}).
  if (Object.keys(o).length === 1 && o.input && typeof o.input === 'object') return toolTarget(o.input);
  for (const k of URL_KEYS) {
    const s = firstString(o[k]);
    if (s && URL_RE.test(s)) return s.toLowerCase().startsWith('file://') ? { resource: safeDecode(s.slice(7)), type: 'file' } : { resource: s, type: 'url' };
  }
  for (const k of PATH_KEYS.concat(['paths', 'files'])) {
    const s = firstString(o[k]);
    if (s) return URL_RE.test(s) ? { resource: s, type: 'url' } : { resource: s, type: 'file' };
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
