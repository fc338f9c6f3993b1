// Bounds that keep memory flat whatever the input.
export const LIMITS = {
  /** A record longer than this is rejected (its first bytes are kept with the reject). */
  maxRecordBytes: 16 * 1024 * 1024,
  /** How many bytes of a rejected oversized record are kept. */
  keptRejectBytes: 64 * 1024,
  /** JSON nested deeper than this is rejected before any importer walks it. */
  maxDepth: 512,
  /** Bytes of text per event that go into the full-text index. */
  maxSearchChars: 32 * 1024,
};
