// The `workspace-audit` format, declared once: see importers/descriptor.ts for what each field means.
import { defineFormat } from '../descriptor.js';

export const format = defineFormat({
  id: 'workspace-audit',
  title: 'Google Workspace audit (Reports API)',
  reads:
    'Google Workspace activity: Reports API `activities.list` pages and activities (login, token, admin, drive, saml, …), BigQuery export rows, GAM report CSV',
  // Workspace names people by their Google account email and OAuth clients by client id: the same accounts
  // GCP audit logs name (a Cloud Identity user is one Google account in both).
  system: 'gcp',
  statedAliasMethod: 'workspace-actor-ids',
  states: { auth: true, actions: true },
  sessionKey: {
    // Workspace has no session id. The credential of an app acting for a user is the user's OAuth grant to that
    // client (token `activity`, domain-wide delegation): `<client id>><user email>`.
    fields: ['parameters.client_id + actor.email', 'actor.applicationInfo.oauthClientId + actor.email'],
    lifetime: 'credential',
  },
  cannotRepresent: [
    'No session id: a person’s web activity is grouped by address and inactivity; only OAuth grants key sessions.',
    'An activity with several `events[]` becomes one event per entry; each entry’s record is its own bytes, the activity’s actor and time are read from the surrounding activity.',
    'Gmail message details, Drive ACL before/after values and admin setting values stay in raw (searchable).',
  ],
  exportHow: [
    '`curl -H "Authorization: Bearer $(gcloud auth print-access-token)" "https://admin.googleapis.com/admin/reports/v1/activity/users/all/applications/token?maxResults=1000"` (save each page; follow `nextPageToken`)',
    '`gam report token start -30d` / `gam report drive …` (CSV)',
    'BigQuery export: `bq query --format=json --max_rows=1000000 "SELECT * FROM PROJECT.DATASET.activity WHERE …" > activity.json`, or `bq extract --destination_format NEWLINE_DELIMITED_JSON`',
  ],
  corpus: { files: ['other/panther-gsuite-activityevent-tests.jsonl'] },
  load: async () => (await import('./importer.js')).importer,
});
