// Credentials that appear in evidence as data — in request or response parameters, command lines, SQL text, an
// agent's tool arguments and results, the names of objects read. One regular expression with an alternative per
// kind runs over the text; each match is then judged in its context (the JSON key or assignment name before it):
// a key id under a field that names the credential a log is about (`userIdentity.accessKeyId`) is the log doing
// its job, not an exposure; a value under `password`, `client_secret`, `api_key`… is a secret only when it looks
// like one (long, varied, no placeholder).
import { createHash } from 'node:crypto';

export type SecretKind =
  | 'aws_access_key_id'
  | 'aws_secret_access_key'
  | 'github_token'
  | 'slack_token'
  | 'slack_webhook'
  | 'gcp_service_account_key'
  | 'private_key'
  | 'jwt'
  | 'vault_token'
  | 'generic_secret';

export interface SecretHit {
  kind: SecretKind;
  /** SHA-256 hex of the secret (of the id itself for a bare key id). */
  fingerprint: string;
  /** What logs name the credential by when the secret says: an AWS key id, a GCP key id, a JWT's jti. */
  keyId: string | null;
  /** A masked form safe to print. */
  shown: string;
  /** The JSON key or assignment name before the value, or 'text'. */
  field: string;
}

/** Bumped when detection changes: evidence scanned by an older version is scanned again. */
export const DETECT_VERSION = 1;

// Credentials recognisable by their own shape; the named group that matched says which.
const PATTERN = new RegExp(
  [
    String.raw`\b(?<akid>(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16})\b`,
    String.raw`\b(?<gh>gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{22,255})\b`,
    String.raw`\b(?<slack>xox[abposre]-[A-Za-z0-9-]{10,250}|xapp-\d-[A-Za-z0-9-]{10,250})\b`,
    String.raw`(?<hook>https://hooks\.slack\.com/services/T[A-Z0-9]+/B[A-Z0-9]+/[A-Za-z0-9]{16,})`,
    String.raw`(?<pem>-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----)`,
    String.raw`\b(?<jwt>eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{0,2048})`,
    String.raw`\b(?<vault>hv[sbr]\.[A-Za-z0-9_-]{24,})`,
    // SQL: ALTER ROLE x PASSWORD '…', CREATE USER x IDENTIFIED BY '…'
    String.raw`\b(?:PASSWORD|[Pp]assword|IDENTIFIED BY|identified by)\s+'(?<sql>[^']{8,512})'`,
  ].join('|'),
  'g',
);

/** Words that make a field name say "secret": found first, then the name around them and the value after it. */
const SECRET_WORD =
  /[Ss]ecret|SECRET|[Pp]ass(?:word|wd|phrase)|PASS(?:WORD|WD|PHRASE)|[Pp]wd|PWD|[Tt]oken|TOKEN|[Aa]pi_?[Kk]ey|API_?KEY|[Aa]pikey|APIKEY|[Pp]rivate_?[Kk]ey|PRIVATE_?KEY|[Cc]redentials?|CREDENTIALS?/g;
const NAME_CHAR = /[A-Za-z0-9_.-]/;
const VALUE_CHARS = /^[^\s"'&,;<>]{8,512}/;

/** Cheap test before the full pattern: does the text hold anything an alternative starts with? */
export const TRIGGER =
  /AKIA|ASIA|ABIA|ACCA|gh[pousr]_|github_pat_|xox[abposre]-|xapp-|hooks\.slack\.com|PRIVATE KEY|eyJ|hv[sbr]\.|[Ss]ecret|SECRET|[Pp]ass(?:w|p)|PASS[WP]|[Pp]wd|PWD|[Tt]oken|TOKEN|[Aa]pi_?[Kk]ey|API_?KEY|[Aa]pikey|APIKEY|[Pp]rivate_?[Kk]ey|PRIVATE_?KEY|[Cc]redential|CREDENTIAL|IDENTIFIED BY|identified by/;

const AWS_SECRET_NAME = /^(aws_?)?secret_?access_?key$/i;

/** Field names that name the credential a record is about (the log doing its job), for bare key ids. */
const ID_FIELDS =
  /^(access_?key_?id|accesskeyid|key_?id|credential[_-]?id|client_token_accessor|accessor|token_id|keyid|principal_?id)$/i;
/** Tokens that are not credentials: pagination, idempotency, state and request tokens, token identifiers. */
const NOT_CREDENTIAL_TOKEN =
  /(?:^|[_.-])(?:next|page|pagination|continuation|state|client|idempotency|request|csrf|xsrf|sync|resume|marker|unique|cancel|change|refresh_?token_?id)[_-]?token|identifier$/i;
/** Fields whose value is the caller's own credential as the log states it, never data. */
const OWN_FIELDS = /^(client_token|client_token_accessor|accessor|hashed_token)$/i;
/** Names that contain a secret word but hold no secret: ids, types, names, hashes, times, counts, paths. */
const NOT_SECRET_NAME =
  /(?:^|[_.-])(?:id|ids|type|types|name|names|hash|hashed|count|expir\w*|ttl|length|len|format|policy|policies|path|url|uri|endpoint|time|date|at|version|status|mode|scope|scopes|issuer|audience|kind|role|roles|method|provider|source|header|prefix|suffix|fingerprint|accessor|lease\w*|period|duration|renewable|display\w*|ref|label|arn|store|vault|file|location|enabled|required|use\w*)$|(?:Id|Ids|Type|Name|Hash|Count|Expir\w*|Ttl|Length|Format|Policy|Path|Url|Uri|Time|Date|At|Version|Status|Mode|Scope|Issuer|Kind|Role|Method|Provider|Source|Header|Prefix|Fingerprint|Accessor|Duration|Arn|File|Location|Enabled|Required)$/;
const PLACEHOLDER =
  /^(?:\*+|x{3,}|X{3,}|<[^>]*>|\$\{[^}]*\}|\$[A-Z_]+|\{\{[^}]*\}\}|%[a-z]|\[?redacted\]?|hmac-sha\d+:.*|sha\d+:.*|null|none|nil|undefined|true|false|changeme|change_me|password|secret|example\w*|dummy\w*|test\w*|placeholder\w*)$/i;

function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

function mask(s: string, keep = 4): string {
  const prefix = /^(gh[pousr]_|github_pat_|xox[abposre]-|xapp-|hv[sbr]\.)/.exec(s)?.[1] ?? '';
  if (s.length <= prefix.length + keep * 2) return `${prefix}…`;
  return `${prefix || s.slice(0, Math.min(3, keep))}…${s.slice(-keep)}`;
}

/** Shannon entropy in bits per character. */
export function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** A value that looks like a secret, not a word, a path, an ARN, an address or a placeholder. */
export function looksSecret(v: string): boolean {
  if (v.length < 12 || v.length > 512 || PLACEHOLDER.test(v) || /REDACTED|\*{3}/i.test(v)) return false;
  if (/^(arn:|https?:|s3:|gs:|file:|\/|[a-z]+:\/\/)/i.test(v) || /@[\w-]+\.[\w.]+$/.test(v)) return false;
  if (/^\d+(\.\d+)*$/.test(v) || /^\d{4}-\d{2}-\d{2}/.test(v)) return false;
  // A UUID under a secret-sounding name is an identifier (a token's id, a pod uid).
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v)) return false;
  const classes =
    (/[a-z]/.test(v) ? 1 : 0) +
    (/[A-Z]/.test(v) ? 1 : 0) +
    (/[0-9]/.test(v) ? 1 : 0) +
    (/[^A-Za-z0-9]/.test(v) ? 1 : 0);
  if (classes < 2) return false;
  // Words and sentences with separators are prose, not keys.
  if (/^[A-Za-z]+([ _-][A-Za-z]+)+$/.test(v)) return false;
  return entropy(v) >= 3.2;
}

/** The JSON key or `name=` immediately before `at` in `text`, if any. */
function fieldBefore(text: string, at: number): string | null {
  const head = text.slice(Math.max(0, at - 120), at);
  const json = /"([^"\\]{1,100})"\s*:\s*\[?\s*"?$/.exec(head);
  if (json) return json[1];
  const assign = /([A-Za-z0-9_.-]{1,100})\s*[=:]\s*["']?$/.exec(head);
  return assign ? assign[1] : null;
}

function lastSegment(field: string): string {
  const parts = field.split(/[./]/);
  return parts[parts.length - 1];
}

/** The payload of a JWT, when its header is a JWT header. */
function jwtClaims(token: string): Record<string, unknown> | null {
  const [h, p] = token.split('.');
  try {
    const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (typeof header.alg !== 'string') return null;
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as unknown;
    return payload && typeof payload === 'object' ? (payload as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export interface DetectContext {
  /** Keys the record states as its own credential or as the subject of a lifecycle event: never exposures. */
  stated: Set<string>;
}

/** Every credential in `text` (a raw record, a command line, SQL), judged in context. */
export function detectSecrets(text: string, ctx: DetectContext, where = 'text'): SecretHit[] {
  if (!TRIGGER.test(text)) return [];
  const out: SecretHit[] = [];
  const seen = new Set<string>();
  const push = (h: SecretHit) => {
    const k = `${h.fingerprint}|${h.field}`;
    if (seen.has(k)) return;
    seen.add(k);
    out.push(h);
  };
  PATTERN.lastIndex = 0;
  for (let m = PATTERN.exec(text); m; m = PATTERN.exec(text)) {
    const g = m.groups!;
    const at = m.index;
    const field = fieldBefore(text, at) ?? where;
    const seg = lastSegment(field);
    if (g.akid !== undefined) {
      const id = g.akid;
      if (ctx.stated.has(id)) continue;
      // A bare key id under the field that names it: the record is about that key.
      const bare = text[at - 1] === '"' && text[at + id.length] === '"';
      if (bare && (ID_FIELDS.test(seg) || OWN_FIELDS.test(seg))) continue;
      push({ kind: 'aws_access_key_id', fingerprint: sha256(id), keyId: id, shown: id, field });
    } else if (g.gh !== undefined) {
      if (ctx.stated.has(g.gh) || OWN_FIELDS.test(seg)) continue;
      push({ kind: 'github_token', fingerprint: sha256(g.gh), keyId: null, shown: mask(g.gh), field });
    } else if (g.slack !== undefined) {
      push({ kind: 'slack_token', fingerprint: sha256(g.slack), keyId: null, shown: mask(g.slack), field });
    } else if (g.hook !== undefined) {
      push({
        kind: 'slack_webhook',
        fingerprint: sha256(g.hook),
        keyId: null,
        shown: `${g.hook.slice(0, 40)}…`,
        field,
      });
    } else if (g.pem !== undefined) {
      // The key material up to its END line (escaped newlines in JSON included), whitespace ignored.
      const rest = text.slice(at, at + 16384);
      const end = /-----END [A-Z ]*PRIVATE KEY(?: BLOCK)?-----/.exec(rest);
      const body = (end ? rest.slice(0, end.index + end[0].length) : rest.slice(0, 4096)).replace(/\\n|\\r|\s/g, '');
      // A Google service-account key file names its key id beside the key.
      const around = text.slice(Math.max(0, at - 3000), at + 5000);
      const gcp = /\\?"private_key_id\\?"\s*:\s*\\?"([0-9a-f]{40})\\?"/.exec(around);
      const sa = /\\?"client_email\\?"\s*:\s*\\?"([^"\\]+\.iam\.gserviceaccount\.com)\\?"/.exec(around);
      if (gcp)
        push({
          kind: 'gcp_service_account_key',
          fingerprint: sha256(body),
          keyId: gcp[1],
          shown: `service-account key ${gcp[1]}${sa ? ` (${sa[1]})` : ''}`,
          field,
        });
      else
        push({
          kind: 'private_key',
          fingerprint: sha256(body),
          keyId: null,
          shown: `${g.pem} sha256:${sha256(body).slice(0, 12)}`,
          field,
        });
      // Skip past the key: its base64 body holds nothing else to find.
      if (end) PATTERN.lastIndex = Math.max(PATTERN.lastIndex, at + end.index + end[0].length);
    } else if (g.jwt !== undefined) {
      const claims = jwtClaims(g.jwt);
      if (!claims || ctx.stated.has(g.jwt) || OWN_FIELDS.test(seg)) continue;
      const jti = typeof claims.jti === 'string' ? claims.jti : null;
      const iss = typeof claims.iss === 'string' ? claims.iss : null;
      const sub = typeof claims.sub === 'string' ? claims.sub : null;
      const described = [iss && `iss=${iss}`, sub && `sub=${sub}`, jti && `jti=${jti}`].filter(Boolean).join(' ');
      push({
        kind: 'jwt',
        fingerprint: sha256(g.jwt),
        keyId: jti,
        shown: `JWT ${described || mask(g.jwt)}`.slice(0, 200),
        field,
      });
    } else if (g.vault !== undefined) {
      if (ctx.stated.has(g.vault) || OWN_FIELDS.test(seg)) continue;
      push({ kind: 'vault_token', fingerprint: sha256(g.vault), keyId: null, shown: mask(g.vault), field });
    } else if (g.sql !== undefined) {
      const value = g.sql;
      if (ctx.stated.has(value) || !looksSecret(value)) continue;
      push({
        kind: 'generic_secret',
        fingerprint: sha256(value),
        keyId: null,
        shown: `password '${mask(value)}'`,
        field: 'sql password',
      });
    }
  }
  // Values under names that say secret: "client_secret": "…", --password=…, AWS_SECRET_ACCESS_KEY=…, set token …
  SECRET_WORD.lastIndex = 0;
  for (let m = SECRET_WORD.exec(text); m; m = SECRET_WORD.exec(text)) {
    let s0 = m.index;
    let e0 = m.index + m[0].length;
    while (s0 > 0 && NAME_CHAR.test(text[s0 - 1])) s0--;
    while (e0 < text.length && NAME_CHAR.test(text[e0])) e0++;
    SECRET_WORD.lastIndex = e0;
    const name = text.slice(s0, e0);
    let i = e0;
    let value: string | null;
    if (text[s0 - 1] === '"' && text[e0] === '"') {
      // JSON: "name": "value"
      i++;
      while (text[i] === ' ') i++;
      if (text[i] !== ':') continue;
      i++;
      while (text[i] === ' ') i++;
      if (text[i] !== '"') continue;
      const end = text.indexOf('"', i + 1);
      if (end < 0 || end - i - 1 > 512 || text.slice(i + 1, end).includes('\\')) continue;
      value = text.slice(i + 1, end);
    } else {
      const before = text.slice(Math.max(0, s0 - 4), s0);
      const flag = before.endsWith('--') || /\bset\s$/.test(before);
      while (text[i] === ' ') i++;
      if (text[i] === '=' || (text[i] === ':' && text[i + 1] === ' ')) i++;
      else if (!(flag && i > e0)) continue;
      while (text[i] === ' ') i++;
      if (text[i] === '"' || text[i] === "'") i++;
      value = VALUE_CHARS.exec(text.slice(i, i + 513))?.[0] ?? null;
    }
    if (value === null || value.length < 8) continue;
    const last = lastSegment(name);
    // A value a shape above recognises was reported by it.
    if (/^(AKIA|ASIA|ABIA|ACCA|gh[pousr]_|github_pat_|xox|xapp-|hv[sbr]\.|eyJ|-----BEGIN)/.test(value)) continue;
    if (NOT_SECRET_NAME.test(last) || NOT_CREDENTIAL_TOKEN.test(last) || OWN_FIELDS.test(last)) continue;
    if (ctx.stated.has(value) || !looksSecret(value)) continue;
    if (AWS_SECRET_NAME.test(last) && /^[A-Za-z0-9/+]{40}$/.test(value)) {
      // Its key id usually travels with it (a credentials file, an environment dump).
      const near = text.slice(Math.max(0, s0 - 400), s0 + 400);
      const id = /\b((?:AKIA|ASIA)[A-Z0-9]{16})\b/.exec(near)?.[1] ?? null;
      push({
        kind: 'aws_secret_access_key',
        fingerprint: sha256(value),
        keyId: id,
        shown: `${id ? `${id} ` : ''}secret ${mask(value)}`,
        field: name,
      });
      continue;
    }
    push({
      kind: 'generic_secret',
      fingerprint: sha256(value),
      keyId: null,
      shown: `${last}=${mask(value)}`,
      field: name,
    });
  }
  return out;
}
