// The `salesforce` format, declared once: see importers/descriptor.ts for what each field means.
import { defineFormat } from '../descriptor.js';

export const format = defineFormat({
  id: 'salesforce',
  title: 'Salesforce Event Monitoring',
  reads:
    'Salesforce Event Monitoring: EventLogFile CSVs (Login, API, RestApi, BulkApi, BulkApi2, Report, ReportExport, URI, LightningInteraction…) and Real-Time Event Monitoring objects (LoginEvent, ApiEvent, ReportEvent…) as query results or CSV',
  system: 'salesforce',
  statedAliasMethod: 'salesforce-user-ids',
  states: { auth: true, actions: true },
  sessionKey: { fields: ['LOGIN_KEY', 'SESSION_KEY', 'LoginKey', 'SessionKey'], lifetime: 'session' },
  cannotRepresent: [
    'EventLogFile timing columns (RUN_TIME, CPU_TIME, DB_TOTAL_TIME…), TLS details and the raw `Records` JSON of ApiEvent/ReportEvent stay in raw.',
    'A Report event’s bytes are not stated (AVERAGE_ROW_SIZE × ROW_COUNT is an estimate): only its rows count.',
    'Salesforce-internal addresses (“Salesforce.com IP”) are no address.',
  ],
  exportHow: [
    '`sf data query -o ORG -q "SELECT Id, EventType, LogDate FROM EventLogFile WHERE LogDate = LAST_N_DAYS:30" --json`, then each file: `curl -H "Authorization: Bearer $TOKEN" "$INSTANCE/services/data/v62.0/sobjects/EventLogFile/<Id>/LogFile" -o <EventType>-<Id>.csv`',
    '`sf data query -o ORG -q "SELECT FIELDS(ALL) FROM ApiEvent WHERE EventDate = LAST_N_DAYS:7 LIMIT 200" --json > apievent.json` (or `--result-format csv`); the same for LoginEvent, ReportEvent',
    'REST: `curl -H "Authorization: Bearer $TOKEN" "$INSTANCE/services/data/v62.0/query?q=SELECT+…+FROM+LoginEvent"` (save each page; follow `nextRecordsUrl`)',
  ],
  corpus: {},
  load: async () => (await import('./importer.js')).importer,
});
