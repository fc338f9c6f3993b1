// Deterministic randomness for the bench generators: the same seed writes the same records on every machine.

/** mulberry32: small, fast, good enough for synthetic logs. */
export function prng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random (version-less) UUID-shaped string. */
export const uuid = (rnd: () => number): string => {
  const h = () =>
    Math.floor(rnd() * 0x10000)
      .toString(16)
      .padStart(4, '0');
  return `${h()}${h()}-${h()}-${h()}-${h()}-${h()}${h()}${h()}`;
};
