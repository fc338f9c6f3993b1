// Bits of events.flags, set by derivation (core/derive) and shown as badges everywhere.
export const FLAG = {
  outOfScope: 1,
  deviation: 2,
  logTamper: 4,
  visibilityGap: 8,
  /** A Sigma rule matched the event, alone or in a correlation (core/detect). */
  sigma: 16,
} as const;

export const FLAG_NAMES: [number, string][] = [
  [FLAG.outOfScope, 'out_of_scope'],
  [FLAG.deviation, 'deviation'],
  [FLAG.logTamper, 'log_tamper'],
  [FLAG.visibilityGap, 'visibility_gap'],
  [FLAG.sigma, 'sigma'],
];

export function flagNames(bits: number): string[] {
  return FLAG_NAMES.filter(([b]) => (bits & b) !== 0).map(([, n]) => n);
}
