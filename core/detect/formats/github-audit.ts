// GitHub organisation/enterprise audit log events (REST export, streaming). Field sets vary by action, so
// everything at the top level is admitted; SigmaHQ's github rules test `action`.
import type { SigmaFormat } from './types.js';

export const githubAudit: SigmaFormat = {
  id: 'github-audit',
  logsources: [{ product: 'github', service: 'audit' }],
  records: 'json',
  schema: ['*'],
  fields: {},
  // The importer's action is the record's `action` string (records without one are not GitHub audit events).
  fromAction: (action) => ({ action }),
};
