// Categories from operation names, for sources that name operations with verbs (AWS, GCP, Azure, generic):
// a few specific operations first (log tampering, credential issuance, sign-in), then the leading verb,
// sharpened by the noun (a write to a policy or role is a privilege change).
import type { Category } from '../../core/model/event.js';

const LOGGING =
  /(stoplogging|deletetrail|updatetrail|puteventselectors|putinsightselectors|deleteflowlogs|deletedetector|disablelogging|deleteloggroup|deletelogstream|deletesink|updatesink|disableaudit|auditpolicy|auditconfig|deleteauditlog)/i;
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

const isUpper = (c: number) => c >= 65 && c <= 90;
const isLower = (c: number) => c >= 97 && c <= 122;
const isDigit = (c: number) => c >= 48 && c <= 57;

/**
 * The words of the operation's last segment: "google.iam.admin.v1.CreateRole" → ["create", "role"],
 * "GetAPIKeys" → ["get", "api", "keys"]. One pass over the characters: a name is log content, and a regex that
 * backtracks over a run of capitals took minutes on one 200 KB record (issue 15 §3).
 */
export function words(operation: string): string[] {
  let end = operation.length;
  // The last segment: after the last `.`, `/`, `:` or whitespace that is followed by something.
  while (end > 0 && isSegmentBreak(operation.charCodeAt(end - 1))) end--;
  let start = end;
  while (start > 0 && !isSegmentBreak(operation.charCodeAt(start - 1))) start--;
  // Nothing but separators: the whole name is the segment (split at whitespace like `_` and `-`).
  if (end === 0) end = operation.length;
  const out: string[] = [];
  let word = '';
  const flush = () => {
    if (word !== '') out.push(word.toLowerCase());
    word = '';
  };
  for (let i = start; i < end; i++) {
    const c = operation.charCodeAt(i);
    if (c === 95 /* _ */ || c === 45 /* - */ || isSpace(c)) {
      flush();
      continue;
    }
    if (isUpper(c) && word !== '') {
      const prev = operation.charCodeAt(i - 1);
      // camelCase / digit boundary ("createRole", "v1Create"), and the end of an acronym ("APIKeys": "API" | "Keys").
      if (isLower(prev) || isDigit(prev) || (isUpper(prev) && i + 1 < end && isLower(operation.charCodeAt(i + 1))))
        flush();
    }
    word += operation[i];
  }
  flush();
  return out;
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

function isSegmentBreak(c: number): boolean {
  return c === 46 || c === 47 || c === 58 || isSpace(c);
}

/** `disable…log` anywhere, found with two scans instead of a backtracking `disable.*log`. */
function disablesLogging(lower: string): boolean {
  const d = lower.indexOf('disable');
  return d >= 0 && lower.indexOf('log', d + 7) >= 0;
}

/** Classifies an operation name; 'other' when nothing in it says what it does. */
export function categorize(operation: string): Category {
  const flat = operation.replace(/[\s_-]/g, '');
  if (LOGGING.test(flat) || disablesLogging(flat.toLowerCase())) return 'logging';
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
