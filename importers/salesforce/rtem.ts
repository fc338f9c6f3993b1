// A Real-Time Event Monitoring object (LoginEvent, ApiEvent, ReportEvent, ListViewEvent, BulkApiResultEvent,
// UriEvent, LightningUriEvent…) as the REST API and `sf data query` return it — `{"attributes": {"type":
// "ApiEvent", "url": …}, "EventDate": …}` — or as a CSV of the same fields (`sf data query --result-format csv`,
// where the type is not named: it is told by the fields).
import { toMicros } from '../../core/model/time.js';
import { isObj, str } from '../util/fields.js';
import { ipOrNull } from '../util/net.js';
import { id18 } from './ids.js';
import { countOf, emptyRecord, listOf, type SfRecord } from './record.js';

type Obj = Record<string, unknown>;

function s(o: Obj, k: string): string | null {
  return str(o[k]);
}

/** The object's type: `attributes.type`, else told by its fields (CSV exports name no type). */
export function objectType(o: Obj): string | null {
  // Event Monitoring objects are named …Event (LoginEvent, ApiEvent, ReportEvent, ListViewEvent…).
  const t = isObj(o.attributes) ? str(o.attributes.type) : null;
  if (t && /Event$/.test(t)) return t;
  if (o.EventDate === undefined) return null;
  if (o.LoginType !== undefined || o.LoginUrl !== undefined) return 'LoginEvent';
  if (o.ReportId !== undefined || o.ColumnHeaders !== undefined) return 'ReportEvent';
  if (o.ListViewId !== undefined) return 'ListViewEvent';
  if (o.Query !== undefined || o.QueriedEntities !== undefined || o.ApiType !== undefined) return 'ApiEvent';
  return o.EventIdentifier !== undefined ? 'RealTimeEvent' : null;
}

export function fromObject(o: Obj, kind: string): SfRecord {
  const r = emptyRecord(kind);
  r.ts = toMicros(s(o, 'EventDate') ?? s(o, 'CreatedDate'));
  r.timeField = 'EventDate';
  r.userId = id18(s(o, 'UserId'));
  r.username = s(o, 'Username');
  r.userType = s(o, 'UserType');
  r.appId = id18(s(o, 'ConnectedAppId'));
  r.appName = s(o, 'Client') ?? s(o, 'Application');
  r.loginKey = s(o, 'LoginKey');
  r.sessionKey = s(o, 'SessionKey');
  r.ip = ipOrNull(s(o, 'SourceIp')) ?? ipOrNull(s(o, 'ForwardedForIp'));
  r.userAgent = s(o, 'UserAgent') ?? s(o, 'Browser');
  r.requestId = s(o, 'EventIdentifier');
  r.uri = s(o, 'Uri') ?? s(o, 'LoginUrl');
  r.query = s(o, 'Query');
  r.entities = listOf(o.QueriedEntities);
  r.rows = countOf(o.RowsProcessed) ?? countOf(o.RowsReturned);
  r.method = s(o, 'Operation') ?? s(o, 'HttpMethod');
  r.loginType = s(o, 'LoginType');
  const api = s(o, 'ApiType');
  if (api) r.extra.push(api);
  const policy = s(o, 'PolicyOutcome');
  switch (kind) {
    case 'LoginEvent':
    case 'LoginAsEvent':
    case 'LogoutEvent':
      // A login's own app is its Application ("Browser", "Salesforce for iOS", a connected app's name).
      r.appName = null;
      r.application = s(o, 'Application');
      r.status = s(o, 'Status');
      r.ok = r.status === null ? null : r.status === 'Success';
      break;
    case 'ReportEvent':
      r.reportId = id18(s(o, 'ReportId'));
      r.reportName = s(o, 'Name');
      r.columns = listOf(o.ColumnHeaders);
      if (s(o, 'ExportFileFormat')) r.extra.push(`exported as ${s(o, 'ExportFileFormat')}`);
      if (s(o, 'EventSource')) r.extra.push(`from ${s(o, 'EventSource')}`);
      r.ok = true;
      break;
    default:
      r.ok = true;
  }
  if (countOf(o.RowsReturned) !== null && countOf(o.RowsProcessed) !== null)
    r.extra.push(`${countOf(o.RowsReturned)} rows returned`);
  if (policy && /block|error|failure/i.test(policy)) {
    r.ok = false;
    r.status = `policy ${policy}`;
  }
  return r;
}
