// Turning per-record recognition into a file-level confidence: the mean score of the records that look like
// the format, scaled by the share of sampled records that do. Rule-test exports mix full and minimal
// records, so one odd record lowers the confidence without zeroing it.

export function sampleScore(values: unknown[], scorer: (v: unknown) => number): number {
  if (values.length === 0) return 0;
  let sum = 0,
    hits = 0;
  for (const v of values) {
    const s = scorer(v);
    if (s > 0) {
      sum += s;
      hits++;
    }
  }
  return hits === 0 ? 0 : (sum / hits) * (hits / values.length);
}
