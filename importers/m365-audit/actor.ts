// Who acted in a unified audit record: a person (their UPN, as Entra names them), an app acting on its own
// (app-only access: the non-human identity the investigation is after), or the service itself.
import type { PrincipalType } from '../../core/model/event.js';
import { fieldsOf, isObj, maybeJson, str, type Obj } from '../util/fields.js';
import { entraId } from '../util/entra.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * First-party APIs a client calls through: in MailItemsAccessed `AppId` is the API the client called (Graph,
 * Exchange, Outlook REST) and `ClientAppId` the client. Neither of these is the client.
 */
const API_APPS = new Set([
  '00000003-0000-0000-c000-000000000000', // Microsoft Graph
  '00000002-0000-0ff1-ce00-000000000000', // Office 365 Exchange Online
  '00000003-0000-0ff1-ce00-000000000000', // Office 365 SharePoint Online
  '00000002-0000-0000-c000-000000000000', // Azure AD Graph
]);

/**
 * UserType (Management Activity API schema): 5 Application, 6 ServicePrincipal; 3 DcAdmin and 4 System are Microsoft.
 */
const APP_USER_TYPES = new Set(['5', '6', 'application', 'serviceprincipal']);
const SERVICE_USER_TYPES = new Set(['3', '4', 'dcadmin', 'system']);
const SYSTEM_NAME = /^(NT AUTHORITY\\|SHAREPOINT\\system$|S-1-5-18$|app@sharepoint$)/i;

export interface Actor {
  principal: string | null;
  type: PrincipalType;
  aliases: string[];
  /** The client app a person acted through (its name when stated, else its id). */
  agent: string | null;
  clientAppId: string | null;
  /** The Entra session (`AADSessionId`, people) or the token (`UniqueTokenId`): both named by the sign-in log. */
  sessionKey: string | null;
  tokenId: string | null;
  /** When the token was issued (`AppAccessContext.IssuedAtTime`). */
  tokenIssuedAt: string | null;
  appOnly: boolean;
  /**
   * App-only Exchange records put the mailbox the app opened in `UserId` (UserType 5, the app's id in `UserKey`):
   * that user is what was acted on, not who acted.
   */
  actedOn: string | null;
}

/** The token context Exchange and SharePoint record (`AppAccessContext`), as an object. */
export function appContext(get: (k: string) => unknown): Obj | null {
  const c = maybeJson(get('AppAccessContext'));
  return isObj(c) ? c : null;
}

const CONTEXT_PROBES = ['UniqueTokenId', 'ClientAppId', 'IssuedAtTime', 'AADSessionId'];

/**
 * The actor. App-only access — UserType Application / ServicePrincipal, a `ServicePrincipal_…` user id, a user id
 * that is the client app's own id, SharePoint's `app@sharepoint` with an application id, or no user at all beside
 * an app id, or an object id (not a UPN) with an app id and no Entra session — is the app: named by its client app
 * id (`ClientAppId`, `AppAccessContext.ClientAppId`, `ApplicationId`, else `AppId` unless it is a first-party API),
 * alias `entra-app|<id>`. Otherwise the person (`UserId`), with the app as `agent`. Microsoft's own accounts
 * (System, DcAdmin, `NT AUTHORITY\SYSTEM`) are services.
 */
export function actorOf(get: (k: string) => unknown): Actor {
  const ctxObj = appContext(get);
  const ctx = ctxObj ? fieldsOf(ctxObj, CONTEXT_PROBES) : () => undefined;
  const userId = str(get('UserId'))?.trim() || null;
  const userType = str(get('UserType'))?.toLowerCase() ?? null;
  const apiApp = entraId(str(get('AppId')));
  const clientApp =
    entraId(str(get('ClientAppId'))) ??
    entraId(str(ctx('ClientAppId'))) ??
    entraId(str(get('ApplicationId'))) ??
    (apiApp && !API_APPS.has(apiApp) ? apiApp : null);
  const clientName = str(ctx('ClientAppName')) ?? str(get('ClientAppName')) ?? str(get('ApplicationDisplayName'));
  const session = str(ctx('AADSessionId')) ?? str(get('AADSessionId'));
  const token = str(ctx('UniqueTokenId')) ?? str(get('UniqueTokenId'));
  const userGuid = userId ? entraId(userId) : null;
  const appOnly =
    (userType !== null && APP_USER_TYPES.has(userType)) ||
    (userId !== null && /^ServicePrincipal_/i.test(userId)) ||
    (clientApp !== null &&
      (userId === null ||
        userGuid === clientApp ||
        /^app@sharepoint$/i.test(userId) ||
        (userGuid !== null && GUID.test(userGuid) && !session)));
  const out: Actor = {
    principal: null,
    type: 'unknown',
    aliases: [],
    agent: null,
    clientAppId: clientApp,
    sessionKey: session ?? token,
    tokenId: token,
    tokenIssuedAt: str(ctx('IssuedAtTime')),
    appOnly,
    actedOn: null,
  };
  if (appOnly) {
    // The object id an app-only record names as its user is the service principal's (as Graph activity names it).
    const spId = userGuid && GUID.test(userGuid) && userGuid !== clientApp ? userGuid : null;
    out.principal = spId ?? clientApp ?? userId;
    out.type = 'app';
    // Stated even when the app id is the principal: the sign-in log names the app in the same `entra-app` system.
    if (clientApp) out.aliases.push(`entra-app|${clientApp}`);
    if (clientName) out.agent = clientName;
    if (userId && userId.includes('@') && userId !== out.principal && !SYSTEM_NAME.test(userId)) out.actedOn = userId;
    return out;
  }
  out.principal = userId;
  if (userId && (SYSTEM_NAME.test(userId) || (userType !== null && SERVICE_USER_TYPES.has(userType)))) {
    out.type = 'service';
    return out;
  }
  out.type = userId ? 'user' : 'unknown';
  if (clientApp) out.agent = clientName ?? clientApp;
  return out;
}
