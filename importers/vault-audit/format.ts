// The `vault-audit` format, declared once: see importers/descriptor.ts for what each field means.
import { defineFormat } from '../descriptor.js';

export const format = defineFormat({
  id: 'vault-audit',
  title: 'HashiCorp Vault audit log',
  reads: 'HashiCorp Vault audit device (request/response pairs, KMIP)',
  system: 'vault',
  statedAliasMethod: 'vault-auth-metadata',
  states: { auth: true, actions: true },
  sessionKey: {
    fields: ['auth.accessor', 'request.client_token_accessor', 'auth.client_token', 'request.client_token'],
    lifetime: 'session',
  },
  cannotRepresent: [
    "Tokens, secrets and request data arrive HMAC'd and stay so, by design (searchable as HMACs).",
    'The database secrets engine does not log its plugin: a dynamic user is stated as a Postgres user.',
  ],
  exportHow: ['`vault audit enable file file_path=/var/log/vault/audit.log`'],
  corpus: { folders: ['vault-audit'] },
  load: async () => (await import('./importer.js')).importer,
});
