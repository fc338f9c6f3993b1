// A Salesforce event, normalized. Who acted: a connected app is the non-human identity acting when the log names
// one (CONNECTED_APP_ID / ConnectedAppId: an OAuth token of that app made the call), and the user it ran as is the
// `login` fact; otherwise the user. Users and apps are named by their 18-character ids; a username the log states
// is an alias of the user id. The session is the login's (LOGIN_KEY, which ties every event of one login), else
// the SESSION_KEY.
import type { Category, Facts, NormalizedEvent, Outcome, PrincipalType } from '../../core/model/event.js';
import { FACT } from '../../core/model/facts.js';
import { categorizeCached } from '../util/category.js';
import type { SfRecord } from './record.js';

const AUTH_KINDS = new Set([
  'Login',
  'LoginAs',
  'Logout',
  'LoginEvent',
  'LoginAsEvent',
  'LogoutEvent',
  'IdentityVerificationEvent',
]);
const READ_KINDS = new Set([
  'Report',
  'ReportExport',
  'ReportEvent',
  'URI',
  'UriEvent',
  'LightningUriEvent',
  'LightningInteraction',
  'LightningPageView',
  'ListViewEvent',
  'ContentTransfer',
  'DocumentAttachmentDownloads',
]);
const QUERY_METHODS = /^(query|queryall|querymore|search|retrieve)$/i;

/**
 * `/services/data/v62.0/sobjects/Account/001…` → `/services/data/vN/sobjects/Account/{id}`: one action per
 * endpoint.
 */
export function uriTemplate(uri: string): string {
  return uri
    .replace(/\?.*$/, '')
    .replace(/\/v\d+\.\d+(?=\/|$)/, '/vN')
    .replace(/\/[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?(?=\/|$)/g, (m) => (/\d/.test(m) ? '/{id}' : m));
}

function categoryOf(r: SfRecord): Category {
  if (AUTH_KINDS.has(r.kind)) return r.kind.startsWith('LoginAs') ? 'privilege' : 'auth';
  if (READ_KINDS.has(r.kind)) return 'read';
  const m = r.method ?? '';
  if (r.kind === 'RestApi' || r.kind === 'ApexRestApi') {
    const uri = r.uri ?? '';
    if (/\/(query|queryAll|search|parameterizedSearch)\b/.test(uri)) return 'query';
    switch (m.toUpperCase()) {
      case 'GET':
      case 'HEAD':
        return 'read';
      case 'DELETE':
        return 'delete';
      case 'POST':
      case 'PUT':
      case 'PATCH':
        return 'write';
    }
    return 'other';
  }
  if (QUERY_METHODS.test(m)) return /retrieve/i.test(m) ? 'read' : 'query';
  if (/^hardDelete$/i.test(m)) return 'delete';
  if (m) return categorizeCached(m);
  return r.kind === 'ApiEvent' ? 'query' : categorizeCached(r.kind);
}

function userType(r: SfRecord): PrincipalType {
  const t = (r.userType ?? '').replace(/\s/g, '').toLowerCase();
  if (t === 'automatedprocess' || t === 'integration') return 'service';
  if (t === 'guest') return 'unknown';
  if (AUTH_KINDS.has(r.kind)) {
    // An OAuth or API login (Remote Access 2.0, JWT bearer, SOAP) is a program; a UI login a person.
    if (r.loginType && /remote access|oauth|jwt|api|soap|partner/i.test(r.loginType)) return 'unknown';
    if (r.loginType === 'Application' || /^Mozilla\//.test(r.userAgent ?? '')) return 'user';
    return 'unknown';
  }
  // Working the UI is a person; API use says nothing about who is behind a user.
  return READ_KINDS.has(r.kind) ? 'user' : 'unknown';
}

function actionOf(r: SfRecord): string {
  if (r.kind === 'RestApi' || r.kind === 'ApexRestApi')
    return `${r.kind} ${r.method ?? '?'} ${r.uri ? uriTemplate(r.uri) : ''}`.trim();
  if (r.method && !AUTH_KINDS.has(r.kind) && !READ_KINDS.has(r.kind)) return `${r.kind}:${r.method}`;
  if (r.method && (r.kind === 'ReportEvent' || r.kind === 'LightningInteraction')) return `${r.kind}:${r.method}`;
  return r.kind;
}

export function normalizeRecord(r: SfRecord): NormalizedEvent | string {
  if (r.ts === null) return `no parseable timestamp (${r.timeField})`;
  const user = r.userId ?? r.username;
  if (!user && !r.appId) return 'no USER_ID, Username or connected app: the event names no one';
  const facts: Facts = {};
  let principal: string;
  let principalType: PrincipalType;
  if (r.appId) {
    principal = r.appId;
    principalType = 'app';
    if (user) facts[FACT.login] = user;
    if (r.appName) facts[FACT.agent] = r.appName;
  } else {
    principal = user!;
    principalType = userType(r);
    if (r.userId && r.username) facts[FACT.alias] = `salesforce|${r.username}`;
  }
  const category = categoryOf(r);
  const outcome: Outcome = r.ok === true ? 'success' : r.ok === false ? 'failure' : 'unknown';
  if (r.loginType) facts[FACT.credentialType] = r.loginType;
  if (r.application && !/^(browser|n\/a|unknown)$/i.test(r.application)) facts[FACT.agent] = r.application;
  if (r.requestId) facts[FACT.correlation] = r.requestId;
  if (r.loginKey && r.sessionKey) facts.session_key = r.sessionKey;

  // What it read, and how much: rows a query or report processed, bytes of the response, objects and columns.
  if ((category === 'read' || category === 'query') && outcome !== 'failure') {
    if (r.rows) facts[FACT.dataRows] = String(r.rows);
    if (r.bytes) facts[FACT.dataBytes] = String(r.bytes);
    const objects = r.reportId
      ? [`report:${r.reportId}${r.reportName ? ` ${r.reportName}` : ''}`, ...r.entities]
      : r.entities;
    if (objects.length > 0 && (r.rows || r.reportId || category === 'query'))
      facts[FACT.dataObjects] = objects.join('\n');
    if (r.columns.length > 0) facts[FACT.dataColumns] = r.columns.join('\n');
  }

  const detail: string[] = [];
  if (r.appId) detail.push(`connected app ${r.appName ? `${r.appName} ` : ''}(${r.appId}) as ${user ?? '?'}`);
  if (r.username && r.appId) detail.push(r.username);
  if (r.query) detail.push(r.query.length > 400 ? `${r.query.slice(0, 400)}…` : r.query);
  if (r.reportName) detail.push(`report "${r.reportName}"`);
  if (r.rows !== null) detail.push(`${r.rows} rows`);
  if (r.entities.length > 0 && !r.query) detail.push(r.entities.join(', '));
  if (r.loginType && AUTH_KINDS.has(r.kind)) detail.push(r.loginType);
  if (r.application) detail.push(`application ${r.application}`);
  detail.push(...r.extra);

  const resource = r.reportId
    ? `salesforce:report/${r.reportId}`
    : r.entities.length > 0
      ? `salesforce:${r.entities[0]}`
      : r.uri && !AUTH_KINDS.has(r.kind)
        ? `salesforce:${uriTemplate(r.uri)}`
        : null;
  return {
    ts: r.ts,
    principal,
    principalType,
    sessionKey: r.loginKey ?? r.sessionKey,
    action: actionOf(r),
    category,
    resource,
    resourceType: r.reportId
      ? 'salesforce:report'
      : r.entities.length > 0
        ? 'salesforce:sobject'
        : resource
          ? 'salesforce:uri'
          : null,
    outcome,
    errorCode: outcome === 'failure' ? r.status : null,
    srcIp: r.ip,
    userAgent: r.userAgent,
    detail: detail.length > 0 ? detail.join(' · ') : null,
    facts,
  };
}
