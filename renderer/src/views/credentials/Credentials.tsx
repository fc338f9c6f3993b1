// Credentials: each credential's lifecycle (issued, first/last use, rotated, revoked or deleted, expiry, exposed)
// with its flags, worst first; each opens the events behind it in the grid. Secrets found as data are shown masked:
// the engine never stores them (core/secrets).
import { useMemo, useState } from 'react';
import { useApp } from '../../app/store';
import { errorText } from '../../lib/api';
import type { Result } from '../../lib/contract';
import { useAsync } from '../../lib/use-async';
import { fmtTime } from '../../lib/time';
import { n, plural, shortName } from '../../lib/format';
import { Empty, ErrorBox, LinkButton, Mono, Spinner } from '../../components/ui';

type Credential = Result<'credentials.list'>[number];

const FLAG_TEXT: Record<string, { label: string; explain: string; rank: number }> = {
  exposed_then_used: {
    label: 'exposed, then used',
    explain: 'Found as data somewhere, then used by someone.',
    rank: 0,
  },
  used_after_revoke: { label: 'used after revoke', explain: 'Used after it was revoked or deactivated.', rank: 1 },
  used_after_delete: { label: 'used after delete', explain: 'Used after it was deleted.', rank: 1 },
  used_after_expiry: { label: 'used after expiry', explain: 'Used after its stated lifetime ended.', rank: 2 },
  two_networks: { label: 'two networks', explain: 'Used from two networks within 10 minutes.', rank: 2 },
  exposed: {
    label: 'exposed',
    explain: 'Found in evidence as data (parameters, command line, SQL, tool call).',
    rank: 3,
  },
  never_rotated: { label: 'never rotated', explain: 'Long-lived, never rotated, older than the age limit.', rank: 4 },
  issued_never_used: { label: 'issued, never used', explain: 'No source shows it in use.', rank: 5 },
};
const FLAGS = Object.keys(FLAG_TEXT);
/** Whole seconds: nine columns must fit beside the rail at 1440 px (the events behind a row have the rest). */
const SECONDS = { ms: false };

/** The analyst's filter: a piece of the credential, its identity or its issuer (case-insensitive). */
function matches(c: Credential, filter: string): boolean {
  const q = filter.trim().toLowerCase();
  return !q || [c.credential, c.identity ?? '', c.issuer ?? ''].some((x) => x.toLowerCase().includes(q));
}

function rank(c: Credential): number {
  return Math.min(99, ...c.flags.map((f) => FLAG_TEXT[f]?.rank ?? 50));
}

export function CredentialsView() {
  const { t, route, setParams, go, dataVersion, tz } = useApp();
  const flag = route.params.flag ?? '';
  const identity = route.params.identity ?? '';
  const [filter, setFilter] = useState(route.params.q ?? '');
  const [maxAge, setMaxAge] = useState(90);
  const { value, error, reload } = useAsync(
    () =>
      t.call('credentials.list', {
        max_age_days: maxAge,
        ...(identity ? { identity } : {}),
      }),
    [t, dataVersion, identity, maxAge],
  );
  const rows = useMemo(
    () =>
      (value ?? [])
        .filter((c) => !flag || c.flags.includes(flag))
        .filter((c) => matches(c, filter))
        .sort(
          (a, b) => rank(a) - rank(b) || (a.first_use ?? a.issued ?? '').localeCompare(b.first_use ?? b.issued ?? ''),
        ),
    [value, flag, filter],
  );

  if (error)
    return (
      <div className="view">
        <ErrorBox what="Credentials" error={errorText(error)} onRetry={reload} />
      </div>
    );
  if (!value) return <Spinner label="Loading credentials" />;

  const openEvents = (c: Credential, roles?: string[]) => {
    const ids = [...new Set(Object.entries(c.events).flatMap(([r, l]) => (!roles || roles.includes(r) ? l : [])))];
    if (ids.length > 0) go('events', { ids: ids.sort((a, b) => a - b).join(','), ev: String(ids[0]) });
  };
  const counts = new Map(FLAGS.map((f) => [f, value.filter((c) => c.flags.includes(f)).length]));

  return (
    <div className="view credentials-view" data-testid="credentials-view">
      <div className="toolbar">
        <input
          type="search"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          onBlur={() => setParams({ ...route.params, q: filter || undefined }, { replace: true })}
          placeholder="Filter by credential, identity or issuer"
          aria-label="Filter credentials"
          data-testid="credential-filter"
        />
        <label>
          Flag{' '}
          <select
            value={flag}
            onChange={(e) => setParams({ ...route.params, flag: e.target.value || undefined })}
            aria-label="Flag"
          >
            <option value="">all</option>
            {FLAGS.map((f) => (
              <option key={f} value={f}>
                {FLAG_TEXT[f].label} ({n(counts.get(f) ?? 0)})
              </option>
            ))}
          </select>
        </label>
        <label title="Long-lived credentials older than this at the case's last event, never rotated, are flagged">
          Max age{' '}
          <input
            type="number"
            min={1}
            value={maxAge}
            aria-label="Maximum age in days"
            onChange={(e) => setMaxAge(Math.max(1, Number(e.target.value) || 90))}
            style={{ width: '5em' }}
          />{' '}
          days
        </label>
        {identity && (
          <span>
            identity <Mono value={identity} />{' '}
            <LinkButton onClick={() => setParams({ ...route.params, identity: undefined })}>all</LinkButton>
          </span>
        )}
        <span className="muted">{plural(rows.length, 'credential')}</span>
      </div>
      {rows.length === 0 ? (
        <Empty title="No credentials">
          {value.length === 0
            ? 'No source in this case keys sessions by a credential, issues or revokes one, or holds one as data.'
            : 'None matches the filter and the flag.'}
        </Empty>
      ) : (
        <div className="table-wrap fill">
          <table className="grid-table sticky credentials-table">
            <thead>
              <tr>
                <th>Credential</th>
                <th>Kind</th>
                <th>Identity</th>
                <th>Issued</th>
                <th>First use</th>
                <th>Last use</th>
                <th>Events</th>
                <th>Revoked / deleted</th>
                <th>Flags</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((c) => (
                <tr key={c.id} data-testid="credential-row">
                  <td>
                    <LinkButton onClick={() => openEvents(c)}>
                      <Mono value={c.credential} />
                    </LinkButton>
                  </td>
                  <td>{c.kind.replace(/_/g, ' ')}</td>
                  <td>
                    {c.identity ? (
                      <LinkButton onClick={() => go('identities', { id: String(c.identity_id) })}>
                        {c.identity}
                      </LinkButton>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td>
                    {fmtTime(c.issued, tz, SECONDS)}
                    {c.issuer && (
                      <span className="muted small" title={c.issuer}>
                        {' '}
                        by {shortName(c.issuer)}
                      </span>
                    )}
                  </td>
                  <td>{fmtTime(c.first_use, tz, SECONDS)}</td>
                  <td>{fmtTime(c.last_use, tz, SECONDS)}</td>
                  <td className="num">{n(c.uses)}</td>
                  <td>
                    {c.deleted
                      ? `deleted ${fmtTime(c.deleted, tz, SECONDS)}`
                      : c.revoked
                        ? `revoked ${fmtTime(c.revoked, tz, SECONDS)}`
                        : ''}
                  </td>
                  <td>
                    {c.flags.map((f) => (
                      <button
                        key={f}
                        type="button"
                        className={`badge flag cred-flag cred-${f}`}
                        title={FLAG_TEXT[f]?.explain ?? f}
                        onClick={() =>
                          openEvents(
                            c,
                            f === 'exposed' || f === 'exposed_then_used'
                              ? ['exposed', 'exposed_use']
                              : f === 'used_after_revoke'
                                ? ['revoked', 'after_revoke']
                                : f === 'used_after_delete'
                                  ? ['deleted', 'after_delete']
                                  : f === 'used_after_expiry'
                                    ? ['issued', 'after_expiry']
                                    : f === 'two_networks'
                                      ? ['two_networks']
                                      : undefined,
                          )
                        }
                      >
                        {FLAG_TEXT[f]?.label ?? f}
                      </button>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
