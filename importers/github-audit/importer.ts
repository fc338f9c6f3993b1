// GitHub audit log: the organization / enterprise "Export" (JSON array or JSON lines), the audit-log streaming
// format (S3 / Splunk / Event Hubs / Datadog: one JSON object per line), REST API pages, and rule-test exports that
// rename `@timestamp` to `at_sign_timestamp`. Field notes: shared/corpus/FIELDS.md §8.
//
// Non-human actors: `[bot]` logins and `actor_is_bot` (GitHub Apps' bot users, github-actions[bot]); tokens from
// `programmatic_access_type` (PATs, OAuth tokens, GitHub App installation tokens, deploy keys). The token's
// `hashed_token` / `token_id` is the session key, except on events about a credential (a token created, revoked or
// regenerated, access granted or revoked; a deploy key or SSH key added, an app's secret reset…): there the token
// fields can name the credential acted on, which becomes the resource; the session key is only a token the actor
// authenticated with, which GitHub states with `programmatic_access_type` (+ `hashed_token`). Actions workflow events
// carry the repository, run id and branch that appear again as the OIDC subject `repo:ORG/REPO:ref:…` in cloud logs
// (AssumeRoleWithWebIdentity) and in Teleport bot.join claims; they are stated as ci_* facts.
import type { Category, Facts, NormalizedEvent, Outcome, PrincipalType } from '../../core/model/event.js';
import { FACT } from '../../core/model/facts.js';
import type { Importer, Sample } from '../types.js';
import { format } from './format.js';
import { perObjectParser } from '../util/per-object.js';
import { isObj, str, type Obj } from '../util/fields.js';
import { ipOrNull } from '../util/net.js';
import { categorize } from '../util/category.js';
import { nameSaysFailure } from '../util/outcome.js';
import { epochToMicros, parseIsoMicros } from '../../core/model/time.js';

const ACTION_RE = /^[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+$/;
const BARE_ACTION_RE = /^[a-z][a-z0-9_]*$/;
/** Rule-test exports write "2024-12-17 00:00:00000000": seconds run straight into the fraction. */
const RUN_ON_FRACTION = /^(\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2})(\d{1,9})$/;

const GITHUB_KEYS = [
  'actor',
  'actor_id',
  'org',
  'org_id',
  'repo',
  'repository',
  'business',
  '_document_id',
  'actor_location',
  'programmatic_access_type',
  'hashed_token',
  'token_id',
  'created_at',
  'at_sign_timestamp',
  'user_agent',
  'operation_type',
];

function looksLikeGitHub(v: unknown): number {
  if (!isObj(v)) return 0;
  const action = v.action;
  if (typeof action !== 'string') return 0;
  // Other families that carry an `action` string have their own markers; never claim them.
  if (
    v.eventName !== undefined ||
    v.eventType !== undefined ||
    v.protoPayload !== undefined ||
    (v.event !== undefined && v.code !== undefined)
  )
    return 0;
  if (v.actor !== undefined && typeof v.actor !== 'string') return 0;
  const dotted = ACTION_RE.test(action);
  if (!dotted && !BARE_ACTION_RE.test(action)) return 0;
  let hits = 0;
  for (const k of GITHUB_KEYS) if (v[k] !== undefined) hits++;
  if (hits === 0) return dotted ? 0.15 : 0;
  let score = dotted ? 0.55 : 0.35;
  if (typeof v.actor === 'string') score += 0.15;
  if (v['@timestamp'] !== undefined || v.created_at !== undefined || v.at_sign_timestamp !== undefined) score += 0.1;
  if (
    v._document_id !== undefined ||
    v.actor_location !== undefined ||
    v.programmatic_access_type !== undefined ||
    v.actor_is_bot !== undefined ||
    v.org !== undefined ||
    v.repo !== undefined ||
    v.business !== undefined
  )
    score += 0.15;
  return Math.min(score, 0.95);
}

function detect(sample: Sample): number {
  if (sample.values.length === 0) return 0;
  let sum = 0,
    n = 0;
  for (const v of sample.values) {
    const s = looksLikeGitHub(v);
    if (s > 0) {
      sum += s;
      n++;
    }
  }
  return n === 0 ? 0 : (sum / n) * (n / sample.values.length);
}

function timeOf(v: unknown): number | null {
  if (typeof v === 'number') return epochToMicros(v);
  if (typeof v !== 'string' || v === '') return null;
  if (v.length <= 16 && /^\d+(?:\.\d+)?$/.test(v)) return epochToMicros(Number(v));
  const us = parseIsoMicros(v);
  if (us !== null) return us;
  const m = RUN_ON_FRACTION.exec(v);
  return m ? parseIsoMicros(`${m[1]}.${m[2]}`) : null;
}

/** When the action happened: created_at first (the stream's @timestamp can be the delivery time), then @timestamp. */
function eventTime(v: Obj): number | null {
  return timeOf(v.created_at) ?? timeOf(v['@timestamp']) ?? timeOf(v.at_sign_timestamp) ?? timeOf(v.timestamp);
}

const APP_TOKENS = /github app|github_app|integration|oauth/i;
const KEY_TOKENS = /personal[_ ]access[_ ]token|deploy[_ ]key|^pat$|fine[_-]grained/i;

function principalType(action: string, v: Obj, actor: string | null): PrincipalType {
  if (v.actor_is_agent === true) return 'agent';
  if (v.actor_is_bot === true || (actor !== null && actor.endsWith('[bot]'))) return 'bot';
  // A run's events name who started it; the run itself is not that account at work (interactive or not).
  if (action.startsWith('workflows.') && !str(v.programmatic_access_type)) return 'unknown';
  const pat = actorUsedToken(action, v) ? str(v.programmatic_access_type) : null;
  if (pat) {
    if (KEY_TOKENS.test(pat)) return 'access_key';
    if (APP_TOKENS.test(pat)) return 'app';
    return 'access_key';
  }
  return actor ? 'user' : 'unknown';
}

const LOGGING_PREFIXES = ['audit_log_streaming.', 'business.audit_log_streaming', 'org.audit_log_streaming'];
const CONFIG_PREFIXES = [
  'secret_scanning',
  'repository_secret_scanning',
  'dependabot_',
  'protected_branch.',
  'repository_ruleset.',
  'ip_allow_list',
  'business_advanced_security.',
  'enterprise.config.',
  'org.saml',
  'org.update_saml',
  'org.enable_',
  'org.disable_',
  'org.set_',
  'business.set_',
  'repo.access',
  'repo.update',
  'repository_vulnerability_alert.',
  'hook.',
  'org.oauth_app',
];
const PRIVILEGE_PREFIXES = [
  'org.add_member',
  'org.remove_member',
  'org.update_member',
  'org.invite',
  'team.',
  'business.add_admin',
  'business.invite_admin',
  'business.remove_admin',
  'repo.add_member',
  'repo.remove_member',
  'repo.update_member',
  'organization_moderators.',
  'org.add_billing_manager',
  'role.',
  'org.transfer',
  'repo.transfer',
  'org_credential_authorization.',
];
const CREDENTIAL_PREFIXES = [
  'public_key.',
  'personal_access_token.',
  'oauth_authorization.',
  'oauth_access.',
  'deploy_key.',
  'integration_installation.',
  'org_credential_authorization.grant',
  'repository_secret.',
  'org_secret.',
  'environment_secret.',
  'codespaces.secret',
  'actions_secret.',
  'ssh_certificate_authority.',
];

function startsWithAny(s: string, prefixes: string[]): boolean {
  for (const p of prefixes) if (s.startsWith(p)) return true;
  return false;
}

function categoryOf(action: string, v: Obj): Category {
  if (startsWithAny(action, LOGGING_PREFIXES)) return 'logging';
  if (action === 'api.request') {
    const m = str(v.request_method)?.toUpperCase();
    if (m === 'GET' || m === 'HEAD' || m === 'OPTIONS') return 'read';
    if (m === 'DELETE') return 'delete';
    return m ? 'write' : 'other';
  }
  if (action === 'git.clone' || action === 'git.fetch') return 'read';
  if (action === 'git.push') return 'write';
  if (action.startsWith('workflows.') || action.startsWith('actions.')) return 'exec';
  if (
    action.startsWith('user.login') ||
    action.startsWith('oauth_application.authorize') ||
    action === 'user.failed_login'
  )
    return 'auth';
  if (startsWithAny(action, CREDENTIAL_PREFIXES))
    return action.endsWith('.destroy') || action.endsWith('.delete') || action.endsWith('.revoke')
      ? 'delete'
      : 'credential';
  if (startsWithAny(action, PRIVILEGE_PREFIXES)) return 'privilege';
  if (startsWithAny(action, CONFIG_PREFIXES)) return 'config';
  if (action.endsWith('.destroy') || action.endsWith('.delete')) return 'delete';
  return categorize(action.slice(action.lastIndexOf('.') + 1));
}

/**
 * Events about a token: a fine-grained personal access token (`personal_access_token.*`: created, regenerated,
 * access granted / revoked, requests), a classic token / OAuth token (`oauth_access.*`), an OAuth authorization.
 * Their `token_id` is the id of the token acted on (the `pat_id` of the REST API), never the actor's.
 */
const TOKEN_TARGET_PREFIXES = ['personal_access_token.', 'oauth_access.', 'oauth_authorization.'];
/**
 * Events about another credential: deploy keys, SSH keys, a GitHub App's or OAuth app's secrets, keys and tokens,
 * app installations, SAML SSO credential authorizations. Their target is named by the repository / app / org; the
 * token fields are the actor's only when the record says the actor authenticated with a token.
 */
const CREDENTIAL_TARGET_PREFIXES = [
  'deploy_key.',
  'public_key.',
  'integration.',
  'integration_installation.',
  'oauth_application.',
  'org_credential_authorization.',
];

/** Token lifecycle steps only the token's owner takes, in the web UI: their token fields describe the token made. */
const OWNER_STEPS =
  /^(?:personal_access_token|oauth_access|oauth_authorization)\.(?:create|request_created|request_cancelled|regenerate|credential_regenerated|update)$/;
/** The kind of token each token event is about, as `programmatic_access_type` names it. */
const SUBJECT_TYPE: [RegExp, RegExp][] = [
  [/^personal_access_token\./, /fine[-_ ]grained|^personal[_ ]access[_ ]token$/i],
  [/^(?:oauth_access|oauth_authorization)\./, /oauth|classic|personal[_ ]access[_ ]token/i],
];

/**
 * Whether an event about a token describes that token with the token fields (`programmatic_access_type`,
 * `hashed_token`, `token_id`): always on the owner's own steps (a token created, requested, regenerated); on the
 * others (granted, revoked, deleted) when the type named is the kind of token the event is about. A GitHub App
 * revoking a personal access token through the API names its own token there instead.
 */
function tokenFieldsDescribeSubject(action: string, v: Obj): boolean {
  if (credentialEvent(action) !== 'token') return false;
  if (OWNER_STEPS.test(action)) return true;
  const pat = str(v.programmatic_access_type);
  if (pat === null) return true;
  return SUBJECT_TYPE.some(([a, t]) => a.test(action) && t.test(pat));
}

/**
 * Whether the actor authenticated with a token: GitHub states it with `programmatic_access_type` (and documents
 * `hashed_token` as "the token used for authentication"); a web-UI action has neither. On an event about a token the
 * same fields can describe that token instead (tokenFieldsDescribeSubject).
 */
function actorUsedToken(action: string, v: Obj): boolean {
  return str(v.programmatic_access_type) !== null && !tokenFieldsDescribeSubject(action, v);
}

type CredentialEvent = 'token' | 'credential' | null;

function credentialEvent(action: string): CredentialEvent {
  if (startsWithAny(action, TOKEN_TARGET_PREFIXES)) return 'token';
  if (startsWithAny(action, CREDENTIAL_TARGET_PREFIXES)) return 'credential';
  return null;
}

/**
 * The credential an event about a credential acted on, as stated by its token fields: on token events `token_id`;
 * on any of these events, when the actor did not authenticate with a token, `token_id` / `hashed_token` can only
 * describe the target.
 */
function targetToken(action: string, v: Obj): { resource: string; type: string } | null {
  const kind = credentialEvent(action);
  if (kind === null) return null;
  const web = !actorUsedToken(action, v);
  // The token's own id names it from its request to its revocation: user_programmatic_access_id on the organization's
  // events, token_id on the owner's (the same fine-grained token id).
  const id =
    (kind === 'token' ? str(v.user_programmatic_access_id) : null) ??
    (kind === 'token' || web ? str(v.token_id) : null);
  if (id) return { resource: `github:token/${id}`, type: 'token' };
  const name = kind === 'token' ? str(v.user_programmatic_access_name) : null;
  if (name) {
    const owner = tokenOwner(action, v);
    return { resource: `github:token/${owner ? `${owner}/` : ''}${name}`, type: 'token' };
  }
  const hash = web ? str(v.hashed_token) : null;
  return hash ? { resource: `github:hashed_token/${hash}`, type: 'token' } : null;
}

/** Whose token an event is about: the user it names, else the actor when the step is the owner's own. */
function tokenOwner(action: string, v: Obj): string | null {
  return (
    str(v.user) ?? str(v.requester) ?? (OWNER_STEPS.test(action) || /\.destroy$/.test(action) ? str(v.actor) : null)
  );
}

/** Where a token is in its life on an event about it (FACT.credentialStage). */
const STAGES: [RegExp, string][] = [
  [/\.request_created$/, 'requested'],
  [/\.(?:create|access_granted)$/, 'created'],
  [/\.request_denied$/, 'denied'],
  [/\.request_cancelled$/, 'cancelled'],
  [/\.(?:regenerate|credential_regenerated)$/, 'regenerated'],
  [/\.update$/, 'updated'],
  [/\.(?:revoke|access_revoked|credential_revoked)$/, 'revoked'],
  [/\.(?:destroy|delete)$/, 'deleted'],
];

function stageOf(action: string): string | null {
  for (const [re, stage] of STAGES)
    if (re.test(action)) return stage === 'created' && /access_granted$/.test(action) ? 'granted' : stage;
  return null;
}

/** The credential the actor authenticated with: the session key. */
function sessionKeyOf(action: string, v: Obj): string | null {
  const kind = credentialEvent(action);
  if (kind === null) return str(v.hashed_token) ?? str(v.token_id) ?? str(v.workflow_run_id);
  if (!actorUsedToken(action, v)) return null;
  return str(v.hashed_token) ?? (kind === 'credential' ? str(v.token_id) : null);
}

function repoOf(v: Obj): string | null {
  return str(v.repo) ?? str(v.repository) ?? null;
}

function resourceOf(action: string, v: Obj): { resource: string | null; type: string | null } {
  const target = targetToken(action, v);
  if (target) return target;
  const repo = repoOf(v);
  if (repo) return { resource: `github:${repo}`, type: 'repository' };
  if (action === 'api.request') {
    const route = str(v.route) ?? str(v.url_path);
    if (route) return { resource: `github-api:${route}`, type: 'api_route' };
  }
  const user = str(v.user);
  if (user && (action.startsWith('org.') || action.startsWith('business.') || action.startsWith('team.')))
    return { resource: `github:user/${user}`, type: 'user' };
  const team = str(v.team);
  if (team) return { resource: `github:team/${team}`, type: 'team' };
  const org = str(v.org);
  if (org) return { resource: `github:${org}`, type: 'organization' };
  const business = str(v.business);
  if (business) return { resource: `github:enterprise/${business}`, type: 'enterprise' };
  if (user) return { resource: `github:user/${user}`, type: 'user' };
  return { resource: null, type: null };
}

function outcomeOf(action: string, v: Obj): { outcome: Outcome; code: string | null } {
  const status = typeof v.status_code === 'number' ? v.status_code : Number(str(v.status_code) ?? NaN);
  if (Number.isFinite(status))
    return status >= 400 ? { outcome: 'failure', code: String(status) } : { outcome: 'success', code: null };
  if (action === 'workflows.completed_workflow_run') {
    const c = str(v.conclusion);
    if (c === 'failure' || c === 'timed_out' || c === 'startup_failure') return { outcome: 'failure', code: c };
    if (c === 'success') return { outcome: 'success', code: null };
    return { outcome: 'unknown', code: c };
  }
  // The audit log records actions that happened; there is no failure field outside API requests and runs, so a
  // failure is stated by the event's name (`user.failed_login`, `user.two_factor_challenge_failure`).
  if (nameSaysFailure(action)) return { outcome: 'failure', code: action.slice(action.lastIndexOf('.') + 1) };
  return { outcome: 'success', code: null };
}

const DETAIL_KEYS = [
  'name',
  'visibility',
  'permission',
  'team',
  'user',
  'event',
  'head_branch',
  'conclusion',
  'run_number',
  'ruleset_name',
  'ruleset_enforcement',
  'transport_protocol_name',
  'protocol_name',
  'programmatic_access_type',
  'token_scopes',
  'operation_type',
  'integration',
  'oauth_application_name',
  'external_identity_nameid',
  'reason',
  'previous_visibility',
  'user_programmatic_access_name',
  'repository_selection',
  'explanation',
];

function detailOf(action: string, v: Obj): string | null {
  const parts: string[] = [];
  if (action === 'api.request') {
    const m = str(v.request_method),
      route = str(v.route) ?? str(v.url_path);
    if (m || route) parts.push(`${m ?? ''} ${route ?? ''}`.trim());
    const status = str(v.status_code);
    if (status) parts.push(`status=${status}`);
  }
  for (const k of DETAIL_KEYS) {
    const s = str(v[k]);
    if (s !== null) parts.push(`${k}=${s}`);
  }
  if (targetToken(action, v) !== null) {
    // The credential is the resource: keep its id and where it belongs readable.
    const id = str(v.token_id);
    if (id) parts.push(`token_id=${id}`);
    const repo = repoOf(v);
    if (repo) parts.push(`repo=${repo}`);
  }
  const url = str((isObj(v.config) ? v.config : undefined)?.url);
  if (url) parts.push(`url=${url}`);
  return parts.length > 0 ? parts.join(' ') : null;
}

/** Token creation and regeneration: a new credential for `user` (else the actor). */
const ISSUING =
  /^(?:personal_access_token|oauth_authorization|oauth_access)\.(?:create|request_created|regenerate|credential_regenerated)$/;

function factsOf(action: string, v: Obj, actor: string | null): Facts | undefined {
  const f: Facts = {};
  const account = str(v.org) ?? str(v.business);
  if (account) f[FACT.account] = account;
  const actorId = str(v.actor_id);
  if (actorId && actor) f[FACT.alias] = `github-user-id|${actorId}`;
  // The kind of token the actor used (on an event about a token, the kind of that token).
  const pat = str(v.programmatic_access_type);
  if (pat) f[FACT.credentialType] = pat;
  const integration = str(v.integration) ?? str(v.oauth_application_name);
  if (integration && pat) f[FACT.agent] = integration;
  if (action.startsWith('workflows.') || v.workflow_run_id !== undefined) {
    const repo = repoOf(v);
    if (repo) f[FACT.ciRepository] = repo;
    const run = str(v.workflow_run_id);
    if (run) f[FACT.ciRunId] = run;
    const wf = str(v.name) ?? str(v.workflow_id);
    if (wf) f[FACT.ciWorkflow] = wf;
    const branch = str(v.head_branch);
    if (branch) f[FACT.ciRef] = branch.startsWith('refs/') ? branch : `refs/heads/${branch}`;
  }
  const stage = credentialEvent(action) === 'token' ? stageOf(action) : null;
  if (stage) f[FACT.credentialStage] = stage;
  if (ISSUING.test(action)) {
    // The new token: its id, and its hash when stated — the session key of every later request made with it.
    const subject = tokenFieldsDescribeSubject(action, v);
    const keys = [subject ? str(v.hashed_token) : null, str(v.user_programmatic_access_id) ?? str(v.token_id)].filter(
      (k): k is string => k !== null,
    );
    if (keys.length > 0) f[FACT.issuedKey] = [...new Set(keys)].join('\n');
    const to = str(v.user) ?? actor;
    if (to) f[FACT.issuedTo] = to;
  }
  if (startsWithAny(action, LOGGING_PREFIXES)) f[FACT.logTamper] = action;
  return Object.keys(f).length > 0 ? f : undefined;
}

export function normalizeGitHub(v: Obj): NormalizedEvent | string {
  const action = str(v.action);
  if (!action) return 'no action field';
  const ts = eventTime(v);
  if (ts === null) {
    const raw = v.created_at ?? v['@timestamp'] ?? v.at_sign_timestamp;
    return raw === undefined
      ? 'no parseable timestamp (no created_at / @timestamp)'
      : `no parseable timestamp (${String(raw).slice(0, 40)})`;
  }
  const actor = str(v.actor) ?? str(v.actor_id);
  const { resource, type } = resourceOf(action, v);
  const { outcome, code } = outcomeOf(action, v);
  return {
    ts,
    principal: actor,
    principalType: principalType(action, v, actor),
    sessionKey: sessionKeyOf(action, v),
    action,
    category: categoryOf(action, v),
    resource,
    resourceType: type,
    outcome,
    errorCode: code,
    srcIp: ipOrNull(v.actor_ip),
    userAgent: str(v.user_agent),
    detail: detailOf(action, v),
    facts: factsOf(action, v, actor),
  };
}

export const importer: Importer = {
  id: format.id,
  version: '3',
  title: format.title,
  input: 'json',
  detect,
  createParser: perObjectParser(normalizeGitHub),
};
