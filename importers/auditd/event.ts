// The records of one audit event (same node and msg=audit(time:serial)) → one normalized event. The "lead" record
// names the event (LOGIN, AVC, USER_LOGIN, CONFIG_CHANGE…); a SYSCALL without one is named by its syscall.
import type { Category, Facts, NormalizedEvent, Outcome, PrincipalType } from '../../core/model/event.js';
import { FACT } from '../../core/model/facts.js';
import { ipOrNull } from '../util/net.js';
import { decodeHex, type AuditRecord } from './record.js';
import { errnoName, syscallName } from './syscalls.js';

/** Records that only add context to the event they belong to. */
const AUXILIARY = new Set([
  'SYSCALL',
  'EXECVE',
  'CWD',
  'PATH',
  'PROCTITLE',
  'SOCKADDR',
  'EOE',
  'BPRM_FCAPS',
  'OBJ_PID',
  'FD_PAIR',
  'MMAP',
  'MQ_OPEN',
  'MQ_SENDRECV',
  'MQ_NOTIFY',
  'MQ_GETSETATTR',
  'IPC',
  'IPC_SET_PERM',
  'CAPSET',
  'TIME_ADJNTPVAL',
  'TIME_INJOFFSET',
  'URINGOP',
  'OPENAT2',
  'KERN_MODULE',
  'NETFILTER_PKT',
  'DM_CTRL',
  'DM_EVENT',
]);

const UNSET = new Set(['4294967295', '-1', 'unset']);

/** Record types written by user-space programs: each is a whole event (they never share a serial). */
export function isUserSpaceType(type: string): boolean {
  const c = type.charCodeAt(0);
  if (c === 85 /* U */) return type.startsWith('USER_') || type.startsWith('USYS_');
  if (c === 67 /* C */)
    return (
      type.startsWith('CRED_') || type.startsWith('CRYPTO_') || type.startsWith('CHGRP_') || type.startsWith('CHUSER_')
    );
  return (
    type.startsWith('DAEMON_') ||
    type.startsWith('SERVICE_') ||
    type.startsWith('SYSTEM_') ||
    type.startsWith('ADD_') ||
    type.startsWith('DEL_') ||
    type.startsWith('GRP_') ||
    type.startsWith('ANOM_LOGIN') ||
    type.startsWith('ROLE_') ||
    type.startsWith('VIRT_') ||
    type.startsWith('ACCT_') ||
    type.startsWith('RESP_') ||
    type === 'TRUSTED_APP' ||
    type === 'DAC_CHECK' ||
    type === 'SOFTWARE_UPDATE' ||
    type === 'LABEL_OVERRIDE' ||
    type === 'LABEL_LEVEL_CHANGE'
  );
}

export interface Group {
  node: string | null;
  sec: number;
  ms: number;
  serial: string;
  parsed: AuditRecord[];
}

function pick(ordered: AuditRecord[], key: string): string | undefined {
  for (const r of ordered) {
    const v = r.fields.get(key);
    if (v !== undefined) return v;
  }
  return undefined;
}

function enrichedOf(ordered: AuditRecord[], key: string): string | undefined {
  for (const r of ordered) {
    const v = r.enriched?.get(key);
    if (v !== undefined) return v;
  }
  return undefined;
}

function present(v: string | undefined): v is string {
  return v !== undefined && v !== '' && v !== '?' && v !== '(none)' && v !== '(null)';
}

/** EXECVE a0…aN (long arguments split as aN[0], aN[1]…; unquoted values are hex) → argv. */
export function execveArgs(r: AuditRecord): string[] {
  const f = r.fields;
  const argc = Number(f.get('argc') ?? NaN);
  const out: string[] = [];
  const limit = Number.isFinite(argc) ? Math.min(argc, 4096) : 4096;
  for (let i = 0; i < limit; i++) {
    const k = `a${i}`;
    let v = f.get(k);
    let quoted = r.quoted?.has(k) ?? false;
    if (v === undefined) {
      if (!f.has(`${k}_len`) && !f.has(`${k}[0]`)) break;
      let joined = '';
      let allQuoted = true;
      for (let j = 0; j < 65536; j++) {
        const part = f.get(`${k}[${j}]`);
        if (part === undefined) break;
        joined += part;
        if (!r.quoted?.has(`${k}[${j}]`)) allQuoted = false;
      }
      v = joined;
      quoted = allQuoted;
    }
    out.push(quoted || !/^(?:[0-9A-Fa-f]{2})+$/.test(v) ? v : decodeHex(v));
  }
  return out;
}

function shellJoin(args: string[]): string {
  return args.map((a) => (a === '' || /[\s"'\\]/.test(a) ? JSON.stringify(a) : a)).join(' ');
}

/** SOCKADDR saddr (struct sockaddr as hex) → "ip:port" or a unix socket path. */
export function decodeSockaddr(hex: string | undefined): string | null {
  if (!hex || hex.length < 4 || !/^[0-9A-Fa-f]+$/.test(hex)) return null;
  const b = Buffer.from(hex, 'hex');
  const family = b.readUInt16LE(0);
  if (family === 2 && b.length >= 8) return `${b[4]}.${b[5]}.${b[6]}.${b[7]}:${b.readUInt16BE(2)}`;
  if (family === 10 && b.length >= 24) {
    const groups: string[] = [];
    for (let i = 8; i < 24; i += 2) groups.push(b.readUInt16BE(i).toString(16));
    return `[${groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::')}]:${b.readUInt16BE(2)}`;
  }
  if (family === 1) {
    const end = b.indexOf(0, 2);
    const p = b.subarray(2, end < 0 ? b.length : end).toString('utf8');
    return p ? `unix:${p}` : null;
  }
  return null;
}

const AUDIT_PATHS =
  /^(?:\/etc\/audit\/|\/etc\/audisp\/|\/var\/log\/audit\/|\/etc\/libaudit\.conf|\/sbin\/auditd|\/usr\/sbin\/auditd|\/sbin\/auditctl|\/usr\/sbin\/auditctl)/;
/** auditctl flags that remove rules or turn auditing off (-D delete all, -d/-W delete one, -e 0 disable). */
const AUDITCTL = /(?:^|[\s/"'])auditctl\b/;
const AUDITCTL_BLIND = /(?:^|\s)(?:-D|-d|-W|--delete|-e\s*0|--backlog_wait_time\s+0|-b\s*0)(?:\s|$)/;

const WRITE_SYSCALLS = new Set([
  'write',
  'truncate',
  'ftruncate',
  'rename',
  'renameat',
  'renameat2',
  'link',
  'linkat',
  'symlink',
  'symlinkat',
  'mkdir',
  'mkdirat',
  'mknod',
  'mknodat',
  'chmod',
  'fchmod',
  'fchmodat',
  'chown',
  'fchown',
  'lchown',
  'fchownat',
  'setxattr',
  'lsetxattr',
  'fsetxattr',
  'creat',
]);
const DELETE_SYSCALLS = new Set(['unlink', 'unlinkat', 'rmdir', 'removexattr', 'lremovexattr', 'fremovexattr']);
const PRIVILEGE_SYSCALLS = new Set([
  'setuid',
  'setgid',
  'setreuid',
  'setregid',
  'setresuid',
  'setresgid',
  'setfsuid',
  'setfsgid',
  'capset',
  'ptrace',
  'process_vm_readv',
  'process_vm_writev',
  'init_module',
  'finit_module',
  'delete_module',
  'setns',
  'unshare',
  'bpf',
  'chroot',
  'pivot_root',
]);
const CONFIG_SYSCALLS = new Set([
  'mount',
  'umount2',
  'sethostname',
  'settimeofday',
  'clock_settime',
  'adjtimex',
  'swapon',
  'reboot',
]);
const OPEN_SYSCALLS = new Set(['open', 'openat', 'openat2', 'open_by_handle_at']);

function openCategory(sc: string, ordered: AuditRecord[]): Category {
  // open(path, flags) / openat(dfd, path, flags): O_WRONLY|O_RDWR, O_CREAT or O_TRUNC mean a write.
  const flagsHex = pick(ordered, sc === 'open' ? 'a1' : 'a2');
  const flags = flagsHex ? parseInt(flagsHex, 16) : NaN;
  if (!Number.isFinite(flags) || sc === 'openat2' || sc === 'open_by_handle_at') return 'read';
  return (flags & 3) !== 0 || (flags & 0x40) !== 0 || (flags & 0x200) !== 0 ? 'write' : 'read';
}

const AUTH_TYPES = new Set([
  'USER_AUTH',
  'USER_ACCT',
  'USER_LOGIN',
  'USER_LOGOUT',
  'LOGIN',
  'USER_START',
  'USER_END',
  'CRED_ACQ',
  'CRED_DISP',
  'CRED_REFR',
  'USER_ERR',
  'ANOM_LOGIN_FAILURES',
  'ANOM_LOGIN_TIME',
  'ANOM_LOGIN_SESSIONS',
  'ANOM_LOGIN_ACCT',
  'ANOM_LOGIN_LOCATION',
  'GRP_AUTH',
  'CRYPTO_KEY_USER',
  'CRYPTO_SESSION',
  'USER_SELINUX_ERR',
]);
const PRIVILEGE_TYPES = new Set([
  'ADD_USER',
  'DEL_USER',
  'ADD_GROUP',
  'DEL_GROUP',
  'USER_MGMT',
  'GRP_MGMT',
  'USER_ROLE_CHANGE',
  'ROLE_ASSIGN',
  'ROLE_REMOVE',
  'ROLE_MODIFY',
  'ACCT_LOCK',
  'ACCT_UNLOCK',
  'CHGRP_ID',
  'CHUSER_ID',
  'ANOM_ADD_ACCT',
  'ANOM_DEL_ACCT',
  'ANOM_MOD_ACCT',
  'ANOM_ROOT_TRANS',
  'GRP_CHAUTHTOK',
]);
const CONFIG_TYPES = new Set([
  'SERVICE_START',
  'SERVICE_STOP',
  'SYSTEM_BOOT',
  'SYSTEM_SHUTDOWN',
  'SYSTEM_RUNLEVEL',
  'NETFILTER_CFG',
  'USYS_CONFIG',
  'MAC_POLICY_LOAD',
  'MAC_STATUS',
  'MAC_CONFIG_CHANGE',
  'MAC_CIPSOV4_ADD',
  'MAC_UNLBL_ALLOW',
  'SOFTWARE_UPDATE',
  'KERN_MODULE',
  'TIME_INJOFFSET',
]);
// Events that change, stop or blind the audit subsystem itself.
const LOGGING_TYPES = new Set([
  'CONFIG_CHANGE',
  'DAEMON_CONFIG',
  'DAEMON_END',
  'DAEMON_ABORT',
  'DAEMON_ERR',
  'DAEMON_RECONFIG',
  'FEATURE_CHANGE',
]);

interface Classified {
  category: Category;
  tamper: string | null;
}

function classify(
  lead: AuditRecord | null,
  syscall: string | null,
  ordered: AuditRecord[],
  cmdline: string | null,
): Classified {
  const type = lead?.type ?? (syscall ? 'SYSCALL' : ordered[0].type);
  if (LOGGING_TYPES.has(type)) {
    const op = pick(ordered, 'op');
    return {
      category: 'logging',
      tamper:
        type === 'CONFIG_CHANGE'
          ? (op ??
            (pick(ordered, 'audit_enabled') !== undefined
              ? `audit_enabled=${pick(ordered, 'audit_enabled')}`
              : 'CONFIG_CHANGE'))
          : type,
    };
  }
  if ((type === 'SERVICE_STOP' || type === 'SERVICE_START') && /^auditd?\b/.test(pick(ordered, 'unit') ?? '')) {
    return type === 'SERVICE_STOP'
      ? { category: 'logging', tamper: 'SERVICE_STOP auditd' }
      : { category: 'config', tamper: null };
  }
  const name = pick(ordered, 'name');
  if (cmdline && AUDITCTL.test(cmdline) && AUDITCTL_BLIND.test(cmdline))
    return { category: 'logging', tamper: cmdline };
  if (cmdline && /(?:systemctl|service)\s+(?:stop|disable|mask|kill)\s+auditd/.test(cmdline))
    return { category: 'logging', tamper: cmdline };
  if (
    syscall &&
    !OPEN_SYSCALLS.has(syscall) &&
    syscall !== 'execve' &&
    syscall !== 'execveat' &&
    (WRITE_SYSCALLS.has(syscall) || DELETE_SYSCALLS.has(syscall))
  ) {
    for (const r of ordered) {
      if (r.type !== 'PATH') continue;
      const n = r.fields.get('name');
      if (n && AUDIT_PATHS.test(n) && r.fields.get('nametype') !== 'PARENT')
        return { category: 'logging', tamper: `${syscall} ${n}` };
    }
  }
  if (type === 'USER_CMD' || type === 'TTY' || type === 'USER_TTY') return { category: 'exec', tamper: null };
  if (type === 'USER_CHAUTHTOK' || type === 'USER_MAC_CONFIG_CHANGE')
    return { category: type === 'USER_CHAUTHTOK' ? 'credential' : 'config', tamper: null };
  if (AUTH_TYPES.has(type)) return { category: 'auth', tamper: null };
  if (PRIVILEGE_TYPES.has(type)) return { category: 'privilege', tamper: null };
  if (CONFIG_TYPES.has(type)) return { category: 'config', tamper: null };
  if (syscall) {
    if (syscall === 'execve' || syscall === 'execveat') return { category: 'exec', tamper: null };
    if (OPEN_SYSCALLS.has(syscall)) {
      const c = openCategory(syscall, ordered);
      if (c === 'write' && name && AUDIT_PATHS.test(name)) return { category: 'logging', tamper: `${syscall} ${name}` };
      return { category: c, tamper: null };
    }
    if (DELETE_SYSCALLS.has(syscall)) return { category: 'delete', tamper: null };
    if (WRITE_SYSCALLS.has(syscall)) return { category: 'write', tamper: null };
    if (PRIVILEGE_SYSCALLS.has(syscall)) return { category: 'privilege', tamper: null };
    if (CONFIG_SYSCALLS.has(syscall)) return { category: 'config', tamper: null };
  }
  if (ordered.some((r) => r.type === 'EXECVE')) return { category: 'exec', tamper: null };
  return { category: 'other', tamper: null };
}

function outcomeOf(ordered: AuditRecord[], lead: AuditRecord | null): { outcome: Outcome; code: string | null } {
  const sys = ordered.find((r) => r.type === 'SYSCALL');
  const success = sys?.fields.get('success');
  const res = (lead ?? ordered[0]).fields.get('res') ?? pick(ordered, 'res') ?? pick(ordered, 'result');
  if (lead?.type === 'AVC' || lead?.type === 'USER_AVC') {
    if (/\bdenied\b/.test(lead.body)) return { outcome: 'failure', code: 'denied' };
    if (/\bgranted\b/.test(lead.body)) return { outcome: 'success', code: null };
  }
  if (res !== undefined && lead) {
    if (res === 'success' || res === 'yes' || res === '1') return { outcome: 'success', code: null };
    if (res === 'failed' || res === 'no' || res === '0' || res === 'fail')
      return { outcome: 'failure', code: 'failed' };
  }
  if (success === 'yes') return { outcome: 'success', code: null };
  if (success === 'no') return { outcome: 'failure', code: errnoName(sys?.fields.get('exit')) };
  if (res === 'success' || res === 'yes' || res === '1') return { outcome: 'success', code: null };
  if (res === 'failed' || res === 'no' || res === '0') return { outcome: 'failure', code: 'failed' };
  return { outcome: 'unknown', code: null };
}

function resourceOf(
  lead: AuditRecord | null,
  ordered: AuditRecord[],
  node: string | null,
): { resource: string | null; type: string | null } {
  const type = lead?.type;
  if (
    type === 'ADD_USER' ||
    type === 'DEL_USER' ||
    type === 'USER_MGMT' ||
    type === 'USER_CHAUTHTOK' ||
    type === 'ACCT_LOCK' ||
    type === 'ACCT_UNLOCK'
  ) {
    const u = pick(ordered, 'acct') ?? pick(ordered, 'id');
    if (present(u)) return { resource: `os-user:${u}`, type: 'os_user' };
  }
  if (type === 'ADD_GROUP' || type === 'DEL_GROUP' || type === 'GRP_MGMT') {
    const g = pick(ordered, 'acct') ?? pick(ordered, 'grp') ?? pick(ordered, 'id');
    if (present(g)) return { resource: `os-group:${g}`, type: 'os_group' };
  }
  if (type && LOGGING_TYPES.has(type)) return { resource: 'audit:config', type: 'audit' };
  if (type === 'SERVICE_START' || type === 'SERVICE_STOP') {
    const unit = pick(ordered, 'unit');
    if (present(unit)) return { resource: `service:${unit}`, type: 'service' };
  }
  // The object of a syscall: the first PATH that is not just its parent directory.
  let parent: string | null = null;
  for (const r of ordered) {
    if (r.type !== 'PATH') continue;
    const n = r.fields.get('name');
    if (!present(n)) continue;
    const nt = r.fields.get('nametype') ?? r.fields.get('objtype');
    if (nt === 'PARENT') {
      parent ??= n;
      continue;
    }
    const cwd = pick(ordered, 'cwd');
    return { resource: n.startsWith('/') || !cwd ? n : `${cwd.replace(/\/$/, '')}/${n}`, type: 'file' };
  }
  if (parent) return { resource: parent, type: 'file' };
  const sock = decodeSockaddr(pick(ordered, 'saddr'));
  if (sock) return { resource: sock, type: 'socket' };
  if (type && AUTH_TYPES.has(type) && node) return { resource: `host:${node}`, type: 'host' };
  return { resource: null, type: null };
}

const AUTH_PRELOGIN = new Set(['USER_AUTH', 'USER_ACCT', 'CRED_ACQ']);
const SESSION_RECORDS = new Set([
  'USER_START',
  'USER_END',
  'USER_LOGIN',
  'USER_LOGOUT',
  'CRED_ACQ',
  'CRED_REFR',
  'CRED_DISP',
  'USER_ACCT',
]);
const MAX_TRACKED = 65536;

interface Proc {
  ppid: string;
  uid: string | undefined;
  tty: string | undefined;
  group: string;
}

function setBounded<K, V>(m: Map<K, V>, k: K, v: V): void {
  m.delete(k);
  m.set(k, v);
  if (m.size > MAX_TRACKED) m.delete(m.keys().next().value as K);
}

const isSet = (v: string | undefined): v is string => present(v) && !UNSET.has(v);

/**
 * What one file tells about its hosts' users and processes, learned record by record (in file order) so that all
 * records of one session name the same principal and the commands of one process tree share a session key:
 * - the login user name of a login uid: ENRICHED `AUID="…"` / `UID="…"` translations; the account a process
 *   authenticated (`acct` of its successful USER_AUTH / USER_ACCT / CRED_ACQ while its auid was unset) once that
 *   process has a login uid (pam_loginuid set it from that account: crond, sshd, login); the `acct` of the session
 *   records the LOGIN process itself writes (USER_START … USER_END);
 * - process trees for records without a session (ses unset): a SYSCALL's pid joins the group of its ppid when the
 *   parent was seen here running as the same uid on the same tty; otherwise it leads a group of its own;
 * - the principal each session key was first emitted with, kept for all its later records.
 */
export class AuditContext {
  private readonly names = new Map<string, string>();
  private readonly preLogin = new Map<string, string>();
  private readonly loginPid = new Map<string, string>();
  private readonly procs = new Map<string, Proc>();
  private readonly pinned = new Map<string, string>();

  /** Learns from one record as it is read (before its event is emitted). */
  observe(r: AuditRecord): void {
    const f = r.fields;
    const node = r.node ?? '';
    const auid = f.get('auid');
    const pid = f.get('pid');
    const eAuid = r.enriched?.get('AUID');
    if (isSet(auid) && eAuid && eAuid !== 'unset') this.learn(node, auid, eAuid);
    const uid = f.get('uid');
    const eUid = r.enriched?.get('UID');
    if (isSet(uid) && eUid && eUid !== 'unset') this.learn(node, uid, eUid);
    if (!present(pid)) return;
    const pk = `${node}|${pid}`;
    const acct = f.get('acct');
    if (!isSet(auid)) {
      const res = f.get('res');
      if (present(acct) && AUTH_PRELOGIN.has(r.type) && (res === 'success' || res === 'yes' || res === '1'))
        setBounded(this.preLogin, pk, acct);
    } else {
      // The process authenticated `acct` before it had a login uid: that uid is acct's (crond, sshd, login).
      const before = this.preLogin.get(pk);
      if (before !== undefined) this.learn(node, auid, before);
      const ses = f.get('ses');
      if (r.type === 'LOGIN' && isSet(ses)) setBounded(this.loginPid, `${node}|${ses}`, pid);
      else if (
        present(acct) &&
        SESSION_RECORDS.has(r.type) &&
        isSet(ses) &&
        this.loginPid.get(`${node}|${ses}`) === pid
      )
        this.learn(node, auid, acct);
    }
    if (r.type === 'SYSCALL' && !isSet(f.get('ses'))) {
      const ppid = f.get('ppid');
      if (present(ppid)) this.process(node, pid, ppid, uid, f.get('tty'), f.get('exe'));
    }
  }

  private learn(node: string, uid: string, name: string): void {
    if (name === uid || /^\d+$/.test(name) || this.names.has(`${node}|${uid}`)) return;
    setBounded(this.names, `${node}|${uid}`, name);
  }

  private process(
    node: string,
    pid: string,
    ppid: string,
    uid: string | undefined,
    tty: string | undefined,
    exe: string | undefined,
  ): void {
    const k = `${node}|${pid}`;
    const cur = this.procs.get(k);
    // The same process again (it exec'd another program): it keeps its group.
    if (cur && cur.ppid === ppid && cur.uid === uid) return;
    const parent = this.procs.get(`${node}|${ppid}`);
    const group =
      parent && parent.uid === uid && parent.tty === tty
        ? parent.group
        : `${node ? `${node}:` : ''}pid=${pid}${present(exe) ? ` ${exe}` : ''}`;
    setBounded(this.procs, k, { ppid, uid, tty, group });
  }

  /** The login user name of a uid on a node, when this file stated it. */
  nameOf(node: string | null, uid: string): string | undefined {
    return this.names.get(`${node ?? ''}|${uid}`);
  }

  /** The session key of the process group a pid belongs to (records with ses unset). */
  groupOf(node: string | null, pid: string): string | undefined {
    return this.procs.get(`${node ?? ''}|${pid}`)?.group;
  }

  /** The principal of a session: the first one emitted for its key, for all its records. */
  pin(sessionKey: string, principal: string): string {
    const p = this.pinned.get(sessionKey);
    if (p !== undefined) return p;
    setBounded(this.pinned, sessionKey, principal);
    return principal;
  }
}

const basename = (p: string) => p.slice(p.lastIndexOf('/') + 1);

export function normalizeGroup(g: Group, ctx?: AuditContext): NormalizedEvent {
  const recs = g.parsed;
  const sys = recs.find((r) => r.type === 'SYSCALL') ?? null;
  const lead = recs.find((r) => !AUXILIARY.has(r.type)) ?? null;
  const ordered: AuditRecord[] = [];
  if (lead) ordered.push(lead);
  if (sys) ordered.push(sys);
  for (const r of recs) if (r !== lead && r !== sys) ordered.push(r);

  const syscall = sys
    ? (enrichedOf([sys], 'SYSCALL') ?? syscallName(sys.fields.get('arch'), sys.fields.get('syscall')))
    : null;
  const execve = recs.find((r) => r.type === 'EXECVE');
  const argv = execve ? execveArgs(execve) : null;
  const cmdline =
    argv && argv.length > 0 ? shellJoin(argv) : lead?.type === 'USER_CMD' ? (pick(ordered, 'cmd') ?? null) : null;
  const proctitle = pick(ordered, 'proctitle');
  const exe = pick(ordered, 'exe');
  const comm = pick(ordered, 'comm');

  const auidRaw = lead?.type === 'LOGIN' ? lead.fields.get('auid') : pick(ordered, 'auid');
  const auidSet = present(auidRaw) && !UNSET.has(auidRaw);
  const auidName = enrichedOf(ordered, 'AUID');
  const sesRaw = lead?.type === 'LOGIN' ? lead.fields.get('ses') : pick(ordered, 'ses');
  const acct = pick(ordered, 'acct');
  const pid = pick(ordered, 'pid');

  const uidRaw = pick(ordered, 'uid');
  const uidName = enrichedOf(ordered, 'UID');

  // The session: the login session (ses) when set; otherwise the process group the pid belongs to (see
  // AuditContext), else the process itself.
  const prefix = g.node ? `${g.node}:` : '';
  let sessionKey: string | null = null;
  if (isSet(sesRaw)) sessionKey = `${prefix}ses=${sesRaw}`;
  else if (present(pid))
    sessionKey = ctx?.groupOf(g.node, pid) ?? `${prefix}pid=${pid}${present(exe) ? ` ${exe}` : ''}`;
  const pin = (p: string) => (ctx && sessionKey ? ctx.pin(sessionKey, p) : p);

  // Who: the login user (auid) — by name where this file states it, else the number, the same for every record of
  // the session; before a login, the account being authenticated; a process with no login uid is its uid. The
  // executable is never the principal (it is the user agent, and in the detail when argv does not name it).
  let principal: string | null = null;
  let ptype: PrincipalType = 'unknown';
  let numericId: { kind: 'auid' | 'uid'; id: string } | null = null;
  if (auidSet) {
    const name = auidName && auidName !== 'unset' ? auidName : ctx?.nameOf(g.node, auidRaw!);
    principal = pin(name ?? auidRaw!);
    ptype = 'user';
    numericId = { kind: 'auid', id: auidRaw! };
  } else if (present(acct) && lead && AUTH_TYPES.has(lead.type)) {
    principal = acct;
    ptype = 'user';
  } else if (isSet(uidRaw)) {
    const name = uidName && uidName !== 'unset' ? uidName : ctx?.nameOf(g.node, uidRaw);
    principal = pin(name ?? uidRaw);
    ptype = 'service';
    numericId = { kind: 'uid', id: uidRaw };
  } else if (present(exe) || present(comm)) {
    // No uid at all: the program is the only identity the record has.
    principal = present(exe) ? exe : comm!;
    ptype = 'service';
  }

  const action = lead
    ? lead.type
    : (syscall ?? (execve ? 'EXECVE' : (recs.find((r) => r.type !== 'EOE') ?? recs[0]).type));
  const { category, tamper } = classify(
    lead,
    syscall,
    ordered,
    cmdline ?? (proctitle ? proctitle.replace(/\0/g, ' ') : null),
  );
  const { resource, type: resourceType } = resourceOf(lead, ordered, g.node);
  const { outcome, code } = outcomeOf(ordered, lead);

  const addr = pick(ordered, 'addr');
  const host = pick(ordered, 'hostname');
  const srcIp = ipOrNull(addr) ?? ipOrNull(host);

  const detailParts: string[] = [];
  if (cmdline) detailParts.push(cmdline);
  else if (proctitle && !lead) detailParts.push(proctitle.replace(/\0/g, ' ').trim());
  else if (lead?.type === 'TTY' || lead?.type === 'USER_TTY') {
    const d = pick(ordered, 'data');
    if (d) detailParts.push(d);
  } else if (lead?.msg) detailParts.push(lead.msg);
  else if (lead) detailParts.push(lead.body.trim());
  const key = pick(ordered, 'key');
  // Several rule keys on one event are joined by 0x01.
  if (present(key)) detailParts.push(`key=${key.replace(/\x01/g, ',')}`);
  // The program, when the command line does not name it (busybox applets, interpreters, renamed binaries); a
  // user-space record's message states its exe already.
  if (sys && present(exe) && principal !== exe) {
    const named = argv && argv.length > 0 ? argv[0] : present(comm) ? comm : null;
    if (named === null || basename(named) !== basename(exe)) detailParts.push(`exe=${exe}`);
  }
  if (sys) {
    const uid = sys.fields.get('uid'),
      euid = sys.fields.get('euid');
    if (uid !== undefined && euid !== undefined && uid !== euid) detailParts.push(`uid=${uid} euid=${euid}`);
  }
  const detail = detailParts.filter((p) => p !== '').join(' · ') || null;

  const facts: Facts = {};
  if (g.node) facts[FACT.host] = g.node;
  if (present(acct) && acct !== principal) facts[FACT.login] = acct;
  else if (present(acct) && lead && AUTH_TYPES.has(lead.type)) facts[FACT.login] = acct;
  // The number behind a named principal (and behind a numeric one, so both spellings of one login uid join).
  if (numericId && principal !== null) facts[FACT.alias] = `${numericId.kind}|${numericId.id}`;
  if (tamper) facts[FACT.logTamper] = tamper;

  return {
    ts: g.sec * 1_000_000 + g.ms * 1000,
    principal,
    principalType: ptype,
    sessionKey,
    action,
    category,
    resource,
    resourceType,
    outcome,
    errorCode: code,
    srcIp,
    userAgent: present(exe) ? exe : null,
    detail: detail && detail.length > 4000 ? detail.slice(0, 4000) + '…' : detail,
    facts: Object.keys(facts).length > 0 ? facts : undefined,
  };
}
