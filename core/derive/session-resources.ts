// What each session touched, as one packed row per session (scope reads the sessions it reached, whole): per
// entry the resource id, action id, event count, first and last time and first event. A row per session ×
// resource × action would be nearly a row per event on object-level logs (S3 keys), and cost as much to write.
// Layout, column-wise: n × 3 int32 (resource, action, events), padding to 8 bytes, n × 3 float64 (first, last,
// first event).

const floatsAt = (n: number) => Math.ceil((n * 12) / 8) * 8;

export function encodeEntries(n: number, fill: (j: number, ints: Int32Array, floats: Float64Array) => void): Buffer {
  const buf = new ArrayBuffer(floatsAt(n) + n * 24);
  const ints = new Int32Array(buf, 0, n * 3);
  const floats = new Float64Array(buf, floatsAt(n), n * 3);
  const i3 = new Int32Array(3);
  const f3 = new Float64Array(3);
  for (let j = 0; j < n; j++) {
    fill(j, i3, f3);
    ints.set(i3, j * 3);
    floats.set(f3, j * 3);
  }
  return Buffer.from(buf);
}

export function decodeEntries(
  data: Buffer,
  n: number,
  each: (resource: number, action: number, events: number, first: number, last: number, firstEvent: number) => void,
): void {
  // A copy: SQLite's buffer need not be 8-byte aligned.
  const buf = new Uint8Array(data).buffer;
  const ints = new Int32Array(buf, 0, n * 3);
  const floats = new Float64Array(buf, floatsAt(n), n * 3);
  for (let j = 0; j < n; j++) {
    each(ints[j * 3], ints[j * 3 + 1], ints[j * 3 + 2], floats[j * 3], floats[j * 3 + 1], floats[j * 3 + 2]);
  }
}
