// An EventLogFile row (the CSV an EventLogFile's LogFile holds): every file has its event type's own columns, all
// share EVENT_TYPE, TIMESTAMP(_DERIVED), USER_ID(_DERIVED), SESSION_KEY, LOGIN_KEY, CLIENT_IP, REQUEST_ID. Columns
// read per type: README.md.
import { toMicros } from '../../core/model/time.js';
import { ipOrNull } from '../util/net.js';
import { id18 } from './ids.js';
import { countOf, emptyRecord, listOf, type SfRecord } from './record.js';

type Row = Record<string, unknown>;

function s(row: Row, k: string): string | null {
  const v = row[k];
  if (typeof v === 'string') return v === '' ? null : v;
  if (typeof v === 'number') return String(v);
  return null;
}

/** `TIMESTAMP` is `yyyyMMddHHmmss.SSS` in UTC; `TIMESTAMP_DERIVED` the same instant in ISO 8601. */
function timeOf(row: Row): { ts: number | null; field: string } {
  const derived = s(row, 'TIMESTAMP_DERIVED');
  if (derived) return { ts: toMicros(derived), field: 'TIMESTAMP_DERIVED' };
  const raw = s(row, 'TIMESTAMP');
  const m = raw ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d{1,3}))?$/.exec(raw) : null;
  if (!m) return { ts: null, field: 'TIMESTAMP' };
  return {
    ts: toMicros(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${(m[7] ?? '0').padEnd(3, '0')}Z`),
    field: 'TIMESTAMP',
  };
}

/** REQUEST_STATUS: S success, F failure, A authorization error, N not found, R redirect, U undefined. */
function requestOk(status: string | null, http: string | null): boolean | null {
  if (http && /^\d{3}$/.test(http)) return Number(http) < 400;
  switch (status) {
    case 'S':
    case 'R':
      return true;
    case 'F':
    case 'A':
    case 'N':
      return false;
    default:
      return null;
  }
}

export function fromEventLogFile(row: Row): SfRecord {
  const kind = s(row, 'EVENT_TYPE') ?? 'Unknown';
  const r = emptyRecord(kind);
  const t = timeOf(row);
  r.ts = t.ts;
  r.timeField = t.field;
  r.userId = id18(s(row, 'USER_ID_DERIVED') ?? s(row, 'USER_ID'));
  r.username = s(row, 'USER_NAME');
  r.userType = s(row, 'USER_TYPE');
  r.appId = id18(s(row, 'CONNECTED_APP_ID'));
  r.appName = s(row, 'CONNECTED_APP_NAME') ?? s(row, 'CLIENT_NAME');
  r.loginKey = s(row, 'LOGIN_KEY');
  r.sessionKey = s(row, 'SESSION_KEY');
  r.ip = ipOrNull(s(row, 'CLIENT_IP')) ?? ipOrNull(s(row, 'SOURCE_IP'));
  r.userAgent = s(row, 'USER_AGENT') ?? s(row, 'BROWSER_TYPE');
  r.requestId = s(row, 'REQUEST_ID');
  r.uri = s(row, 'URI') ?? s(row, 'API_RESOURCE') ?? s(row, 'PAGE_URL');
  r.query = s(row, 'QUERY') ?? s(row, 'SOQL_QUERIES');
  const entity = s(row, 'ENTITY_NAME') ?? s(row, 'ENTITY_TYPE');
  r.entities = entity ? listOf(entity) : [];
  r.loginType = s(row, 'LOGIN_TYPE');
  switch (kind) {
    case 'Login':
    case 'LoginAs':
    case 'Logout': {
      r.status = s(row, 'LOGIN_STATUS') ?? s(row, 'REQUEST_STATUS');
      r.ok = r.status === null ? null : r.status === 'LOGIN_NO_ERROR' || r.status === 'S';
      const auth = s(row, 'AUTHENTICATION_METHOD_REFERENCE');
      if (auth) r.extra.push(`auth method ${auth}`);
      const delegated = s(row, 'DELEGATED_USER_NAME') ?? s(row, 'DELEGATED_USER_ID');
      if (delegated) r.extra.push(`by ${delegated}`);
      break;
    }
    case 'API':
      r.method = s(row, 'METHOD_NAME');
      r.status = s(row, 'REQUEST_STATUS');
      r.ok = requestOk(r.status, null);
      r.rows = countOf(row.ROWS_PROCESSED);
      r.bytes = countOf(row.RESPONSE_SIZE);
      break;
    case 'RestApi':
    case 'ApexRestApi':
      r.method = s(row, 'METHOD') ?? s(row, 'HTTP_METHOD');
      r.status = s(row, 'STATUS_CODE') ?? s(row, 'REQUEST_STATUS');
      r.ok = requestOk(s(row, 'REQUEST_STATUS'), s(row, 'STATUS_CODE'));
      r.rows = countOf(row.ROWS_PROCESSED);
      r.bytes = countOf(row.RESPONSE_SIZE);
      break;
    case 'BulkApi':
    case 'BulkApi2':
    case 'BulkApiRequest': {
      r.method = s(row, 'OPERATION_TYPE');
      r.rows = countOf(row.ROWS_PROCESSED);
      const failed = countOf(row.NUMBER_FAILURES);
      r.status = failed ? `${failed} records failed` : (s(row, 'REQUEST_STATUS') ?? s(row, 'JOB_STATUS'));
      r.ok = failed ? false : requestOk(s(row, 'REQUEST_STATUS'), null);
      if (s(row, 'JOB_ID')) r.extra.push(`job ${s(row, 'JOB_ID')}`);
      break;
    }
    case 'Report':
      r.reportId = id18(s(row, 'REPORT_ID_DERIVED') ?? s(row, 'REPORT_ID'));
      r.rows = countOf(row.ROW_COUNT);
      r.status = s(row, 'REQUEST_STATUS');
      r.ok = requestOk(r.status, null);
      if (s(row, 'AVERAGE_ROW_SIZE')) r.extra.push(`average row ${s(row, 'AVERAGE_ROW_SIZE')} bytes`);
      break;
    case 'ReportExport':
      r.reportId = id18(s(row, 'REPORT_ID_DERIVED') ?? s(row, 'URI_ID_DERIVED'));
      r.reportName = s(row, 'REPORT_DESCRIPTION');
      r.ok = true;
      if (s(row, 'CLIENT_INFO')) r.extra.push(`client ${s(row, 'CLIENT_INFO')}`);
      break;
    case 'LightningInteraction':
      r.method = s(row, 'UI_EVENT_TYPE') ?? s(row, 'UI_EVENT_SOURCE');
      r.uri = s(row, 'PAGE_URL') ?? s(row, 'PAGE_CONTEXT') ?? r.uri;
      r.ok = true;
      break;
    default:
      r.method = s(row, 'METHOD_NAME') ?? s(row, 'METHOD') ?? s(row, 'OPERATION_TYPE') ?? s(row, 'HTTP_METHOD');
      r.status = s(row, 'REQUEST_STATUS') ?? s(row, 'STATUS_CODE');
      r.ok = requestOk(s(row, 'REQUEST_STATUS'), s(row, 'STATUS_CODE'));
      r.rows = countOf(row.ROWS_PROCESSED);
  }
  return r;
}
