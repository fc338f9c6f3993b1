// Salesforce record ids: 15 characters, case-sensitive (EventLogFile USER_ID, CONNECTED_APP_ID), or 18 with a
// case-insensitive checksum suffix (USER_ID_DERIVED, the objects' UserId). One identity must be one string, so
// every id is written in its 18-character form (the suffix is computed, Salesforce's documented algorithm).
const SUFFIX = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const ID15 = /^[a-zA-Z0-9]{15}$/;
const ID18 = /^[a-zA-Z0-9]{18}$/;

export function id18(id: string | null): string | null {
  if (!id) return null;
  if (ID18.test(id)) return id;
  if (!ID15.test(id)) return id;
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let flags = 0;
    for (let j = 0; j < 5; j++) {
      const c = id.charCodeAt(chunk * 5 + j);
      if (c >= 65 && c <= 90) flags |= 1 << j;
    }
    suffix += SUFFIX[flags];
  }
  return id + suffix;
}
