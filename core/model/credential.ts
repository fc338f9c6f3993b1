// A credential's lifecycle as the API returns it (`credentials.list`, core/query/credentials.ts) and the flags it can
// carry: shared by the CLI, the report and the renderer.

export interface CredentialJson {
  id: number;
  credential: string;
  kind: string;
  /** How logs name it: the namespace of its key (aws-key, a format, secret for a secret found only as data). */
  ns: string;
  identity: string | null;
  identity_id: number | null;
  issuer: string | null;
  issued: string | null;
  expires: string | null;
  first_use: string | null;
  last_use: string | null;
  uses: number;
  sessions: number;
  networks: number;
  rotated: string | null;
  revoked: string | null;
  deleted: string | null;
  exposed: string | null;
  long_lived: boolean;
  age_days: number | null;
  flags: string[];
  /** Event ids by role: issued, first_use, last_use, rotated, revoked, deleted, exposed, exposed_use, after_revoke… */
  events: Record<string, number[]>;
}

export const CREDENTIAL_FLAGS = [
  'used_after_revoke',
  'used_after_delete',
  'used_after_expiry',
  'two_networks',
  'issued_never_used',
  'never_rotated',
  'exposed',
  'exposed_then_used',
] as const;

export type CredentialFlag = (typeof CREDENTIAL_FLAGS)[number];

export function isCredentialFlag(s: string): s is CredentialFlag {
  return (CREDENTIAL_FLAGS as readonly string[]).includes(s);
}
