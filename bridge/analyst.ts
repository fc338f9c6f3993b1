// Who acts in browser mode. One bridge serves one token, but every browser session names its analyst: the page
// asks once per session (sessionStorage) and sends the name with every call as `X-SessionScope-Analyst`
// (percent-encoded UTF-8). The bridge runs that call as that analyst (core/api/context.ts actingAs), so each
// audit, custody and seal row made from the UI carries the name the person typed. A call without the header
// acts as the bridge's own analyst (`serve --analyst`, SESSIONSCOPE_ANALYST, the case's analyst, the OS user).
import { checkAnalystName } from '../core/model/analyst-name.js';

export const ANALYST_HEADER = 'x-sessionscope-analyst';

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
  return checkAnalystName(name);
}
