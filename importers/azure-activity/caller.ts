// Who made an Azure Resource Manager call: the access token's claims as the Activity Log records them
// (`identity.claims` in diagnostic exports, `claims` from the REST API and the CLI, the `Claims` column of Log
// Analytics, JSON text there), and the `caller` Azure derived from them. A service principal or managed
// identity is named by its object id, the same id Entra sign-in logs state as `servicePrincipalId`, so the
// identity joins across logs without trusting a display name.
import type { PrincipalType } from '../../core/model/event.js';
import { get, isObj, key, maybeJson, str } from '../util/fields.js';
import { entraId } from '../util/entra.js';

/** The claims read, by short name, and the names Azure may write each under (schema URI first). */
const WANTED: [string, string[]][] = [
  ['oid', ['http://schemas.microsoft.com/identity/claims/objectidentifier', 'oid']],
  ['tid', ['http://schemas.microsoft.com/identity/claims/tenantid', 'tid']],
  ['upn', ['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn', 'upn']],
  ['unique_name', ['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name', 'unique_name']],
  ['email', ['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress', 'email']],
  ['name', ['name']],
  ['appid', ['appid']],
  ['azp', ['azp']],
  ['appidacr', ['appidacr']],
  ['idtyp', ['idtyp']],
  ['xms_mirid', ['xms_mirid']],
  ['sid', ['sid']],
  ['uti', ['uti']],
  ['ipaddr', ['ipaddr']],
];

/**
 * The claims this importer reads, by short name; null when the record states none (or they cannot be read).
 * Names are looked up as Azure writes them; an export that changed their case is read through a lower-cased copy.
 */
export function readClaims(raw: unknown): Record<string, string> | null {
  const c = maybeJson(raw);
  if (!isObj(c)) return null;
  const out: Record<string, string> = {};
  let found = false;
  for (const [short, names] of WANTED) {
    for (const n of names) {
      const v = str(c[n]);
      if (v !== null) {
        out[short] = v;
        found = true;
        break;
      }
    }
  }
  if (found || Object.keys(c).length === 0) return out;
  const lower: Record<string, unknown> = {};
  for (const k in c) lower[k.toLowerCase()] = c[k];
  for (const [short, names] of WANTED) {
    for (const n of names) {
      const v = str(lower[n]);
      if (v !== null) {
        out[short] = v;
        break;
      }
    }
  }
  return out;
}

export interface Caller {
  principal: string | null;
  type: PrincipalType;
  /** Other names of the same principal, "system|value". */
  aliases: string[];
  /** The client application a person called through (Azure CLI, the portal): a fact, never the principal. */
  agent: string | null;
  /** The token's Entra session (`sid`, people) or the token itself (`uti`): the sign-in log names both. */
  sessionKey: string | null;
  /** How the app proved itself: `appidacr` 1 = client secret, 2 = certificate; `managedIdentity`. */
  credentialType: string | null;
  /** The managed identity's resource (`xms_mirid`): the VM, function or user-assigned identity it belongs to. */
  managedIdentityResource: string | null;
}

const UPN_LIKE = /^[^@\s]+@[^@\s]+$/;

/** Azure services that write Activity Log records with no caller of their own, by category. */
const SERVICE_BY_CATEGORY: Record<string, string> = {
  servicehealth: 'Azure Service Health',
  resourcehealth: 'Azure Resource Health',
  autoscale: 'Azure Autoscale',
  alert: 'Azure Monitor alerts',
  recommendation: 'Azure Advisor',
  security: 'Microsoft Defender for Cloud',
};

const CREDENTIAL_BY_ACR: Record<string, string> = {
  '0': 'publicClient',
  '1': 'clientSecret',
  '2': 'clientCertificate',
};

/**
 * The principal of an Activity Log record.
 * - A managed identity (`xms_mirid`) or an app-only token (`idtyp` "app", or an app id with no user name): the
 *   object id (`oid`), which is the service principal id sign-in logs state; aliases `entra-app|<appid>`.
 * - A person: the UPN (`caller`, else the `upn` / name claims), alias `entra|<oid>`; the app they used is `agent`.
 * - No token at all: the principal of the role assignment that allowed the call (`authorization.evidence`) when
 *   it is assigned to a user or service principal (then it is the caller itself; a group's says nothing of who),
 *   else the Azure service that writes records of that category (Service Health, Advisor…), else none.
 */
export function callerOf(
  claims: Record<string, string> | null,
  callerRaw: string | null,
  category: string | null,
  authorization: unknown = null,
): Caller {
  const caller = callerRaw?.trim() || null;
  const c = claims ?? {};
  const oid = entraId(c.oid ?? null);
  const appid = entraId(c.appid ?? c.azp ?? null);
  const upn = c.upn ?? (c.unique_name && UPN_LIKE.test(c.unique_name.trim()) ? c.unique_name.trim() : null);
  const name = c.name ?? null;
  const mirid = c.xms_mirid ?? null;
  const sessionKey = c.sid ?? c.uti ?? null;
  const appOnly =
    mirid !== null ||
    c.idtyp === 'app' ||
    (appid !== null && !upn && !(caller && UPN_LIKE.test(caller)) && !(name && UPN_LIKE.test(name)));
  const out: Caller = {
    principal: null,
    type: 'unknown',
    aliases: [],
    agent: null,
    sessionKey,
    credentialType: mirid ? 'managedIdentity' : appOnly ? (CREDENTIAL_BY_ACR[c.appidacr ?? ''] ?? null) : null,
    managedIdentityResource: mirid,
  };
  if (appOnly) {
    out.principal = oid ?? entraId(caller) ?? appid;
    // A managed identity is Azure's service account (bound to a resource), as entra-signin types it.
    out.type = mirid ? 'service_account' : 'app';
    // Stated even when the app id is the principal: the sign-in log names the app in the same `entra-app` system.
    if (appid) out.aliases.push(`entra-app|${appid}`);
    const callerId = entraId(caller);
    if (callerId && callerId !== out.principal && callerId !== appid) out.aliases.push(`entra|${callerId}`);
    return out;
  }
  const person =
    (caller && UPN_LIKE.test(caller) ? caller : null) ?? upn ?? (name && UPN_LIKE.test(name) ? name : null);
  if (person) {
    out.principal = person;
    out.type = 'user';
    if (oid) out.aliases.push(`entra|${oid}`);
    out.agent = appid;
    return out;
  }
  if (caller) {
    out.principal = entraId(caller);
    out.type = 'unknown';
    if (oid && oid !== out.principal) out.aliases.push(`entra|${oid}`);
    return out;
  }
  const evidence = get(authorization, 'evidence');
  const evType = str(key(evidence, 'principalType'));
  // Evidence writes object ids without dashes ("0b53b1b1d39b…"): the dashed form is how every other log names them.
  const evRaw = str(key(evidence, 'principalId'));
  const evId = entraId(
    evRaw && /^[0-9a-f]{32}$/i.test(evRaw)
      ? evRaw.replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5')
      : evRaw,
  );
  if (evId && evType && /^(user|serviceprincipal)$/i.test(evType)) {
    out.principal = evId;
    out.type = /^user$/i.test(evType) ? 'user' : 'app';
    return out;
  }
  const service = c.email ?? (category ? SERVICE_BY_CATEGORY[category.toLowerCase()] : undefined) ?? null;
  if (service) {
    out.principal = service;
    out.type = 'service';
    return out;
  }
  if (name || oid) {
    out.principal = name ?? oid;
    if (oid && oid !== out.principal) out.aliases.push(`entra|${oid}`);
  }
  return out;
}
