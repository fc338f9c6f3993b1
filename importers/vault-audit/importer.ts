// HashiCorp Vault audit device output: the file device (`vault audit enable file file_path=…`), one JSON
// object per line, a "request" entry when the request arrives and a "response" entry when it is answered,
// paired by request.id into one event; Vault Enterprise KMIP entries ("kmip-request" / "kmip-response").
// Secret values, tokens and accessors arrive HMAC'd ("hmac-sha256:…") and stay exactly so: the accessor HMAC is
// stable for a token's life, which is what ties its requests into a session. Field notes:
// shared/corpus/FIELDS.md §7.
import type { Category, Facts, NormalizedEvent, Outcome, PrincipalType } from '../../core/model/event.js';
import { FACT } from '../../core/model/facts.js';
import type { Importer, InputRecord, RecordParser, Sample, Sink } from '../types.js';
import { format } from './format.js';
import { get, isObj, key, str, type Obj } from '../util/fields.js';
import { ipOrNull } from '../util/net.js';
import { toMicros } from '../../core/model/time.js';
import { sampleScore } from '../util/detect.js';
import { detach, PendingMap } from '../util/pending.js';

/** Requests still waiting for their response; beyond this the oldest is emitted on its own. */
const MAX_PENDING = 10_000;
const TYPES = new Set(['request', 'response', 'kmip-request', 'kmip-response']);
const LOGIN_PATH = /^auth\/.+\/login(\/|$)|^auth\/[^/]+\/oidc\/callback$/;
const CREDENTIAL_PATH =
  /(^|\/)(creds|sts|issue|sign|sign-verbatim|secret-id|custom-secret-id|key|token|roleset\/[^/]+\/token|static-creds)(\/|$)|^auth\/token\/(create|renew)|^sys\/wrapping\/unwrap$/;
const POLICY_PATH =
  /^sys\/(policy|policies)\/|^identity\/(entity|group|entity-alias|group-alias|mfa)|^auth\/[^/]+\/(role|roles|groups|users|map)\//;
const CONFIG_PATH =
  /^sys\/(auth|mounts|remount|config|seal|unseal|raw|replication|storage|license|plugins|rotate|generate-root|quotas)(\/|$)/;
const AUDIT_PATH = /^sys\/audit(\/|$)/;
const ERROR_PREFIX = /^\d+ errors? occurred:\s*/;

/** KMIP 1.x Operation enumeration, by value. */
const KMIP_OPS: Record<number, string> = {
  0x01: 'Create',
  0x02: 'CreateKeyPair',
  0x03: 'Register',
  0x04: 'ReKey',
  0x05: 'DeriveKey',
  0x06: 'Certify',
  0x07: 'ReCertify',
  0x08: 'Locate',
  0x09: 'Check',
  0x0a: 'Get',
  0x0b: 'GetAttributes',
  0x0c: 'GetAttributeList',
  0x0d: 'AddAttribute',
  0x0e: 'ModifyAttribute',
  0x0f: 'DeleteAttribute',
  0x10: 'ObtainLease',
  0x11: 'GetUsageAllocation',
  0x12: 'Activate',
  0x13: 'Revoke',
  0x14: 'Destroy',
  0x15: 'Archive',
  0x16: 'Recover',
  0x17: 'Validate',
  0x18: 'Query',
  0x19: 'Cancel',
  0x1a: 'Poll',
  0x1b: 'Notify',
  0x1c: 'Put',
  0x1d: 'ReKeyKeyPair',
  0x1e: 'DiscoverVersions',
  0x1f: 'Encrypt',
  0x20: 'Decrypt',
  0x21: 'Sign',
  0x22: 'SignatureVerify',
  0x23: 'MAC',
  0x24: 'MACVerify',
  0x25: 'RNGRetrieve',
  0x26: 'RNGSeed',
  0x27: 'Hash',
  0x28: 'CreateSplitKey',
  0x29: 'JoinSplitKey',
  0x2a: 'Import',
  0x2b: 'Export',
};
const KMIP_RESULT = ['Success', 'OperationFailed', 'OperationPending', 'OperationUndone'];
const KMIP_REASONS: Record<number, string> = {
  0x01: 'ItemNotFound',
  0x02: 'ResponseTooLarge',
  0x03: 'AuthenticationNotSuccessful',
  0x04: 'InvalidMessage',
  0x05: 'OperationNotSupported',
  0x06: 'MissingData',
  0x07: 'InvalidField',
  0x08: 'FeatureNotSupported',
  0x09: 'OperationCanceledByRequester',
  0x0a: 'CryptographicFailure',
  0x0b: 'IllegalOperation',
  0x0c: 'PermissionDenied',
  0x0d: 'ObjectArchived',
  0x0e: 'IndexOutOfBounds',
  0x18: 'ObjectAlreadyExists',
  0x100: 'GeneralFailure',
};
const KMIP_CATEGORY: Record<string, Category> = {
  Create: 'credential',
  CreateKeyPair: 'credential',
  Register: 'credential',
  ReKey: 'credential',
  ReKeyKeyPair: 'credential',
  DeriveKey: 'credential',
  Certify: 'credential',
  ReCertify: 'credential',
  Get: 'credential',
  Export: 'credential',
  Import: 'credential',
  Locate: 'read',
  Check: 'read',
  GetAttributes: 'read',
  GetAttributeList: 'read',
  Query: 'read',
  DiscoverVersions: 'read',
  Validate: 'read',
  Poll: 'read',
  Destroy: 'delete',
  Revoke: 'delete',
  Archive: 'delete',
  DeleteAttribute: 'write',
  AddAttribute: 'write',
  ModifyAttribute: 'write',
  Activate: 'write',
  Encrypt: 'exec',
  Decrypt: 'exec',
  Sign: 'exec',
  SignatureVerify: 'exec',
  MAC: 'exec',
  MACVerify: 'exec',
  Hash: 'exec',
  RNGRetrieve: 'exec',
};

function scoreRecord(v: unknown): number {
  if (!isObj(v)) return 0;
  const type = str(key(v, 'type'));
  const req = key(v, 'request');
  if (!type || !TYPES.has(type) || !isObj(req)) return 0;
  let s = 0.7;
  if (
    key(req, 'path') !== undefined ||
    key(req, 'operation') !== undefined ||
    key(req, 'client_certificate_serial_number') !== undefined
  )
    s += 0.15;
  if (key(req, 'id') !== undefined || key(req, 'remote_address') !== undefined) s += 0.05;
  if (key(v, 'time') !== undefined) s += 0.04;
  if (isObj(key(v, 'auth')) || isObj(get(req, 'data', 'kmip_request'))) s += 0.04;
  return s;
}

function detect(sample: Sample): number {
  return sampleScore(sample.values, scoreRecord);
}

interface Entry {
  rec: InputRecord;
  v: Obj;
  type: string;
}

/** Operations, result and batch id of a KMIP message, read from its TTLV tree. */
function kmipOf(msg: unknown): {
  ops: string[];
  status: number | null;
  reason: number | null;
  batchId: string | null;
  object: string | null;
} {
  const out = {
    ops: [] as string[],
    status: null as number | null,
    reason: null as number | null,
    batchId: null as string | null,
    object: null as string | null,
  };
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
        if (Array.isArray(payload))
          for (const p of payload) if (str(key(p, 'tag')) === 'UniqueIdentifier') out.object = str(key(p, 'value'));
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

/** Metadata keys each auth method writes (FIELDS.md §7 and the methods' docs): how a later request names the method. */
function methodOfMetadata(meta: Obj): string | null {
  const has = (k: string) => key(meta, k) !== undefined;
  if (has('service_account_name') && has('service_account_namespace')) return 'kubernetes';
  if (has('AllocationID') || has('Task')) return 'nomad';
  if (has('canonical_arn') || has('client_arn') || has('inferred_entity_type') || has('ami_id')) return 'aws';
  if (has('service_account_email') || (has('project_id') && (has('instance_name') || has('zone')))) return 'gcp';
  if (has('subscription_id') || has('resource_group_name') || has('vm_name') || has('vmss_name')) return 'azure';
  if (has('role_name')) return 'approle';
  if (has('cert_name') || has('subject_key_id') || has('authority_key_id')) return 'cert';
  if (ciOf(meta) || has('sub') || has('iss')) return 'jwt';
  if (has('username') && has('org')) return 'github';
  if (has('username')) return 'userpass';
  return null;
}

/** The auth method behind a token: the login's own mount type, else what its metadata or display name says. */
function methodOf(display: string | null, meta: unknown, loginMount: string | null): string | null {
  if (loginMount) return loginMount;
  const byMeta = isObj(meta) ? methodOfMetadata(meta) : null;
  if (byMeta) return byMeta;
  const d = display ?? '';
  if (d === 'approle' || d.startsWith('approle-')) return 'approle';
  if (d.startsWith('kubernetes-')) return 'kubernetes';
  for (const m of ['oidc', 'userpass', 'ldap', 'okta', 'github', 'radius', 'cert'])
    if (d === m || d.startsWith(`${m}-`)) return m;
  return null;
}

interface Ci {
  repository: string | null;
  runId: string | null;
  workflow: string | null;
  ref: string | null;
  actor: string | null;
  github: boolean;
}

/**
 * CI claims as the jwt method's claim_mappings put them in auth.metadata: GitHub Actions (`repository`, `run_id`,
 * `workflow` / `job_workflow_ref`, `ref`, `actor`), GitLab CI (`project_path`, `pipeline_id`, `ref` + `ref_type`,
 * `user_login`). Null when the metadata names no CI run.
 */
function ciOf(meta: unknown): Ci | null {
  if (!isObj(meta)) return null;
  const m = (k: string) => str(key(meta, k));
  const github = m('repository');
  const gitlab = m('project_path');
  const runId = m('run_id') ?? m('pipeline_id');
  const workflow = m('job_workflow_ref') ?? m('workflow') ?? m('workflow_ref');
  if (!runId && !workflow && !(github && m('run_number')) && !(gitlab && m('job_id'))) return null;
  let ref = m('ref');
  const refType = m('ref_type');
  if (ref && !ref.startsWith('refs/') && (refType === 'branch' || refType === 'tag'))
    ref = `refs/${refType === 'tag' ? 'tags' : 'heads'}/${ref}`;
  return {
    repository: github ?? gitlab,
    runId,
    workflow,
    ref,
    actor: m('actor') ?? m('user_login'),
    github: github !== null && !gitlab,
  };
}

/** Subjects whose shape names a workload: GitHub Actions, GitLab CI, Kubernetes service accounts. */
const WORKLOAD_SUBJECT = /^(repo:[^:/]+\/[^:]+:.|project_path:[^:]+:.|system:serviceaccount:[^:]+:[^:]+$)/;

/**
 * The token subject of a jwt/oidc login: the mapped `sub` claim, else the entity-alias name the display name
 * carries after the mount's prefix (Vault names a login's token "<mount path, '/' → '-'><alias name>", and the alias
 * name is the role's user_claim, `sub` by default) when it has a subject's shape. Another user_claim (an e-mail,
 * `actor`) is not a subject and is not taken for one.
 */
function subjectOf(meta: unknown, display: string | null, mountPoint: string | null): string | null {
  const sub = str(key(meta, 'sub'));
  if (sub) return sub;
  if (!display) return null;
  const prefix = mountPoint ? mountPoint.replace(/^auth\//, '').replace(/\//g, '-') : null;
  const alias = prefix && display.startsWith(prefix) ? display.slice(prefix.length) : null;
  if (alias && WORKLOAD_SUBJECT.test(alias)) return alias;
  // The mount path is unknown (or was renamed): the subject is the part of the name that has a subject's shape.
  const m = /-(repo:[^:/]+\/[^:]+:.+|project_path:[^:]+:.+|system:serviceaccount:[^:]+:[^:]+)$/.exec(display);
  return m ? m[1] : null;
}

const HUMAN_METHODS = new Set(['userpass', 'ldap', 'okta', 'github', 'radius']);
const HUMAN_CLAIMS = ['email', 'preferred_username', 'upn', 'name'];

function principalTypeOf(
  method: string | null,
  meta: unknown,
  subject: string | null,
  oidcCallback: boolean,
): PrincipalType {
  const m = isObj(meta) ? meta : {};
  switch (method) {
    // A pod's service-account token, a Nomad allocation's workload identity, a VM's managed identity: workloads.
    case 'kubernetes':
    case 'nomad':
    case 'azure':
      return 'workload';
    case 'approle':
      return 'app';
    case 'cert':
      return 'workload';
    case 'aws': {
      // A role (instance profile, Lambda, ECS task) is a workload; IAM Identity Center roles and IAM users are people.
      const arn = str(key(m, 'canonical_arn')) ?? str(key(m, 'client_arn')) ?? '';
      if (arn.includes(':user/')) return 'user';
      if (
        /:role\/(aws-reserved\/sso\.amazonaws\.com\/)?AWSReservedSSO_/.test(arn) ||
        /assumed-role\/AWSReservedSSO_/.test(arn)
      )
        return 'user';
      return 'workload';
    }
    case 'gcp':
      return key(m, 'service_account_email') !== undefined && key(m, 'instance_name') === undefined
        ? 'service_account'
        : 'workload';
    case 'jwt':
    case 'oidc': {
      if (ciOf(m) || (subject && WORKLOAD_SUBJECT.test(subject))) return 'workload';
      if (oidcCallback || method === 'oidc' || HUMAN_CLAIMS.some((k) => key(m, k) !== undefined)) return 'user';
      return 'unknown';
    }
    default:
      if (method && HUMAN_METHODS.has(method)) return 'user';
      if (subject && WORKLOAD_SUBJECT.test(subject)) return 'workload';
      if (key(m, 'email') !== undefined) return 'user';
      return 'unknown';
  }
}

/**
 * auth.metadata as facts: the role the login used, the federated subject and its provider, CI run claims, the cloud
 * identity, the host. `login` says the event is the login itself (the federation is stated there only).
 */
function metadataFacts(
  meta: unknown,
  facts: Facts,
  login: { display: string | null; mountPoint: string | null } | null,
): void {
  if (!isObj(meta)) return;
  const role = str(key(meta, 'role')) ?? str(key(meta, 'role_name'));
  if (role) facts[FACT.authRole] = role;
  const ci = ciOf(meta);
  // The federated identity is stated where the login happens; later requests of the token only repeat it.
  if (login) {
    const saName = str(key(meta, 'service_account_name'));
    const saNs = str(key(meta, 'service_account_namespace'));
    const subject =
      saName && saNs ? `system:serviceaccount:${saNs}:${saName}` : subjectOf(meta, login.display, login.mountPoint);
    if (subject) {
      facts[FACT.federatedSubject] = subject;
      // The issuer when a claim mapping kept it; else GitHub Actions' own issuer when the subject or the claims are
      // GitHub Actions' (GitHub Enterprise Server tokens need `iss` mapped to be told apart). Kubernetes auth and
      // other issuers are not logged: no provider is claimed for them.
      const iss = str(key(meta, 'iss')) ?? str(key(meta, 'issuer'));
      if (iss) facts[FACT.identityProvider] = iss.replace(/^https:\/\//, '').replace(/\/$/, '');
      else if (subject.startsWith('repo:') || ci?.github)
        facts[FACT.identityProvider] = 'token.actions.githubusercontent.com';
    }
  }
  if (ci) {
    if (ci.repository) facts[FACT.ciRepository] = ci.repository;
    if (ci.runId) facts[FACT.ciRunId] = ci.runId;
    if (ci.workflow) facts[FACT.ciWorkflow] = ci.workflow;
    if (ci.ref) facts[FACT.ciRef] = ci.ref;
    // Who started the run (GitHub `actor`, GitLab `user_login`), carried along as Teleport's bot.join does.
    if (ci.actor) facts[FACT.sourceIdentity] = ci.actor;
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

/**
 * Who made a login, in the system whose credential it presented (docs/derivation.md, "Credential exchanges"): the
 * AWS principal an IAM-method login proved (`client_arn`, the assumed-role session; `canonical_arn`, the role), the
 * AppRole secret id and role id it presented (as the audit device wrote them). Kubernetes and JWT logins state
 * theirs already: the service account (`federated_subject`) and the CI run (`ci_run_id`).
 */
function callerFacts(method: string | null, meta: unknown, req: Obj, facts: Facts): void {
  const callers: string[] = [];
  if (method === 'aws') {
    for (const k of ['client_arn', 'canonical_arn']) {
      const arn = str(key(meta, k));
      if (arn?.startsWith('arn:')) callers.push(`aws|${arn}`);
    }
    if (callers.length > 0) facts[FACT.callerPrincipal] = [...new Set(callers)].join('\n');
  } else if (method === 'approle') {
    const data = key(req, 'data');
    for (const k of ['secret_id', 'role_id']) {
      const v = str(key(data, k));
      if (v) callers.push(`${format.id}|${v}`);
    }
    if (callers.length > 0) facts[FACT.callerKey] = callers.join('\n');
  }
}

const HMAC_VALUE = /^hmac-sha256:/;

/** A response value the audit device wrote in clear (a mount tuned with audit_non_hmac_response_keys), else null. */
function clear(v: unknown): string | null {
  const s = str(v);
  return s && !HMAC_VALUE.test(s) ? s : null;
}

/** Secrets-engine paths (relative to the mount) whose response mints a new credential, by engine type. */
const MINTING: Record<string, RegExp> = {
  database: /^creds\/[^/]+$/,
  aws: /^(creds|sts)\/[^/]+$/,
  gcp: /^(token|key)\/[^/]+$|^(roleset|static-account|impersonated-account)\/[^/]+\/(token|key)$/,
  azure: /^creds\/[^/]+$/,
  ssh: /^(sign|creds|issue)\/[^/]+$/,
  pki: /^(issuer\/[^/]+\/)?(issue\/[^/]+|sign\/[^/]+|sign-verbatim(\/[^/]+)?)$/,
  kubernetes: /^creds\/[^/]+$/,
  // Auth methods: an AppRole secret id (and the role id that goes with it), handed to the workload that logs in.
  approle: /^role\/[^/]+\/(secret-id|custom-secret-id|role-id)$/,
};
const AWS_KEY_ID = /^(AKIA|ASIA)[A-Z0-9]{12,}$/;

/**
 * The credential a secrets-engine response minted: `issued_key` lines (what later logs name in clear — the database
 * username, the AWS access key id, the certificate serial — first, then the Vault lease), `issued_to` (what it acts
 * as, in the naming system of the log that will show it) and `login` (the account it logs in as). HMAC'd values are
 * never stated: they stay in raw as written.
 */
function mintedFacts(req: Obj, response: unknown, facts: Facts, display: string | null): void {
  const path = str(key(req, 'path')) ?? '';
  const mountPoint = str(key(req, 'mount_point')) ?? str(key(response, 'mount_point'));
  const rel =
    mountPoint && path.startsWith(mountPoint)
      ? path.slice(mountPoint.length)
      : path.startsWith('auth/')
        ? path.split('/').slice(2).join('/')
        : path.slice(path.indexOf('/') + 1);
  const engine = str(key(req, 'mount_type')) ?? str(key(response, 'mount_type')) ?? path.split('/')[0];
  const rule = MINTING[engine];
  if (!rule || !rule.test(rel)) return;
  const data = key(response, 'data');
  const lease = clear(get(response, 'secret', 'lease_id'));
  const keys: string[] = [];
  const to: string[] = [];
  switch (engine) {
    case 'database': {
      const user = clear(key(data, 'username'));
      if (user) {
        keys.push(user);
        // The plugin is not logged; Postgres is the database log SessionScope reads, whose principals are `pg|<user>`.
        to.push(`pg|${user}`);
        facts[FACT.login] = user;
      } else if (display) {
        // The name is HMAC'd (the default): the engines' default username templates still give its beginning.
        facts[FACT.issuedLoginPrefix] = dbUsernamePrefixes(display, rel.slice(rel.indexOf('/') + 1)).join('\n');
      }
      break;
    }
    case 'approle': {
      // HMAC'd like every response value, and HMAC'd the same way in the login request that presents it: the login's
      // caller_key names the same string.
      const id = str(key(data, rel.endsWith('/role-id') ? 'role_id' : 'secret_id'));
      if (id) keys.push(id);
      break;
    }
    case 'aws': {
      const ak = clear(key(data, 'access_key'));
      if (ak && AWS_KEY_ID.test(ak)) keys.push(ak);
      const arn = clear(key(data, 'arn'));
      if (arn && arn.startsWith('arn:')) to.push(`aws|${arn}`);
      break;
    }
    case 'azure': {
      const client = clear(key(data, 'client_id'));
      if (client) to.push(`entra-app|${client.toLowerCase()}`);
      break;
    }
    case 'kubernetes': {
      const sa = clear(key(data, 'service_account_name'));
      const ns = clear(key(data, 'service_account_namespace'));
      if (sa && ns) to.push(`k8s|system:serviceaccount:${ns}:${sa}`);
      break;
    }
    case 'ssh':
    case 'pki': {
      const serial = clear(key(data, 'serial_number'));
      if (serial) keys.push(serial);
      const user = engine === 'ssh' ? clear(key(data, 'username')) : null;
      if (user) facts[FACT.login] = user;
      break;
    }
  }
  if (lease) keys.push(lease);
  if (keys.length > 0) facts[FACT.issuedKey] = [...new Set(keys)].join('\n');
  if (to.length > 0) facts[FACT.issuedTo] = to.join('\n');
}

/**
 * Token and lease revocations (credential lifecycle): the accessor or lease they name, where the audit device
 * logs it in clear (request data is HMAC'd by default; `revoke-self` names the caller's own token).
 */
function revokedFacts(path: string, req: unknown, auth: unknown, facts: Facts): void {
  const data = key(req, 'data');
  let k: string | null = null;
  if (/^auth\/token\/revoke-self$/.test(path)) k = clear(key(auth, 'accessor'));
  else if (/^auth\/token\/revoke-accessor(\/|$)/.test(path))
    k = clear(key(data, 'accessor')) ?? (path.split('/')[3] ? clear(path.split('/')[3]) : null);
  else if (/^sys\/leases\/revoke(\/|$)|^sys\/revoke(\/|$)/.test(path))
    k = clear(key(data, 'lease_id')) ?? /^sys\/(leases\/)?revoke\/(.+)$/.exec(path)?.[2] ?? null;
  if (k) facts[FACT.revokedKey] = k;
}

/**
 * The beginnings the database secrets engine's default username templates give a generated user, from the
 * requesting token's display name and the role: `v-<display>-<role>-` truncated to 8 characters each (PostgreSQL,
 * Redshift, Snowflake), 10 (MySQL), 15 (MongoDB, `.` → `-`), 20 (SQL Server), and Oracle's upper-cased `V_…_`.
 * Each is followed by 20 random characters and the Unix time of the request (MySQL's has no time: not matched).
 */
export function dbUsernamePrefixes(display: string, role: string): string[] {
  const out = new Set<string>();
  for (const n of [8, 10, 15, 20]) {
    const v = `v-${display.slice(0, n)}-${role.slice(0, n)}-`;
    out.add(v);
    if (n === 15) out.add(v.replace(/\./g, '-'));
  }
  out.add(`v_${display.slice(0, 8)}_${role.slice(0, 8)}_`.replace(/[-.]/g, '_'));
  return [...out];
}

function cleanError(e: string): string {
  const s = e
    .replace(ERROR_PREFIX, '')
    .replace(/\n\t\* /g, '; ')
    .replace(/^\* /, '')
    .trim();
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
    case 'read':
    case 'list':
      return 'read';
    case 'create':
    case 'update':
    case 'patch':
      return 'write';
    case 'delete':
    case 'revoke':
      return 'delete';
    default:
      return 'other';
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
    category = ops.length === 1 ? (KMIP_CATEGORY[ops[0]] ?? 'other') : 'other';
    if (respMsg.status === null) outcome = errorRaw ? 'failure' : response ? 'success' : 'unknown';
    else outcome = respMsg.status === 0 ? 'success' : respMsg.status === 2 ? 'unknown' : 'failure';
    if (outcome === 'failure') {
      errorCode =
        (respMsg.reason !== null ? KMIP_REASONS[respMsg.reason] : null) ??
        (respMsg.status !== null ? (KMIP_RESULT[respMsg.status] ?? String(respMsg.status)) : null) ??
        (errorRaw ? cleanError(errorRaw) : null);
    }
    if (serial) detail.push(`client certificate ${serial}`);
    kmipObject = reqMsg.object ?? respMsg.object;
  } else {
    action = mount ? `${mount}:${operation ?? 'request'}` : (operation ?? 'request');
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
  const mountPoint = str(key(req, 'mount_point')) ?? str(key(response, 'mount_point'));
  // On a login the request's mount is the auth method; the login's mount path prefixes the token's display name.
  const loginMountPoint = login ? (mountPoint ?? `auth/${path.split('/')[1]}/`) : null;
  const method = kmip ? null : methodOf(display, meta, login ? mount : null);
  // Later requests of the token carry its metadata and display name too: the same subject, for the same principal type.
  const subject = kmip ? null : subjectOf(meta, display, loginMountPoint);

  const facts: Facts = {};
  metadataFacts(meta, facts, login ? { display, mountPoint: loginMountPoint } : null);
  if (login && method) facts[FACT.credentialType] = method;
  if (entity)
    facts[FACT.alias] = facts[FACT.alias] ? `${facts[FACT.alias]}\nvault-entity|${entity}` : `vault-entity|${entity}`;
  const id = str(key(req, 'id'));
  if (id) facts[FACT.correlation] = id;
  if (category === 'logging') facts[FACT.logTamper] = `${operation ?? '?'} ${path}`;
  if (!kmip && outcome === 'success' && isObj(response) && !isObj(respAuth)) mintedFacts(req, response, facts, display);
  if (login) callerFacts(method, meta, req, facts);
  if (isObj(respAuth)) {
    // The token this request created (a login, auth/token/create, a role's token): its accessor keys that token's
    // session.
    const issued = str(key(respAuth, 'accessor'));
    if (issued && outcome === 'success') {
      facts[FACT.issuedKey] = issued;
      // The token lives lease_duration seconds from now (0: a root or periodic token with no expiry stated).
      const ttl = Number(key(respAuth, 'lease_duration'));
      if (Number.isFinite(ttl) && ttl > 0)
        facts[FACT.issuedExpires] = new Date(Math.floor(ts / 1000) + ttl * 1000).toISOString();
      const to = str(key(respAuth, 'display_name')) ?? str(key(respAuth, 'entity_id'));
      if (to) facts[FACT.issuedTo] = to;
    }
    const policies = key(respAuth, 'policies');
    if (Array.isArray(policies) && policies.length > 0) detail.push(`token policies ${policies.map(String).join(',')}`);
  } else {
    const policies = key(auth, 'policies');
    if (Array.isArray(policies) && policies.length > 0) detail.push(`policies ${policies.map(String).join(',')}`);
  }
  if (!kmip && outcome === 'success') revokedFacts(path, req, auth, facts);
  if (errorCode) detail.push(errorCode);
  const headers = key(req, 'headers');
  const ua = key(headers, 'user-agent');

  return {
    ts,
    principal,
    principalType: kmip ? 'workload' : principalTypeOf(method, meta, subject, /\/oidc\/callback$/.test(path)),
    // Without an accessor (a request denied before the token was resolved) the HMAC of the token names it.
    sessionKey: login
      ? null
      : (str(key(auth, 'accessor')) ??
        str(key(req, 'client_token_accessor')) ??
        str(key(auth, 'client_token')) ??
        str(key(req, 'client_token')) ??
        serial),
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

export const importer: Importer = {
  id: format.id,
  version: '3',
  title: format.title,
  input: 'json',
  detect,
  createParser(): RecordParser {
    const pending = new PendingMap<Entry>(MAX_PENDING, (e) => e.rec.bytes.length);
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
        if (!type || !TYPES.has(type))
          return sink.reject(
            rec,
            `not a Vault audit entry (type ${type ? JSON.stringify(type.slice(0, 40)) : 'missing'})`,
          );
        if (!isObj(key(v, 'request'))) return sink.reject(rec, 'no request object: not a Vault audit entry');
        const entry: Entry = { rec, v, type };
        const pk = pairKey(v, type);
        if (!pk) return emit(sink, [entry]);
        if (type === 'request' || type === 'kmip-request') {
          const held = pending.take(pk);
          if (held) emit(sink, [held]); // the same id twice: the first request never got its response
          detach(rec);
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
