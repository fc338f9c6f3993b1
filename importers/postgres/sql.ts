// What a SQL statement does, from its leading keywords: the action (`SELECT`, `CREATE ROLE`, `COPY`), the category,
// and whether it turns PostgreSQL's own logging down (log_statement, pgaudit…), which is how a database user hides.
import type { Category } from '../../core/model/event.js';

const LEADING_NOISE = /^(?:\s+|--[^\n]*\n?|\/\*[\s\S]*?\*\/|\()+/;
const WORD = /^[A-Za-z_]+/;
const MODIFIERS = new Set([
  'OR',
  'REPLACE',
  'UNIQUE',
  'TEMP',
  'TEMPORARY',
  'UNLOGGED',
  'GLOBAL',
  'LOCAL',
  'IF',
  'NOT',
  'EXISTS',
  'CONCURRENTLY',
  'TRUSTED',
  'PROCEDURAL',
  'RECURSIVE',
  'DEFAULT',
]);
const CTE_MAIN = /\)\s*(SELECT|INSERT|UPDATE|DELETE|MERGE)\b/i;
const COPY_TO = /\bTO\s+(?:STDOUT|PROGRAM|'[^']*')/i;
const LOGGING_GUC =
  /\b(log_statement|log_min_duration_statement|log_min_messages|log_min_error_statement|log_connections|log_disconnections|log_duration|log_destination|logging_collector|log_directory|log_filename|log_line_prefix|log_replication_commands|pgaudit\.[a-z_]+|session_preload_libraries|shared_preload_libraries)\b/i;
// Values that switch a logging parameter off or down.
const LOG_OFF = /(?:\bTO|=|,)\s*'?(?:none|off|false|-1)'?\s*\)?\s*(?:,\s*\w+\s*\))?\s*;?\s*$/i;

export interface SqlInfo {
  action: string;
  category: Category;
  logging: boolean;
  tamper: boolean;
}

function words(sql: string, max: number): string[] {
  const out: string[] = [];
  let s = sql.replace(LEADING_NOISE, '');
  while (out.length < max) {
    const m = WORD.exec(s);
    if (!m) break;
    out.push(m[0].toUpperCase());
    s = s.slice(m[0].length).replace(LEADING_NOISE, '');
  }
  return out;
}

const QUERY = new Set(['SELECT', 'SHOW', 'EXPLAIN', 'TABLE', 'VALUES', 'FETCH', 'DECLARE', 'MOVE']);
const WRITE = new Set(['INSERT', 'UPDATE', 'MERGE', 'UPSERT']);
const DELETE = new Set(['DELETE', 'TRUNCATE']);
const EXEC = new Set(['CALL', 'DO', 'EXECUTE']);
const PRIV_OBJECTS = new Set(['ROLE', 'USER', 'GROUP', 'POLICY', 'DEFAULT']);

/** `sql` is the statement text as logged (may be cut or empty). */
export function classifySql(sql: string): SqlInfo {
  const w = words(sql, 6);
  const verb = w[0] ?? '';
  if (verb === '') return { action: 'statement', category: 'other', logging: false, tamper: false };
  let action = verb;
  let category: Category = 'other';
  if (verb === 'CREATE' || verb === 'ALTER' || verb === 'DROP' || verb === 'COMMENT' || verb === 'SECURITY') {
    const obj = w.slice(1).find((x) => !MODIFIERS.has(x)) ?? '';
    action = obj ? `${verb} ${obj}` : verb;
    if (PRIV_OBJECTS.has(obj)) category = 'privilege';
    else if (verb === 'DROP') category = 'delete';
    else category = 'config';
  } else if (verb === 'GRANT' || verb === 'REVOKE' || verb === 'REASSIGN') {
    category = 'privilege';
  } else if (verb === 'SET' || verb === 'RESET') {
    if (w[1] === 'ROLE' || w[1] === 'SESSION') {
      category = 'privilege';
      action = `${verb} ${w[1]}`;
    }
  } else if (verb === 'WITH') {
    const m = CTE_MAIN.exec(sql);
    const main = m ? m[1].toUpperCase() : 'SELECT';
    action = main;
    category = WRITE.has(main) ? 'write' : DELETE.has(main) ? 'delete' : 'query';
  } else if (verb === 'COPY') {
    category = COPY_TO.test(sql) ? 'query' : 'write';
  } else if (QUERY.has(verb)) category = 'query';
  else if (WRITE.has(verb)) category = 'write';
  else if (DELETE.has(verb)) category = 'delete';
  else if (EXEC.has(verb)) category = 'exec';

  let logging = false,
    tamper = false;
  if (
    (verb === 'SET' ||
      verb === 'ALTER' ||
      verb === 'RESET' ||
      verb === 'DROP' ||
      verb === 'CREATE' ||
      verb === 'SELECT' ||
      verb === 'LOAD') &&
    LOGGING_GUC.test(sql)
  ) {
    // ALTER SYSTEM/ROLE/DATABASE … SET log_*, SET log_*, set_config('log_statement', …), DROP EXTENSION pgaudit.
    logging = true;
    tamper = verb === 'RESET' || verb === 'DROP' || LOG_OFF.test(sql);
  } else if ((verb === 'DROP' || verb === 'ALTER') && /\bEXTENSION\s+(?:IF\s+EXISTS\s+)?"?pgaudit\b/i.test(sql)) {
    logging = true;
    tamper = true;
  }
  if (logging) category = 'logging';
  return { action, category, logging, tamper };
}
