// HashiCorp Vault audit device output: the file device (`vault audit enable file file_path=…`), one JSON
// object per line, a "request" entry when the request arrives and a "response" entry when it is answered,
// paired by request.id into one event; Vault Enterprise KMIP entries ("kmip-request" / "kmip-response").
// Secret values, tokens and accessors arrive HMAC'd ("hmac-sha256:…") and stay exactly so: the accessor HMAC is
// stable for a token's life, which is what ties its requests into a session. Field notes:
// shared/corpus/FIELDS.md §7.
import type { Category, Facts, NormalizedEvent, Outcome, PrincipalType } from '../core/model/event.js';
import { FACT } from '../core/model/facts.js';
import type { Importer, InputRecord, RecordParser, Sample, Sink } from './types.js';
import { get, isObj, key, str, type Obj } from './util/fields.js';
import { ipOrNull } from './util/net.js';
import { toMicros } from './util/time.js';
import { sampleScore } from './util/detect.js';
import { PendingMap } from './util/pending.js';

/** Requests still waiting for their response; beyond this the oldest is emitted on its own. */
const MAX_PENDING = 10_000;
const TYPES = new Set(['request', 'response', 'kmip-request', 'kmip-response']);
const LOGIN_PATH = /^auth\/.+\/login(\/|$)|^auth\/[^/]+\/oidc\/callback$/;
const CREDENTIAL_PATH = /(^|\/)(creds|sts|issue|sign|sign-verbatim|secret-id|custom-secret-id|key|token|roleset\/[^/]+\/token|static-creds)(\/|$)|^auth\/token\/(create|renew)|^sys\/wrapping\/unwrap$/;
const POLICY_PATH = /^sys\/(policy|policies)\/|^identity\/(entity|group|entity-alias|group-alias|mfa)|^auth\/[^/]+\/(role|roles|groups|users|map)\//;
const CONFIG_PATH = /^sys\/(auth|mounts|remount|config|seal|unseal|raw|replication|storage|license|plugins|rotate|generate-root|quotas)(\/|$)/;
const AUDIT_PATH = /^sys\/audit(\/|$)/;
const ERROR_PREFIX = /^\d+ errors? occurred:\s*/;

/** KMIP 1.x Operation enumeration, by value. */
const KMIP_OPS: Record<number, string> = {
  0x01: 'Create', 0x02: 'CreateKeyPair', 0x03: 'Register', 0x04: 'ReKey', 0x05: 'DeriveKey', 0x06: 'Certify', 0x07: 'ReCertify',
  0x08: 'Locate', 0x09: 'Check', 0x0a: 'Get', 0x0b: 'GetAttributes', 0x0c: 'GetAttributeList', 0x0d: 'AddAttribute', 0x0e: 'ModifyAttribute',
  0x0f: 'DeleteAttribute', 0x10: 'ObtainLease', 0x11: 'GetUsageAllocation', 0x12: 'Activate', 0x13: 'Revoke', 0x14: 'Destroy', 0x15: 'Archive',
  0x16: 'Recover', 0x17: 'Validate', 0x18: 'Query', 0x19: 'Cancel', 0x1a: 'Poll', 0x1b: 'Notify', 0x1c: 'Put', 0x1d: 'ReKeyKeyPair',
  0x1e: 'DiscoverVersions', 0x1f: 'Encrypt', 0x20: 'Decrypt', 0x21: 'Sign', 0x22: 'SignatureVerify', 0x23: 'MAC', 0x24: 'MACVerify',
  0x25: 'RNGRetrieve', 0x26: 'RNGSeed', 0x27: 'Hash', 0x28: 'CreateSplitKey', 0x29: 'JoinSplitKey', 0x2a: 'Import', 0x2b: 'Export',
};
const KMIP_RESULT = ['Success', 'OperationFailed', 'OperationPending', 'OperationUndone'];
const KMIP_REASONS: Record<number, string> = {
  0x01: 'ItemNotFound', 0x02: 'ResponseTooLarge', 0x03: 'AuthenticationNotSuccessful', 0x04: 'InvalidMessage', 0x05: 'OperationNotSupported',
  0x06: 'MissingData', 0x07: 'InvalidField', 0x08: 'FeatureNotSupported', 0x09: 'OperationCanceledByRequester', 0x0a: 'CryptographicFailure',
  0x0b: 'IllegalOperation', 0x0c: 'PermissionDenied', 0x0d: 'ObjectArchived', 0x0e: 'IndexOutOfBounds', 0x18: 'ObjectAlreadyExists', 0x100: 'GeneralFailure',
};
const KMIP_CATEGORY: Record<string, Category> = {
  Create: 'credential', CreateKeyPair: 'credential', Register: 'credential', ReKey: 'credential', ReKeyKeyPair: 'credential', DeriveKey: 'credential',
  Certify: 'credential', ReCertify: 'credential', Get: 'credential', Export: 'credential', Import: 'credential',
  Locate: 'read', Check: 'read', GetAttributes: 'read', GetAttributeList: 'read', Query: 'read', DiscoverVersions: 'read', Validate: 'read', Poll: 'read',
  Destroy: 'delete', Revoke: 'delete', Archive: 'delete', DeleteAttribute: 'write', AddAttribute: 'write', ModifyAttribute: 'write', Activate: 'write',
  Encrypt: 'exec', Decrypt: 'exec', Sign: 'exec', SignatureVerify: 'exec', MAC: 'exec', MACVerify: 'exec', Hash: 'exec', RNGRetrieve: 'exec',
};

function scoreRecord(v: unknown): number {
  if (!isObj(v)) return 0;
  const type = str(key(v, 'type'));
  const req = key(v, 'request');
  if (!type || !TYPES.has(type) || !isObj(req)) return 0;
  let s = 0.7;
  if (key(req, 'path') !== undefined || key(req, 'operation') !== undefined || key(req, 'client_certificate_serial_number') !== undefined) s += 0.15;
  if (key(req, 'id') !== undefined || key(req, 'remote_address') !== undefined) s += 0.05;
  if (key(v, 'time') !== undefined) s += 0.04;
  if (isObj(key(v, 'auth')) || isObj(get(req, 'data', 'kmip_request'))) s += 0.04;
  return s;
}

function detect(sample: Sample): number {
  return sampleScore(sample.values, scoreRecord);
}

interface Entry { rec: InputRecord; v: Obj; type: string }

/** Operations, result and batch id of a KMIP message, read from its TTLV tree. */
function kmipOf(msg: unknown): { ops: string[]; status: number | null; reason: number | null; batchId: string | null; object: string | null } {
  const out = { ops: [] as string[], status: null as number | null, reason: null as number | null, batchId: null as string | null, object: null as string | null };
  const items = key(msg, 'value');
  if (!Array.isArray(items)) return out;
  for (const item of items) {
    if (str(key(item, 'tag')) !== 'BatchItem') continue;
    const fields = key(item, 'value');
    if (!Array.isArray(fields)) continue;
    for (const f of fields) {
      const tag = str(key(f, 'tag'));
      if ((tag === 'RequestPayload' || tag === 'ResponsePayload') && !out.object) {
        // The managed object (key, certificate) the operation is about.
        const payload = key(f, 'value');
        if (Array.isArray(payload)) for (const p of payload) if (str(key(p, 'tag')) === 'UniqueIdentifier') out.object = str(key(p, 'value'));
        continue;
      }
      const raw = str(key(f, 'value'));
      if (!tag || raw === null) continue;
      const n = raw.startsWith('0x') ? parseInt(raw, 16) : Number(raw);
      if (tag === 'Operation') out.ops.push(KMIP_OPS[n] ?? raw);
      else if (tag === 'ResultStatus' && Number.isFinite(n)) out.status = Math.max(out.status ?? 0, n);
      else if (tag === 'ResultReason' && Number.isFinite(n)) out.reason = n;
      else if (tag === 'UniqueBatchItemID') out.batchId = raw;
    }
  }
  return out;
}

function principalTypeOf(display: string | null, meta: unknown, path: string | null): PrincipalType {
  if (isObj(meta)) {
    if (key(meta, 'service_account_name') !== undefined) return 'service_account';
    if (key(meta, 'AllocationID') !== undefined || key(meta, 'Task') !== undefined) return 'workload';
    if (key(meta, 'service_account_email') !== undefined) return 'service_account';
    const arn = str(key(meta, 'canonical_arn')) ?? str(key(meta, 'client_arn'));
    if (arn) return arn.includes(':assumed-role/') || arn.includes(':role/') ? 'role_session' : 'user';
    const sub = str(key(meta, 'sub'));
    if (sub && (sub.startsWith('repo:') || sub.startsWith('system:serviceaccount:') || sub.startsWith('project_path:'))) return 'workload';
    if (key(meta, 'email') !== undefined || key(meta, 'username') !== undefined) return 'user';
    if (key(meta, 'role_name') !== undefined) return 'service_account';
  }
  const d = display ?? '';
  const mount = path?.startsWith('auth/') ? path.split('/')[1] : null;
  if (d.startsWith('approle') || mount === 'approle') return 'service_account';
  if (d.startsWith('kubernetes') || mount === 'kubernetes') return 'service_account';
  if (d.startsWith('oidc-') || d.startsWith('userpass-') || d.startsWith('ldap-') || d.startsWith('okta-') || d.startsWith('github-')) return 'user';
  if (d.startsWith('cert')) return 'workload';
  return 'unknown';
}

/** auth.metadata as facts: the role the login used, the federated subject, the cloud identity, the host. */
function metadataFacts(meta: unknown, facts: Facts, login: boolean): void {
  if (!isObj(meta)) return;
  const role = str(key(meta, 'role')) ?? str(key(meta, 'role_name'));
  if (role) facts[FACT.authRole] = role;
  // The federated identity is stated where the login happens; later requests of the token only repeat it.
  if (login) {
    const saName = str(key(meta, 'service_account_name'));
    const saNs = str(key(meta, 'service_account_namespace'));
    if (saName && saNs) facts[FACT.federatedSubject] = `system:serviceaccount:${saNs}:${saName}`;
    const sub = str(key(meta, 'sub'));
    if (sub && !facts[FACT.federatedSubject]) facts[FACT.federatedSubject] = sub;
  }
  const aliases: string[] = [];
  for (const k of ['canonical_arn', 'client_arn']) {
    const arn = str(key(meta, k));
    if (arn) aliases.push(`aws|${arn}`);
  }
  const gsa = str(key(meta, 'service_account_email'));
  if (gsa) aliases.push(`gcp|${gsa}`);
  const email = str(key(meta, 'email'));
  if (email) aliases.push(`email|${email}`);
  if (aliases.length > 0) facts[FACT.alias] = [...new Set(aliases)].join('\n');
  const node = str(key(meta, 'NodeID'));
  if (node) facts[FACT.host] = node;
  // Everything else too, by name: metadata is small and is where each auth method states who logged in.
  let n = 0;
  for (const k in meta) {
    if (n++ >= 24) break;
    const val = str(meta[k]);
    if (val) facts[`auth_meta.${k}`] = val;
  }
}

function cleanError(e: string): string {
  const s = e.replace(ERROR_PREFIX, '').replace(/\n\t\* /g, '; ').replace(/^\* /, '').trim();
  return s.length > 200 ? s.slice(0, 200) + '…' : s;
}

function categoryOf(path: string, operation: string | null, mount: string | null, login: boolean): Category {
  const op = (operation ?? '').toLowerCase();
  if (AUDIT_PATH.test(path)) return op === 'read' || op === 'list' ? 'read' : 'logging';
  if (login) return 'auth';
  if (op === 'help') return 'read';
  if (CREDENTIAL_PATH.test(path) && op !== 'list' && op !== 'delete') return 'credential';
  // A KV read returns secret material: credential access, as GetSecretValue in CloudTrail.
  if ((mount === 'kv' || mount === 'generic' || mount === 'cubbyhole') && op === 'read') return 'credential';
  if (POLICY_PATH.test(path) && op !== 'read' && op !== 'list') return 'privilege';
  if (CONFIG_PATH.test(path) && op !== 'read' && op !== 'list') return 'config';
  switch (op) {
    case 'read': case 'list': return 'read';
    case 'create': case 'update': case 'patch': return 'write';
    case 'delete': case 'revoke': return 'delete';
    default: return 'other';
  }
}

/** One event from a request entry, a response entry, or both (the request first). */
export function normalizeVault(entries: { v: Obj; type: string }[]): NormalizedEvent | string {
  const first = entries[0];
  const last = entries[entries.length - 1];
  const ts = toMicros(key(first.v, 'time'));
  if (ts === null) return 'no parseable timestamp (time)';
  const kmip = first.type.startsWith('kmip');
  const req = key(last.v, 'request') ?? key(first.v, 'request');
  if (!isObj(req)) return 'no request object: not a Vault audit entry';
  const response = entries.map((e) => key(e.v, 'response')).find(isObj);
  const errorRaw = entries.map((e) => str(key(e.v, 'error'))).find((e) => e !== null) ?? null;
  const auth = key(first.v, 'auth') ?? key(last.v, 'auth');
  const respAuth = key(response, 'auth');
  const path = str(key(req, 'path')) ?? '';
  const operation = str(key(req, 'operation'));
  const mount = str(key(req, 'mount_type')) ?? str(key(response, 'mount_type'));
  const login = LOGIN_PATH.test(path) && isObj(respAuth);
  const nsPath = str(get(req, 'namespace', 'path'));
  const remote = str(key(req, 'remote_address'));
  const serial = str(key(req, 'client_certificate_serial_number'));

  let action: string;
  let category: Category;
  let outcome: Outcome;
  let errorCode: string | null = null;
  let kmipObject: string | null = null;
  const detail: string[] = [];
  if (kmip) {
    const reqMsg = kmipOf(get(req, 'data', 'kmip_request'));
    const respMsg = kmipOf(get(response, 'data', 'kmip_response'));
    const ops = respMsg.ops.length > 0 ? respMsg.ops : reqMsg.ops;
    action = `kmip:${ops.length > 0 ? [...new Set(ops)].join(',') : 'request'}`;
    category = ops.length === 1 ? KMIP_CATEGORY[ops[0]] ?? 'other' : 'other';
    if (respMsg.status === null) outcome = errorRaw ? 'failure' : response ? 'success' : 'unknown';
    else outcome = respMsg.status === 0 ? 'success' : respMsg.status === 2 ? 'unknown' : 'failure';
    if (outcome === 'failure') {
      errorCode = (respMsg.reason !== null ? KMIP_REASONS[respMsg.reason] : null) ?? (respMsg.status !== null ? KMIP_RESULT[respMsg.status] ?? String(respMsg.status) : null) ?? (errorRaw ? cleanError(errorRaw) : null);
    }
    if (serial) detail.push(`client certificate ${serial}`);
    kmipObject = reqMsg.object ?? respMsg.object;
  } else {
    action = mount ? `${mount}:${operation ?? 'request'}` : operation ?? 'request';
    category = categoryOf(path, operation, mount, login);
    // A request entry is written after Vault checked the token and policies; a denial carries `error`.
    outcome = errorRaw ? 'failure' : 'success';
    if (errorRaw) errorCode = cleanError(errorRaw);
    detail.push(`${operation ?? '?'} ${nsPath ?? ''}${path}`);
  }

  const who = login ? respAuth : auth;
  const display = str(key(who, 'display_name'));
  const entity = str(key(who, 'entity_id'));
  const meta = key(who, 'metadata');
  const principal = display ?? entity ?? (kmip && serial ? `kmip-client:${serial}` : null);

  const facts: Facts = {};
  metadataFacts(meta, facts, login);
  if (entity) facts[FACT.alias] = facts[FACT.alias] ? `${facts[FACT.alias]}\nvault-entity|${entity}` : `vault-entity|${entity}`;
  const id = str(key(req, 'id'));
  if (id) facts[FACT.correlation] = id;
  if (category === 'logging') facts[FACT.logTamper] = `${operation ?? '?'} ${path}`;
  if (isObj(respAuth)) {
    // The token this request created (a login, auth/token/create, a role's token): its accessor keys that token's session.
    const issued = str(key(respAuth, 'accessor'));
    if (issued && outcome === 'success') {
      facts[FACT.issuedKey] = issued;
      const to = str(key(respAuth, 'display_name')) ?? str(key(respAuth, 'entity_id'));
      if (to) facts[FACT.issuedTo] = to;
    }
    const policies = key(respAuth, 'policies');
    if (Array.isArray(policies) && policies.length > 0) detail.push(`token policies ${policies.map(String).join(',')}`);
  } else {
    const policies = key(auth, 'policies');
    if (Array.isArray(policies) && policies.length > 0) detail.push(`policies ${policies.map(String).join(',')}`);
  }
  if (errorCode) detail.push(errorCode);
  const headers = key(req, 'headers');
  const ua = key(headers, 'user-agent');

  return {
    ts,
    principal,
    principalType: kmip ? 'workload' : principalTypeOf(display, meta, path),
    // Without an accessor (a request denied before the token was resolved) the HMAC of the token names it.
    sessionKey: login ? null : str(key(auth, 'accessor')) ?? str(key(req, 'client_token_accessor')) ?? str(key(auth, 'client_token'))
      ?? str(key(req, 'client_token')) ?? serial,
    action,
    category,
    resource: kmip ? (kmipObject ? `kmip:${kmipObject}` : null) : `vault:${nsPath ?? ''}${path}`,
    resourceType: kmip ? (kmipObject ? 'kmip:object' : null) : mount ? `vault:${mount}` : 'vault:path',
    outcome,
    errorCode,
    srcIp: ipOrNull(remote),
    userAgent: Array.isArray(ua) ? str(ua[0]) : str(ua),
    detail: detail.length > 0 ? detail.join(' · ') : null,
    facts,
  };
}

/** The key that pairs a request with its response: request.id; for KMIP, the connection and the batch item. */
function pairKey(v: Obj, type: string): string | null {
  const req = key(v, 'request');
  if (type.startsWith('kmip')) {
    const remote = str(key(req, 'remote_address'));
    if (!remote) return null;
    const m = kmipOf(get(req, 'data', 'kmip_request'));
    return `kmip|${remote}|${str(key(req, 'client_certificate_serial_number')) ?? ''}|${m.ops.join(',')}|${m.batchId ?? ''}`;
  }
  return str(key(req, 'id'));
}

export const vaultAudit: Importer = {
  id: 'vault-audit',
  version: '1',
  title: 'HashiCorp Vault audit log',
  input: 'json',
  detect,
  createParser(): RecordParser {
    const pending = new PendingMap<Entry>(MAX_PENDING);
    const emit = (sink: Sink, entries: Entry[]) => {
      const ev = normalizeVault(entries);
      if (typeof ev === 'string') for (const e of entries) sink.reject(e.rec, ev);
      else sink.event(ev, entries.length === 1 ? entries[0].rec : entries.map((e) => e.rec));
    };
    return {
      push(rec, sink) {
        const v = rec.value;
        if (!isObj(v)) return sink.reject(rec, 'not a JSON object');
        if (toMicros(key(v, 'time')) === null) return sink.reject(rec, 'no parseable timestamp (time)');
        const type = str(key(v, 'type'));
        if (!type || !TYPES.has(type)) return sink.reject(rec, `not a Vault audit entry (type ${type ? JSON.stringify(type.slice(0, 40)) : 'missing'})`);
        if (!isObj(key(v, 'request'))) return sink.reject(rec, 'no request object: not a Vault audit entry');
        const entry: Entry = { rec, v, type };
        const pk = pairKey(v, type);
        if (!pk) return emit(sink, [entry]);
        if (type === 'request' || type === 'kmip-request') {
          const held = pending.take(pk);
          if (held) emit(sink, [held]); // the same id twice: the first request never got its response
          for (const old of pending.put(pk, entry)) emit(sink, [old]);
          return;
        }
        const req = pending.take(pk);
        emit(sink, req ? [req, entry] : [entry]);
      },
      end(sink) {
        for (const e of pending.drain()) emit(sink, [e]);
      },
    };
  },
};
