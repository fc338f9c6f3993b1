// Synthetic Snowflake QUERY_HISTORY rows (CSV with its header, as SnowSQL or COPY INTO writes them) for the importer
// bench: a few service users and analysts running selects, unloads, DML and grants in their sessions, with quoted
// multi-line query text, row and byte counts and the odd failure.
import { prng } from '../../bench/lib/random.js';

const HEADER =
  'QUERY_ID,QUERY_TEXT,DATABASE_ID,DATABASE_NAME,SCHEMA_ID,SCHEMA_NAME,QUERY_TYPE,SESSION_ID,USER_NAME,ROLE_NAME,WAREHOUSE_ID,WAREHOUSE_NAME,WAREHOUSE_SIZE,WAREHOUSE_TYPE,CLUSTER_NUMBER,QUERY_TAG,EXECUTION_STATUS,ERROR_CODE,ERROR_MESSAGE,START_TIME,END_TIME,TOTAL_ELAPSED_TIME,BYTES_SCANNED,PERCENTAGE_SCANNED_FROM_CACHE,BYTES_WRITTEN,BYTES_WRITTEN_TO_RESULT,BYTES_READ_FROM_RESULT,ROWS_PRODUCED,ROWS_INSERTED,ROWS_UPDATED,ROWS_DELETED,ROWS_UNLOADED,BYTES_DELETED,OUTBOUND_DATA_TRANSFER_CLOUD,OUTBOUND_DATA_TRANSFER_REGION,OUTBOUND_DATA_TRANSFER_BYTES,QUERY_HASH';

const csv = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

function stamp(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '000000 +0000');
}

export function generate(n: number, seed: number): string[] {
  const rnd = prng(seed);
  const pick = <T>(a: T[]): T => a[Math.floor(rnd() * a.length)];
  const hex = (len: number) => Array.from({ length: len }, () => '0123456789abcdef'[Math.floor(rnd() * 16)]).join('');
  const users = [
    { name: 'SVC_ETL', role: 'ETL_ROLE' },
    { name: 'SVC_DBT', role: 'TRANSFORMER' },
    { name: 'JDOE', role: 'ANALYST' },
    { name: 'TABLEAU_SVC', role: 'REPORTING' },
  ].map((u) => ({ ...u, session: 17208413652217000 + Math.floor(rnd() * 999) }));
  const tables = ['CUSTOMERS.PUBLIC.CUSTOMER_PII', 'SALES.CORE.ORDERS', 'FINANCE.GL.JOURNAL', 'HR.PAYROLL.SALARIES'];
  const out = [HEADER];
  let t = Date.parse('2026-03-01T00:00:00Z');
  for (let i = 0; i < n; i++) {
    t += Math.floor(rnd() * 2000);
    const u = pick(users);
    if (rnd() < 0.01) u.session += 1;
    const table = pick(tables);
    const [db, schema] = table.split('.');
    const r = rnd();
    let type: string, text: string;
    if (r < 0.7) {
      type = 'SELECT';
      text = `SELECT id, email, created_at\nFROM ${table}\nWHERE created_at > DATEADD(day, -${1 + (i % 30)}, CURRENT_DATE())`;
    } else if (r < 0.85) {
      type = pick(['INSERT', 'MERGE', 'UPDATE']);
      text = `${type} INTO ${table} SELECT * FROM ${db}.STAGING.${schema}_DELTA`;
    } else if (r < 0.93) {
      type = 'UNLOAD';
      text = `COPY INTO @${db}.PUBLIC.EXPORT_STAGE/part_ FROM ${table} FILE_FORMAT = (TYPE = CSV, COMPRESSION = GZIP)`;
    } else if (r < 0.97) {
      type = 'GRANT';
      text = `GRANT SELECT ON ${table} TO ROLE ${pick(['ANALYST', 'REPORTING'])}`;
    } else {
      type = 'SHOW';
      text = 'SHOW USERS';
    }
    const fail = rnd() < 0.03;
    const rows = fail ? 0 : Math.floor(rnd() * 200000);
    const elapsed = Math.floor(rnd() * 30000);
    out.push(
      [
        `01b2${hex(4)}-0003-6c4e-0000-${hex(12)}`,
        csv(text),
        '16',
        db,
        '55',
        schema,
        type,
        String(u.session),
        u.name,
        u.role,
        '4',
        'ETL_WH',
        'Medium',
        'STANDARD',
        '1',
        u.name.startsWith('SVC') ? 'airflow:nightly' : '',
        fail ? 'FAIL' : 'SUCCESS',
        fail ? '002003' : '',
        fail ? csv(`SQL compilation error:\nObject '${table}' does not exist or not authorized.`) : '',
        stamp(t),
        stamp(t + elapsed),
        String(elapsed),
        String(fail ? 0 : Math.floor(rnd() * 5e9)),
        '0.0',
        '0',
        String(rows * 40),
        '0',
        type === 'SELECT' ? String(rows) : '0',
        type === 'INSERT' ? String(rows) : '0',
        type === 'UPDATE' || type === 'MERGE' ? String(rows) : '0',
        '0',
        type === 'UNLOAD' ? String(rows) : '0',
        '0',
        type === 'UNLOAD' ? 'AWS' : '',
        type === 'UNLOAD' ? 'us-east-1' : '',
        type === 'UNLOAD' ? String(rows * 80) : '0',
        hex(32),
      ].join(','),
    );
  }
  return out;
}
