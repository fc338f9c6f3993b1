// Microsoft Entra ID sign-in logs, all four logs: SignInLogs, NonInteractiveUserSignInLogs,
// ServicePrincipalSignInLogs, ManagedIdentitySignInLogs. Diagnostic-settings records (storage account blobs
// or Event Hub captures, JSON lines or {"records":[…]}) and the same rows exported from Log Analytics
// (SigninLogs, AAD*SignInLogs tables: flat PascalCase columns). Service principals and managed identities are
// first-class actors. Event Hub streams mix in audit records: those are normalized as entra-audit does.
// Field notes: shared/corpus/FIELDS.md §3.
import type { Importer, Sample } from '../types.js';
import { format } from './format.js';
import { perObjectParser } from '../util/per-object.js';
import { isObj, key, str } from '../util/fields.js';
import { toMicros } from '../../core/model/time.js';
import { sampleScore } from '../util/detect.js';
import { isEntraAudit, signInKind } from '../util/entra.js';
import { normalizeEntraSignIn } from './normalize.js';
import { normalizeEntraAudit } from '../entra-audit/normalize.js';

function scoreRecord(v: unknown): number {
  if (!isObj(v)) return 0;
  const kind = signInKind(v);
  const op = str(key(v, 'operationName'));
  if (!kind) return op === 'Sign-in activity' ? 0.7 : 0;
  let s = 0.8;
  if (isObj(key(v, 'properties')) || v.Type !== undefined) s += 0.1;
  if (key(v, 'time') !== undefined || v.TimeGenerated !== undefined) s += 0.04;
  if (op === 'Sign-in activity' || key(v, 'resultType') !== undefined) s += 0.04;
  return s;
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
  createParser: perObjectParser((v) => {
    if (signInKind(v) || str(key(v, 'operationName')) === 'Sign-in activity') return normalizeEntraSignIn(v);
    if (isEntraAudit(v)) return normalizeEntraAudit(v);
    // The timestamp check comes first everywhere, so that a record without time is always reported as such.
    if (toMicros(key(v, 'time')) === null && toMicros(v.TimeGenerated) === null)
      return 'no parseable timestamp (time / properties.createdDateTime)';
    const cat = str(key(v, 'category')) ?? str(v.Type);
    return cat
      ? `not an Entra sign-in or audit record (category ${cat.slice(0, 60)})`
      : 'not an Entra sign-in record (no category)';
  }),
};
