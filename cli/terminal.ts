// What reaches the analyst's terminal. Evidence names things — identities, file names, paths, user agents — and
// log content is written by whoever the investigation is about: an ESC sequence in an identity name could retitle
// the terminal, plant an OSC 8 link, move the cursor to overwrite an earlier line, or a bidi override could make
// `evil‮gol.txt` read as `eviltxt.log` (issue 15 §4). So every string the CLI writes passes one sanitizer, at
// the streams themselves: no command can forget it. It neutralizes C0 controls (but tab and line feed), DEL, C1
// controls, and the bidi embedding/override/isolate marks, replacing each with a visible stand-in, so the analyst
// sees that something was there. JSON output keeps the data exact: those characters are written as \uXXXX escapes
// (the JSON text then holds nothing to neutralize, and a program that parses it gets the original string).

/** The characters a terminal may act on, or that reorder what it shows. */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

function standIn(c: string): string {
  const code = c.charCodeAt(0);
  if (code === 0x1b) return '␛';
  if (code === 0x0d) return '␍';
  if (code < 0x20) return String.fromCharCode(0x2400 + code); // ␀ … ␟
  if (code === 0x7f) return '␡';
  return `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
}

/** `s` with every control, ESC sequence opener and bidi mark replaced by a visible stand-in (tab, line feed kept). */
export function neutralize(s: string): string {
  return s.replace(UNSAFE, standIn);
}

/** A JSON text with those characters written as \u escapes inside its strings: the same value, inert on a terminal. */
export function inertJson(text: string): string {
  // JSON.stringify already escapes C0; outside strings a JSON text has none of these characters.
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

type Write = typeof process.stdout.write;

const raw = new WeakMap<NodeJS.WriteStream, Write>();

/**
 * Makes every string written to `stream` pass `neutralize`. Buffers go through unchanged (nothing in the CLI
 * writes one; a caller that does means bytes, not text). Idempotent.
 */
export function guardStream(stream: NodeJS.WriteStream): void {
  if (raw.has(stream)) return;
  const original = stream.write.bind(stream) as Write;
  raw.set(stream, original);
  stream.write = function (chunk: unknown, ...rest: unknown[]) {
    const c = typeof chunk === 'string' ? neutralize(chunk) : chunk;
    return (original as (...a: unknown[]) => boolean)(c, ...rest);
  } as Write;
}

/**
 * Writes the CLI's own terminal control (the progress bar's carriage return) past the guard. `text` must not hold
 * evidence that was not neutralized first.
 */
export function writeControl(stream: NodeJS.WriteStream, control: string, text = ''): void {
  const write = raw.get(stream) ?? (stream.write.bind(stream) as Write);
  write(control + neutralize(text));
}
