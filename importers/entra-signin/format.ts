// The `entra-signin` format, declared once: see importers/descriptor.ts for what each field means.
import { defineFormat } from '../descriptor.js';

export const format = defineFormat({
  id: 'entra-signin',
  title: 'Microsoft Entra ID sign-in logs',
  reads: 'Entra ID sign-ins: interactive, non-interactive, service principal, managed identity',
  system: 'entra',
  statedAliasMethod: 'entra-app-ids',
  states: { auth: true, actions: true },
  sessionKey: {
    fields: ['servicePrincipalCredentialKeyId', 'uniqueTokenIdentifier', 'sessionId'],
    lifetime: 'credential',
  },
  keyNamespace: 'entra',
  cannotRepresent: [
    'Sign-ins (and the audit records a diagnostic export mixes in): what an app did with its token is in other logs (Azure Activity, Graph activity).',
    'Device details, conditional-access results, MFA detail and risk states stay in raw (searchable).',
  ],
  exportHow: [
    'diagnostic settings → storage / Event Hub (`{"records":[…]}`)',
    'Log Analytics export of `SigninLogs`, `AADServicePrincipalSignInLogs`…',
  ],
  corpus: { folders: ['azure-signin'] },
  load: async () => (await import('./importer.js')).importer,
});
