// The timeline's toolbar: lane and colour modes, zoom, filter chips, the window in the display zone.
import { fmtDuration, fmtTime, zoneSpanLabel } from '../../lib/time';
import { LinkButton } from '../../components/ui';

export function TimelineToolbar({
  lanes,
  color,
  filterChips,
  win,
  tz,
  onParams,
  onZoom,
  onWhole,
  onGrid,
}: {
  lanes: 'identity' | 'session';
  color: 'category' | 'outcome';
  filterChips: [string, string | undefined][];
  win: { start: number; end: number } | null;
  tz: string;
  onParams: (patch: Record<string, string | undefined>, opts?: { replace?: boolean }) => void;
  onZoom: (factor: number) => void;
  onWhole: () => void;
  onGrid: () => void;
}) {
  return (
    <div className="toolbar">
      <div className="seg" role="group" aria-label="Lanes">
        <button
          type="button"
          className={lanes === 'identity' ? 'on' : ''}
          aria-pressed={lanes === 'identity'}
          onClick={() => onParams({ lanes: undefined })}
        >
          Lane per identity
        </button>
        <button
          type="button"
          className={lanes === 'session' ? 'on' : ''}
          aria-pressed={lanes === 'session'}
          onClick={() => onParams({ lanes: 'session' })}
        >
          Lane per session
        </button>
      </div>
      <div className="seg" role="group" aria-label="Colour">
        <button
          type="button"
          className={color === 'category' ? 'on' : ''}
          aria-pressed={color === 'category'}
          onClick={() => onParams({ color: undefined }, { replace: true })}
        >
          Colour: category
        </button>
        <button
          type="button"
          className={color === 'outcome' ? 'on' : ''}
          aria-pressed={color === 'outcome'}
          onClick={() => onParams({ color: 'outcome' }, { replace: true })}
        >
          Colour: outcome
        </button>
      </div>
      <div className="seg" role="group" aria-label="Zoom">
        <button type="button" onClick={() => onZoom(1.5)} aria-label="Zoom out (-)" title="Zoom out (-)">
          −
        </button>
        <button type="button" onClick={() => onZoom(0.5)} aria-label="Zoom in (+)" title="Zoom in (+)">
          +
        </button>
        <button type="button" onClick={onWhole}>
          Whole case
        </button>
      </div>
      {filterChips.map(([k, v]) => (
        <span key={k} className="chip">
          <span className="muted">{k}:</span> <span className="mono">{v}</span>
          <button type="button" aria-label={`Remove ${k}`} onClick={() => onParams({ [k]: undefined })}>
            ✕
          </button>
        </span>
      ))}
      <span className="grow" />
      {win && (
        <span className="small mono" data-testid="tl-window">
          {fmtTime(win.start, tz, { ms: false })} → {fmtTime(win.end, tz, { ms: false })}{' '}
          <span className="muted tl-zone" data-testid="tl-zone">
            {zoneSpanLabel(tz, win.start, win.end)} · {fmtDuration(win.end - win.start)}
          </span>
        </span>
      )}
      {win && <LinkButton onClick={onGrid}>these events in the grid</LinkButton>}
    </div>
  );
}
