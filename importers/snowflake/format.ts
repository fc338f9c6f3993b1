// The `snowflake` format, declared once: see importers/descriptor.ts for what each field means.
import { defineFormat } from '../descriptor.js';

export const format = defineFormat({
  id: 'snowflake',
  title: 'Snowflake account usage',
  reads:
    'Snowflake `SNOWFLAKE.ACCOUNT_USAGE` LOGIN_HISTORY, SESSIONS, QUERY_HISTORY and ACCESS_HISTORY rows, as CSV or JSON',
  system: 'snowflake',
  statedAliasMethod: 'snowflake-key-fingerprint',
  states: { auth: true, actions: true },
  sessionKey: {
    // A successful login keys its own session (`login:<user>:<EVENT_ID>`); the SESSIONS row sits in it and issues
    // the SESSION_ID that keys every query of the session, so login → session → queries is one chain.
    fields: ['SESSION_ID', 'LOGIN_HISTORY.EVENT_ID = SESSIONS.LOGIN_EVENT_ID'],
    lifetime: 'session',
  },
  cannotRepresent: [
    'ACCESS_HISTORY has no SESSION_ID: its rows join their session only when the export adds it (README: the joined query); otherwise they are grouped by user and inactivity, tied to their query by QUERY_ID.',
    'Failed logins key no session (they open none): they are grouped by user, address and inactivity.',
    'Query profiles, credits, warehouse load, policies referenced and OBJECTS_MODIFIED column lineage stay in raw.',
  ],
  exportHow: [
    '`snowsql -c prod -o output_format=csv -o header=true -o timestamp_output_format=\'YYYY-MM-DD HH24:MI:SS.FF9 TZHTZM\' -q "SELECT * FROM SNOWFLAKE.ACCOUNT_USAGE.LOGIN_HISTORY WHERE EVENT_TIMESTAMP > DATEADD(day, -30, CURRENT_TIMESTAMP())" > login_history.csv` (the same for SESSIONS, QUERY_HISTORY, ACCESS_HISTORY)',
    "`COPY INTO @stage/query_history/ FROM (SELECT * FROM SNOWFLAKE.ACCOUNT_USAGE.QUERY_HISTORY WHERE START_TIME > …) FILE_FORMAT=(TYPE=CSV COMPRESSION=GZIP FIELD_OPTIONALLY_ENCLOSED_BY='\"' NULL_IF=()) HEADER=TRUE` then `GET @stage/query_history/ file:///evidence/`",
    '`snowsql -o output_format=json …` (a JSON array of rows)',
  ],
  corpus: { files: ['other/panther-snowflake-loginhistory-tests.jsonl'] },
  load: async () => (await import('./importer.js')).importer,
});
