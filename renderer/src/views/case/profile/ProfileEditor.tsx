// The intended-behaviour profile in the workbench: view, edit (checked as you type, every problem at its line
// and column, from the YAML parser and from the profile schema), and apply — audited; the events outside the
// profile are flagged out_of_scope again, and every view reloads to show the new flags.
import { useEffect, useRef, useState } from 'react';
import { useApp } from '../../../app/store';
import { useAsync } from '../../../lib/use-async';
import { errorText } from '../../../lib/api';
import type { ProfileProblem, Result } from '../../../lib/contract';
import { fmtTime } from '../../../lib/time';
import { n } from '../../../lib/format';
import { ErrorBox, LinkButton, Spinner } from '../../../components/ui';
import { ProfileText, type ProfileTextHandle } from './ProfileText';
import { PROFILE_EXAMPLE } from './example';

/** How long typing pauses before the text is checked. */
const CHECK_DELAY_MS = 300;

export function ProfileEditor() {
  const { t, tz, bump, go } = useApp();
  const stored = useAsync(() => t.call('profile.get'), [t]);
  const [text, setText] = useState<string | null>(null);
  const [problems, setProblems] = useState<ProfileProblem[] | null>(null);
  const [checkErr, setCheckErr] = useState<string | null>(null);
  const [applied, setApplied] = useState<Result<'profile.set'> | null>(null);
  const [applyErr, setApplyErr] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const editor = useRef<ProfileTextHandle>(null);
  const yaml = text ?? stored.value?.yaml ?? '';
  const latest = useRef(yaml);
  latest.current = yaml;
  const dirty = stored.value !== undefined && text !== null && text !== stored.value.yaml;

  // Checked as typed (after a pause); the answer for older text is dropped by useAsync.
  const check = useAsync(
    stored.value === undefined
      ? null
      : () =>
          new Promise<Result<'profile.validate'>>((resolve, reject) => {
            // Text typed since is checked by its own call: this one never asks (its answer would be dropped).
            setTimeout(() => {
              if (latest.current === yaml) t.call('profile.validate', { yaml }).then(resolve, reject);
            }, CHECK_DELAY_MS);
          }),
    [t, yaml, stored.value],
  );
  useEffect(() => {
    if (check.value) setProblems(check.value.ok ? [] : check.value.problems);
    setCheckErr(check.error === undefined ? null : errorText(check.error));
  }, [check.value, check.error]);

  const apply = async () => {
    setBusy(true);
    setApplyErr(null);
    setApplied(null);
    try {
      const r = await t.call('profile.set', { yaml });
      setApplied(r);
      // Shown as applied until the stored profile reloads (then it is not 'edited' any more).
      setText(r.yaml);
      stored.reload();
      bump(); // out_of_scope flags changed: every view reloads
    } catch (e) {
      setApplyErr(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  if (stored.error !== undefined)
    return <ErrorBox what="Profile" error={errorText(stored.error)} onRetry={stored.reload} />;
  if (stored.value === undefined) return <Spinner label="Loading the profile" />;
  const s = stored.value;
  const checking = check.loading || problems === null;
  const valid = !checking && problems !== null && problems.length === 0;

  return (
    <section className="profile-editor" aria-label="Intended-behaviour profile" data-testid="profile-editor">
      <p className="muted">
        Per identity (by name, alias or glob), the actions and resources it is meant to touch. Events of a profiled
        identity outside its profile are flagged <span className="mono">out_of_scope</span>; identities without a
        profile are not judged.
      </p>
      <div className="profile-state small" data-testid="profile-state">
        {s.updated_at ? (
          <>
            Applied {fmtTime(s.updated_at, tz, { ms: false })} by {s.analyst ?? 'unknown'} ·{' '}
          </>
        ) : (
          <>No profile applied yet · </>
        )}
        <LinkButton onClick={() => go('events', { q: 'flag:out_of_scope' })}>
          {n(s.out_of_scope)} events out of scope
        </LinkButton>
        {dirty && <strong className="warn"> · edited, not applied</strong>}
      </div>
      <div className="profile-grid">
        <ProfileText ref={editor} value={yaml} problems={problems ?? []} onChange={setText} />
        <div className="profile-side">
          <h3>Check</h3>
          <div role="status" aria-live="polite" data-testid="profile-check">
            {checkErr ? (
              <span className="danger">{checkErr}</span>
            ) : checking ? (
              <span className="muted">checking…</span>
            ) : valid ? (
              <span className="ok">✓ valid profile{yaml.trim() === '' ? ' (empty: no identity is judged)' : ''}</span>
            ) : (
              <span className="danger">
                {problems!.length} problem{problems!.length === 1 ? '' : 's'}
              </span>
            )}
          </div>
          {problems && problems.length > 0 && (
            <ol className="profile-problems" data-testid="profile-problems">
              {problems.map((p, i) => (
                <li key={i}>
                  <LinkButton onClick={() => editor.current?.goTo(p.line, p.col)}>
                    line {p.line}, column {p.col}
                  </LinkButton>
                  {p.path && <span className="mono small profile-path">{p.path}</span>}
                  <div>{p.message}</div>
                </li>
              ))}
            </ol>
          )}
          <div className="row">
            <button
              type="button"
              className="primary"
              disabled={!valid || busy || (!dirty && s.updated_at !== null)}
              onClick={() => void apply()}
              data-testid="profile-apply"
            >
              {busy ? 'Applying…' : 'Apply profile'}
            </button>
            <button type="button" disabled={!dirty || busy} onClick={() => setText(null)}>
              Revert
            </button>
            {yaml.trim() === '' && (
              <button type="button" onClick={() => setText(PROFILE_EXAMPLE)}>
                Start from an example
              </button>
            )}
          </div>
          <p className="small muted">Applying re-flags every event and is recorded in the audit log.</p>
          {applyErr && <ErrorBox what="Apply" error={applyErr} />}
          {applied && (
            <div className="notice good small" role="status" data-testid="profile-applied">
              Applied: {n(applied.out_of_scope)} events out of scope.
              {applied.identities.length > 0 && (
                <ul>
                  {applied.identities.map((i) => (
                    <li key={i.identity_id}>
                      <LinkButton onClick={() => go('events', { q: `identity:"${i.identity}" flag:out_of_scope` })}>
                        {i.identity}
                      </LinkButton>
                      : {n(i.out_of_scope)} of {n(i.events)}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          )}
        </div>
      </div>
    </section>
  );
}
