// Outcomes a log states only by naming the event: GitHub `user.two_factor_challenge_failure`, Okta
// `user.account.unlock_failure`, Google Workspace `login_failure` / `loginFailure`, `*.request_denied`. One rule for
// every importer whose records have no outcome field of their own (or leave it empty): the event's own name — the
// last dotted segment, where these logs put what happened — says it failed or was refused.
import type { Outcome } from '../../core/model/event.js';

/** Words that say the event is a failure or a refusal. */
const FAILURE_WORDS = new Set([
  'fail',
  'failed',
  'failure',
  'failures',
  'denied',
  'denial',
  'rejected',
  'refused',
  'unauthorized',
  'forbidden',
]);

/** The words of a name: split at dots, underscores, hyphens, spaces, slashes, colons and camelCase humps. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[._\-\s/:]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/**
 * Whether the event's name states a failure (in its last dotted segment: `login.login_failure`, not
 * `failure_policy.update`).
 */
export function nameSaysFailure(name: string): boolean {
  const last = name.slice(name.lastIndexOf('.') + 1);
  return words(last).some((w) => FAILURE_WORDS.has(w));
}

/**
 * The outcome of an event whose log states it weakly or not at all: `stated` as the importer read it (a default
 * `success` for logs that record only what happened, `unknown` for an empty outcome field), made `failure` when the
 * event's name says so. A stated failure stays one.
 */
export function outcomeByName(name: string, stated: Outcome): Outcome {
  if (stated === 'failure') return stated;
  return nameSaysFailure(name) ? 'failure' : stated;
}
