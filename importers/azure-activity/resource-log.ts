// Azure Monitor resource logs that reach the same storage account or Event Hub as the Activity Log and share
// its top-level schema (`time`, `resourceId`, `operationName`, `category`, `callerIpAddress`, `identity`,
// `properties`): Storage (StorageRead/Write/Delete), Key Vault (AuditEvent) and any other service's, read by the
// common fields; AKS `kube-audit` records are Kubernetes audit events and are read as k8s-audit reads them.
import type { Facts, NormalizedEvent, Outcome, PrincipalType } from '../../core/model/event.js';
import { FACT } from '../../core/model/facts.js';
import { get, isObj, key, maybeJson, str, type Obj } from '../util/fields.js';
import { entraId } from '../util/entra.js';
import { ipOrNull } from '../util/net.js';
import { toMicros } from '../../core/model/time.js';
import { normalizeK8s } from '../k8s-audit/importer.js';
import { callerOf, readClaims } from './caller.js';
import { operationCategory } from './operation.js';
import { resourceTypeOf, subscriptionOf } from './record.js';

/** Diagnostic categories of the Activity Log itself (storage schema: Administrative is written Write/Delete/Action). */
export const ACTIVITY_CATEGORIES = new Set([
  'administrative',
  'write',
  'delete',
  'action',
  'policy',
  'security',
  'servicehealth',
  'resourcehealth',
  'alert',
  'autoscale',
  'recommendation',
]);

/** A resource log record rather than an Activity Log record: a storage request, a vault call, an AKS log. */
export function isResourceLog(v: Obj, category: string | null): boolean {
  if (category) return !ACTIVITY_CATEGORIES.has(category.toLowerCase());
  // Rule-test records without a category: a storage request names its account and object.
  const p = key(v, 'properties');
  return isObj(p) && (key(p, 'accountName') !== undefined || key(p, 'objectKey') !== undefined);
}

function outcomeOf(code: string | null, result: string | null): { outcome: Outcome; errorCode: string | null } {
  if (code && /^\d{3}$/.test(code)) {
    const n = Number(code);
    return n < 400 ? { outcome: 'success', errorCode: null } : { outcome: 'failure', errorCode: code };
  }
  if (result) {
    if (/^(success|succeeded|ok)/i.test(result)) return { outcome: 'success', errorCode: null };
    if (/^(fail|error|denied|unauthorized|forbidden)/i.test(result)) return { outcome: 'failure', errorCode: result };
  }
  return { outcome: 'unknown', errorCode: null };
}

interface StorageCaller {
  principal: string | null;
  type: PrincipalType;
  aliases: string[];
}

/**
 * A storage request's caller (`identity.type`): an Entra principal for OAuth (`requester`), the account key or
 * SAS token for shared-key access (named by the account and the key the token hash names: `key1`, `key2`), or
 * anonymous access. Storage logs never name a person for key or SAS access: whoever held the key.
 */
function storageCaller(identity: unknown, account: string | null): StorageCaller | null {
  if (!isObj(identity)) return null;
  const type = str(key(identity, 'type'));
  if (!type) return null;
  const t = type.toLowerCase();
  if (t === 'oauth' || t === 'kerberos') {
    const req = key(identity, 'requester');
    const upn = str(key(req, 'upn'));
    const oid = entraId(str(key(req, 'objectId')));
    const appId = entraId(str(key(req, 'appId')));
    const aliases: string[] = [];
    if (upn) {
      if (oid) aliases.push(`entra|${oid}`);
      return { principal: upn, type: 'user', aliases };
    }
    if (appId) aliases.push(`entra-app|${appId}`);
    return { principal: oid ?? appId, type: 'app', aliases };
  }
  if (t === 'anonymous') return { principal: 'anonymous', type: 'unknown', aliases: [] };
  // "key1(0123…)" for an account key; "SAS" tokens name the key they were signed with the same way.
  const hash = str(key(identity, 'tokenHash'));
  const signingKey = hash ? (/^(?:sas\s+)?(key\d)\b/i.exec(hash)?.[1] ?? null) : null;
  const where = account ?? 'storage account';
  return { principal: `${where}:${type}${signingKey ? `:${signingKey}` : ''}`, type: 'access_key', aliases: [] };
}

/** The object a request addressed, without the query (a SAS URL's signature must not become a name). */
function objectOf(v: Obj, props: Obj | null): string | null {
  const uri = str(key(v, 'uri')) ?? str(key(props, 'uri'));
  if (uri) {
    const q = uri.indexOf('?');
    return q < 0 ? uri : uri.slice(0, q);
  }
  const objectKey = str(key(props, 'objectKey'));
  return objectKey ? `azure-storage:${objectKey}` : null;
}

const READ_BYTES = /^(getblob|getfile|readfile|getblobcontent|getfilecontent|downloadblob|copyblob.*|getobject)$/i;

export function normalizeResourceLog(v: Obj, category: string | null): NormalizedEvent | string {
  if (category?.toLowerCase().startsWith('kube-audit')) return kubeAudit(v);
  const ts = toMicros(key(v, 'time'));
  if (ts === null) return 'no parseable timestamp (time)';
  const op = str(key(v, 'operationName'));
  if (!op) return 'no operationName: the record does not say what was done';
  const props = isObj(maybeJson(key(v, 'properties'))) ? (maybeJson(key(v, 'properties')) as Obj) : null;
  const identity = maybeJson(key(v, 'identity'));
  const account = str(key(props, 'accountName'));
  const resourceId = str(key(v, 'resourceId'));
  const facts: Facts = {};
  let principal: string | null;
  let type: PrincipalType;
  const aliases: string[] = [];
  const storage = storageCaller(identity, account);
  if (storage) {
    ({ principal, type } = storage);
    aliases.push(...storage.aliases);
  } else {
    // Key Vault writes `identity.claim`, others `identity.claims`: the same token claims as the Activity Log's.
    const claims = readClaims(key(identity, 'claim') ?? key(identity, 'claims'));
    const c = callerOf(claims, str(key(v, 'caller')), category);
    principal = c.principal;
    type = c.type;
    aliases.push(...c.aliases);
    if (c.agent) facts[FACT.agent] = c.agent;
  }
  if (aliases.length > 0) facts[FACT.alias] = aliases.join('\n');
  const tenant = str(key(v, 'tenantId'));
  const account_ = subscriptionOf(resourceId) ?? tenant;
  if (account_) facts[FACT.account] = account_;
  const corr = str(key(v, 'correlationId'));
  if (corr) facts[FACT.correlation] = corr;
  const code = str(key(v, 'statusCode')) ?? str(key(props, 'httpStatusCode')) ?? str(key(v, 'resultSignature'));
  const { outcome, errorCode } = outcomeOf(code, str(key(v, 'resultType')) ?? str(key(props, 'metricResponseType')));
  const object = objectOf(v, props);
  const category_ = operationCategory(op);
  if (object && outcome === 'success' && (category_ === 'read' || category_ === 'credential')) {
    // What a read returned: the storage log's response size is the bytes that left the account.
    facts[FACT.dataObjects] = object;
    const size = str(key(props, 'responseBodySize'));
    if (size && /^\d+$/.test(size) && READ_BYTES.test(op.replace(/[\s_-]/g, ''))) facts[FACT.dataBytes] = size;
  }
  const statusText = str(key(v, 'statusText')) ?? str(key(props, 'statusText'));
  const detail = [`${category ?? 'resource log'}: ${op}`];
  if (statusText && outcome === 'failure') detail.push(statusText);
  if (storage && type === 'access_key') detail.push(`shared-key access (${str(key(identity, 'type'))})`);
  return {
    ts,
    principal,
    principalType: type,
    sessionKey: null,
    action: op,
    category: category_,
    resource: object ?? (resourceId ? resourceId.toLowerCase() : null),
    resourceType:
      object?.startsWith('http') || object?.startsWith('azure-storage:')
        ? 'azure:storage-object'
        : resourceId
          ? resourceTypeOf(resourceId.toLowerCase())
          : null,
    outcome,
    errorCode,
    srcIp: ipOrNull(key(v, 'callerIpAddress')),
    userAgent: str(key(props, 'userAgentHeader')) ?? str(get(props, 'clientInfo')),
    detail: detail.join(' · '),
    facts,
  };
}

/** An AKS kube-audit record: the Kubernetes audit event in `properties.log`, normalized as k8s-audit does. */
function kubeAudit(v: Obj): NormalizedEvent | string {
  const props = maybeJson(key(v, 'properties'));
  const log = maybeJson(key(props, 'log'));
  if (!isObj(log)) return 'a kube-audit record whose properties.log holds no Kubernetes audit event';
  const ev = normalizeK8s([{ ev: log, wrapper: v }]);
  if (typeof ev === 'string') return ev;
  // This file's principals live in the Entra naming system; the Kubernetes user is stated in its own.
  if (ev.principal) {
    const facts = ev.facts ?? {};
    const k8s = `k8s|${ev.principal}`;
    facts[FACT.alias] = facts[FACT.alias] ? `${facts[FACT.alias]}\n${k8s}` : k8s;
    ev.facts = facts;
  }
  return ev;
}
