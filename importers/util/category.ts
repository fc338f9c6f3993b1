// Categories from operation names, for sources that name operations with verbs (AWS, GCP, Azure, generic):
// a few specific operations first (log tampering, credential issuance, sign-in), then the leading verb,
// sharpened by the noun (a write to a policy or role is a privilege change).
import type { Category } from '../../core/model/event.js';

const LOGGING =
  /(stoplogging|deletetrail|updatetrail|puteventselectors|putinsightselectors|deleteflowlogs|deletedetector|disablelogging|deleteloggroup|deletelogstream|deletesink|updatesink|disableaudit|auditpolicy|auditconfig|deleteauditlog|disable.*log)/i;
const CREDENTIAL =
  /(assumerole|getsessiontoken|getfederationtoken|createaccesskey|updateaccesskey|createloginprofile|updateloginprofile|generateaccesstoken|generateidtoken|signblob|signjwt|createserviceaccountkey|createtoken|tokenrequest|getsecretvalue|createsecret|putsecretvalue|addpassword|addkey|credential|issuecert|getcredentials)/i;
const AUTH = /(consolelogin|^login|login$|logon|signin|sign-in|authenticate|getsignintoken|switchrole|federate)/i;
const PRIVILEGE_NOUN = /(policy|policies|role|permission|grant|iam|member|group|privilege|admin|acl|owner)/i;
const CONFIG_NOUN =
  /(configuration|config|setting|securitygroup|firewall|network|route|encryption|lifecycle|versioning|logging|publicaccessblock|cors|website)/i;

const READ = new Set([
  'get',
  'list',
  'describe',
  'read',
  'head',
  'lookup',
  'fetch',
  'view',
  'download',
  'batchget',
  'watch',
  'check',
  'show',
  'retrieve',
  'test',
  'validate',
  'preview',
  'estimate',
  'simulate',
  'decode',
  'decrypt',
  'verify',
]);
const QUERY = new Set([
  'select',
  'query',
  'scan',
  'search',
  'filter',
  'execute_statement',
  'startquery',
  'startqueryexecution',
]);
const DELETE = new Set([
  'delete',
  'remove',
  'destroy',
  'terminate',
  'purge',
  'drop',
  'detach',
  'deregister',
  'disassociate',
  'revoke',
  'untag',
  'cancel',
]);
const WRITE = new Set([
  'create',
  'put',
  'update',
  'patch',
  'set',
  'add',
  'insert',
  'write',
  'upload',
  'copy',
  'modify',
  'start',
  'stop',
  'reboot',
  'enable',
  'disable',
  'restore',
  'import',
  'tag',
  'post',
  'replace',
  'attach',
  'associate',
  'register',
  'change',
  'reset',
  'apply',
  'rotate',
  'move',
  'rename',
  'send',
  'publish',
  'encrypt',
  'generate',
  'accept',
  'approve',
  'upsert',
  'merge',
  'grant',
  'assign',
  'invite',
]);
const EXEC = new Set([
  'invoke',
  'exec',
  'execute',
  'run',
  'runinstances',
  'sendcommand',
  'startsession',
  'ssh',
  'connect',
  'call',
  'attach_pod',
]);

/** The words of the operation's last segment: "google.iam.admin.v1.CreateRole" → ["create", "role"]. */
function words(operation: string): string[] {
  const last =
    operation
      .split(/[./:\s]/)
      .filter(Boolean)
      .pop() ?? operation;
  return last
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[\s_-]+/)
    .filter(Boolean);
}

/** Classifies an operation name; 'other' when nothing in it says what it does. */
export function categorize(operation: string): Category {
  const flat = operation.replace(/[\s_-]/g, '');
  if (LOGGING.test(flat)) return 'logging';
  if (CREDENTIAL.test(flat)) return 'credential';
  if (AUTH.test(flat)) return 'auth';
  const w = words(operation);
  const verb = w[0] ?? '';
  const noun = w.slice(1).join('');
  if (READ.has(verb)) return 'read';
  if (QUERY.has(verb)) return 'query';
  if (EXEC.has(verb)) return 'exec';
  if (DELETE.has(verb)) return PRIVILEGE_NOUN.test(noun) ? 'privilege' : CONFIG_NOUN.test(noun) ? 'config' : 'delete';
  if (WRITE.has(verb)) return PRIVILEGE_NOUN.test(noun) ? 'privilege' : CONFIG_NOUN.test(noun) ? 'config' : 'write';
  return 'other';
}

const cached = new Map<string, Category>();

/** categorize() behind a bounded cache: a file repeats a few hundred operation names millions of times. */
export function categorizeCached(operation: string): Category {
  let c = cached.get(operation);
  if (c === undefined) {
    c = categorize(operation);
    if (cached.size >= 8192) cached.clear();
    cached.set(operation, c);
  }
  return c;
}
