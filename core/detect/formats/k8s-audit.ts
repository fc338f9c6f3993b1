// Kubernetes audit Events (audit.k8s.io/v1), also inside the AKS diagnostic wrapper (properties.log). SigmaHQ's
// kubernetes rules use the Event's names, plus `hostPath` and `capabilities`, which live deep inside the pod
// spec of a create request: they are found anywhere in requestObject. The importer merges the stages of one
// request; each stage is evaluated (a rule matches the request when it matches any stage).
import type { SigmaFormat } from './types.js';
import { deepKeyValues } from '../record.js';

function unwrap(j: unknown): unknown {
  if (j === null || typeof j !== 'object') return j;
  const props = (j as Record<string, unknown>).properties;
  if (props && typeof props === 'object') {
    const log = (props as Record<string, unknown>).log;
    if (log && typeof log === 'object') return log;
    if (typeof log === 'string') {
      try {
        return JSON.parse(log) as unknown;
      } catch {
        return j;
      }
    }
  }
  return j;
}

export const k8sAudit: SigmaFormat = {
  id: 'k8s-audit',
  logsources: [{ product: 'kubernetes', service: 'audit', category: 'application' }],
  records: 'json',
  unwrap,
  schema: [
    'kind',
    'apiVersion',
    'level',
    'auditID',
    'stage',
    'requestURI',
    'verb',
    'sourceIPs',
    'userAgent',
    'requestReceivedTimestamp',
    'stageTimestamp',
    'user.*',
    'impersonatedUser.*',
    'objectRef.*',
    'responseStatus.*',
    'requestObject.*',
    'responseObject.*',
    'annotations.*',
  ],
  fields: {
    apigroup: 'objectRef.apiGroup',
    hostpath: (v) => {
      const r = deepKeyValues((v.json as Record<string, unknown> | null)?.requestObject, 'hostPath');
      return r.length > 0 ? r : undefined;
    },
    capabilities: (v) => {
      const r = deepKeyValues((v.json as Record<string, unknown> | null)?.requestObject, 'capabilities');
      return r.length > 0 ? r : undefined;
    },
  },
  // The importer's action is "<verb> <resource>[/<subresource>]" (or the request path) when the Event has a verb.
  fromAction(action) {
    const i = action.indexOf(' ');
    return i > 0 ? { verb: action.slice(0, i) } : null;
  },
};
