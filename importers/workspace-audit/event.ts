// One Workspace event, normalized: the activity's context (who, when, from where, which application) and one of
// its `events[]` entries (type, name, parameters). The Reports API, BigQuery rows and GAM's CSV all come here.
//
// Who acted: a person's activity is theirs (`actor.email`). An OAuth client acting with a user's grant is the
// non-human identity acting, so it is the principal and the user is the `login` fact ("acted as"):
// - `actor.applicationInfo.oauthClientId` (the client of a domain-wide-delegated service account, or an app):
//   service account when `impersonation` is true, app otherwise;
// - token `activity` events (an app's API call with a user's token): the `client_id` parameter.
// The grant (`<client id>><user>`) is the credential, so it is the session key of both; `authorize` issues it
// (issued_key, issued_to the client), so each run of the app's use is linked to the consent that allowed it.
import type { Category, Facts, NormalizedEvent, Outcome, PrincipalType } from '../../core/model/event.js';
import { FACT } from '../../core/model/facts.js';
import { categorizeCached } from '../util/category.js';
import { pcount, plist, ptext, type Params } from './params.js';

export interface ActivityContext {
  ts: number | null;
  /** The field the time came from, for the reject reason. */
  timeField: string;
  app: string | null;
  email: string | null;
  profileId: string | null;
  /** `actor.key` (callerType KEY: an OAuth 2LO consumer key or a robot account). */
  actorKey: string | null;
  callerType: string | null;
  /** `actor.applicationInfo`: the OAuth client behind the activity. */
  clientId: string | null;
  clientName: string | null;
  impersonation: boolean;
  ip: string | null;
  customerId: string | null;
  uniqueQualifier: string | null;
}

export interface WsEvent {
  type: string | null;
  name: string | null;
  params: Params;
  /** Position in the activity's events[] and their number (1 of 1 for single-event activities). */
  index: number;
  of: number;
}

const DRIVE_READ = new Set([
  'download',
  'view',
  'preview',
  'print',
  'copy',
  'sync_item_content',
  'source_copy_created',
]);
const DRIVE_DOWNLOADS = new Set(['download', 'sync_item_content']);
const DRIVE_DELETE = new Set(['delete', 'trash', 'remove_from_folder', 'untrash']);

function loginCategory(name: string): Category {
  if (/^(login_|logout$)|challenge|verification|^risky_sensitive_action|^sso_|passkey/.test(name)) return 'auth';
  if (/password|recovery|2sv|titanium|app_specific/.test(name)) return 'credential';
  return 'other';
}

function categoryOf(app: string, name: string, type: string | null): Category {
  const n = name.toLowerCase();
  switch (app) {
    case 'login':
    case 'saml':
      return loginCategory(n);
    case 'token':
      if (n === 'authorize' || n === 'revoke' || n === 'request') return 'credential';
      return 'other';
    case 'drive':
      if (type === 'acl_change' || /^change_.*(access|visibility|owner|acl)|^shared_drive_membership/.test(n))
        return 'privilege';
      if (DRIVE_READ.has(n)) return 'read';
      if (DRIVE_DELETE.has(n)) return 'delete';
      return categorizeCached(n) === 'other' ? 'write' : categorizeCached(n);
    case 'user_accounts':
      return 'credential';
    case 'admin':
      if (/API_CLIENT_ACCESS|DOMAIN_WIDE_DELEGATION|OAUTH/i.test(name)) return 'privilege';
      if (/PASSWORD|2SV|BACKUP_VERIFICATION|SECURITY_KEY|APPLICATION_SPECIFIC/i.test(name)) return 'credential';
      return categorizeCached(name);
    default:
      return categorizeCached(name);
  }
}

function outcomeOf(app: string, name: string, params: Params): { outcome: Outcome; errorCode: string | null } {
  const n = name.toLowerCase();
  if (/fail|denied|blocked|rejected/.test(n))
    return {
      outcome: 'failure',
      errorCode: ptext(params, 'login_failure_type') ?? ptext(params, 'failure_type') ?? name,
    };
  if (app === 'login' && n === 'login_challenge') {
    const status = ptext(params, 'login_challenge_status');
    if (status && /fail/i.test(status)) return { outcome: 'failure', errorCode: status };
    if (status && /pass/i.test(status)) return { outcome: 'success', errorCode: null };
    return { outcome: 'unknown', errorCode: status };
  }
  if (app === 'saml') {
    const status = ptext(params, 'status_code') ?? ptext(params, 'saml_status_code');
    if (status && !/success/i.test(status)) return { outcome: 'failure', errorCode: status };
  }
  // An activity report records what happened: the event itself is the outcome.
  return { outcome: 'success', errorCode: null };
}

function callerTypeOf(ctx: ActivityContext): PrincipalType {
  if (ctx.email && /\.gserviceaccount\.com$/i.test(ctx.email)) return 'service_account';
  if (ctx.callerType === 'KEY') return 'app';
  return ctx.email ? 'user' : 'unknown';
}

interface Subject {
  resource: string | null;
  resourceType: string | null;
  label: string | null;
}

function subjectOf(app: string, params: Params, clientId: string | null): Subject {
  switch (app) {
    case 'drive': {
      const id = ptext(params, 'doc_id');
      const title = ptext(params, 'doc_title');
      if (!id && !title) break;
      return {
        resource: `drive:${id ?? title}`,
        resourceType: `drive:${ptext(params, 'doc_type') ?? 'file'}`,
        label: title ? `"${title}"` : null,
      };
    }
    case 'token':
      if (clientId) return { resource: `oauth-client:${clientId}`, resourceType: 'oauth-client', label: null };
      break;
    case 'saml': {
      const a = ptext(params, 'application_name');
      if (a) return { resource: `saml-app:${a}`, resourceType: 'saml-app', label: null };
      break;
    }
    case 'admin': {
      const client = ptext(params, 'API_CLIENT_NAME');
      if (client) return { resource: `oauth-client:${client}`, resourceType: 'oauth-client', label: null };
      const user = ptext(params, 'USER_EMAIL');
      if (user) return { resource: `workspace-user:${user}`, resourceType: 'workspace-user', label: null };
      const role = ptext(params, 'ROLE_NAME');
      if (role) return { resource: `workspace-role:${role}`, resourceType: 'workspace-role', label: null };
      const setting = ptext(params, 'SETTING_NAME');
      if (setting) {
        const a = ptext(params, 'APPLICATION_NAME');
        return { resource: `setting:${a ? `${a}/` : ''}${setting}`, resourceType: 'workspace-setting', label: null };
      }
      const a = ptext(params, 'APPLICATION_NAME') ?? ptext(params, 'DOMAIN_NAME');
      if (a) return { resource: `workspace:${a}`, resourceType: 'workspace-object', label: null };
      break;
    }
  }
  const target = ptext(params, 'target_user') ?? ptext(params, 'affected_email_address');
  if (target) return { resource: `workspace-user:${target}`, resourceType: 'workspace-user', label: null };
  return { resource: null, resourceType: null, label: null };
}

export function normalizeEvent(ctx: ActivityContext, ev: WsEvent): NormalizedEvent | string {
  if (ctx.ts === null) return `no parseable timestamp (${ctx.timeField})`;
  const app = ctx.app?.toLowerCase() ?? null;
  const name = ev.name ?? ev.type;
  if (!name) return 'no event name or type: the record does not say what happened';
  const appKey = app ?? 'unknown';
  const params = ev.params;
  const facts: Facts = {};

  // The OAuth client behind the event: the activity's applicationInfo, else the token event's client_id.
  const paramClient = ptext(params, 'client_id');
  const tokenUse = appKey === 'token' && (ev.name ?? '').toLowerCase() === 'activity' && paramClient !== null;
  const acting = ctx.clientId ?? (tokenUse ? paramClient : null);
  let principal: string | null;
  let principalType: PrincipalType;
  let sessionKey: string | null = null;
  if (acting) {
    principal = acting;
    principalType = ctx.clientId && ctx.impersonation ? 'service_account' : 'app';
    if (ctx.email) {
      facts[FACT.login] = ctx.email;
      sessionKey = `${acting}>${ctx.email}`;
    }
    const appName = ctx.clientName ?? ptext(params, 'app_name');
    if (appName) facts[FACT.agent] = appName;
  } else {
    principal = ctx.email ?? ctx.actorKey ?? ctx.profileId;
    principalType = callerTypeOf(ctx);
  }
  // The account's profile id is another name of the person acting, never of an app acting for them.
  if (!acting && ctx.profileId && ctx.email) facts[FACT.alias] = `gcp|${ctx.profileId}`;

  const category = categoryOf(appKey, name, ev.type);
  const { outcome, errorCode } = outcomeOf(appKey, name, params);
  const client = appKey === 'token' ? paramClient : null;
  const subject = subjectOf(appKey, params, client);
  if (ctx.customerId) facts[FACT.account] = ctx.customerId;
  if (ctx.uniqueQualifier) facts[FACT.correlation] = ctx.uniqueQualifier;

  const detail: string[] = [];
  const n = name.toLowerCase();
  if (appKey === 'token' && client) {
    const appName = ptext(params, 'app_name');
    const scopes = plist(params, 'scope');
    if (n === 'authorize' && ctx.email) {
      // Consent: a credential (the grant) issued to the client, for this user.
      facts[FACT.issuedKey] = `${client}>${ctx.email}`;
      facts[FACT.issuedTo] = client;
    }
    if (!acting && appName) facts[FACT.agent] = appName;
    detail.push(
      `${n === 'activity' ? 'API call by' : n} ${appName ? `${appName} ` : ''}(${client})${ptext(params, 'client_type') ? ` ${ptext(params, 'client_type')}` : ''}`,
    );
    if (scopes.length > 0) detail.push(`scopes: ${scopes.join(' ')}`);
    const method = ptext(params, 'method_name');
    if (method) detail.push(`${ptext(params, 'api_name') ?? 'api'} ${method}`);
  }
  if (appKey === 'admin') {
    const client = ptext(params, 'API_CLIENT_NAME');
    if (client && /AUTHORIZE_API_CLIENT_ACCESS/i.test(name)) {
      // Domain-wide delegation granted to a client: a privilege given to that non-human identity.
      facts[FACT.targetIdentity] = client;
      const scopes = ptext(params, 'API_SCOPES');
      if (scopes) detail.push(`domain-wide delegation to ${client}: ${scopes}`);
    }
  }
  if (subject.label) detail.push(subject.label);
  if (appKey === 'drive') {
    const owner = ptext(params, 'owner');
    if (owner) detail.push(`owner ${owner}`);
    const originating = ptext(params, 'originating_app_id');
    if (originating) {
      // The Cloud project of the app that made the access (Drive through an API client).
      facts.originating_app_id = originating;
      if (!facts[FACT.agent]) facts[FACT.agent] = `app ${originating}`;
      detail.push(`by app ${originating}`);
    }
    const vis = ptext(params, 'visibility');
    if (vis) detail.push(`visibility ${vis}`);
  }
  if (acting && ctx.email) detail.push(`as ${ctx.email}`);
  const reason = ptext(params, 'login_failure_type') ?? ptext(params, 'login_challenge_method');
  if (reason && appKey === 'login') detail.push(reason);
  if (ev.of > 1) detail.push(`event ${ev.index + 1} of ${ev.of} of the activity`);

  // What it read: Drive files opened or downloaded, the bytes an app's API call returned.
  if (category === 'read' && appKey === 'drive' && subject.resource) {
    const id = ptext(params, 'doc_id');
    const title = ptext(params, 'doc_title');
    facts[FACT.dataObjects] = title && id ? `${title} (drive:${id})` : subject.resource;
    if (DRIVE_DOWNLOADS.has(n)) facts[FACT.dataItems] = '1';
  }
  const bytes = pcount(params, 'num_response_bytes');
  if (bytes !== null && bytes > 0) facts[FACT.dataBytes] = String(bytes);

  let action = `${appKey}.${name}`;
  if (tokenUse) {
    const method = ptext(params, 'method_name');
    if (method) action = `token.activity:${method}`;
  }
  return {
    ts: ctx.ts,
    principal,
    principalType,
    sessionKey,
    action,
    category: tokenUse ? categoryOfMethod(ptext(params, 'method_name')) : category,
    resource: subject.resource,
    resourceType: subject.resourceType,
    outcome,
    errorCode,
    srcIp: ctx.ip,
    userAgent: ptext(params, 'user_agent'),
    detail: detail.length > 0 ? detail.join(' · ') : null,
    facts,
  };
}

/** An app's API call: what its method does (`gmail.users.messages.get` reads, `….send` writes). */
function categoryOfMethod(method: string | null): Category {
  return method ? categorizeCached(method) : 'other';
}
