// The `graph-activity` format, declared once: see importers/descriptor.ts for what each field means.
import { defineFormat } from '../descriptor.js';

export const format = defineFormat({
  id: 'graph-activity',
  title: 'Microsoft Graph activity logs',
  reads:
    'Microsoft Graph API requests: Log Analytics `MicrosoftGraphActivityLogs`, diagnostic settings (storage, Event Hub)',
  system: 'entra',
  statedAliasMethod: 'graph-app-ids',
  states: { auth: false, actions: true },
  sessionKey: { fields: ['SessionId', 'SignInActivityId'], lifetime: 'session' },
  keyNamespace: 'entra',
  cannotRepresent: [
    'No sign-ins: the token a request used is issued in the Entra sign-in log (`SignInActivityId` = its `uniqueTokenIdentifier`).',
    'Request and response bodies are never logged: what a request changed or returned is known by its URI and response size only.',
    'Query strings ($filter, $search, $select) stay in raw (searchable), not in the resource name.',
  ],
  exportHow: [
    'Entra admin center → Diagnostic settings → `MicrosoftGraphActivityLogs` → storage account (`insights-logs-microsoftgraphactivitylogs/…/PT1H.json`) or Event Hub',
    'Log Analytics: `MicrosoftGraphActivityLogs | where TimeGenerated > ago(7d)` exported as JSON (`az monitor log-analytics query -w WS --analytics-query … -o json`)',
  ],
  corpus: {},
  load: async () => (await import('./importer.js')).importer,
});
