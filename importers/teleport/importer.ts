// Teleport audit events: the auth service's JSON-lines audit log (`/var/lib/teleport/log/events.log`, or the
// dated files under `/var/lib/teleport/log/<auth-server-id>/`), `tctl audit events` / the Event Handler plugin
// output, and the same events exported from cloud backends (DynamoDB / Firestore / Athena) as JSON lines.
// Field notes: shared/corpus/FIELDS.md §9.
//
// Session key: `sid` (SSH, Kubernetes, database, app and desktop sessions). Non-human actors: `user_kind` 2 and
// `bot-<name>` users are Machine ID bots; `bot.join` states the CI claims of the joining job (GitHub Actions OIDC:
// sub, repository, run_id, workflow) and `cert.create` / events with `impersonator` name the identity that really
// acted. Those become facts for derivation (DESIGN §5).
import type { Category, Facts, NormalizedEvent, Outcome, PrincipalType } from '../../core/model/event.js';
import { FACT } from '../../core/model/facts.js';
import type { Importer, Sample } from '../types.js';
import { format } from './format.js';
import { perObjectParser } from '../util/per-object.js';
import { isObj, str, compact, type Obj } from '../util/fields.js';
import { ipOrNull } from '../util/net.js';
import { categorize } from '../util/category.js';
import { toMicros } from '../../core/model/time.js';

const CODE_RE = /^[A-Za-z][A-Za-z0-9]{2,15}[IWEiwe]$/;
const EVENT_RE = /^[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*$/;

function looksLikeTeleport(v: unknown): number {
  if (!isObj(v)) return 0;
  const event = v.event,
    code = v.code;
  if (typeof event !== 'string' || typeof code !== 'string' || !EVENT_RE.test(event) || !CODE_RE.test(code)) return 0;
  let score = 0.7;
  if (v.time !== undefined) score += 0.1;
  if (v.uid !== undefined || v.ei !== undefined) score += 0.1;
  if (v.cluster_name !== undefined || v.sid !== undefined || v.user !== undefined || v.server_id !== undefined)
    score += 0.08;
  return score;
}

function detect(sample: Sample): number {
  if (sample.values.length === 0) return 0;
  let sum = 0,
    n = 0;
  for (const v of sample.values) {
    const s = looksLikeTeleport(v);
    if (s > 0) {
      sum += s;
      n++;
    }
  }
  return n === 0 ? 0 : (sum / n) * (n / sample.values.length);
}

/** ip:port with an unbracketed IPv6 address ("2a02:cf40:::43026") is how some Teleport versions print addr.remote. */
function addrIp(v: unknown): string | null {
  const ip = ipOrNull(v);
  if (ip || typeof v !== 'string') return ip;
  const colon = v.lastIndexOf(':');
  return colon > 0 ? ipOrNull(v.slice(0, colon)) : null;
}

const AUTH_EVENTS = new Set([
  'user.login',
  'auth',
  'saml.idp.auth',
  'device.authenticate',
  'recovery_code.used',
  'bot.join',
  'instance.join',
  'db.session.start',
  'app.session.start',
  'windows.desktop.session.start',
  'mfa_auth_challenge.validate',
  'user.sso.login',
]);
const CREDENTIAL_EVENTS = new Set([
  'cert.create',
  'spiffe.svid.issued',
  'reset_password_token.create',
  'recovery_token.create',
  'privilege_token.create',
  'recovery_code.generated',
  'device.token.create',
  'user.password_change',
  'mfa.add',
  'mfa_auth_challenge.create',
  'join_token.create',
  'bound_keypair.recovery',
  'workload_identity.x509.issued',
  'workload_identity.jwt.issued',
  'app.session.token',
  'cert.generation_mismatch',
]);
const EXEC_EVENTS = new Set([
  'session.start',
  'session.join',
  'session.command',
  'exec',
  'ssm.run',
  'session.upload',
  'x11-forward',
  'port',
]);
const QUERY_PREFIX = [
  'db.session.query',
  'db.session.postgres.',
  'db.session.mysql.',
  'db.session.sqlserver.',
  'db.session.spanner.',
  'db.session.dynamodb.',
  'db.session.opensearch.',
  'db.session.elasticsearch.',
  'db.session.cassandra.',
  'db.session.mongodb.',
  'db.session.redis.',
  'db.session.clickhouse.',
  'db.session.snowflake.',
  'app.session.dynamodb.',
  'secreports.report.run',
];
const PRIVILEGE_PREFIX = [
  'user.',
  'role.',
  'bot.',
  'access_request.',
  'access_list.',
  'lock.',
  'trusted_cluster.',
  'okta.assignment.',
  'user_login.',
];
const CONFIG_PREFIX = [
  'github.',
  'oidc.',
  'saml.',
  'app.create',
  'app.update',
  'app.delete',
  'kube.create',
  'kube.update',
  'kube.delete',
  'db.create',
  'db.update',
  'db.delete',
  'okta.',
  'windows.desktop.create',
  'cluster_networking_config.',
  'session_recording_config.',
  'auth_preference.',
  'plugin.',
  'integration.',
  'discovery_config.',
  'static_host_user.',
];
// Turning off session recording or the audit pipeline is how a Teleport admin would blind the logs.
const LOGGING_EVENTS = new Set(['session_recording_config.update', 'cluster_audit_config.update', 'plugin.delete']);

function startsWithAny(s: string, list: string[]): boolean {
  for (const p of list) if (s.startsWith(p)) return true;
  return false;
}

function categoryOf(event: string, v: Obj): Category {
  if (LOGGING_EVENTS.has(event)) return 'logging';
  if (AUTH_EVENTS.has(event)) return 'auth';
  if (CREDENTIAL_EVENTS.has(event)) return 'credential';
  if (EXEC_EVENTS.has(event)) return 'exec';
  if (event === 'kube.request') {
    const verb = str(v.verb)?.toUpperCase();
    if (verb === 'GET' || verb === 'LIST' || verb === 'WATCH' || verb === 'HEAD') return 'read';
    if (verb === 'DELETE') return 'delete';
    return verb ? 'write' : 'other';
  }
  if (event === 'scp' || event === 'sftp') return fileTransferCategory(event, v);
  if (event === 'session.disk') return 'read';
  if (event === 'session.recording.access' || event === 'access_request.search') return 'read';
  if (startsWithAny(event, QUERY_PREFIX)) return 'query';
  if (
    event.endsWith('.session.end') ||
    event === 'session.end' ||
    event.endsWith('.session.chunk') ||
    event === 'session.data' ||
    event === 'session.network' ||
    event === 'resize' ||
    event === 'session.leave'
  )
    return 'other';
  if (startsWithAny(event, PRIVILEGE_PREFIX)) return event.startsWith('user.password') ? 'credential' : 'privilege';
  if (startsWithAny(event, CONFIG_PREFIX)) return 'config';
  return categorize(event.slice(event.lastIndexOf('.') + 1));
}

// sftp `action` numbers (api/types/events SFTPAction): 1 open, 2 close, 3 read, 4 write, 5 lstat, 6 fstat, 7 setstat,
// 8 fsetstat, 9 opendir, 10 readdir, 11 remove, 12 mkdir, 13 rmdir, 14 realpath, 15 stat, 16 rename, 17 readlink, 18
// symlink, 19 link.
const SFTP_WRITE = new Set([4, 7, 8, 12, 16, 18, 19]);
const SFTP_DELETE = new Set([11, 13]);

function fileTransferCategory(event: string, v: Obj): Category {
  const a = v.action;
  if (event === 'scp') return a === 'upload' ? 'write' : 'read';
  const n = typeof a === 'number' ? a : Number(a);
  if (SFTP_DELETE.has(n)) return 'delete';
  if (SFTP_WRITE.has(n)) return 'write';
  return 'read';
}

function principalOf(event: string, v: Obj): { principal: string | null; type: PrincipalType } {
  const identity = isObj(v.identity) ? v.identity : undefined;
  let principal = str(v.user);
  if (!principal && event === 'bot.join') principal = str(v.bot_name);
  if (!principal && identity) principal = str(identity.user);
  if (!principal && event === 'instance.join') principal = str(v.node_name) ?? str(v.host_id);
  let type: PrincipalType = principal ? 'user' : 'unknown';
  const kind = v.user_kind;
  if (event === 'bot.join' || kind === 2 || kind === '2' || (principal !== null && principal.startsWith('bot-')))
    type = 'bot';
  else if (event === 'instance.join') type = 'service';
  else if (kind === 1 || kind === '1') type = 'user';
  else if (principal === 'system' || principal === 'teleport-system') type = 'service';
  return { principal, type };
}

function hostRes(v: Obj): { resource: string | null; type: string | null } {
  const h = str(v.server_hostname) ?? str(v.server_id);
  return h ? { resource: `host:${h}`, type: 'host' } : { resource: null, type: null };
}

function resourceOf(event: string, v: Obj): { resource: string | null; type: string | null } {
  if (event === 'kube.request' || (event === 'exec' && str(v.proto) === 'kube')) {
    const ns = str(v.resource_namespace) ?? str(v.kubernetes_pod_namespace);
    const kind = str(v.resource_kind) ?? (str(v.kubernetes_pod_name) ? 'pods' : null);
    const name = str(v.resource_name) ?? str(v.kubernetes_pod_name);
    if (kind && name) return { resource: `k8s:${ns ?? '_'}/${kind}/${name}`, type: 'k8s' };
    const cluster = str(v.kubernetes_cluster);
    if (cluster) return { resource: `k8s-cluster:${cluster}`, type: 'k8s_cluster' };
  }
  if (event.startsWith('db.')) {
    const db = str(v.db_name) ?? str(v.db_service) ?? str(v.name);
    if (db) return { resource: `db:${db}`, type: 'database' };
  }
  if (event.startsWith('app.')) {
    if (event === 'app.session.dynamodb.request') {
      const table = str(isObj(v.body) ? v.body.TableName : undefined);
      if (table) return { resource: `aws:dynamodb:table/${table}`, type: 'dynamodb:table' };
    }
    const app = str(v.app_name) ?? str(v.name) ?? str(v.app_public_addr) ?? str(v.public_addr);
    if (app) return { resource: `app:${app}`, type: 'app' };
  }
  if (event.startsWith('windows.desktop.')) {
    const d = str(v.desktop_name) ?? str(v.desktop_addr);
    if (d) return { resource: `desktop:${d}`, type: 'desktop' };
  }
  if (event === 'session.disk' || event === 'scp' || event === 'sftp') {
    const p = str(v.path);
    if (p) return { resource: p, type: 'file' };
  }
  if (event === 'session.network') {
    const dst = str(v.dst_addr),
      port = str(v.dst_port);
    if (dst) return { resource: port ? `${dst}:${port}` : dst, type: 'socket' };
  }
  if (event === 'ssm.run') {
    const id = str(v.instance_id);
    if (id) return { resource: `aws:ec2:instance/${id}`, type: 'AWS::EC2::Instance' };
  }
  if (event === 'cert.create' && isObj(v.identity)) {
    const u = str(v.identity.user);
    if (u) return { resource: `teleport:user/${u}`, type: 'teleport_user' };
  }
  if (event === 'bot.join' || event.startsWith('bot.')) {
    const b = str(v.bot_name) ?? str(v.name);
    if (b) return { resource: `teleport:bot/${b}`, type: 'teleport_bot' };
  }
  if (event === 'lock.created' || event === 'lock.deleted') {
    const target = isObj(v.target) ? compact(v.target, 200) : null;
    if (target) return { resource: `teleport:lock/${target}`, type: 'teleport_lock' };
  }
  if (event.startsWith('user.') && event !== 'user.login') {
    const n = str(v.name);
    if (n) return { resource: `teleport:user/${n}`, type: 'teleport_user' };
  }
  if (event.startsWith('role.')) {
    const n = str(v.name);
    if (n) return { resource: `teleport:role/${n}`, type: 'teleport_role' };
  }
  if (event.startsWith('access_request.')) {
    const roles = Array.isArray(v.roles) ? v.roles.filter((r) => typeof r === 'string').join(',') : null;
    if (roles) return { resource: `teleport:role/${roles}`, type: 'teleport_role' };
  }
  if (event.startsWith('session.') || event === 'exec' || event === 'port' || event === 'resize') return hostRes(v);
  const n = str(v.name);
  if (n) return { resource: `teleport:${event.split('.')[0]}/${n}`, type: `teleport_${event.split('.')[0]}` };
  return { resource: null, type: null };
}

function numeric(v: unknown): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v !== '' && Number.isFinite(Number(v))) return Number(v);
  return null;
}

function outcomeOf(event: string, v: Obj, code: string): { outcome: Outcome; errorCode: string | null } {
  if (typeof v.success === 'boolean') {
    return v.success ? { outcome: 'success', errorCode: null } : { outcome: 'failure', errorCode: code || 'failed' };
  }
  const rc = numeric(v.return_code) ?? numeric(v.exitCode) ?? numeric(v.exit_code);
  if (
    rc !== null &&
    (event === 'session.command' ||
      event === 'scp' ||
      event === 'ssm.run' ||
      event === 'exec' ||
      event === 'session.disk')
  ) {
    return rc === 0 ? { outcome: 'success', errorCode: null } : { outcome: 'failure', errorCode: String(rc) };
  }
  const status = numeric(v.status_code) ?? numeric(v.response_code);
  if (status !== null)
    return status >= 400 ? { outcome: 'failure', errorCode: String(status) } : { outcome: 'success', errorCode: null };
  if (str(v.status) === 'Failure') return { outcome: 'failure', errorCode: 'Failure' };
  if (str(v.error)) return { outcome: 'failure', errorCode: code || null };
  const last = code.slice(-1).toUpperCase();
  if (last === 'W' || last === 'E') return { outcome: 'failure', errorCode: code };
  if (last === 'I') return { outcome: 'success', errorCode: null };
  return { outcome: 'unknown', errorCode: null };
}

function argvLine(v: Obj): string {
  const argv = Array.isArray(v.argv) ? v.argv.filter((a) => typeof a === 'string') : [];
  const prog = str(v.path) ?? str(v.program) ?? '';
  return [prog, ...argv.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a))].join(' ').trim();
}

function detailOf(event: string, v: Obj): string | null {
  const parts: string[] = [];
  switch (event) {
    case 'session.command':
      parts.push(argvLine(v));
      break;
    case 'exec':
    case 'scp': {
      const c = str(v.command);
      if (c) parts.push(c);
      break;
    }
    case 'kube.request':
      parts.push(`${str(v.verb) ?? ''} ${str(v.request_path) ?? ''}`.trim());
      break;
    case 'session.network':
      parts.push(
        `${str(v.program) ?? ''} ${str(v.src_addr) ?? ''} -> ${str(v.dst_addr) ?? ''}:${str(v.dst_port) ?? ''}`.trim(),
      );
      break;
    case 'session.disk':
      parts.push(`${str(v.program) ?? ''} ${str(v.path) ?? ''}`.trim());
      break;
    case 'ssm.run': {
      const c = str(v.command_id);
      if (c) parts.push(`command_id=${c}`);
      break;
    }
    default:
      break;
  }
  const q = str(v.db_query) ?? str(v.query) ?? str(isObj(v.args) ? v.args.sql : undefined);
  if (q) parts.push(q);
  if (Array.isArray(v.parameters) && v.parameters.length > 0) parts.push(`parameters=${compact(v.parameters, 500)}`);
  const proc = str(v.procedure) ?? str(v.target);
  if (proc && event !== 'lock.created') parts.push(proc);
  if (event.startsWith('app.session.') && (str(v.method) || str(v.path)))
    parts.push(`${str(v.method) ?? ''} ${str(v.path) ?? ''}`.trim());
  if (Array.isArray(v.roles) && v.roles.length > 0) parts.push(`roles=${v.roles.join(',')}`);
  if (event === 'cert.create' && isObj(v.identity) && Array.isArray(v.identity.roles))
    parts.push(`roles=${v.identity.roles.join(',')}`);
  if (event === 'bot.join') {
    const t = str(v.token_name),
      m = str(v.method);
    if (t || m) parts.push(`method=${m ?? ''} token=${t ?? ''}`);
  }
  const err = str(v.error) ?? str(v.message) ?? str(v.exitError);
  if (err) parts.push(err);
  const out = parts.filter((p) => p !== '').join(' · ');
  return out === '' ? null : out.length > 4000 ? out.slice(0, 4000) + '…' : out;
}

function factsOf(event: string, v: Obj): Facts | undefined {
  const f: Facts = {};
  const cluster = str(v.cluster_name);
  if (cluster) f[FACT.account] = cluster;
  const identity = isObj(v.identity) ? v.identity : undefined;
  const imp = str(v.impersonator) ?? str(identity?.impersonator);
  if (imp) f[FACT.impersonator] = imp;
  const login = str(v.login) ?? str(v.db_user) ?? str(v.windows_user);
  if (login) {
    if (login.startsWith('arn:')) f[FACT.targetIdentity] = login;
    else f[FACT.login] = login;
  }
  const role = str(v.aws_role_arn);
  if (role) f[FACT.targetIdentity] = role;
  const host = str(v.server_hostname) ?? str(v.node_name);
  if (host) f[FACT.host] = host;
  if (event === 'cert.create' && identity) {
    const u = str(identity.user);
    if (u) f[FACT.issuedTo] = u;
  }
  if (event === 'spiffe.svid.issued') {
    const id = str(v.spiffe_id),
      serial = str(v.serial_number);
    if (id) f[FACT.issuedTo] = id;
    if (serial) f[FACT.issuedKey] = serial;
  }
  if (event === 'bot.join' || event === 'instance.join') {
    const method = str(v.method);
    if (method) f[FACT.credentialType] = method;
    const bot = str(v.bot_name);
    if (bot && bot !== 'unknown') f[FACT.alias] = `teleport|bot-${bot}`;
    const a = isObj(v.attributes) ? v.attributes : undefined;
    if (a) {
      const sub = str(a.sub);
      if (sub) f[FACT.federatedSubject] = sub;
      // The github join method verifies tokens from GitHub Actions' issuer unless the claims name another (GHES).
      const iss = str(a.iss) ?? (method === 'github' ? 'token.actions.githubusercontent.com' : null);
      if (iss) f[FACT.identityProvider] = iss.replace(/^https:\/\//, '');
      const repo = str(a.repository) ?? str(a.project_path);
      if (repo) f[FACT.ciRepository] = repo;
      const run = str(a.run_id) ?? str(a.pipeline_id);
      if (run) f[FACT.ciRunId] = run;
      const wf = str(a.job_workflow_ref) ?? str(a.workflow);
      if (wf) f[FACT.ciWorkflow] = wf;
      const ref = str(a.ref);
      if (ref) f[FACT.ciRef] = ref;
      const actor = str(a.actor) ?? str(a.user_login);
      if (actor) f[FACT.sourceIdentity] = actor;
    }
  }
  return Object.keys(f).length > 0 ? f : undefined;
}

export function normalizeTeleport(v: Obj): NormalizedEvent | string {
  const event = str(v.event);
  if (!event) return 'no event field';
  const ts = toMicros(v.time);
  if (ts === null)
    return v.time === undefined
      ? 'no parseable timestamp (no time field)'
      : `no parseable timestamp (${String(v.time).slice(0, 40)})`;
  const code = str(v.code) ?? '';
  const { principal, type } = principalOf(event, v);
  const { resource, type: resourceType } = resourceOf(event, v);
  const { outcome, errorCode } = outcomeOf(event, v, code);
  return {
    ts,
    principal,
    principalType: type,
    sessionKey: str(v.sid),
    action: event,
    category: categoryOf(event, v),
    resource,
    resourceType,
    outcome,
    errorCode,
    srcIp: addrIp(v['addr.remote']) ?? addrIp(v.addr_remote),
    userAgent: str(v.user_agent),
    detail: detailOf(event, v),
    facts: factsOf(event, v),
  };
}

export const importer: Importer = {
  id: format.id,
  version: '1',
  title: format.title,
  input: 'json',
  detect,
  createParser: perObjectParser(normalizeTeleport),
};
