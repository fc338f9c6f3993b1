// Colours for layers and tags: chosen from a fixed palette (readable on white paper and on a dark theme) by a
// hash of the name, so the same tag has the same colour in every case and every view until the analyst picks one.
// Pure (no node:crypto) so the renderer can use it as well.

export const PALETTE = [
  '#1f77b4',
  '#d62728',
  '#2ca02c',
  '#9467bd',
  '#e8590c',
  '#0b7285',
  '#8c564b',
  '#c2255c',
  '#5c5f66',
  '#7a7d00',
  '#3b5bdb',
  '#a61e4d',
  '#2b8a3e',
  '#b35900',
  '#5f3dc4',
  '#087f5b',
];

/** FNV-1a over the lower-cased name. */
export function colorFor(name: string): string {
  let h = 0x811c9dc5;
  for (const ch of name.toLowerCase()) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return PALETTE[h % PALETTE.length];
}

export function isColor(s: string): boolean {
  return /^#[0-9a-fA-F]{6}$/.test(s);
}
