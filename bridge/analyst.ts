// Who acts in browser mode. One bridge serves one token, but every browser session names its analyst: the page
// asks once per session (sessionStorage) and sends the name with every call as `X-SessionScope-Analyst`
// (percent-encoded UTF-8). The bridge runs that call as that analyst (core/api/context.ts actingAs), so each
// audit, custody and seal row made from the UI carries the name the person typed. A call without the header
// acts as the bridge's own analyst (`serve --analyst`, SESSIONSCOPE_ANALYST, the case's analyst, the OS user).
export const ANALYST_HEADER = 'x-sessionscope-analyst';

/** Longest analyst name accepted (characters). */
export const MAX_ANALYST_CHARS = 80;

/** The analyst a request names: undefined when it names none, an Error when the name is unusable. */
export function analystFromHeader(raw: string | string[] | undefined): string | undefined | Error {
  if (raw === undefined) return undefined;
  if (Array.isArray(raw)) return new Error('one analyst per call');
  let name: string;
  try {
    name = decodeURIComponent(raw);
  } catch {
    return new Error('the analyst name is not percent-encoded UTF-8');
  }
  name = name.normalize('NFC').trim();
  if (name === '') return new Error('the analyst name is empty');
  if ([...name].length > MAX_ANALYST_CHARS)
    return new Error(`the analyst name is over ${MAX_ANALYST_CHARS} characters`);
  if (/[\p{Cc}\p{Cf}\u2028\u2029]/u.test(name)) return new Error('the analyst name holds control characters');
  return name;
}
