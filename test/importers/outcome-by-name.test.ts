// The outcome a log states only by naming its event (importers/util/outcome.ts): one rule for every format.
import { describe, expect, it } from 'vitest';
import { nameSaysFailure, outcomeByName } from '../../importers/util/outcome.js';

describe('outcome by event name', () => {
  it('failures and refusals named in the last segment of the name, in any spelling', () => {
    for (const name of [
      'user.two_factor_challenge_failure',
      'user.failed_login',
      'login.loginFailure',
      'login_failure',
      'user.account.unlock_failure',
      'app.oauth2.as.authorize.scope_denied',
      'personal_access_token.request_denied',
      'user.session.access_admin_app.Rejected',
      'AuthorizationFailed',
    ])
      expect(nameSaysFailure(name), name).toBe(true);
  });

  it('names that only mention failure elsewhere, or words that merely contain it', () => {
    for (const name of [
      'failure_policy.update',
      'repo.failover',
      'user.login',
      'workflows.completed_workflow_run',
      'x.unfailing',
    ])
      expect(nameSaysFailure(name), name).toBe(false);
  });

  it('never turns a stated failure into anything else; an unknown or default success becomes failure by name', () => {
    expect(outcomeByName('user.login', 'failure')).toBe('failure');
    expect(outcomeByName('user.login_failure', 'success')).toBe('failure');
    expect(outcomeByName('user.login_failure', 'unknown')).toBe('failure');
    expect(outcomeByName('user.login', 'unknown')).toBe('unknown');
  });
});
