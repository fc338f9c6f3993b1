// What Entra ID sign-in and audit records share: the two export shapes (diagnostic settings with a
// `properties` object; Log Analytics / Sentinel tables with flat PascalCase columns, some holding JSON text),
// telling the two record families apart (Event Hub streams mix them), tenant and caller address.
import { isObj, key, maybeJson, str, type Obj } from './fields.js';
import { ipOrNull } from './net.js';

export type SignInKind = 'user' | 'sp' | 'mi';

/** Diagnostic-settings categories, and the Log Analytics table names that hold the same records. */
const SIGNIN_CATEGORIES: Record<string, SignInKind> = {
  signinlogs: 'user',
  noninteractiveusersigninlogs: 'user',
  serviceprincipalsigninlogs: 'sp',
  managedidentitysigninlogs: 'mi',
  aadnoninteractiveusersigninlogs: 'user',
  aadserviceprincipalsigninlogs: 'sp',
  aadmanagedidentitysigninlogs: 'mi',
};

/** The record's own fields: `properties` in diagnostic exports, the row itself in Log Analytics exports. */
export function entraProps(v: Obj): Obj {
  const p = maybeJson(key(v, 'properties'));
  return isObj(p) ? p : v;
}

/** Why a record's `properties` cannot be read, or null (absent is fine: Log Analytics rows are flat). */
export function propsProblem(v: Obj): string | null {
  const p = key(v, 'properties');
  if (p === undefined || p === null || isObj(maybeJson(p))) return null;
  return `properties is ${Array.isArray(p) ? 'a list' : `a ${typeof p}`}, not an object: the record's details cannot be read`;
}

/** Which sign-in log a record comes from, or null when it is not a sign-in record. */
export function signInKind(v: Obj): SignInKind | null {
  const cat = str(key(v, 'category'));
  const byCat = cat ? SIGNIN_CATEGORIES[cat.toLowerCase()] : undefined;
  if (byCat) return byCat;
  const table = str(v.Type);
  const byTable = table ? SIGNIN_CATEGORIES[table.toLowerCase()] : undefined;
  return byTable ?? null;
}

/** Audit records: category AuditLogs / table AuditLogs, or the audit properties under another category name. */
export function isEntraAudit(v: Obj): boolean {
  if (str(key(v, 'category')) === 'AuditLogs' || str(v.Type) === 'AuditLogs') return true;
  // Otherwise the audit columns themselves, nested (diagnostic export) or flat (a Log Analytics row whose Type
  // column was overwritten by a projection, as in the OTRF Golden SAML dataset).
  const p = entraProps(v);
  return (
    (key(p, 'initiatedBy') !== undefined || key(p, 'activityDisplayName') !== undefined) &&
    key(p, 'activityDateTime') !== undefined
  );
}

export function tenantOf(v: Obj): string | null {
  return str(key(v, 'tenantId')) ?? str(key(v, 'AADTenantId')) ?? str(key(entraProps(v), 'homeTenantId'));
}

/**
 * The caller address. Entra prints some IPv6 callers with a stray "::" in front of all eight groups
 * ("::2a02:cf40:add:4002:91f2:a9b2:e09a:6fc6"), which is not an address as written: the eight groups are.
 */
export function entraIp(raw: unknown): string | null {
  const ip = ipOrNull(raw);
  if (ip || typeof raw !== 'string' || !raw.startsWith('::')) return ip;
  const rest = ipOrNull(raw.slice(2));
  return rest && rest.includes(':') ? rest : null;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * An Entra object / application / credential id as both importers state it: a GUID in lower case (as Entra itself
 * writes them; some SIEM exports upper-case GUID columns), anything else as written. The credential key id an audit
 * record states as `issued_key` (`KeyIdentifier=…`) is the sign-ins' `servicePrincipalCredentialKeyId` session key.
 */
export function entraId(raw: string | null): string | null {
  if (raw === null) return null;
  const t = raw.trim();
  return GUID.test(t) ? t.toLowerCase() : raw;
}
