// The `azure-activity` format, declared once: see importers/descriptor.ts for what each field means.
import { defineFormat } from '../descriptor.js';

export const format = defineFormat({
  id: 'azure-activity',
  title: 'Azure Activity Log',
  reads:
    'Azure Resource Manager activity: diagnostic settings (storage, Event Hub), REST / `az` JSON, Log Analytics `AzureActivity`; resource logs beside it',
  system: 'entra',
  statedAliasMethod: 'azure-token-claims',
  states: { auth: false, actions: true },
  sessionKey: { fields: ['claims.sid', 'claims.uti'], lifetime: 'session' },
  keyNamespace: 'entra',
  cannotRepresent: [
    'No sign-ins: the token an ARM call used is issued in the Entra sign-in log (import it to see how the caller authenticated).',
    'Records stating no caller at all (trimmed exports) have no principal; request and response bodies beyond role assignments, `authorization.evidence` and the other claims stay in raw (searchable).',
    'Records without a parseable time (AKS kube-audit records whose event carries none) are rejected.',
  ],
  exportHow: [
    '`az monitor activity-log list --offset 7d --max-events 100000 -o json` (the CLI returns 50 events unless told; REST API `…/providers/Microsoft.Insights/eventtypes/management/values`)',
    'diagnostic setting → storage account (`insights-activity-logs/…/PT1H.json`) or Event Hub (`{"records":[…]}`)',
    'Log Analytics: `AzureActivity | where TimeGenerated > ago(30d)` exported as JSON',
  ],
  corpus: { files: ['other/panther-azure-activity-tests.jsonl'] },
  load: async () => (await import('./importer.js')).importer,
});
