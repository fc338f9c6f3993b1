// Under the density band: the colour legend, what the zoom level draws, and what the window does not show —
// counted, with a one-click "show".
import { CATEGORIES } from '../../lib/colors';
import { n } from '../../lib/format';
import { fmtDuration } from '../../lib/time';
import type { TimelineWindow } from '../../lib/contract';

export function TimelineLegend({
  color,
  result,
  maxItems,
  annotationsNotDrawn,
  onShowAll,
}: {
  color: 'category' | 'outcome';
  result: TimelineWindow | null;
  maxItems: number;
  annotationsNotDrawn: number;
  onShowAll: () => void;
}) {
  const outside = result ? result.before + result.after : 0;
  return (
    <div className="legend small" aria-label="Legend">
      {color === 'category' ? (
        CATEGORIES.map((c) => (
          <span key={c} className={`lg cat-${c}`}>
            <i aria-hidden="true" />
            {c}
          </span>
        ))
      ) : (
        <>
          <span className="lg out-success">
            <i aria-hidden="true" />
            success
          </span>
          <span className="lg out-failure">
            <i aria-hidden="true" />✖ failure
          </span>
          <span className="lg out-unknown">
            <i aria-hidden="true" />
            unknown
          </span>
        </>
      )}
      {result?.mode === 'items' && (
        <span className="muted">
          {' '}
          · a square mark stands for several events (hover: what they are · click: select them · double-click: zoom in)
        </span>
      )}
      {result?.mode === 'clusters' && (
        <span className="muted">
          {' '}
          · zoomed out: boxes count the events of a lane in {fmtDuration(result.bucket_ms ?? 0)} (click one to zoom in)
        </span>
      )}
      {result?.mode === 'density' && (
        <span className="muted">
          {' '}
          · zoomed out: each lane shows its event density ({fmtDuration(result.bucket_ms ?? 0)} a bar, height ~ √count,
          red foot = failures); click a lane to zoom in there; single events appear under {n(maxItems)} in view
        </span>
      )}
      {result && result.other_lanes > 0 && (
        <span className="muted"> · {n(result.other_lanes)} quieter lanes folded into “more lanes”</span>
      )}
      {annotationsNotDrawn > 0 && (
        <span className="muted"> · {n(annotationsNotDrawn)} overlapping annotations not drawn (zoom in)</span>
      )}
      {result && outside > 0 && (
        <span className="outside-note" data-testid="tl-outside">
          {' '}
          · outside this window: {n(result.before)} earlier, {n(result.after)} later{' '}
          <button type="button" className="linklike" onClick={onShowAll} data-testid="tl-show-all">
            show all {n(result.before + result.total + result.after)}
          </button>
        </span>
      )}
    </div>
  );
}
