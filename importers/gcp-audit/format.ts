// The `gcp-audit` format, declared once: see importers/descriptor.ts for what each field means.
import { defineFormat } from '../descriptor.js';

export const format = defineFormat({
  id: 'gcp-audit',
  title: 'Google Cloud Audit Logs',
  reads: 'GCP Cloud Audit Logs (activity, data access, system event, policy; GKE)',
  system: 'gcp',
  statedAliasMethod: 'gcp-authentication-info',
  states: { auth: false, actions: true },
  sessionKey: {
    fields: [
      'protoPayload.authenticationInfo.serviceAccountKeyName',
      'protoPayload.authenticationInfo.serviceAccountDelegationInfo',
    ],
    lifetime: 'credential',
  },
  cannotRepresent: [
    'GCP has no session id: calls are grouped by the service-account key, or by the impersonation chain when no key is named.',
    'Per-permission `authorizationInfo[]` folds into one outcome; the first/last records of a long-running operation stay two events.',
  ],
  exportHow: [
    '`gcloud logging read \'logName:"cloudaudit.googleapis.com"\' --format=json --freshness=30d > gcp.json`',
    'a log sink to GCS',
  ],
  corpus: { folders: ['gcp-audit'] },
  load: async () => (await import('./importer.js')).importer,
});
