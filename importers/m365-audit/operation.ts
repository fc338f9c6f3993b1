// What a unified audit operation does, and whether it worked. Workloads name operations three ways: Exchange
// cmdlets (`Set-Mailbox`, `New-InboxRule`), Entra sentences (`Add member to role.`), and past-tense events
// (`FileDownloaded`, `MailItemsAccessed`, `UserLoggedIn`).
import type { Category, Outcome } from '../../core/model/event.js';
import { categorize } from '../util/category.js';

/** Operations whose category their name does not say, or says wrongly, by lower-cased name. */
const KNOWN: Record<string, Category> = {
  userloggedin: 'auth',
  userloginfailed: 'auth',
  mailboxlogin: 'auth',
  teamssessionstarted: 'auth',
  signinevent: 'auth',
  mailitemsaccessed: 'read',
  folderbind: 'read',
  messagebind: 'read',
  searchqueryperformed: 'query',
  searchqueryinitiatedexchange: 'query',
  searchqueryinitiatedsharepoint: 'query',
  searchcreated: 'query',
  searchstarted: 'query',
  searchexportdownloaded: 'read',
  searchexported: 'read',
  send: 'write',
  sendas: 'write',
  sendonbehalf: 'write',
  create: 'write',
  update: 'write',
  copy: 'write',
  move: 'write',
  movetodeleteditems: 'delete',
  softdelete: 'delete',
  harddelete: 'delete',
  'set-mailbox': 'config',
  'new-inboxrule': 'config',
  'set-inboxrule': 'config',
  updateinboxrules: 'config',
  'new-transportrule': 'config',
  'set-transportrule': 'config',
  'set-adminauditlogconfig': 'logging',
  'set-mailboxauditbypassassociation': 'logging',
  'set-organizationconfig': 'config',
  'add service principal credentials.': 'credential',
  'remove service principal credentials.': 'credential',
  'reset user password.': 'credential',
  'change user password.': 'credential',
  'set federation settings on domain.': 'config',
  'set domain authentication.': 'config',
  'consent to application.': 'privilege',
  sharingset: 'privilege',
  sharinginvitationcreated: 'privilege',
  anonymouslinkcreated: 'privilege',
  companylinkcreated: 'privilege',
  securelinkcreated: 'privilege',
  addedtosecurelink: 'privilege',
  sitecollectionadminadded: 'privilege',
  memberadded: 'privilege',
  memberrolechanged: 'privilege',
};

const PRIVILEGE_NOUN = /(permission|role|member|owner|admin|delegat|grant|consent|sharing|share)/i;
const CONFIG_NOUN = /(rule|config|policy|setting|connector|forwarding|federation|domain|transport)/i;
const LOGGING_NOUN = /(audit|log)/i;
const READ_PAST =
  /(accessed|accessedextended|downloaded|downloadedfull|downloadedpartial|viewed|viewedextended|previewed|read|listed|retrieved|exported|opened)$/i;
const WRITE_PAST =
  /(uploaded|modified|modifiedextended|created|renamed|moved|copied|added|updated|changed|restored|checkedin|checkedout|sent|posted|edited|installed)$/i;
const DELETE_PAST = /(deleted|removed|recycled|deletedfirststagerecyclebin|deletedsecondstagerecyclebin)$/i;
const SHARE = /(shar|linkcreated|linkused|invitation)/i;

const cache = new Map<string, Category>();

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
  const lower = op.trim().toLowerCase();
  const known = KNOWN[lower];
  if (known) return known;
  // An Exchange / Purview cmdlet: Verb-Noun.
  const cmdlet = /^([a-z]+)-([a-z]+)$/i.exec(op.trim());
  if (cmdlet) {
    const [, verb, noun] = cmdlet;
    const v = verb.toLowerCase();
    if (v === 'get' || v === 'export' || v === 'test') return 'read';
    if (v === 'search') return 'query';
    if (v === 'start' || v === 'invoke') return 'exec';
    const removal = v === 'remove' || v === 'disable';
    if (PRIVILEGE_NOUN.test(noun)) return 'privilege';
    if (LOGGING_NOUN.test(noun) && (removal || v === 'set')) return 'logging';
    if (CONFIG_NOUN.test(noun)) return 'config';
    return removal ? 'delete' : 'write';
  }
  // An Entra sentence ("Add member to role.", "Update application – Certificates and secrets management ").
  if (/\s/.test(lower)) {
    if (/certificates and secrets|credential|password/.test(lower)) return 'credential';
    if (/role|permission|grant|consent|owner|member/.test(lower)) return 'privilege';
    if (/polic|federation|domain|setting|authentication method/.test(lower)) return 'config';
    const c = categorize(lower.split(/\s+/)[0] + 'X');
    return c === 'other' ? 'write' : c;
  }
  if (SHARE.test(lower) || /permission|memberadded|adminadded|roleadded/.test(lower)) return 'privilege';
  if (READ_PAST.test(lower)) return 'read';
  if (DELETE_PAST.test(lower)) return 'delete';
  if (WRITE_PAST.test(lower)) return 'write';
  return categorize(op);
}

/** Failed logons and refused operations, from the record's result fields. */
export function outcomeOf(
  op: string,
  resultStatus: string | null,
  logonError: string | null,
  statesNoResult: boolean,
): { outcome: Outcome; errorCode: string | null } {
  if (op.length === 15 && op.toLowerCase() === 'userloginfailed')
    return { outcome: 'failure', errorCode: logonError ?? resultStatus };
  if (resultStatus) {
    const s = resultStatus.toLowerCase().replace(/\s+/g, '');
    if (s === 'succeeded' || s === 'success' || s === 'true' || s === 'partiallysucceeded')
      return { outcome: 'success', errorCode: null };
    if (s === 'failed' || s === 'failure' || s === 'false') return { outcome: 'failure', errorCode: logonError };
  }
  if (logonError) return { outcome: 'failure', errorCode: logonError };
  // SharePoint, OneDrive and Teams log operations that took place and state no result.
  return { outcome: statesNoResult ? 'success' : 'unknown', errorCode: null };
}
