// The detail pane for one event: normalized fields, pivots, flags, evidence (file, record, hashes) and the raw
// record pretty-printed — all as text.
import { useApp } from '../app/store';
import { errorText } from '../lib/api';
import { useAsync } from '../lib/use-async';
import { fmtTime, zoneLabel } from '../lib/time';
import { networkText, prettyRaw, recordRefText } from '../lib/format';
import { CatBadge, ErrorBox, FlagBadge, LinkButton, Mono, Outcome, Spinner } from './ui';
import { EventDetections } from '../views/detections/EventDetections';

export function EventDetail({ id }: { id: number }) {
  const { t, tz, go, dataVersion } = useApp();
  const detail = useAsync(() => t.call('events.get', { id }), [t, id, dataVersion]);
  // The analyst's notes on it; none shown when they cannot be read (the event still is).
  const notes =
    useAsync(() => t.call('annotations.list', { event_ids: [id], limit: 50 }), [t, id, dataVersion]).value ?? [];
  const ev = detail.value;
  // A failure is shown until the next event (or the same one, after a change) starts loading.
  const err = detail.loading || detail.error === undefined ? null : errorText(detail.error);

  if (err) return <ErrorBox what={`Event ${id}`} error={err} />;
  if (!ev || ev.id !== id)
    return (
      <div className="pane-loading">
        <Spinner label="Loading event" />
      </div>
    );

  const identityKey = ev.identity ?? ev.principal ?? '';
  const rows: [string, React.ReactNode][] = [
    [
      'Time',
      <span key="t">
        <span className="mono">{fmtTime(ev.ts, tz, { micro: true })}</span>{' '}
        <span className="muted">{zoneLabel(tz)}</span>
        {tz !== 'UTC' && <div className="muted mono small">{ev.ts} (UTC)</div>}
      </span>,
    ],
    ['Action', <Mono key="a" value={ev.action} max={60} />],
    ['Category', <CatBadge key="c" category={ev.category} />],
    ['Outcome', <Outcome key="o" outcome={ev.outcome} code={ev.error_code} />],
    ['Principal', <Mono key="p" value={ev.principal} max={60} />],
    ['Principal type', ev.principal_type],
    [
      'Identity',
      ev.identity ? (
        <LinkButton
          key="i"
          onClick={() => go('identities', { id: String(ev.identity_id ?? ''), q: ev.identity ?? '' })}
          title="Open this identity"
        >
          {ev.identity}
        </LinkButton>
      ) : (
        <span className="muted">not derived yet</span>
      ),
    ],
    [
      'Session',
      ev.session || ev.session_key ? (
        <span key="s" className="pivots">
          {ev.session && (
            <LinkButton
              onClick={() => go('timeline', { lanes: 'session', session: ev.session!, focus: ev.ts })}
              title="Show this session on the timeline"
            >
              {ev.session}
            </LinkButton>
          )}
          {ev.session_key && <Mono value={ev.session_key} max={36} />}
        </span>
      ) : (
        <span className="muted">—</span>
      ),
    ],
    [
      'Resource',
      ev.resource ? (
        <span key="r" className="pivots">
          <Mono value={ev.resource} max={60} />{' '}
          <LinkButton onClick={() => go('graph', { focus: ev.resource! })} title="Centre the graph on this resource">
            graph
          </LinkButton>
        </span>
      ) : (
        <span className="muted">—</span>
      ),
    ],
    ['Resource type', ev.resource_type ?? '—'],
    [
      'Source IP',
      ev.src_ip ? (
        <span key="ip" className="pivots">
          <Mono value={ev.src_ip} />{' '}
          <LinkButton onClick={() => go('events', { ip: ev.src_ip! })}>events from here</LinkButton>
        </span>
      ) : (
        '—'
      ),
    ],
    [
      'Network',
      networkText(ev) ? (
        <span key="net" className="pivots" data-testid="event-network">
          {networkText(ev)}{' '}
          {ev.src_asn !== null && (
            <LinkButton onClick={() => go('events', { q: `asn:${ev.src_asn}` })}>events from this AS</LinkButton>
          )}
        </span>
      ) : (
        '—'
      ),
    ],
    ['User agent', <Mono key="ua" value={ev.user_agent} max={60} />],
    ['Format', ev.format],
  ];

  return (
    <div className="event-detail" data-testid="event-detail">
      <header className="pane-head">
        <h2 title={ev.action}>{ev.action}</h2>
        <div className="pivots">
          {identityKey && (
            <LinkButton onClick={() => go('events', { identity: identityKey }, { keepEvent: true })}>
              all events of {ev.identity ? 'identity' : 'principal'}
            </LinkButton>
          )}
          {(ev.session || ev.session_key) && (
            <LinkButton onClick={() => go('events', { session: ev.session ?? ev.session_key! }, { keepEvent: true })}>
              events of session
            </LinkButton>
          )}
          <LinkButton
            onClick={() =>
              go('timeline', { focus: ev.ts, ...(identityKey ? { identity: identityKey } : {}) }, { keepEvent: true })
            }
          >
            on timeline
          </LinkButton>
        </div>
      </header>
      {ev.flags.length > 0 && (
        <div className="flags">
          {ev.flags.map((f) => (
            <FlagBadge key={f} flag={f} />
          ))}
        </div>
      )}
      {ev.flags.includes('sigma') && <EventDetections id={ev.id} />}
      <table className="kv">
        <tbody>
          {rows.map(([k, v]) => (
            <tr key={k}>
              <th scope="row">{k}</th>
              <td>{v}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {ev.detail && (
        <>
          <h3>Detail</h3>
          <pre className="text-block">{ev.detail}</pre>
        </>
      )}
      {notes.length > 0 && (
        <>
          <h3>Annotations</h3>
          <ul className="notes">
            {notes.map((a) => (
              <li key={a.id}>
                <span className="badge">{a.layer}</span> {a.kind}
                {a.tag ? ` · ${a.tag}` : ''}
                {a.body ? <div className="note-body">{a.body}</div> : null}
              </li>
            ))}
          </ul>
        </>
      )}
      {Object.keys(ev.facts ?? {}).length > 0 && (
        <>
          <h3>Facts stated by the importer</h3>
          <table className="kv">
            <tbody>
              {Object.entries(ev.facts).map(([k, v]) => (
                <tr key={k}>
                  <th scope="row">{k}</th>
                  <td>
                    <Mono value={v} max={60} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <h3>Evidence</h3>
      <table className="kv">
        <tbody>
          <tr>
            <th scope="row">File</th>
            <td>{ev.evidence_file ? <Mono value={ev.evidence_file.path} max={60} /> : `evidence ${ev.evidence}`}</td>
          </tr>
          <tr>
            <th scope="row">File SHA-256</th>
            <td>
              <Mono value={ev.evidence_file?.sha256 ?? null} max={40} />
            </td>
          </tr>
          <tr>
            <th scope="row">Record</th>
            <td>{recordRefText(ev.record_ref)}</td>
          </tr>
          {ev.merged_records?.length > 0 && (
            <tr>
              <th scope="row">Merged records</th>
              <td>{ev.merged_records.map(recordRefText).join('; ')}</td>
            </tr>
          )}
          <tr>
            <th scope="row">Record SHA-256</th>
            <td>
              <Mono value={ev.raw_sha256} max={40} />
            </td>
          </tr>
          <tr>
            <th scope="row">Event id</th>
            <td>
              <Mono value={String(ev.id)} />
            </td>
          </tr>
        </tbody>
      </table>
      <h3>Raw record</h3>
      <pre className="raw" data-testid="raw-record">
        {prettyRaw(ev.raw)}
      </pre>
    </div>
  );
}
