// Okta System Log LogEvent objects (developer.okta.com, "System Log API"). SigmaHQ's okta rules use the
// LogEvent's own names (eventType, displayMessage, target, debugContext.debugData…).
import type { SigmaFormat } from './types.js';

export const okta: SigmaFormat = {
  id: 'okta',
  logsources: [{ product: 'okta', service: 'okta' }],
  records: 'json',
  schema: [
    'uuid',
    'published',
    'eventType',
    'version',
    'severity',
    'legacyEventType',
    'displayMessage',
    'actor.*',
    'client.*',
    'request.*',
    'outcome.*',
    'target.*',
    'transaction.*',
    'debugContext.*',
    'authenticationContext.*',
    'securityContext.*',
    'device.*',
  ],
  fields: {},
};
