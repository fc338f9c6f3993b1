// What an Azure operation does, from its name. Resource Manager names operations
// `<Namespace>/<type>[/<subtype>…]/<read|write|delete|action>`, the action's name in the segment before `action`
// (`Microsoft.Storage/storageAccounts/listKeys/action`); resource logs name theirs in one word (`GetBlob`,
// `SecretGet`). Case varies between exports of one log, so everything here ignores it.
import type { Category } from '../../core/model/event.js';
import { categorize } from '../util/category.js';

/** Actions that hand out a secret, key or credential: whoever calls them can act as something else afterwards. */
const CREDENTIAL_ACTION =
  /^(listkeys|listaccountsas|listservicesas|regeneratekey|getsecret|listsecrets|listclusteradmincredential|listclusterusercredential|listclustermonitoringusercredential|listcredential|listcredentials|publishxml|listpublishingcredentials|listsyncfunctiontriggerstatus|listkeys?|getaccesstoken|generatesastoken|listconnectionstrings|listadminkeys|listquerykeys|backup|getkeys|unwrapkey|decrypt|sign)$/;
const EXEC_ACTION = /^(runcommand|runcommands|invoke|execute|runshellscript|runpowershellscript|command)$/;
const PRIVILEGE_TYPE =
  /(roleassignments|roledefinitions|denyassignments|elevateaccess|classicadministrators|accesspolicies|federatedidentitycredentials|policyassignments|policyexemptions|roleeligibilityschedule|roleassignmentschedule)/;
const LOGGING_TYPE = /(diagnosticsettings|logprofiles|activitylogalerts|auditingsettings|datacollectionrules)/;
/** Resource types whose changes alter protections and exposure rather than content (networks, locks, policies). */
const CONFIG_TYPE =
  /(networksecuritygroups|securityrules|firewallrules|firewallpolicies|azurefirewalls|networkacls|virtualnetworkrules|networkrulesets|ipfirewallrules|locks|policydefinitions|policysetdefinitions|encryptionscopes|privateendpointconnections|publicipaddresses|managementpolicies|immutabilitypolicies|settings|configurations?|config$|\/config\/)/;
const READ_ACTIONS = /^(list|get|read|check|query|validate|export|download|search)/;

/** The lower-cased segments of an operation name. */
function segments(op: string): string[] {
  return op.toLowerCase().split('/').filter(Boolean);
}

const cache = new Map<string, Category>();

/** The category of an ARM operation (or of a resource log's one-word operation). */
export function operationCategory(op: string): Category {
  let c = cache.get(op);
  if (c === undefined) {
    c = classify(op);
    if (cache.size >= 4096) cache.clear();
    cache.set(op, c);
  }
  return c;
}

function classify(op: string): Category {
  const seg = segments(op);
  const verb = seg[seg.length - 1] ?? '';
  if (seg.length < 2 || !['read', 'write', 'delete', 'action'].includes(verb)) return wordCategory(op);
  const types = seg.slice(1, -1).join('/');
  if (LOGGING_TYPE.test(types) && verb !== 'read') return 'logging';
  if (verb === 'read') return 'read';
  if (PRIVILEGE_TYPE.test(types)) return 'privilege';
  // Resource Manager names its privilege types (above); a generic noun ("groups" in resourceGroups) says nothing.
  if (verb === 'delete') return CONFIG_TYPE.test(types) ? 'config' : 'delete';
  if (verb === 'write') return CONFIG_TYPE.test(types) ? 'config' : 'write';
  // An action: its name is the segment before "action".
  const name = seg[seg.length - 2] ?? '';
  if (CREDENTIAL_ACTION.test(name)) return 'credential';
  if (EXEC_ACTION.test(name)) return 'exec';
  if (READ_ACTIONS.test(name)) return 'read';
  return categorize(name);
}

function capital(s: string): string {
  return s.length === 0 ? s : s[0].toUpperCase() + s.slice(1);
}

const LEADING_VERB =
  /^(get|list|head|query|read|download|put|set|create|update|copy|append|write|upload|delete|remove|purge|undelete|restore|lease|snapshot|patch|flush|rename)/i;
const TRAILING_VERB =
  /(get|list|set|create|update|delete|remove|purge|restore|backup|import|encrypt|decrypt|sign|verify|wrapkey|unwrapkey|recover)$/i;

/** Resource-log operations in one word: a verb at the front (`GetBlob`, `deleteblob`) or the end (`SecretGet`). */
function wordCategory(op: string): Category {
  const c = categorize(op);
  if (c !== 'other') return c;
  const lead = LEADING_VERB.exec(op)?.[1];
  if (lead) return categorize(capital(lead.toLowerCase()) + 'X');
  const trail = TRAILING_VERB.exec(op)?.[1];
  if (trail) {
    const t = trail.toLowerCase();
    if (t === 'get' && /secret|key|certificate/i.test(op)) return 'credential';
    if (t === 'backup' || t === 'decrypt' || t === 'unwrapkey') return 'credential';
    return categorize(capital(t) + 'X');
  }
  return 'other';
}
