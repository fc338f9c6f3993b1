// The case at a glance: events, identities, sessions, rejected records, time range and sources, each a way in.
import { useApp } from '../../app/store';
import { fmtTime, zoneLabel } from '../../lib/time';
import { n } from '../../lib/format';
import { LinkButton } from '../../components/ui';

export function CaseSummary() {
  const { info, tz, go } = useApp();
  return (
    <>
      {info && (
        <section className="cards" aria-label="Case summary">
          <div className="card">
            <div className="card-num" data-testid="case-events">
              {n(info.events)}
            </div>
            <div className="card-label">events</div>
            <LinkButton onClick={() => go('events')}>open grid</LinkButton>
          </div>
          <div className="card">
            <div className="card-num">{n(info.identities)}</div>
            <div className="card-label">identities</div>
            <LinkButton onClick={() => go('identities')}>open list</LinkButton>
          </div>
          <div className="card">
            <div className="card-num">{n(info.sessions)}</div>
            <div className="card-label">sessions</div>
            <LinkButton onClick={() => go('timeline', { lanes: 'session' })}>timeline</LinkButton>
          </div>
          <div className="card">
            <div className={`card-num${info.rejected > 0 ? ' warn' : ''}`}>{n(info.rejected)}</div>
            <div className="card-label">rejected records</div>
          </div>
          <div className="card wide">
            <div className="card-label">time range ({zoneLabel(tz)})</div>
            <div className="mono">
              {info.time_range.from ? `${fmtTime(info.time_range.from, tz)} → ${fmtTime(info.time_range.to, tz)}` : '—'}
            </div>
            <div className="card-label">sources</div>
            <div className="sources">
              {info.sources.length === 0 ? (
                <span className="muted">none yet</span>
              ) : (
                info.sources.map((s) => (
                  <LinkButton key={s.format} className="chip" onClick={() => go('events', { format: s.format })}>
                    {s.format} · {n(s.events)}
                  </LinkButton>
                ))
              )}
            </div>
          </div>
        </section>
      )}
    </>
  );
}
