// One silent gap of one source: the source's last events before it and first events after it, what the other
// sources logged while it was silent, and any tampering event near it. Each event opens in the detail pane.
import { useApp } from '../../../app/store';
import { useAsync } from '../../../lib/use-async';
import { errorText } from '../../../lib/api';
import type { EventJson, SourceCoverage, TamperEvent } from '../../../lib/contract';
import { fmtDuration, fmtTime } from '../../../lib/time';
import { n } from '../../../lib/format';
import { ErrorBox, LinkButton, Spinner } from '../../../components/ui';

type Gap = SourceCoverage['gaps'][number];

/** Events shown on each side of the gap, and from the other sources inside it. */
const AROUND = 5;
const INSIDE = 50;

export function GapDetail({
  format,
  gap,
  others,
  tamper,
}: {
  format: string;
  gap: Gap;
  others: string[];
  tamper: TamperEvent[];
}) {
  const { t, tz, openEvent, go } = useApp();
  const rest = others.filter((f) => f !== format);
  const around = useAsync(
    () =>
      Promise.all([
        t.call('events.list', { filter: { formats: [format], to: gap.from }, order: 'desc', limit: AROUND }),
        t.call('events.list', { filter: { formats: [format], from: gap.to }, order: 'asc', limit: AROUND }),
        rest.length === 0
          ? Promise.resolve([] as EventJson[])
          : t.call('events.list', { filter: { formats: rest, from: gap.from, to: gap.to }, limit: INSIDE }),
        rest.length === 0
          ? Promise.resolve(0)
          : t.call('events.count', { filter: { formats: rest, from: gap.from, to: gap.to } }).then((r) => r.count),
      ]),
    [t, format, gap.from, gap.to, rest.join(',')],
  );
  const from = Date.parse(gap.from);
  const to = Date.parse(gap.to);
  const near = tamper.filter((x) => {
    const ms = Date.parse(x.ts);
    return ms >= from - 6 * 3_600_000 && ms <= to;
  });

  const row = (e: EventJson, cls = '') => (
    <tr key={e.id} className={cls}>
      <td className="mono small nowrap">
        <LinkButton onClick={() => openEvent(e.id)}>{fmtTime(e.ts, tz, { ms: false })}</LinkButton>
      </td>
      <td>{e.format}</td>
      <td>{e.identity ?? e.principal ?? '—'}</td>
      <td className="mono">{e.action}</td>
      <td className="wrap small">{e.resource ?? ''}</td>
      <td>{e.outcome}</td>
    </tr>
  );

  return (
    <section className="gap-detail notice" aria-label="Events around the gap" data-testid="gap-detail">
      <h3>
        {format} was silent for {fmtDuration(to - from)}: {fmtTime(gap.from, tz, { ms: false })} →{' '}
        {fmtTime(gap.to, tz, { ms: false })}
      </h3>
      {near.length > 0 && (
        <p className="danger" data-testid="gap-tamper">
          Logging was tampered with just before or during it:{' '}
          {near.map((x, i) => (
            <span key={x.event}>
              {i > 0 && ', '}
              <LinkButton onClick={() => openEvent(x.event)}>
                {x.action} by {x.identity ?? 'unknown'} at {fmtTime(x.ts, tz, { ms: false })}
              </LinkButton>
            </span>
          ))}
        </p>
      )}
      {around.error !== undefined && <ErrorBox what="Events around the gap" error={errorText(around.error)} />}
      {around.value === undefined ? (
        around.error === undefined && <Spinner label="Loading the events around the gap" />
      ) : (
        <div className="table-wrap">
          <table className="grid-table" data-testid="gap-events">
            <thead>
              <tr>
                <th>Time</th>
                <th>Source</th>
                <th>Identity</th>
                <th>Action</th>
                <th>Resource</th>
                <th>Outcome</th>
              </tr>
            </thead>
            <tbody>
              <tr className="gap-sep">
                <td colSpan={6}>Last {format} events before the gap</td>
              </tr>
              {[...around.value[0]].reverse().map((e) => row(e))}
              <tr className="gap-sep gap-inside">
                <td colSpan={6}>
                  While {format} was silent: {n(around.value[3])} events from other sources
                  {around.value[3] > around.value[2].length ? ` (first ${n(around.value[2].length)} shown)` : ''}
                  {around.value[3] > 0 && (
                    <>
                      {' '}
                      ·{' '}
                      <LinkButton onClick={() => go('events', { from: gap.from, to: gap.to })}>
                        open the gap in the grid
                      </LinkButton>
                    </>
                  )}
                </td>
              </tr>
              {around.value[2].map((e) => row(e, 'in-gap'))}
              <tr className="gap-sep">
                <td colSpan={6}>First {format} events after the gap</td>
              </tr>
              {around.value[1].map((e) => row(e))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
