// The `entra-audit` format, declared once: see importers/descriptor.ts for what each field means.
import { defineFormat } from '../descriptor.js';

export const format = defineFormat({
  id: 'entra-audit',
  title: 'Microsoft Entra ID audit logs',
  reads: 'Entra ID audit logs, diagnostic-settings and Log Analytics / Sentinel table shapes',
  system: 'entra',
  statedAliasMethod: 'entra-app-ids',
  states: { auth: false, actions: true },
  sessionKey: null,
  keyNamespace: 'entra',
  cannotRepresent: [
    "No session or token id: directory changes tie to sign-ins only through the actor's aliases and time.",
    'Targets beyond the third, `additionalDetails` and administrative units stay in raw (searchable).',
  ],
  exportHow: ['diagnostic settings (`AuditLogs`)', '`az monitor log-analytics query … AuditLogs`'],
  corpus: { folders: ['azure-audit'] },
  load: async () => (await import('./importer.js')).importer,
});
