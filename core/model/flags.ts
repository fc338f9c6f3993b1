// Bits of events.flags, set by derivation (core/derive) and shown as badges everywhere.
export const FLAG = {
  outOfScope: 1,
  deviation: 2,
  logTamper: 4,
  visibilityGap: 8,
  /** A Sigma rule matched the event, alone or in a correlation (core/detect). */
  sigma: 16,
  /**
   * A credential appears in the event as data: parameters, a command line, SQL, a tool's arguments or result
   * (core/derive/secrets).
   */
  secretExposed: 32,
  /** The first use of a credential after it was exposed as data somewhere. */
  exposedCredentialUsed: 64,
  /** A credential used after it was revoked, deactivated or deleted. */
  usedAfterRevoke: 128,
  /** A credential used after its stated expiry. */
  usedAfterExpiry: 256,
  /** A credential used from a second network within minutes of the first (core/derive/secrets/lifecycle.ts). */
  twoNetworks: 512,
} as const;

export const FLAG_NAMES = [
  [FLAG.outOfScope, 'out_of_scope'],
  [FLAG.deviation, 'deviation'],
  [FLAG.logTamper, 'log_tamper'],
  [FLAG.visibilityGap, 'visibility_gap'],
  [FLAG.sigma, 'sigma'],
  [FLAG.secretExposed, 'secret_exposed'],
  [FLAG.exposedCredentialUsed, 'exposed_credential_used'],
  [FLAG.usedAfterRevoke, 'used_after_revoke'],
  [FLAG.usedAfterExpiry, 'used_after_expiry'],
  [FLAG.twoNetworks, 'two_networks'],
] as const;

/** A flag as events and filters name it. */
export type FlagName = (typeof FLAG_NAMES)[number][1];

export function flagNames(bits: number): FlagName[] {
  return FLAG_NAMES.filter(([b]) => (bits & b) !== 0).map(([, n]) => n);
}

/** The bit of a flag name, or undefined for a name that is not a flag. */
export function flagBit(name: string): number | undefined {
  return FLAG_NAMES.find(([, n]) => n === name)?.[0];
}
