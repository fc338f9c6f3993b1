// What a read exposed, where the record states it: the mail items of a MailItemsAccessed record (Exchange
// aggregates the items one client read within a short window into one record: `Folders[].FolderItems`, and the
// count in `OperationCount`), and the file a SharePoint / OneDrive access or download read (`ObjectId`, and its
// size where the record carries `FileSizeBytes`).
import type { Facts } from '../../core/model/event.js';
import { FACT } from '../../core/model/facts.js';
import { isObj, key, maybeJson, str } from '../util/fields.js';

export interface MailAccess {
  /** Items listed in the record (Bind access names each one). */
  listed: number;
  /** `OperationCount`: how many accesses the record aggregates, when stated. */
  operationCount: number | null;
  folders: string[];
  bytes: number | null;
  /** Bind (items opened one by one) or Sync (a folder synchronized: every item in it, none listed). */
  accessType: string | null;
  throttled: boolean;
}

function nameValue(list: unknown, name: string): string | null {
  const l = maybeJson(list);
  if (!Array.isArray(l)) return null;
  for (const x of l) if (str(key(x, 'Name'))?.toLowerCase() === name.toLowerCase()) return str(key(x, 'Value'));
  return null;
}

function count(v: unknown): number | null {
  const s = str(v);
  return s !== null && /^\d+$/.test(s) ? Number(s) : null;
}

export function mailAccessOf(get: (k: string) => unknown): MailAccess {
  const folders = maybeJson(get('Folders'));
  let listed = 0;
  let bytes: number | null = null;
  const paths: string[] = [];
  if (Array.isArray(folders)) {
    for (const f of folders) {
      if (!isObj(f)) continue;
      const path = str(key(f, 'Path')) ?? str(key(f, 'Id'));
      if (path && !paths.includes(path)) paths.push(path);
      const items = maybeJson(key(f, 'FolderItems'));
      if (!Array.isArray(items)) continue;
      listed += items.length;
      for (const it of items) {
        const size = count(key(it, 'SizeInBytes'));
        if (size !== null) bytes = (bytes ?? 0) + size;
      }
    }
  }
  const props = get('OperationProperties');
  return {
    listed,
    operationCount: count(get('OperationCount')),
    folders: paths,
    bytes,
    accessType: nameValue(props, 'MailAccessType'),
    throttled: nameValue(props, 'IsThrottled')?.toLowerCase() === 'true',
  };
}

/**
 * Data facts of a MailItemsAccessed record: `data_items` is the larger of the items listed and `OperationCount`
 * (a record never lists more than it aggregates, and may list fewer), `data_objects` the folders as
 * `<mailbox>:<path>`, `data_bytes` the listed items' sizes when the record states them.
 */
export function mailFacts(m: MailAccess, mailbox: string | null, facts: Facts): void {
  const items = Math.max(m.listed, m.operationCount ?? 0);
  if (items > 0) facts[FACT.dataItems] = String(items);
  if (m.folders.length > 0)
    facts[FACT.dataObjects] = m.folders.map((p) => (mailbox ? `${mailbox}:${p}` : p)).join('\n');
  if (m.bytes !== null) facts[FACT.dataBytes] = String(m.bytes);
  if (m.accessType) facts.mail_access_type = m.accessType;
}

/** The human summary of a mail access, for the event's detail. */
export function mailDetail(m: MailAccess): string {
  const parts: string[] = [];
  const items = Math.max(m.listed, m.operationCount ?? 0);
  if (m.accessType?.toLowerCase() === 'sync')
    parts.push(
      `synchronized ${m.folders.length === 1 ? `folder ${m.folders[0]}` : `${m.folders.length} folders`} (every item in it)`,
    );
  else if (items > 0) parts.push(`${items} item${items === 1 ? '' : 's'} in ${m.folders.join(', ') || 'the mailbox'}`);
  if (m.operationCount !== null && m.listed > 0 && m.operationCount !== m.listed)
    parts.push(`${m.listed} listed, OperationCount ${m.operationCount}`);
  if (m.throttled)
    parts.push("throttled: Exchange stopped logging this client's accesses for 24 hours, counts are incomplete");
  return parts.join(' · ');
}

const FILE_READS =
  /^(fileaccessed|fileaccessedextended|filedownloaded|filepreviewed|filesyncdownloadedfull|filesyncdownloadedpartial|filecopied|downloadfile)$/i;

/** A SharePoint / OneDrive file read: the file, and its size when stated. */
export function fileFacts(op: string, get: (k: string) => unknown, facts: Facts): void {
  if (!FILE_READS.test(op)) return;
  const object = str(get('ObjectId')) ?? str(get('OfficeObjectId'));
  if (object) facts[FACT.dataObjects] = object;
  const size = count(get('FileSizeBytes')) ?? count(get('FileSize'));
  if (size !== null) facts[FACT.dataBytes] = String(size);
}
