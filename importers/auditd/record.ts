// One line of /var/log/audit/audit.log: `[node=<host> ]type=<TYPE> msg=audit(<sec>.<ms>:<serial>): k=v …`, where
// user-space records nest their own fields in `msg='…'`, some values are hex-encoded (proctitle, cmd, acct, cwd,
// name, data, EXECVE arguments) and log_format=ENRICHED appends translated fields after a 0x1d separator
// (`AUID="alice" UID="root" SYSCALL=execve`). Lines relayed through syslog (audisp) keep a header before `type=`.

export interface AuditRecord {
  node: string | null;
  type: string;
  /** Seconds and milliseconds of the stamp, as written. */
  sec: number;
  ms: number;
  serial: string;
  /** Fields, hex-decoded where auditd encodes them; nested msg='…' fields are flattened in. */
  fields: Map<string, string>;
  /** Keys whose value was quoted (EXECVE arguments: unquoted means hex). */
  quoted: Set<string> | null;
  /** ENRICHED-format translations (AUID, UID, SYSCALL, ARCH…). */
  enriched: Map<string, string> | null;
  /** The nested msg='…' text of user-space records, for the reader. */
  msg: string | null;
  /** The body after the stamp, raw (AVC text, daemon messages). */
  body: string;
}

const HEADER = /^(?:node=(\S+) )?type=([A-Za-z0-9_]+(?:\[\d+\])?) msg=audit\((\d+)\.(\d+):(\d+)\):?\s?/;
const TYPE_ONLY = /^(?:node=\S+ )?type=[A-Za-z0-9_]+(?:\[\d+\])? msg=/;
const HEX = /^(?:[0-9A-Fa-f]{2})+$/;

/** Fields auditd writes hex-encoded when their value holds a space, quote or control character. */
// (Numeric fields such as id=1000 or old=8192 are never encoded, though they look like hex.)
const ENCODED = new Set([
  'proctitle',
  'cmd',
  'acct',
  'cwd',
  'name',
  'data',
  'exe',
  'comm',
  'path',
  'ocomm',
  'key',
  'watch',
  'dir',
  'file',
  'vm',
  'new-disk',
  'old-disk',
  'new-chardev',
  'old-chardev',
  'device',
]);

export function decodeHex(hex: string): string {
  return Buffer.from(hex, 'hex').toString('utf8');
}

export type ParseResult = AuditRecord | { error: string };

/** Where `type=` starts: at 0, after `node=… `, or after a syslog header (audisp-syslog). */
function headerStart(line: string): number {
  if (line.startsWith('type=') || line.startsWith('node=')) return 0;
  const i = line.indexOf(' type=');
  if (i < 0) return -1;
  const n = line.lastIndexOf(' node=', i);
  return n >= 0 ? n + 1 : i + 1;
}

export function parseRecord(line: string): ParseResult {
  const start = headerStart(line);
  if (start < 0) return { error: 'not an audit record (no type=… msg=audit(…) header)' };
  const text = start === 0 ? line : line.slice(start);
  const m = HEADER.exec(text);
  if (!m) {
    if (TYPE_ONLY.test(text))
      return { error: 'no parseable timestamp (the record has no msg=audit(time:serial) stamp)' };
    return { error: 'not an audit record (no type=… msg=audit(…) header)' };
  }
  const type = m[2];
  let body = text.slice(m[0].length);
  let enriched: Map<string, string> | null = null;
  const gs = body.indexOf('\x1d');
  if (gs >= 0) {
    enriched = new Map();
    parseFields(body.slice(gs + 1), 0, enriched, null, false);
    body = body.slice(0, gs);
  }
  const fields = new Map<string, string>();
  const isExecve = type === 'EXECVE';
  const quoted = isExecve ? new Set<string>() : null;
  const msg = parseFields(body, 0, fields, quoted, isExecve);
  return {
    node: m[1] ?? null,
    type,
    sec: Number(m[3]),
    ms: Number(m[4].padEnd(3, '0').slice(0, 3)),
    serial: m[5],
    fields,
    quoted,
    enriched,
    msg,
    body,
  };
}

/** Parses `k=v` pairs into `out`; returns the nested msg='…' text when there is one. */
function parseFields(
  s: string,
  from: number,
  out: Map<string, string>,
  quoted: Set<string> | null,
  execve: boolean,
): string | null {
  let nested: string | null = null;
  const n = s.length;
  let i = from;
  while (i < n) {
    while (i < n && s.charCodeAt(i) === 32) i++;
    if (i >= n) break;
    let eq = -1;
    let j = i;
    for (; j < n; j++) {
      const c = s.charCodeAt(j);
      if (c === 61 /* = */) {
        eq = j;
        break;
      }
      if (c === 32) break;
    }
    if (eq < 0) {
      i = j;
      continue;
    } // a word without '=' ("avc:", "denied", "user", "auditd start,")
    let key = s.slice(i, eq);
    if (key.charCodeAt(0) === 40 /* ( */) key = key.slice(1);
    i = eq + 1;
    const c = s.charCodeAt(i);
    let val: string;
    let wasQuoted = false;
    if (c === 34 /* " */) {
      let end = s.indexOf('"', i + 1);
      if (end < 0) end = n;
      val = s.slice(i + 1, end);
      wasQuoted = true;
      i = end + 1;
    } else if (c === 39 /* ' */) {
      let end = s.indexOf("'", i + 1);
      if (end < 0) end = n;
      const inner = s.slice(i + 1, end);
      if (key === 'msg') nested = inner;
      parseFields(inner, 0, out, quoted, execve);
      i = end + 1;
      continue;
    } else {
      let end = s.indexOf(' ', i);
      if (end < 0) end = n;
      val = s.slice(i, end);
      i = end;
      // "(hostname=?, addr=?, terminal=cron res=success)" in older PAM records.
      const last = val.charCodeAt(val.length - 1);
      if (last === 44 /* , */ || (last === 41 /* ) */ && val.indexOf('(') < 0)) val = val.slice(0, -1);
    }
    if (out.has(key)) continue;
    if (!wasQuoted && !execve && ENCODED.has(key) && val.length >= 2 && HEX.test(val)) val = decodeHex(val);
    if (wasQuoted && quoted) quoted.add(key);
    out.set(key, val);
  }
  return nested;
}
