// The `cloudtrail` format, declared once: see importers/descriptor.ts for what each field means.
import { defineFormat } from '../descriptor.js';

export const format = defineFormat({
  id: 'cloudtrail',
  title: 'AWS CloudTrail',
  reads:
    'AWS CloudTrail: S3 delivery files (`{"Records":[…]}`, .gz), JSON lines/arrays, `lookup-events` pages, CloudTrail Lake and Athena results (JSON, CSV), Logstash shape, digest files',
  system: 'aws',
  statedAliasMethod: 'cloudtrail-user-identity',
  states: { auth: true, actions: true },
  sessionKey: { fields: ['userIdentity.accessKeyId'], lifetime: 'session' },
  cannotRepresent: [
    'Cross-account calls are logged in both accounts; both import as events, tied only by the searchable `sharedEventID`.',
    '`responseElements.credentials.expiration` has no ISO time or zone: kept in raw; the expiry stated (`issued_expires`) is the event time plus the requested `durationSeconds` or STS’s default.',
  ],
  exportHow: [
    '`aws s3 sync s3://TRAIL-BUCKET/AWSLogs/ACCOUNT/CloudTrail/ ./ct/`',
    '`aws cloudtrail get-query-results` (CloudTrail Lake); Athena results (CSV download)',
    '`aws cloudtrail lookup-events --output json > events.json`',
  ],
  corpus: { folders: ['cloudtrail'] },
  load: async () => (await import('./importer.js')).importer,
});
