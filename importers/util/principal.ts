// Recognising non-human identities by the shape of their names, for sources that do not say what kind of
// actor they log (ECS documents, Vault display names). Patterns from the vendors' naming rules.
import type { PrincipalType } from '../../core/model/event.js';

const RULES: [RegExp, PrincipalType][] = [
  [/^system:serviceaccount:[^:]+:[^:]+$/, 'service_account'],
  [/\.gserviceaccount\.com$/i, 'service_account'],
  [/^serviceAccount:/, 'service_account'],
  [/^system:node:/, 'workload'],
  [/^arn:aws:sts::\d*:assumed-role\//, 'role_session'],
  [/^arn:aws:sts::\d*:federated-user\//, 'role_session'],
  [/^(AKIA|ASIA)[A-Z0-9]{12,}$/, 'access_key'],
  [/^repo:[^:/]+\/[^:]+:/, 'workload'],
  [/^principal(Set)?:\/\/iam\.googleapis\.com\/.*\/workloadIdentityPools\//, 'workload'],
  [/^principal(Set)?:\/\/iam\.googleapis\.com\/.*\/workforcePools\//, 'user'],
  [/\[bot\]$/i, 'bot'],
  [/^arn:aws:iam::\d*:user\//, 'user'],
  [/^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'user'],
];

/** The kind of identity a name denotes, or 'unknown' when the name does not say. */
export function guessPrincipalType(name: string | null): PrincipalType {
  if (!name) return 'unknown';
  for (const [re, t] of RULES) if (re.test(name)) return t;
  return 'unknown';
}
