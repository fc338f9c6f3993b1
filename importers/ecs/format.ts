// The `ecs` format, declared once: see importers/descriptor.ts for what each field means.
import { defineFormat } from '../descriptor.js';

export const format = defineFormat({
  id: 'ecs',
  title: 'Elastic Common Schema (Elasticsearch / OpenSearch export)',
  reads: 'Elastic Common Schema NDJSON (an Elasticsearch/OpenSearch export)',
  system: 'ecs',
  statedAliasMethod: 'stated-alias',
  states: { auth: true, actions: true },
  sessionKey: {
    fields: [
      'aws.cloudtrail.user_identity.access_key_id',
      'okta.authentication_context.external_session_id',
      'session.id',
      "(each integration's own key: see the docs page)",
    ],
    lifetime: 'session',
  },
  cannotRepresent: [
    '`event.original` is not re-parsed: delegation chains, issued keys and other vendor facts need the vendor logs themselves.',
    "ECS principals are their own naming system: they join a vendor log's identities only through aliases.",
  ],
  exportHow: [
    '`elasticdump --type=data`',
    'a `_search` scroll saved as NDJSON',
    "SessionScope's own `export --format ecs`",
  ],
  corpus: {},
  load: async () => (await import('./importer.js')).importer,
});
