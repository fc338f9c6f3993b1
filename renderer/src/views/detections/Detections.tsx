// Detections: Sigma matches grouped by identity and session, each opening its events (a correlation: all of
// them) in the grid; the rules that matched, each with its author, licence and link (the Detection Rule License
// asks for them beside every match). Machine detections, not findings: citing one in a finding is the analyst's act.
import { useMemo, useState } from 'react';
import { useApp } from '../../app/store';
import { errorText } from '../../lib/api';
import { useAsync } from '../../lib/use-async';
import type { MatchJson as Match, Result } from '../../lib/contract';
import { fmtTime } from '../../lib/time';
import { n, plural } from '../../lib/format';
import { Empty, ErrorBox, Mono, Spinner } from '../../components/ui';

const LEVELS = ['critical', 'high', 'medium', 'low', 'informational'];
const PAGE = 2000;

function LevelBadge({ level }: { level: string | null }) {
  return <span className={`badge level level-${level ?? 'none'}`}>{level ?? 'no level'}</span>;
}

export function DetectionsView() {
  const { t, route, setParams, go, dataVersion, tz } = useApp();
  const p = route.params;
  const level = p.level ?? '';
  const rule = p.rule ?? '';
  const [open, setOpen] = useState<Record<string, boolean>>({});
  const [cited, setCited] = useState<string | null>(null);
  const [citeErr, setCiteErr] = useState<string | null>(null);

  const loaded = useAsync(async () => {
    const s = await t.call('detections.summary');
    type Page = Pick<Result<'detections.list'>, 'matches' | 'total' | 'truncated'>;
    const get = (lv: string | undefined) =>
      t.call('detections.list', { limit: PAGE, ...(lv ? { level: lv } : {}), ...(rule ? { rule } : {}) });
    // Unfiltered, the medium-and-above matches come whole and the low ones fill up to the page: a noisy low rule
    // (SigmaHQ's AssumeRole Misuse matches most role activity) must not push the severe ones off the list.
    let l: Page;
    if (level) l = await get(level);
    else {
      const [severe, all] = await Promise.all([get('medium+'), get(undefined)]);
      const seen = new Set(severe.matches.map((m) => m.match));
      const matches = [...severe.matches, ...all.matches.filter((m) => !seen.has(m.match))];
      l = { matches, total: all.total, truncated: matches.length < all.total };
    }
    return { rules: s.rules, list: l };
  }, [t, dataVersion, level, rule]);
  // Another level or rule shows the spinner (not the old list) until its matches arrive.
  const rules = loaded.value?.rules ?? null;
  const list = loaded.loading ? null : (loaded.value?.list ?? null);
  const err = citeErr ?? (loaded.loading || loaded.error === undefined ? null : errorText(loaded.error));

  // Identity → session → matches, identities with the most severe matches first.
  const groups = useMemo(() => {
    if (!list) return [];
    const byIdentity = new Map<
      string,
      { name: string; id: number | null; worst: number; sessions: Map<string, Match[]> }
    >();
    for (const m of list.matches) {
      const key = m.identity_id === null ? '-' : String(m.identity_id);
      let g = byIdentity.get(key);
      if (!g)
        byIdentity.set(
          key,
          (g = { name: m.identity ?? 'no resolved identity', id: m.identity_id, worst: 99, sessions: new Map() }),
        );
      g.worst = Math.min(g.worst, LEVELS.indexOf(m.rule.level ?? 'informational'));
      const s = m.session ?? 'no session';
      const l = g.sessions.get(s) ?? [];
      l.push(m);
      g.sessions.set(s, l);
    }
    return [...byIdentity.values()].sort((a, b) => a.worst - b.worst || a.name.localeCompare(b.name));
  }, [list]);

  const openMatch = (m: Match) => {
    const ids = m.events ?? [m.event];
    go('events', { ids: ids.join(','), ev: String(m.event) });
  };

  const cite = async (m: Match) => {
    const title = window.prompt(
      `Cite "${m.rule.title}" (${plural((m.events ?? [m.event]).length, 'event')}) in the finding titled:`,
    );
    if (!title || !title.trim()) return;
    try {
      await t.call('detections.cite', { match: m.match, finding: { title: title.trim() } });
      setCited(`Cited in "${title.trim()}".`);
    } catch (e) {
      setCiteErr(errorText(e));
    }
  };

  if (err)
    return (
      <div className="view">
        <ErrorBox
          what="Detections"
          error={err}
          onRetry={() => {
            setCiteErr(null);
            loaded.reload();
          }}
        />
      </div>
    );
  if (!rules || !list) return <Spinner label="Loading detections" />;

  return (
    <div className="view detections-view split" data-testid="detections-view">
      <div className="split-main">
        <div className="toolbar">
          <label>
            Level{' '}
            <select
              value={level}
              onChange={(e) => setParams({ level: e.target.value || undefined })}
              aria-label="Level"
            >
              <option value="">all</option>
              <option value="critical">critical</option>
              <option value="high+">high and above</option>
              <option value="medium+">medium and above</option>
              <option value="low+">low and above</option>
            </select>
          </label>
          {rule && (
            <button type="button" onClick={() => setParams({ rule: undefined })}>
              All rules
            </button>
          )}
          <span className="muted small">
            {n(list.total)} matches{list.truncated ? ` (first ${n(list.matches.length)})` : ''} · machine detections,
            not findings
          </span>
          {cited && <span className="small">{cited}</span>}
        </div>
        {list.total === 0 ? (
          <Empty title="No Sigma rule matched">
            Derivation runs SigmaHQ&apos;s rules (and the case&apos;s own rule folders) after every import.
          </Empty>
        ) : (
          <div className="table-wrap fill" data-testid="detections-groups">
            {groups.map((g) => {
              const total = [...g.sessions.values()].reduce((a, l) => a + l.length, 0);
              return (
                <section key={g.name} className="det-identity" data-testid="detections-identity">
                  <h3>
                    <span className="mono">{g.name}</span>{' '}
                    <span className="muted small">
                      {plural(total, 'match', 'matches')} in {plural(g.sessions.size, 'session')}
                    </span>{' '}
                    {g.id !== null && (
                      <button type="button" className="link" onClick={() => go('identities', { id: String(g.id) })}>
                        identity
                      </button>
                    )}
                  </h3>
                  {[...g.sessions].map(([s, ms]) => {
                    const k = `${g.name}|${s}`;
                    const shown = open[k] ? ms : ms.slice(0, 20);
                    return (
                      <div key={k} className="det-session">
                        <div className="small">
                          <strong className="mono">{s}</strong>{' '}
                          <span className="muted">· {plural(ms.length, 'match', 'matches')}</span>
                        </div>
                        <table className="grid-table small">
                          <thead>
                            <tr>
                              <th>Time</th>
                              <th>Level</th>
                              <th>Rule</th>
                              <th>Author</th>
                              <th className="num">Events</th>
                              <th />
                            </tr>
                          </thead>
                          <tbody>
                            {shown.map((m) => (
                              <tr key={m.match} data-testid="detection-row">
                                <td className="mono">{fmtTime(m.ts, tz)}</td>
                                <td>
                                  <LevelBadge level={m.rule.level} />
                                </td>
                                <td>
                                  <button
                                    type="button"
                                    className="link"
                                    title={`${m.rule.title}\n${m.rule.url}`}
                                    onClick={() => setParams({ rule: m.rule.id })}
                                  >
                                    {m.rule.title}
                                  </button>
                                  {m.kind === 'correlation' && <span className="muted"> · correlation</span>}
                                </td>
                                <td className="muted">{m.rule.author ?? '—'}</td>
                                <td className="num">{(m.events ?? [m.event]).length}</td>
                                <td>
                                  <button type="button" onClick={() => openMatch(m)} data-testid="detection-open">
                                    Open events
                                  </button>{' '}
                                  <button type="button" onClick={() => void cite(m)}>
                                    Cite…
                                  </button>
                                </td>
                              </tr>
                            ))}
                          </tbody>
                        </table>
                        {ms.length > shown.length && (
                          <button type="button" className="link small" onClick={() => setOpen({ ...open, [k]: true })}>
                            {n(ms.length - shown.length)} more
                          </button>
                        )}
                      </div>
                    );
                  })}
                </section>
              );
            })}
          </div>
        )}
      </div>
      <aside className="split-side" aria-label="Rules that matched" data-testid="detections-rules">
        <div className="pane-bar">
          <span className="muted">Rules that matched · {n(rules.length)}</span>
        </div>
        <div className="side-body">
          {rules.map((r) => (
            <div key={r.id} className={`det-rule${r.id === rule ? ' selected' : ''}`}>
              <div>
                <LevelBadge level={r.level} />{' '}
                <button type="button" className="link" onClick={() => setParams({ rule: r.id })}>
                  {r.title}
                </button>
              </div>
              <div className="small muted">
                {plural(r.matches, 'match', 'matches')} · {plural(r.identities, 'identity', 'identities')} ·{' '}
                {fmtTime(r.first, tz)} → {fmtTime(r.last, tz)}
              </div>
              <div className="small">
                {r.kind === 'correlation' ? 'Correlation' : 'Rule'} by {r.author ?? 'an unnamed author'} ·{' '}
                {r.source === 'sigmahq' ? 'SigmaHQ' : 'your rules'} · {r.license ?? 'licence not stated'}
              </div>
              <div className="small">
                <Mono value={r.url} max={56} />
              </div>
            </div>
          ))}
        </div>
      </aside>
    </div>
  );
}
