// The search box (the one grammar, README "Search") and the time window. The search runs as you type (debounced)
// and at once on Enter; a query that cannot be read shows where it is wrong (search.parse), never an empty grid.
import { useEffect, useRef, useState } from 'react';
import { useApp } from '../../app/store';
import { errorText } from '../../lib/api';
import { useAsync } from '../../lib/use-async';
import { fmtTime, parseInZone, zoneLabel } from '../../lib/time';

const DEBOUNCE_MS = 400;
/** Every field example here finds events on the sample case (test/e2e/grid.spec.ts runs each one). */
export const SEARCH_PLACEHOLDER =
  'Search: action:s3:Get*   ip:203.0.113.*   ua:*curl*   -outcome:success   "a phrase"   a OR b   prefix*';

export function SearchBar() {
  const { t, route, setParams, tz } = useApp();
  const applied = route.params.q ?? '';
  const [q, setQ] = useState(applied);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [timeErr, setTimeErr] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => setQ(applied), [applied]);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);

  const apply = (text: string, replace: boolean) => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    if (text.trim() !== applied) setParams({ q: text.trim() || undefined }, { replace });
  };
  // Where the applied query is wrong, and what was expected there.
  const parsed = useAsync(applied.trim() ? () => t.call('search.parse', { query: applied, tz }) : null, [
    t,
    applied,
    tz,
  ]);
  const problem = parsed.value && !parsed.value.ok ? parsed.value.error : null;
  const notes = parsed.value && parsed.value.ok ? parsed.value.notes : [];

  return (
    <>
      <form
        className="searchbar"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          apply(q, false);
          const f = from ? parseInZone(from, tz) : undefined;
          const tt = to ? parseInZone(to, tz) : undefined;
          if (f === null || tt === null) {
            setTimeErr(
              `Not a time: write YYYY-MM-DD HH:MM (read in ${zoneLabel(tz)}) or an ISO-8601 time with an offset`,
            );
            return;
          }
          setTimeErr(null);
          if (from || to) setParams({ ...(f ? { from: f } : {}), ...(tt ? { to: tt } : {}) });
        }}
      >
        <input
          type="search"
          value={q}
          onChange={(e) => {
            const v = e.target.value;
            setQ(v);
            if (timer.current) clearTimeout(timer.current);
            timer.current = setTimeout(() => apply(v, true), DEBOUNCE_MS);
          }}
          aria-label="Search events"
          aria-invalid={problem ? true : undefined}
          placeholder={SEARCH_PLACEHOLDER}
          data-testid="events-search"
          spellCheck={false}
        />
        <input
          type="text"
          value={from}
          onChange={(e) => setFrom(e.target.value)}
          aria-label={`From (${zoneLabel(tz)})`}
          placeholder={`from ${route.params.from ? fmtTime(route.params.from, tz) : 'YYYY-MM-DD HH:MM'}`}
          className="time-input"
        />
        <input
          type="text"
          value={to}
          onChange={(e) => setTo(e.target.value)}
          aria-label={`To (${zoneLabel(tz)})`}
          placeholder={`to ${route.params.to ? fmtTime(route.params.to, tz) : 'YYYY-MM-DD HH:MM'}`}
          className="time-input"
        />
        <button type="submit" className="primary">
          Search
        </button>
      </form>
      {problem && (
        <div className="search-error" role="alert" data-testid="search-error">
          <div>
            <strong>This search cannot be read</strong> (character {problem.start + 1}): {problem.message}
            {problem.suggestions?.length ? ` Did you mean ${problem.suggestions.join(' or ')}?` : ''}
          </div>
          <pre className="mono caret" aria-hidden="true">
            {applied}
            {'\n'}
            {' '.repeat(problem.start)}
            {'^'.repeat(Math.max(1, problem.end - problem.start))}
          </pre>
          {problem.expected?.length ? (
            <div className="small muted">Expected here: {problem.expected.slice(0, 8).join(', ')}</div>
          ) : null}
        </div>
      )}
      {parsed.error !== undefined && <div className="search-error">{errorText(parsed.error)}</div>}
      {timeErr && <div className="search-error">{timeErr}</div>}
      {notes.length > 0 && (
        <div className="small muted" data-testid="search-notes">
          {notes.map((x) => x.message).join(' · ')}
        </div>
      )}
    </>
  );
}
