// The `auditd` format, declared once: see importers/descriptor.ts for what each field means.
import { defineFormat } from '../descriptor.js';

export const format = defineFormat({
  id: 'auditd',
  title: 'Linux audit log (auditd)',
  reads: 'Linux audit (`/var/log/audit/audit.log`, with or without `node=`)',
  system: 'host',
  statedAliasMethod: 'auditd-ids',
  states: { auth: true, actions: true },
  sessionKey: { fields: ['ses', 'the process tree (when ses is unset)'], lifetime: 'session' },
  cannotRepresent: [
    "uid numbers become names only where the file states them (ENRICHED format, a login's PAM account).",
    'A parent whose exec was not audited is unknown: its children lead process groups of their own.',
  ],
  exportHow: ['copy `/var/log/audit/audit.log*`', 'rules per your policy (`-a always,exit -F arch=b64 -S execve`)'],
  corpus: { folders: ['auditd'] },
  load: async () => (await import('./importer.js')).importer,
});
