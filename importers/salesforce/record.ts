// One Salesforce event in the terms both sources share, whichever wrote it: an EventLogFile CSV row (upper-case
// columns, one file per event type) or a Real-Time Event Monitoring object (LoginEvent, ApiEvent, ReportEvent…,
// camel-case fields). elf.ts and rtem.ts fill it; normalize.ts turns it into the normalized event.
export interface SfRecord {
  ts: number | null;
  /** The field the time came from, for the reject reason. */
  timeField: string;
  /** The event type: `Login`, `API`, `RestApi`, `BulkApi2`… (EventLogFile) or `LoginEvent`, `ApiEvent`… (objects). */
  kind: string;
  userId: string | null;
  username: string | null;
  userType: string | null;
  /** The connected app behind the call (18-character id) and its name as the log gives it. */
  appId: string | null;
  appName: string | null;
  loginKey: string | null;
  sessionKey: string | null;
  ip: string | null;
  userAgent: string | null;
  /** API method (`query`), HTTP method (`GET`), Bulk operation (`query`), object Operation (`Query`). */
  method: string | null;
  uri: string | null;
  /** The objects (sObjects) the event touched: `Account`, `Contact`… */
  entities: string[];
  query: string | null;
  /** Login status / request status / HTTP status / policy outcome, as written. */
  status: string | null;
  ok: boolean | null;
  rows: number | null;
  bytes: number | null;
  reportId: string | null;
  reportName: string | null;
  columns: string[];
  loginType: string | null;
  /** The application a login names (`Browser`, `Salesforce for iOS`, a connected app's name). */
  application: string | null;
  requestId: string | null;
  extra: string[];
}

export function emptyRecord(kind: string): SfRecord {
  return {
    ts: null,
    timeField: '',
    kind,
    userId: null,
    username: null,
    userType: null,
    appId: null,
    appName: null,
    loginKey: null,
    sessionKey: null,
    ip: null,
    userAgent: null,
    method: null,
    uri: null,
    entities: [],
    query: null,
    status: null,
    ok: null,
    rows: null,
    bytes: null,
    reportId: null,
    reportName: null,
    columns: [],
    loginType: null,
    application: null,
    requestId: null,
    extra: [],
  };
}

/** A count column: a non-negative integer, or null (empty, `-1`, text). */
export function countOf(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) && n >= 0 ? Math.floor(n) : null;
}

/** A list column: `[Account, Contact]`, `Account,Contact` or a JSON array. */
export function listOf(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((x) => typeof x === 'string' && x !== '');
  if (typeof v !== 'string') return [];
  const t = v.trim().replace(/^\[|\]$/g, '');
  return t === ''
    ? []
    : t
        .split(',')
        .map((s) => s.trim().replace(/^"|"$/g, ''))
        .filter(Boolean);
}
