// Log-source coverage: a Gantt of each source's span with its silent gaps and the events that disabled or reduced
// logging (StopLogging, DeleteTrail, audit-policy changes — whatever the engine flags as log tampering), from
// coverage.list. A gap opens the events around it (GapDetail); a tampering mark opens its event.
import { useApp } from '../../../app/store';
import { useAsync } from '../../../lib/use-async';
import { errorText } from '../../../lib/api';
import { fmtDuration, fmtTime, zoneLabel } from '../../../lib/time';
import { n, plural } from '../../../lib/format';
import { Empty, ErrorBox, LinkButton, Spinner } from '../../../components/ui';
import { coverageScale, gapKey, parseGapKey, ticks } from './model';
import { GapDetail } from './GapDetail';

export function CoverageView() {
  const { t, tz, dataVersion, route, setParams, openEvent } = useApp();
  const cov = useAsync(() => t.call('coverage.list', {}), [t, dataVersion]);
  if (cov.error !== undefined) return <ErrorBox what="Coverage" error={errorText(cov.error)} onRetry={cov.reload} />;
  if (cov.value === undefined) return <Spinner label="Loading coverage" />;
  const c = cov.value;
  const scale = coverageScale(c);
  if (!scale || c.sources.length === 0)
    return (
      <Empty title="No log sources yet">
        <p>Coverage shows each source&apos;s time span and its gaps once evidence is imported.</p>
      </Empty>
    );
  const selected = parseGapKey(route.params.gap);
  const gapCount = c.sources.reduce((a, s) => a + s.gaps.length, 0);
  const source = selected && c.sources.find((s) => s.format === selected.format);
  const gap = source?.gaps[selected!.index];

  return (
    <section className="coverage" aria-label="Log-source coverage" data-testid="coverage-view">
      <p className="muted">
        Each source&apos;s span from its first to its last event, with silent gaps (hatched) and log-tampering events
        (▼). Click a gap to see the events around it. Times in {zoneLabel(tz, scale.from)}.
      </p>
      <div className="coverage-summary small">
        {plural(c.sources.length, 'source')} · {plural(gapCount, 'gap')} · {plural(c.tamper.length, 'tampering event')}
      </div>
      <div className="gantt" role="table" aria-label="Source spans, gaps and tampering events">
        <div className="gantt-row gantt-axis" role="row">
          <div className="gantt-label" role="columnheader">
            Source
          </div>
          <div className="gantt-track" role="columnheader">
            {ticks(scale).map((ms, i, all) => (
              <span
                key={ms}
                className={`gantt-tick${i === 0 ? ' first' : i === all.length - 1 ? ' last' : ''}`}
                style={{ left: `${scale.pct(ms)}%` }}
              >
                {fmtTime(ms, tz, { ms: false }).slice(5, 16)}
              </span>
            ))}
          </div>
        </div>
        {c.sources.map((s) => {
          const marks = c.tamper.filter((x) => x.format === s.format);
          const left = s.from ? scale.pct(Date.parse(s.from)) : 0;
          const right = s.to ? scale.pct(Date.parse(s.to)) : left;
          return (
            <div className="gantt-row" role="row" key={s.format} data-testid={`gantt-${s.format}`}>
              <div className="gantt-label" role="rowheader">
                <strong>{s.format}</strong>
                <span className="muted small">
                  {' '}
                  {n(s.events)} events
                  {s.gaps.length > 0 ? ` · ${s.gaps.length} gap${s.gaps.length === 1 ? '' : 's'}` : ''}
                </span>
              </div>
              <div className="gantt-track" role="cell">
                <div
                  className="gantt-span"
                  style={{ left: `${left}%`, width: `${Math.max(0.3, right - left)}%` }}
                  title={`${s.format}: ${fmtTime(s.from, tz, { ms: false })} → ${fmtTime(s.to, tz, { ms: false })}`}
                />
                {s.gaps.map((g, i) => {
                  const key = gapKey(s.format, i);
                  const gl = scale.pct(Date.parse(g.from));
                  const gr = scale.pct(Date.parse(g.to));
                  return (
                    <button
                      key={key}
                      type="button"
                      className={`gantt-gap${route.params.gap === key ? ' selected' : ''}`}
                      style={{ left: `${gl}%`, width: `${gr - gl}%` }}
                      onClick={() => setParams({ gap: route.params.gap === key ? undefined : key })}
                      aria-label={`Gap in ${s.format}: ${fmtDuration(g.hours * 3_600_000)} from ${fmtTime(g.from, tz, { ms: false })}`}
                      title={`No ${s.format} events for ${fmtDuration(g.hours * 3_600_000)}: ${fmtTime(g.from, tz, { ms: false })} → ${fmtTime(g.to, tz, { ms: false })}`}
                      data-testid="gantt-gap"
                    />
                  );
                })}
                {marks.map((m) => (
                  <button
                    key={m.event}
                    type="button"
                    className="gantt-tamper"
                    style={{ left: `${scale.pct(Date.parse(m.ts))}%` }}
                    onClick={() => openEvent(m.event)}
                    aria-label={`${m.action} by ${m.identity ?? 'unknown'} at ${fmtTime(m.ts, tz, { ms: false })}`}
                    title={`${m.action} (${m.outcome}) by ${m.identity ?? 'unknown'} at ${fmtTime(m.ts, tz, { ms: false })}`}
                    data-testid="gantt-tamper"
                  >
                    ▼
                  </button>
                ))}
              </div>
            </div>
          );
        })}
      </div>
      {selected && source && gap ? (
        <GapDetail format={source.format} gap={gap} others={c.sources.map((s) => s.format)} tamper={c.tamper} />
      ) : (
        selected && <p className="muted">That gap is no longer in the case (the evidence changed).</p>
      )}
      <h2>Log tampering</h2>
      {c.tamper.length === 0 ? (
        <p className="muted">No event in the case disabled or reduced logging.</p>
      ) : (
        <div className="table-wrap">
          <table className="grid-table" data-testid="tamper-table">
            <thead>
              <tr>
                <th>Time ({zoneLabel(tz, scale.from)})</th>
                <th>Source</th>
                <th>Identity</th>
                <th>Action</th>
                <th>Outcome</th>
              </tr>
            </thead>
            <tbody>
              {c.tamper.map((x) => (
                <tr key={x.event}>
                  <td className="mono small">
                    <LinkButton onClick={() => openEvent(x.event)}>{fmtTime(x.ts, tz, { ms: false })}</LinkButton>
                  </td>
                  <td>{x.format}</td>
                  <td>{x.identity ?? '—'}</td>
                  <td className="mono">{x.action}</td>
                  <td className={x.outcome === 'success' ? 'danger' : ''}>{x.outcome}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
