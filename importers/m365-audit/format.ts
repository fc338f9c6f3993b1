// The `m365-audit` format, declared once: see importers/descriptor.ts for what each field means.
import { defineFormat } from '../descriptor.js';

export const format = defineFormat({
  id: 'm365-audit',
  title: 'Microsoft 365 unified audit log',
  reads:
    'Unified audit log (Entra ID, Exchange incl. MailItemsAccessed, SharePoint, OneDrive, Teams): Management Activity API JSON, `Search-UnifiedAuditLog` / Purview CSV, Sentinel `OfficeActivity`',
  system: 'entra',
  statedAliasMethod: 'm365-app-ids',
  states: { auth: true, actions: true },
  sessionKey: { fields: ['AppAccessContext.AADSessionId', 'AppAccessContext.UniqueTokenId'], lifetime: 'session' },
  keyNamespace: 'entra',
  cannotRepresent: [
    'Sign-ins here are the Entra records the audit log copies (UserLoggedIn): the Entra sign-in log has the token ids that tie a sign-in to what followed.',
    'Message ids of MailItemsAccessed (FolderItems), Exchange cmdlet parameters beyond the first eight, modified properties and sharing details stay in raw (searchable).',
    'Duplicate records (Search-UnifiedAuditLog pages can repeat a record) are kept as separate events.',
  ],
  exportHow: [
    '`Search-UnifiedAuditLog -StartDate … -EndDate … -SessionCommand ReturnLargeSet -ResultSize 5000 | Export-Csv audit.csv -NoTypeInformation`',
    'Microsoft Purview portal → Audit → search → Export (CSV with an `AuditData` column)',
    'Office 365 Management Activity API: `GET …/activity/feed/subscriptions/content?contentType=Audit.Exchange` then each `contentUri` (JSON arrays)',
    'Sentinel / Log Analytics: `OfficeActivity | where TimeGenerated > ago(30d)` exported as JSON',
  ],
  corpus: {
    files: [
      'other/panther-m365-audit-aad-tests.jsonl',
      'other/panther-m365-audit-exchange-tests.jsonl',
      'other/panther-m365-audit-sharepoint-tests.jsonl',
      'other/otrf-goldensaml-officeactivity-sentinel.jsonl',
    ],
  },
  load: async () => (await import('./importer.js')).importer,
});
