// What a view shows when a call fails: the error's own one-line message (ApiError carries the core's code).
import { ApiError } from '../transport';

export function errorText(e: unknown): string {
  // The contract types every call, so a method the core does not know means the page and the core come from
  // different builds: say so, rather than show an empty view.
  if (e instanceof ApiError && e.code === 'METHOD_NOT_FOUND')
    return `${e.message} (this page and the SessionScope core it talks to are from different builds: reload the page, or restart SessionScope)`;
  if (e instanceof Error) return e.message;
  return String(e);
}
