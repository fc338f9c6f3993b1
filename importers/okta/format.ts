// The `okta` format, declared once: see importers/descriptor.ts for what each field means.
import { defineFormat } from '../descriptor.js';

export const format = defineFormat({
  id: 'okta',
  title: 'Okta System Log',
  reads: 'Okta System Log',
  system: 'okta',
  statedAliasMethod: 'okta-client-app',
  states: { auth: true, actions: true },
  sessionKey: {
    fields: ['authenticationContext.externalSessionId', 'transaction.detail.requestApiTokenId'],
    lifetime: 'session',
  },
  cannotRepresent: [
    'Geography, network context (ASN, proxy) and threat-detection detail stay in raw (searchable).',
    '`CHALLENGE` results are neither success nor failure: the next event of the session decides.',
  ],
  exportHow: ['`GET /api/v1/logs` (paginate, save JSON)', 'an Okta log stream'],
  corpus: { folders: ['okta'] },
  load: async () => (await import('./importer.js')).importer,
});
