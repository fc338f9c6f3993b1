// The analyst's name, asked when a browser or window session starts (and on "change" in the top bar).
import { useState } from 'react';
import { analystProblem, MAX_ANALYST_CHARS } from './analyst';

export function AnalystDialog({
  initial,
  fallback,
  onDone,
  onCancel,
}: {
  initial: string;
  /** Who acts when nobody is named (the bridge's analyst), shown so the choice is informed. */
  fallback?: string;
  onDone: (name: string) => void;
  onCancel?: () => void;
}) {
  const [name, setName] = useState(initial);
  const [touched, setTouched] = useState(false);
  const problem = analystProblem(name);
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-labelledby="analyst-title">
      <form
        className="dialog analyst-dialog"
        data-testid="analyst-dialog"
        onSubmit={(e) => {
          e.preventDefault();
          setTouched(true);
          if (!problem) onDone(name.normalize('NFC').trim());
        }}
      >
        <h2 id="analyst-title">Who is investigating?</h2>
        <p>
          Your name is written into every audit, custody and seal row you make from this window (the case&apos;s record
          of who did what). It is asked once per session: again when the window or browser tab is opened anew.
        </p>
        <label>
          Analyst name
          <input
            type="text"
            value={name}
            maxLength={MAX_ANALYST_CHARS * 2}
            onChange={(e) => setName(e.target.value)}
            autoFocus
            data-testid="analyst-input"
            aria-invalid={touched && problem !== null}
            aria-describedby="analyst-help"
          />
        </label>
        <p id="analyst-help" className={`small${touched && problem ? ' danger' : ' muted'}`}>
          {touched && problem
            ? problem
            : fallback
              ? `Without a name, rows would say “${fallback}” (the account running SessionScope).`
              : 'e.g. the name you sign reports with'}
        </p>
        <div className="row">
          <button type="submit" className="primary" data-testid="analyst-save">
            Continue
          </button>
          {onCancel && (
            <button type="button" onClick={onCancel}>
              Cancel
            </button>
          )}
        </div>
      </form>
    </div>
  );
}
