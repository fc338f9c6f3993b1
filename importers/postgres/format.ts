// The `postgres` format, declared once: see importers/descriptor.ts for what each field means.
import { defineFormat } from '../descriptor.js';

export const format = defineFormat({
  id: 'postgres',
  title: 'PostgreSQL server log (stderr, csvlog, jsonlog, CloudNativePG, Cloud SQL, Heroku)',
  reads: 'PostgreSQL stderr (plain, RDS, Cloud SQL, pgbadger-style, Heroku), csvlog, jsonlog',
  system: 'pg',
  statedAliasMethod: 'pg-stated',
  states: { auth: true, actions: true },
  sessionKey: { fields: ['session_id (%c)', 'the process id and connection lines (text logs)'], lifetime: 'session' },
  cannotRepresent: [
    'Objects inside SQL (tables) are not extracted; the statement is in the detail and searchable.',
    'Text logs without `%p` tie DETAIL/STATEMENT lines to their entry only by adjacency.',
  ],
  exportHow: [
    "`log_connections=on`, `log_disconnections=on`, `log_statement=all`, `log_line_prefix='%m [%p] %q%u@%d '`, `log_destination=csvlog|jsonlog`",
  ],
  corpus: { folders: ['postgres'] },
  load: async () => (await import('./importer.js')).importer,
});
