// MCP host logs: Claude Desktop's `mcp.log` (`<ts> [<level>] [<server>] <text>`) and per-server
// `mcp-server-<name>.log` (`<ts> [<server>] [<level>] <text>`) from ~/Library/Logs/Claude (macOS) or
// %APPDATA%\Claude\logs (Windows), and hosts that copied that layout. Field notes: shared/corpus/FIELDS.md §13.
//
// Principal: the MCP client (the agent host, `clientInfo.name` of the connection's initialize request), type agent;
// messages the server initiates (its requests and notifications) have the server as principal. The `[server]` tag is
// the resource, or what a tools/call touched when its arguments name it. Session key: the connection, from
// "Initializing server…" to the next one ("<server>@<start time>"). A request and its response (same JSON-RPC id in
// one connection) become one event. Lines without a timestamp (the server's stderr: npm warnings, stack traces) are
// merged into the entry before them, or into the first entry when the file starts with them.
import type { Category, Facts, NormalizedEvent, Outcome, PrincipalType } from '../../core/model/event.js';
import { FACT } from '../../core/model/facts.js';
import type { Importer, InputRecord, RecordParser, Sample, Sink } from '../types.js';
import { format } from './format.js';
import { compact } from '../util/fields.js';
import { jsonValueEnd } from '../util/json-slices.js';
import { parseIsoMicros } from '../../core/model/time.js';
import { splitMcpToolName, toolCategory, toolTarget } from '../util/tool-target.js';
import { detach, MAX_MERGED_BYTES, MAX_MERGED_LINES } from '../util/pending.js';

const LINE_RE =
  /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})) \[([^\]]{1,200})\](?: \[([^\]]{1,200})\])? ?/;
const LEVELS = new Set(['info', 'error', 'warn', 'warning', 'debug', 'trace', 'notice', 'log', 'fatal', 'verbose']);
const MCP_MARKERS =
  /Message from (?:client|server): \{|Initializing server|Server started and connected|transport closed|Server disconnected|Connected to MCP server|MCP server/;
const MSG_FROM = Buffer.from('Message from ');
/** Groups held while a connection's client is not yet known (waiting for its initialize request). */
const MAX_PRE_INIT = 64;
const MAX_PENDING = 1000;

function detect(sample: Sample): number {
  if (sample.lines.length === 0 || sample.values.length > 0) return 0;
  let hits = 0,
    mcp = 0;
  for (const l of sample.lines) {
    const m = LINE_RE.exec(l);
    if (!m) continue;
    const a = m[2].toLowerCase(),
      b = m[3]?.toLowerCase();
    if (!LEVELS.has(a) && !(b && LEVELS.has(b))) continue;
    hits++;
    if (MCP_MARKERS.test(l)) mcp++;
  }
  if (hits === 0 || mcp === 0) return 0;
  const share = hits / sample.lines.length;
  return share >= 0.3 ? 0.9 : 0.5 + share;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | null =>
  typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null;

interface Conn {
  server: string | null;
  key: string;
  client: string | null;
  clientVersion: string | null;
  closed: boolean;
  preInit: Group[];
  pending: Map<string, Group>;
}

type Kind = 'lifecycle' | 'request' | 'notification' | 'response' | 'log';

interface Group {
  conn: Conn;
  recs: InputRecord[];
  ts: number;
  level: string;
  kind: Kind;
  action: string;
  text: string;
  dir: 'client' | 'server' | null;
  msg: Obj | null;
  response: Obj | null;
  noise: string[];
  noiseBytes: number;
  isLast: boolean;
  awaiting: boolean;
  emitted: boolean;
  queued: boolean;
}

function lifecycleAction(text: string): string | null {
  if (text.startsWith('Initializing server')) return 'connection.start';
  if (text.startsWith('Server started and connected successfully') || text.startsWith('Connected to MCP server'))
    return 'connection.ready';
  if (text.startsWith('Server transport closed unexpectedly')) return 'connection.lost';
  if (text.startsWith('Server transport closed') || text.startsWith('Client transport closed'))
    return 'connection.close';
  if (text.startsWith('Server disconnected')) return 'connection.error';
  if (text.startsWith('Shutting down')) return 'connection.shutdown';
  return null;
}

class McpParser implements RecordParser {
  private readonly conns = new Map<string, Conn>();
  private last: Group | null = null;
  private leading: InputRecord[] = [];
  private leadingText: string[] = [];
  private leadingBytes = 0;
  private lastClient: string | null = null;
  private readonly open = new Set<Group>();

  push(rec: InputRecord, sink: Sink): void {
    const m = LINE_RE.exec(rec.text);
    const ts = m ? parseIsoMicros(m[1]) : null;
    if (!m || ts === null) return this.noise(rec, sink);
    let level = m[2],
      server: string | null = m[3] ?? null;
    if (server !== null && !LEVELS.has(level.toLowerCase()) && LEVELS.has(server.toLowerCase()))
      [level, server] = [server, level];
    else if (server === null && !LEVELS.has(level.toLowerCase())) {
      server = level;
      level = 'info';
    }
    const text = rec.text.slice(m[0].length);
    const prev = this.last;

    const life = lifecycleAction(text);
    if (life === 'connection.start' || !this.conns.has(server ?? '')) this.startConn(server, ts, sink);
    const conn = this.conns.get(server ?? '')!;
    let g: Group;
    if (text.startsWith('Message from client: ') || text.startsWith('Message from server: ')) {
      const dir = text.charCodeAt(13) === 99 /* c */ ? 'client' : 'server';
      const parsed = this.payload(rec);
      if (typeof parsed === 'string') {
        this.reject(rec, `${dir === 'client' ? 'Message from client' : 'Message from server'}: ${parsed}`, sink);
        return;
      }
      g = this.jsonRpc(conn, rec, ts, level, dir, parsed, text, sink);
    } else {
      g = this.newGroup(conn, rec, ts, level, life ? 'lifecycle' : 'log', life ?? 'log', text);
      if (
        life === 'connection.close' ||
        life === 'connection.lost' ||
        life === 'connection.error' ||
        life === 'connection.shutdown'
      )
        this.closeConn(conn, sink);
    }
    if (this.leading.length > 0) {
      g.recs.push(...this.leading);
      g.noise.push(...this.leadingText);
      g.noiseBytes += this.leadingBytes;
      this.leading = [];
      this.leadingText = [];
      this.leadingBytes = 0;
    }
    this.last = g;
    g.isLast = true;
    if (prev && prev !== g) {
      prev.isLast = false;
      this.maybeEmit(prev, sink);
    }
  }

  end(sink: Sink): void {
    for (const r of this.leading)
      sink.reject(
        r,
        'no parseable timestamp: output written outside any MCP log entry, with no entry in the file to attach it to',
      );
    this.leading = [];
    for (const g of [...this.open]) this.emit(g, sink);
  }

  private noise(rec: InputRecord, sink: Sink): void {
    const last = this.last;
    // Output lines gather into the entry before them, up to a bound (a crafted log can print forever).
    const held = last ? last.recs.length : this.leading.length;
    const bytes = last ? last.noiseBytes : this.leadingBytes;
    if (held >= MAX_MERGED_LINES || bytes + rec.bytes.length > MAX_MERGED_BYTES) {
      const limit = held >= MAX_MERGED_LINES ? `${MAX_MERGED_LINES} lines` : `${MAX_MERGED_BYTES / 1024 / 1024} MiB`;
      const at = last && 'line' in last.recs[0].ref ? ` at line ${last.recs[0].ref.line}` : '';
      return sink.reject(
        rec,
        last
          ? `output line past the ${limit} of output one MCP log entry${at} gathers: kept as a reject`
          : `no parseable timestamp: output written before any MCP log entry, past the ${limit} of it that are held`,
      );
    }
    detach(rec);
    if (last) {
      last.recs.push(rec);
      last.noise.push(rec.text);
      last.noiseBytes += rec.bytes.length;
    } else {
      this.leading.push(rec);
      this.leadingText.push(rec.text);
      this.leadingBytes += rec.bytes.length;
    }
  }

  private reject(rec: InputRecord, reason: string, sink: Sink): void {
    sink.reject(rec, reason);
  }

  /** The JSON-RPC object after "Message from …: " (newer hosts append " { metadata: undefined }"). */
  private payload(rec: InputRecord): Obj | string {
    const b = rec.bytes;
    const at = b.indexOf(MSG_FROM);
    const start = at < 0 ? -1 : b.indexOf(0x7b, at);
    if (start < 0) return 'no JSON-RPC payload';
    const end = jsonValueEnd(b, start);
    if (end < 0) return 'the JSON-RPC payload is cut off (not complete JSON)';
    try {
      const v = JSON.parse(b.toString('utf8', start, end)) as unknown;
      return isObj(v) ? v : 'the JSON-RPC payload is not an object';
    } catch (e) {
      return `the JSON-RPC payload is not valid JSON (${(e as Error).message.split('\n')[0].slice(0, 120)})`;
    }
  }

  private startConn(server: string | null, ts: number, sink: Sink): void {
    const k = server ?? '';
    const old = this.conns.get(k);
    if (old) this.closeConn(old, sink);
    const iso = new Date(Math.floor(ts / 1000)).toISOString();
    this.conns.set(k, {
      server,
      key: `${server ?? 'mcp-host'}@${iso}`,
      client: null,
      clientVersion: null,
      closed: false,
      preInit: [],
      pending: new Map(),
    });
  }

  private closeConn(conn: Conn, sink: Sink): void {
    conn.closed = true;
    for (const g of conn.pending.values()) {
      g.awaiting = false;
      this.maybeEmit(g, sink);
    }
    conn.pending.clear();
    this.flushPreInit(conn, sink);
  }

  private flushPreInit(conn: Conn, sink: Sink): void {
    const q = conn.preInit;
    conn.preInit = [];
    for (const g of q) {
      g.queued = false;
      this.maybeEmit(g, sink);
    }
  }

  private newGroup(
    conn: Conn,
    rec: InputRecord,
    ts: number,
    level: string,
    kind: Kind,
    action: string,
    text: string,
  ): Group {
    const g: Group = {
      conn,
      recs: [rec],
      ts,
      level: level.toLowerCase(),
      kind,
      action,
      text,
      dir: null,
      msg: null,
      response: null,
      noise: [],
      noiseBytes: 0,
      isLast: false,
      awaiting: false,
      emitted: false,
      queued: false,
    };
    this.open.add(g);
    return g;
  }

  private jsonRpc(
    conn: Conn,
    rec: InputRecord,
    ts: number,
    level: string,
    dir: 'client' | 'server',
    msg: Obj,
    text: string,
    sink: Sink,
  ): Group {
    const method = str(msg.method);
    const id = msg.id === undefined || msg.id === null ? null : String(msg.id);
    if (method === null && id !== null) {
      const req = conn.pending.get(`${dir === 'client' ? 'server' : 'client'}|${id}`);
      if (req) {
        conn.pending.delete(`${req.dir}|${id}`);
        req.recs.push(rec);
        req.response = msg;
        req.awaiting = false;
        return req;
      }
      const g = this.newGroup(conn, rec, ts, level, 'response', 'response', text);
      g.dir = dir;
      g.response = msg;
      return g;
    }
    let action = method ?? 'message';
    const params = isObj(msg.params) ? msg.params : null;
    if (method === 'tools/call' || method === 'prompts/get') {
      const name = str(params?.name);
      if (name) action = `${method} ${name}`;
    }
    if (method === 'initialize' && dir === 'client') {
      const info = isObj(params?.clientInfo) ? (params!.clientInfo as Obj) : null;
      const name = str(info?.name);
      if (name) {
        conn.client = name;
        conn.clientVersion = str(info?.version);
        this.lastClient = name;
        this.flushPreInit(conn, sink);
      }
    }
    const g = this.newGroup(conn, rec, ts, level, id !== null && method ? 'request' : 'notification', action, text);
    g.dir = dir;
    g.msg = msg;
    if (g.kind === 'request') {
      g.awaiting = true;
      conn.pending.set(`${dir}|${id}`, g);
      if (conn.pending.size > MAX_PENDING) {
        const [k, oldest] = conn.pending.entries().next().value as [string, Group];
        conn.pending.delete(k);
        oldest.awaiting = false;
        this.maybeEmit(oldest, sink);
      }
    }
    return g;
  }

  private maybeEmit(g: Group, sink: Sink): void {
    if (g.emitted || g.isLast || g.awaiting || g.queued) return;
    if (g.conn.client === null && !g.conn.closed && g.conn.preInit.length < MAX_PRE_INIT) {
      g.queued = true;
      g.conn.preInit.push(g);
      return;
    }
    this.emit(g, sink);
  }

  private emit(g: Group, sink: Sink): void {
    if (g.emitted) return;
    g.emitted = true;
    this.open.delete(g);
    sink.event(this.normalize(g), g.recs);
  }

  private normalize(g: Group): NormalizedEvent {
    const conn = g.conn;
    const server = conn.server;
    const client = conn.client ?? this.lastClient ?? 'mcp-host';
    const serverInitiated = g.dir === 'server' && g.kind !== 'response';
    const principal = serverInitiated ? (server ?? 'mcp-server') : client;
    const principalType: PrincipalType = serverInitiated ? 'service' : 'agent';
    let resource: string | null = server ? `mcp:${server}` : null;
    let resourceType: string | null = server ? 'mcp_server' : null;
    let category: Category = 'other';
    const facts: Facts = {};
    if (server) facts[FACT.mcpServer] = server;
    facts[FACT.agent] = client;
    const params = g.msg && isObj(g.msg.params) ? g.msg.params : null;
    const method = g.msg ? str(g.msg.method) : null;
    let detailHead: string | null = null;
    if (method === 'tools/call') {
      const name = str(params?.name) ?? '';
      const split = splitMcpToolName(name);
      const tool = split?.tool ?? name;
      facts[FACT.tool] = tool;
      category = toolCategory(tool);
      const target = toolTarget(params?.arguments);
      if (target) {
        resource = target.resource;
        resourceType = target.type;
      } else if (server) {
        resource = `mcp:${server}/${tool}`;
        resourceType = 'mcp_tool';
      }
      detailHead = compact(params?.arguments, 2000);
    } else if (method === 'resources/read') {
      const uri = str(params?.uri);
      if (uri) {
        resource = uri;
        resourceType = 'mcp_resource';
      }
      category = 'read';
    } else if (
      method === 'tools/list' ||
      method === 'resources/list' ||
      method === 'prompts/list' ||
      method === 'resources/templates/list' ||
      method === 'prompts/get'
    ) {
      category = 'read';
    } else if (method === 'initialize') {
      detailHead = compact(params, 1000);
    } else if (g.kind === 'lifecycle' || g.kind === 'log') {
      detailHead = g.text;
    } else if (g.msg) {
      detailHead = compact(params ?? g.msg, 1000);
    }
    const { outcome, code, result } = this.outcomeOf(g);
    const parts: string[] = [];
    if (detailHead) parts.push(detailHead);
    if (result) parts.push(`→ ${result}`);
    if (g.noise.length > 0) parts.push(g.noise.join('\n'));
    let detail = parts.join('\n') || null;
    if (detail && detail.length > 8000) detail = detail.slice(0, 8000) + '…';
    return {
      ts: g.ts,
      principal,
      principalType,
      sessionKey: conn.key,
      action: g.action,
      category,
      resource,
      resourceType,
      outcome,
      errorCode: code,
      srcIp: null,
      userAgent: conn.clientVersion ? `${client}/${conn.clientVersion}` : null,
      detail,
      facts,
    };
  }

  private outcomeOf(g: Group): { outcome: Outcome; code: string | null; result: string | null } {
    const r = g.response;
    if (r) {
      if (isObj(r.error))
        return {
          outcome: 'failure',
          code: str(r.error.code) ?? 'error',
          result: str(r.error.message) ?? compact(r.error, 500),
        };
      const res = isObj(r.result) ? r.result : null;
      const text =
        res && Array.isArray(res.content)
          ? res.content
              .map((c) => (isObj(c) && typeof c.text === 'string' ? c.text : ''))
              .join(' ')
              .trim()
          : '';
      const summary =
        text !== '' ? (text.length > 1000 ? text.slice(0, 1000) + '…' : text) : compact(res ?? r.result, 500);
      if (res?.isError === true) return { outcome: 'failure', code: 'isError', result: summary };
      return { outcome: 'success', code: null, result: summary };
    }
    if (g.kind === 'request') return { outcome: 'unknown', code: null, result: null };
    if (g.level === 'error' || g.level === 'fatal' || g.action === 'connection.lost')
      return {
        outcome: 'failure',
        code: g.action === 'connection.lost' ? 'transport closed unexpectedly' : g.level,
        result: null,
      };
    return { outcome: 'success', code: null, result: null };
  }
}

export const importer: Importer = {
  id: format.id,
  version: '1',
  title: format.title,
  input: 'lines',
  detect,
  createParser: () => new McpParser(),
};
