// The `github-audit` format, declared once: see importers/descriptor.ts for what each field means.
import { defineFormat } from '../descriptor.js';

export const format = defineFormat({
  id: 'github-audit',
  title: 'GitHub audit log (export / streaming)',
  reads: 'GitHub organisation / enterprise audit log',
  system: 'github',
  statedAliasMethod: 'github-actor-ids',
  states: { auth: false, actions: true },
  sessionKey: { fields: ['hashed_token', 'token_id', 'workflow_run_id'], lifetime: 'credential' },
  cannotRepresent: [
    'The OIDC subject a workflow presents is not in the audit log, only its parts (repository, branch, run).',
    'Git and API request events appear only when streaming has them turned on.',
  ],
  exportHow: ['Settings → Audit log → Export (JSON)', '`gh api /orgs/ORG/audit-log --paginate`', 'audit-log streaming'],
  corpus: { folders: ['github-audit'] },
  load: async () => (await import('./importer.js')).importer,
});
