// The `generic` format, declared once: see importers/descriptor.ts for what each field means.
import { defineFormat } from '../descriptor.js';

export const format = defineFormat({
  id: 'generic',
  title: 'Generic JSON / CSV (field mapping)',
  reads: 'any JSON lines/array or CSV with a time field',
  system: 'generic',
  statedAliasMethod: 'stated-alias',
  states: { auth: true, actions: true },
  sessionKey: {
    fields: ["the mapping's `session_key`, else a guessed field (`session_id`, `token_id`, `jti`…)"],
    lifetime: 'session',
  },
  cannotRepresent: [
    'Only what the mapping (or a guessed field name) points at: no facts for derivation, so no delegation chains or issued keys.',
    'Records without a recognisable time field are rejected.',
  ],
  exportHow: ['add `--mapping map.yaml` (which field is the time, principal, action, …)'],
  corpus: {},
  load: async () => (await import('./importer.js')).importer,
});
