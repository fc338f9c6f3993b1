// Identities: non-human identities first, with kind, aliases, sources, sessions, deviation score and coverage
// flags; filter and sort; the selected identity's aliases, sessions and pivots (timeline, events, graph scope).
import { useEffect, useMemo, useState } from 'react';
import { useApp } from '../../app/store';
import { onViewKey } from '../../app/keys';
import { errorText } from '../../lib/api';
import { useAsync } from '../../lib/use-async';
import type { IdentityJson } from '../../lib/contract';
import { fmtDuration, fmtTime } from '../../lib/time';
import { arnAccount, middle, n, plural, shortName } from '../../lib/format';
import { KIND_LABEL } from '../../lib/colors';
import { Decisions } from './Decisions';
import { KindOverride } from './KindOverride';
import { ExposurePanel, exposureBrief } from './Exposure';
import { Empty, ErrorBox, FlagBadge, KindBadge, LinkButton, Mono, Spinner } from '../../components/ui';

type SortKey = 'name' | 'kind' | 'events' | 'sessions' | 'deviation' | 'last_seen' | 'aliases';

/** A row of the table: the identity with its deviation score and visibility gaps joined in. */
interface IdentityRow extends IdentityJson {
  deviation: number | null;
  deviation_reasons: string[];
  coverage_flags: string[];
  coverage_details: Record<string, string>;
}

/** Sessions the identity pane lists (the first, by start). */
const SESSIONS_SHOWN = 300;

const COVERAGE_EXPLAIN: Record<string, string> = {
  authenticated_no_actions: 'Authenticated, but no source shows what it did.',
  credential_issued_no_actions: 'A credential was issued to it, but no source shows it in use.',
  unused_credentials: 'Credentials were issued that no log shows being used.',
  no_auth_visible: 'Acts in the logs, but no source shows how it authenticated.',
  log_tamper: 'It disabled or reduced logging.',
  source_gap: 'A source it appears in went silent for much longer than usual.',
};
/** Short badge text: one identity often carries several gaps, and each must be told apart at a glance. */
const COVERAGE_LABEL: Record<string, string> = {
  authenticated_no_actions: 'no action logs',
  credential_issued_no_actions: 'credential unused',
  unused_credentials: 'credential unused',
  no_auth_visible: 'no auth logs',
  log_tamper: 'log tampering',
  source_gap: 'source gap',
};

/** One badge per distinct gap; flags that read the same are joined, their explanations in one tooltip. */
function coverageBadges(i: IdentityRow) {
  const byLabel = new Map<string, { flag: string; reasons: string[] }>();
  for (const f of i.coverage_flags) {
    const label = COVERAGE_LABEL[f] ?? f.replace(/_/g, ' ');
    const reason = i.coverage_details[f] ?? COVERAGE_EXPLAIN[f] ?? label;
    const b = byLabel.get(label) ?? { flag: f === 'log_tamper' ? 'log_tamper' : 'visibility_gap', reasons: [] };
    if (!b.reasons.includes(reason)) b.reasons.push(reason);
    byLabel.set(label, b);
  }
  return [...byLabel].map(([label, b]) => (
    <FlagBadge key={label} flag={b.flag} label={label} reason={b.reasons.join('\n')} />
  ));
}

export function IdentitiesView() {
  const { t, route, setParams, go, dataVersion, setStatus, tz } = useApp();
  const p = route.params;
  const [filter, setFilter] = useState(p.q ?? '');
  const sort = (p.sort as SortKey | undefined) ?? 'default';
  const dir = p.dir === 'asc' ? 1 : -1;
  const kind = p.kind ?? '';
  const nhiOnly = p.nhi === '1';

  const loaded = useAsync(
    async () => {
      const ids = await t.call('identities.list');
      const list: IdentityRow[] = ids.map((i) => ({
        ...i,
        deviation: null,
        deviation_reasons: [],
        coverage_flags: [],
        coverage_details: {},
      }));
      const [dev, cov] = await Promise.allSettled([t.call('deviations.list'), t.call('coverage.list')]);
      const byId = new Map(list.map((i) => [i.id, i]));
      if (dev.status === 'fulfilled')
        for (const d of dev.value.deviations) {
          const i = byId.get(d.identity_id);
          if (i) {
            i.deviation = d.score;
            i.deviation_reasons = d.reasons;
          }
        }
      if (cov.status === 'fulfilled')
        for (const c of cov.value.identities) {
          const i = byId.get(c.identity_id);
          if (!i) continue;
          i.coverage_flags = [...new Set([...i.coverage_flags, ...c.flags])];
          i.coverage_details = Object.fromEntries(c.details.map((d) => [d.flag, d.text]));
        }
      const failed = [
        dev.status === 'rejected' ? `deviation scores (${errorText(dev.reason)})` : null,
        cov.status === 'rejected' ? `visibility coverage (${errorText(cov.reason)})` : null,
      ].filter((x) => x !== null);
      /** Deviation scores or coverage that could not be read: the table still shows the identities. */
      const joinErr = failed.length ? failed.join(' and ') : null;
      return { rows: list, joinErr };
    },
    [t, dataVersion],
    { keepOnError: true },
  );
  const rows = loaded.value?.rows ?? null;
  const joinErr = loaded.value?.joinErr ?? null;
  // A failure is shown until the next load starts; meanwhile the identities read before stay.
  const err = loaded.loading || loaded.error === undefined ? null : errorText(loaded.error);

  const shown = useMemo(() => {
    if (!rows) return [];
    const q = filter.trim().toLowerCase();
    let out = rows.filter(
      (i) =>
        (!nhiOnly || i.nhi) &&
        (!kind || i.kind === kind) &&
        (!q ||
          i.name.toLowerCase().includes(q) ||
          i.aliases.some((a) => a.value.toLowerCase().includes(q)) ||
          i.sources.some((s) => s.includes(q))),
    );
    const val = (i: IdentityRow): number | string => {
      switch (sort) {
        case 'name':
          return i.name.toLowerCase();
        case 'kind':
          return i.kind;
        case 'events':
          return i.events;
        case 'sessions':
          return i.sessions;
        case 'deviation':
          return i.deviation ?? -1;
        case 'last_seen':
          return i.last_seen ?? '';
        case 'aliases':
          return i.alias_count;
        default:
          return 0;
      }
    };
    out = out.slice().sort((a, b) => {
      if (sort === 'default') {
        // Non-human identities first, then the most suspicious, then the busiest.
        return (
          Number(b.nhi) - Number(a.nhi) ||
          (b.deviation ?? -1) - (a.deviation ?? -1) ||
          b.events - a.events ||
          a.name.localeCompare(b.name)
        );
      }
      const va = val(a);
      const vb = val(b);
      const c = typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb));
      return c * dir || a.name.localeCompare(b.name);
    });
    return out;
  }, [rows, filter, kind, nhiOnly, sort, dir]);

  const selected =
    rows?.find((i) => String(i.id) === p.id) ?? (p.q && rows ? rows.find((i) => i.name === p.q) : undefined);

  useEffect(() => {
    if (!rows) return;
    const nhi = rows.filter((i) => i.nhi).length;
    setStatus(`${n(shown.length)} of ${n(rows.length)} identities shown · ${n(nhi)} non-human`);
    return () => setStatus('');
  }, [rows, shown, setStatus]);

  useEffect(
    () =>
      onViewKey((key) => {
        if (shown.length === 0) return;
        const i = shown.findIndex((x) => x.id === selected?.id);
        if (key === 'next' || key === 'prev') {
          const j = i < 0 ? 0 : Math.max(0, Math.min(shown.length - 1, i + (key === 'next' ? 1 : -1)));
          setParams({ id: String(shown[j].id) }, { replace: true });
        } else if (key === 'open' && selected) go('timeline', { lanes: 'session', identity: selected.name });
      }),
    [shown, selected, setParams, go],
  );

  if (err)
    return (
      <div className="view">
        <ErrorBox what="Identities" error={err} />
      </div>
    );
  if (!rows)
    return (
      <div className="view">
        <Spinner label="Loading identities" />
      </div>
    );
  if (rows.length === 0) {
    return (
      <div className="view">
        <Empty
          title="No identities yet"
          actions={
            <button type="button" className="primary" onClick={() => go('case')}>
              Add evidence
            </button>
          }
        >
          <p>Identities are derived from imported events. Import logs on the Case view.</p>
        </Empty>
      </div>
    );
  }

  const kinds = [...new Set(rows.map((i) => i.kind))].sort();
  const head = (key: SortKey, title: string, cls = '') => (
    <th className={cls} aria-sort={sort === key ? (dir === 1 ? 'ascending' : 'descending') : 'none'}>
      <button
        type="button"
        className="hbtn"
        onClick={() => setParams({ sort: key, dir: sort === key && dir === -1 ? 'asc' : undefined }, { replace: true })}
      >
        {title}
        {sort === key ? (dir === 1 ? ' ▲' : ' ▼') : ''}
      </button>
    </th>
  );

  return (
    <div className="view identities-view split" data-testid="identities-view">
      <div className="split-main">
        <div className="toolbar">
          <input
            type="search"
            value={filter}
            onChange={(e) => {
              setFilter(e.target.value);
            }}
            onBlur={() => setParams({ q: filter || undefined }, { replace: true })}
            placeholder="Filter by name, alias or source"
            aria-label="Filter identities"
            data-testid="identity-filter"
          />
          <select
            value={kind}
            onChange={(e) => setParams({ kind: e.target.value || undefined }, { replace: true })}
            aria-label="Kind"
          >
            <option value="">all kinds</option>
            {kinds.map((k) => (
              <option key={k} value={k}>
                {KIND_LABEL[k]}
              </option>
            ))}
          </select>
          <label className="check">
            <input
              type="checkbox"
              checked={nhiOnly}
              onChange={(e) => setParams({ nhi: e.target.checked ? '1' : undefined }, { replace: true })}
            />{' '}
            non-human only
          </label>
          <LinkButton onClick={() => setParams({ sort: undefined, dir: undefined }, { replace: true })}>
            NHI first, most deviant first
          </LinkButton>
          <span className="grow" />
          <span className="small muted">
            {n(shown.length)} of {plural(rows.length, 'identity', 'identities')}
          </span>
        </div>
        {joinErr && <ErrorBox what="Shown without" error={joinErr} />}
        <div className="table-wrap fill">
          <table className="grid-table sticky" data-testid="identities-table">
            <thead>
              <tr>
                {head('kind', 'Kind')}
                {head('name', 'Identity')}
                {head('aliases', 'Aliases')}
                <th>Sources</th>
                {head('sessions', 'Sessions', 'num')}
                {head('events', 'Events', 'num')}
                {head('deviation', 'Deviation', 'num')}
                <th>Coverage</th>
                {head('last_seen', 'Last seen')}
              </tr>
            </thead>
            <tbody>
              {shown.map((i) => (
                <tr
                  key={i.id}
                  className={`clickable${selected?.id === i.id ? ' selected' : ''}`}
                  onClick={() => setParams({ id: String(i.id) }, { replace: !!selected })}
                  data-testid="identity-row"
                >
                  <td>
                    <KindBadge kind={i.kind} nhi={i.nhi} />
                  </td>
                  <td className="mono name-cell" title={i.name}>
                    {shortName(i.name)}
                    {arnAccount(i.name) && <span className="acct"> {arnAccount(i.name)}</span>}
                  </td>
                  <td title={i.aliases.map((a) => `${a.system ? a.system + ': ' : ''}${a.value}`).join('\n')}>
                    {i.aliases.length > 0 ? (
                      <span className="mono small">
                        {i.alias_count} · {middle(shortName(i.aliases[0].value), 32)}
                      </span>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td className="small">{i.sources.join(', ')}</td>
                  <td className="num">{n(i.sessions)}</td>
                  <td className="num">{n(i.events)}</td>
                  <td className="num">
                    {i.deviation === null ? (
                      <span className="muted">—</span>
                    ) : (
                      <span
                        className={`score${i.deviation >= 50 ? ' high' : i.deviation >= 20 ? ' mid' : ''}`}
                        title={i.deviation_reasons.join('\n')}
                      >
                        {Math.round(i.deviation)}
                      </span>
                    )}
                  </td>
                  <td className="badges">{coverageBadges(i)}</td>
                  <td className="mono small">{fmtTime(i.last_seen, tz, { ms: false })}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {shown.length === 0 && (
            <Empty title="No identity matches">
              <p>Clear the filter or choose “all kinds”.</p>
            </Empty>
          )}
        </div>
      </div>
      {selected && (
        <IdentityPanel
          identity={selected}
          others={rows ?? []}
          onMoved={(id) => setParams({ id: String(id) }, { replace: true })}
          onClose={() => setParams({ id: undefined, q: filter || undefined }, { replace: true })}
        />
      )}
    </div>
  );
}

function Reasons({ reasons }: { reasons: string[] }) {
  const [all, setAll] = useState(false);
  const shown = all ? reasons : reasons.slice(0, 4);
  return (
    <>
      <ul className="reasons">
        {shown.map((r, k) => (
          <li key={k}>{r}</li>
        ))}
      </ul>
      {reasons.length > 4 && (
        <LinkButton onClick={() => setAll(!all)}>
          {all ? 'show fewer' : `show all ${reasons.length} reasons`}
        </LinkButton>
      )}
    </>
  );
}

function IdentityPanel({
  identity: i,
  others,
  onMoved,
  onClose,
}: {
  identity: IdentityRow;
  others: IdentityRow[];
  onMoved: (id: number) => void;
  onClose: () => void;
}) {
  const { t, go, tz, dataVersion } = useApp();
  // Nothing of an earlier identity (or an earlier failure) is shown while its sessions load.
  // The first page only (the pane shows SESSIONS_SHOWN): an identity of a large case has tens of thousands, and the
  // header says how many there are in all.
  const loaded = useAsync(
    () => t.call('sessions.page', { identity: String(i.id), limit: SESSIONS_SHOWN }),
    [t, i.id, dataVersion],
  );
  const sessions = loaded.loading ? null : (loaded.value?.items ?? null);
  const sessionTotal = loaded.value?.total ?? 0;
  const sessErr = loaded.loading || loaded.error === undefined ? null : errorText(loaded.error);

  return (
    <aside className="split-side" aria-label={`Identity ${i.name}`} data-testid="identity-panel">
      <div className="pane-bar">
        <span className="muted">Identity</span>
        <button type="button" onClick={onClose} aria-label="Close">
          ✕
        </button>
      </div>
      <div className="side-body">
        <h2 className="mono wrap">{i.name}</h2>
        <div className="row">
          <KindBadge kind={i.kind} nhi={i.nhi} />{' '}
          <span className="muted small">
            {plural(i.events, 'event')} · {plural(i.sessions, 'session')} · {i.sources.join(', ')}
          </span>
        </div>
        <KindOverride key={`${i.id}-${i.kind}`} identity={i} onChanged={onMoved} />
        <div className="pivots">
          <button
            type="button"
            className="primary"
            onClick={() => go('timeline', { lanes: 'session', identity: String(i.id) })}
            data-testid="identity-timeline"
          >
            Sessions on the timeline
          </button>
          <button type="button" onClick={() => go('events', { identity: String(i.id) })}>
            Events
          </button>
          <button type="button" onClick={() => go('graph', { mode: 'scope', identity: i.name })}>
            Blast radius
          </button>
        </div>
        <p className="small mono">
          {fmtTime(i.first_seen, tz)} → {fmtTime(i.last_seen, tz)}
        </p>
        {i.deviation !== null && (
          <>
            <h3>Deviation score {Math.round(i.deviation)}</h3>
            {i.deviation_reasons.length > 0 ? (
              <Reasons reasons={i.deviation_reasons} />
            ) : (
              <p className="muted small">No deviation from its baseline.</p>
            )}
          </>
        )}
        {i.coverage_flags.length > 0 && (
          <>
            <h3>Visibility</h3>
            <ul className="reasons">
              {i.coverage_flags.map((f) => (
                <li key={f}>{i.coverage_details[f] ?? COVERAGE_EXPLAIN[f] ?? f.replace(/_/g, ' ')}</li>
              ))}
            </ul>
          </>
        )}
        {i.exposure && <ExposurePanel exposure={i.exposure} />}
        <h3>
          Aliases <span className="muted">· {i.alias_count}</span>
        </h3>
        <table className="kv small">
          <tbody>
            {i.aliases.map((a, k) => (
              <tr key={k}>
                <th scope="row">{a.system}</th>
                <td>
                  <Mono value={a.value} max={48} />{' '}
                  {a.method && (
                    <span className="muted">
                      via {a.method.replace(/_/g, ' ')}
                      {` (${Math.round(a.confidence * 100)}%)`}
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <h3>Sessions {sessions && <span className="muted">· {n(sessionTotal)}</span>}</h3>
        {sessErr && <ErrorBox what="Sessions" error={sessErr} />}
        {!sessions ? (
          <Spinner label="Loading sessions" />
        ) : sessions.length === 0 ? (
          <p className="muted small">No sessions listed.</p>
        ) : (
          <table className="grid-table small" data-testid="session-table">
            <thead>
              <tr>
                <th>Session</th>
                <th>Start</th>
                <th>Length</th>
                <th className="num">Events</th>
                <th>Sources</th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((s) => [
                <tr
                  key={s.id}
                  className="clickable"
                  onClick={() =>
                    go('timeline', {
                      lanes: 'session',
                      session: `S${s.id}`,
                      // The timeline shows a URL window exactly: leave a margin around the session's events.
                      ...paddedWindow(s.start, s.end),
                    })
                  }
                >
                  <td className="mono" title={s.key ?? ''}>
                    S{s.id}
                    {s.parent ? (
                      <span className="muted" title="created by another session">
                        {' '}
                        ↖
                      </span>
                    ) : null}
                  </td>
                  <td className="mono">{fmtTime(s.start, tz, { ms: false })}</td>
                  <td>{fmtDuration(Date.parse(s.end) - Date.parse(s.start))}</td>
                  <td className="num">{n(s.events)}</td>
                  <td>{s.sources.join(', ')}</td>
                </tr>,
                // What the session read, on a line of its own under it (the pane is narrow).
                s.exposure ? (
                  <tr key={`${s.id}-read`} className="session-read" data-testid="session-read">
                    <td />
                    <td colSpan={4} className="small muted">
                      read {exposureBrief(s.exposure)}
                    </td>
                  </tr>
                ) : null,
              ])}
            </tbody>
          </table>
        )}
        {sessions && sessionTotal > sessions.length && (
          <p className="small muted">
            First {n(sessions.length)} of {n(sessionTotal)} sessions; the timeline shows them all.
          </p>
        )}
        <Decisions identity={i} others={others} onMoved={onMoved} />
      </div>
    </aside>
  );
}

/** A session's span with a 5 % margin (at least 30 s) on each side, as timeline URL params. */
function paddedWindow(start: string, end: string | null): { from: string; to: string } {
  const a = Date.parse(start);
  const b = end ? Date.parse(end) : a;
  const pad = Math.max(30_000, (b - a) * 0.05);
  return { from: new Date(a - pad).toISOString(), to: new Date(b + pad).toISOString() };
}
