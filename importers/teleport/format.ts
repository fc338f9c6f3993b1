// The `teleport` format, declared once: see importers/descriptor.ts for what each field means.
import { defineFormat } from '../descriptor.js';

export const format = defineFormat({
  id: 'teleport',
  title: 'Teleport audit log',
  reads: 'Teleport audit events (sessions, kube, DB, app, bot joins)',
  system: 'teleport',
  statedAliasMethod: 'teleport-identity',
  states: { auth: true, actions: true },
  sessionKey: { fields: ['sid'], lifetime: 'session' },
  cannotRepresent: [
    'Session recordings (`session.data`, byte counts, desktop labels) stay in raw only.',
    'Logins and certificate events carry no session id.',
  ],
  exportHow: [
    "the auth server's audit log (`/var/lib/teleport/log/…`)",
    '`tctl audit`… / external audit storage export',
  ],
  corpus: { folders: ['teleport'] },
  load: async () => (await import('./importer.js')).importer,
});
