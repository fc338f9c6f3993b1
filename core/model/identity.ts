// What kind of thing a resolved identity is (core/derive/naming.ts decides): the principal types the logs use,
// with a role session's identity being the role itself.
import type { PrincipalType } from './event.js';

export const IDENTITY_KINDS = [
  'role',
  'service_account',
  'access_key',
  'workload',
  'bot',
  'agent',
  'app',
  'user',
  'service',
  'unknown',
] as const satisfies readonly (Exclude<PrincipalType, 'role_session'> | 'role')[];
export type IdentityKind = (typeof IDENTITY_KINDS)[number];

/** The kinds that are not people. */
export const NHI_KINDS: ReadonlySet<IdentityKind> = new Set<IdentityKind>([
  'role',
  'service_account',
  'access_key',
  'workload',
  'bot',
  'agent',
  'app',
  'service',
]);
