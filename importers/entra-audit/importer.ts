// Microsoft Entra ID audit logs (directory changes): the diagnostic-settings record ({time, operationName,
// category "AuditLogs", properties{initiatedBy, targetResources, …}}, JSON lines or {"records":[…]}) and the
// Log Analytics / Sentinel AuditLogs table (flat PascalCase columns; InitiatedBy, TargetResources and
// AdditionalDetails hold JSON text). Apps, service principals and managed identities act here as often as
// people: adding secrets, granting roles. Sign-in records mixed into the stream are normalized as
// entra-signin does. Field notes: shared/corpus/FIELDS.md §4.
import type { Importer, Sample } from '../types.js';
import { format } from './format.js';
import { perObjectParser } from '../util/per-object.js';
import { isObj, key, str } from '../util/fields.js';
import { sampleScore } from '../util/detect.js';
import { isEntraAudit, signInKind } from '../util/entra.js';
import { normalizeEntraAudit } from './normalize.js';
import { normalizeEntraSignIn } from '../entra-signin/normalize.js';

function scoreRecord(v: unknown): number {
  if (!isObj(v)) return 0;
  if (str(v.Type) === 'AuditLogs') return key(v, 'OperationName') !== undefined ? 0.92 : 0.8;
  const p = key(v, 'properties');
  const cat = str(key(v, 'category'));
  if (
    isObj(p) &&
    (key(p, 'initiatedBy') !== undefined || key(p, 'activityDisplayName') !== undefined) &&
    (key(p, 'activityDateTime') !== undefined || key(p, 'loggedByService') !== undefined)
  )
    return cat === 'AuditLogs' ? 0.95 : 0.88;
  if (isObj(p)) return cat === 'AuditLogs' && key(v, 'operationName') !== undefined ? 0.75 : 0;
  if (key(v, 'InitiatedBy') !== undefined && key(v, 'ActivityDateTime') !== undefined) return 0.9;
  if (cat === 'AuditLogs' && key(v, 'operationName') !== undefined) return 0.75;
  return 0;
}

function detect(sample: Sample): number {
  return sampleScore(sample.values, scoreRecord);
}

export const importer: Importer = {
  id: format.id,
  version: '2',
  title: format.title,
  input: 'json',
  detect,
  createParser: perObjectParser((v) =>
    signInKind(v) && !isEntraAudit(v) ? normalizeEntraSignIn(v) : normalizeEntraAudit(v),
  ),
};
