// What an identity or a session read, and how much, as its sources state it (the `exposure` of identities.list /
// sessions.list): each number with the events behind it (one click opens them), the objects and columns read, and
// what each source stated when several did (two sources can log one read).
import type { IdentityJson, SessionJson } from '../../lib/contract';
import { useApp } from '../../app/store';
import { n, plural } from '../../lib/format';
import { fmtTime } from '../../lib/time';
import { LinkButton, Mono } from '../../components/ui';

export type Exposure = NonNullable<IdentityJson['exposure']>;

/** A count in three significant digits: 6.05M, 125k, 9,800. */
function short(v: number): string {
  if (v >= 1e9) return `${Number((v / 1e9).toPrecision(3))}G`;
  if (v >= 1e6) return `${Number((v / 1e6).toPrecision(3))}M`;
  if (v >= 1e4) return `${Number((v / 1e3).toPrecision(3))}k`;
  return n(v);
}

/** Bytes in decimal units, as the deviation reasons and the report write them (2.4 GB = 2,434,840,000 bytes). */
function dbytes(b: number): string {
  const u = ['bytes', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let v = b;
  let i = 0;
  while (v >= 1000 && i < u.length - 1) {
    v /= 1000;
    i++;
  }
  return i === 0 ? `${v} bytes` : `${Number(v.toPrecision(3))} ${u[i]}`;
}

/** One cell for a table: `6.05M rows · 2.43 GB · 1 object` (empty when nothing was stated). */
export function exposureBrief(x: SessionJson['exposure']): string {
  if (!x) return '';
  const parts: string[] = [];
  if (x.rows) parts.push(`${short(x.rows.total)} rows`);
  if (x.bytes) parts.push(dbytes(x.bytes.total));
  if (x.items) parts.push(`${short(x.items.total)} items`);
  if (x.objects) parts.push(plural(x.objects.distinct, 'object'));
  return parts.join(' · ');
}

export function ExposurePanel({ exposure: x }: { exposure: Exposure }) {
  const { go, tz } = useApp();
  const open = (ids: number[]) => go('events', { ids: ids.join(',') });
  const amounts: { label: string; total: string; events: number; ids: number[] }[] = [];
  if (x.rows)
    amounts.push({
      label: 'Rows',
      total: n(x.rows.total),
      events: x.rows.events,
      ids: x.rows.top_events.map(([e]) => e),
    });
  if (x.bytes)
    amounts.push({
      label: 'Bytes',
      total: `${dbytes(x.bytes.total)} (${n(x.bytes.total)})`,
      events: x.bytes.events,
      ids: x.bytes.top_events.map(([e]) => e),
    });
  if (x.items)
    amounts.push({
      label: 'Items',
      total: n(x.items.total),
      events: x.items.events,
      ids: x.items.top_events.map(([e]) => e),
    });
  return (
    <div data-testid="identity-exposure">
      <h3>
        What it read <span className="muted">· {plural(x.events, 'event')} state it</span>
      </h3>
      <p className="small muted">
        {fmtTime(x.first, tz, { ms: false })} → {fmtTime(x.last, tz, { ms: false })} · {x.sources.join(', ')}
      </p>
      <table className="kv small">
        <tbody>
          {amounts.map((a) => (
            <tr key={a.label}>
              <th scope="row">{a.label}</th>
              <td>
                <span className="mono">{a.total}</span>{' '}
                <LinkButton onClick={() => open(a.ids)}>
                  {a.events > a.ids.length
                    ? `largest ${a.ids.length} of ${n(a.events)} events`
                    : plural(a.events, 'event')}
                </LinkButton>
              </td>
            </tr>
          ))}
          {x.objects && (
            <tr>
              <th scope="row">Objects</th>
              <td>
                {n(x.objects.distinct)} distinct, in {plural(x.objects.events, 'event')}
                <ul className="reasons">
                  {x.objects.top.slice(0, 8).map((o) => (
                    <li key={o.name}>
                      <Mono value={o.name} max={56} />{' '}
                      <LinkButton onClick={() => open([o.first_event])}>
                        {o.events > 1 ? `${n(o.events)} reads, first` : 'read'}
                      </LinkButton>
                    </li>
                  ))}
                </ul>
                {x.objects.distinct > 8 && <span className="muted">and {n(x.objects.distinct - 8)} more</span>}
              </td>
            </tr>
          )}
          {x.columns && (
            <tr>
              <th scope="row">Columns</th>
              <td>
                {n(x.columns.distinct)}: <span className="mono">{x.columns.top.slice(0, 12).join(', ')}</span>
                {x.columns.distinct > 12 && <span className="muted"> and {n(x.columns.distinct - 12)} more</span>}
              </td>
            </tr>
          )}
          {x.by_source.length > 1 &&
            x.by_source.map((b) => (
              <tr key={b.source}>
                <th scope="row">{b.source}</th>
                <td className="muted">
                  {[
                    b.rows ? `${n(b.rows)} rows` : '',
                    b.bytes ? dbytes(b.bytes) : '',
                    b.items ? `${n(b.items)} items` : '',
                    b.object_reads ? `${n(b.object_reads)} object reads` : '',
                  ]
                    .filter(Boolean)
                    .join(' · ')}{' '}
                  ({plural(b.events, 'event')})
                </td>
              </tr>
            ))}
        </tbody>
      </table>
      {x.by_source.length > 1 && (
        <p className="small muted">Totals add up every source; two sources can log the same read.</p>
      )}
    </div>
  );
}
