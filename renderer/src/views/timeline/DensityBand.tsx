// The density band above the timeline: where the events are over the whole case (failures and flagged events
// marked), the visible window outlined; click to centre there, drag to select a range.
import { memo, useRef, useState } from 'react';
import { fmtTime } from '../../lib/time';
import { n } from '../../lib/format';
import type { Histogram } from '../../lib/contract';

export function DensityBand({
  h,
  of,
  window: win,
  tz,
  onPick,
}: {
  h: Histogram | null;
  /** Events the view covers in all (the band may leave out a few strays): the same count as the status line. */
  of: number | null;
  window: { start: number; end: number } | null;
  tz: string;
  onPick: (start: number, end: number) => void;
}) {
  const ref = useRef<SVGSVGElement>(null);
  const [drag, setDrag] = useState<{ a: number; b: number } | null>(null);
  const [hover, setHover] = useState<number | null>(null);
  if (!h || !h.from || h.counts.length === 0) return <div className="density empty-band" aria-hidden="true" />;
  const from = Date.parse(h.from);
  const to = Date.parse(h.to!);
  const span = Math.max(1, to - from);
  const W = 1000;
  const H = 44;
  const xOf = (ms: number) => ((ms - from) / span) * W;
  const msAt = (clientX: number) => {
    const r = ref.current!.getBoundingClientRect();
    return from + ((clientX - r.left) / r.width) * span;
  };
  return (
    <div className="density" data-testid="density-band">
      <svg
        ref={ref}
        viewBox={`0 0 ${W} ${H}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={`Event density over the case: ${n(h.total)} events; click to centre the timeline, drag to select a range`}
        onPointerDown={(e) => {
          (e.target as Element).setPointerCapture?.(e.pointerId);
          const m = msAt(e.clientX);
          setDrag({ a: m, b: m });
        }}
        onPointerMove={(e) => {
          const m = msAt(e.clientX);
          setHover(m);
          if (drag) setDrag({ ...drag, b: m });
        }}
        onPointerLeave={() => setHover(null)}
        onPointerUp={(e) => {
          if (!drag) return;
          const b = msAt(e.clientX);
          const lo = Math.min(drag.a, b);
          const hi = Math.max(drag.a, b);
          setDrag(null);
          if (Math.abs(xOf(hi) - xOf(lo)) < 4) {
            const w = win ? win.end - win.start : span / 20;
            onPick(lo - w / 2, lo + w / 2);
          } else onPick(lo, hi);
        }}
      >
        <Bars h={h} />
        {win && (
          <rect
            className="band-window"
            x={Math.max(0, xOf(win.start))}
            y={0.5}
            width={Math.max(1.5, Math.min(W, xOf(win.end)) - Math.max(0, xOf(win.start)))}
            height={H - 1}
          />
        )}
        {drag && (
          <rect
            className="band-brush"
            x={Math.min(xOf(drag.a), xOf(drag.b))}
            y={0}
            width={Math.abs(xOf(drag.b) - xOf(drag.a))}
            height={H}
          />
        )}
      </svg>
      <div className="density-legend small" data-testid="density-legend">
        <span className="mono">{fmtTime(from, tz, { ms: false })}</span>
        <span className="muted">
          {hover !== null
            ? `${fmtTime(hover, tz, { ms: false })} · ${n(h.counts[Math.min(h.counts.length - 1, Math.max(0, Math.floor((hover - from) / h.bin_ms)))] ?? 0)} events`
            : `${of !== null && of !== h.total ? `${n(h.total)} of ${n(of)}` : n(h.total)} events · red: failures · top marks: flagged`}
        </span>
        <span className="mono">{fmtTime(to, tz, { ms: false })}</span>
      </div>
    </div>
  );
}

/** The bars only change with the histogram, not with the window outline: memoized. */
const Bars = memo(function Bars({ h }: { h: Histogram }) {
  const W = 1000;
  const H = 44;
  const max = Math.max(1, ...h.counts);
  const bw = W / h.counts.length;
  const scale = (c: number) => (c === 0 ? 0 : Math.max(2, Math.sqrt(c / max) * (H - 4)));
  let bars = '';
  let fails = '';
  let flags = '';
  h.counts.forEach((c, i) => {
    const x = (i * bw).toFixed(2);
    const w = Math.max(0.6, bw - 0.4).toFixed(2);
    if (c > 0) {
      const y = scale(c);
      bars += `M${x} ${(H - y).toFixed(2)}h${w}v${y.toFixed(2)}h-${w}z`;
    }
    const f = h.failures[i] ?? 0;
    if (f > 0) {
      const y = Math.min(scale(f), 6);
      fails += `M${x} ${(H - y).toFixed(2)}h${w}v${y.toFixed(2)}h-${w}z`;
    }
    if ((h.flagged[i] ?? 0) > 0)
      flags += `M${x} 0h${Math.max(1, bw - 0.4).toFixed(2)}v3h-${Math.max(1, bw - 0.4).toFixed(2)}z`;
  });
  return (
    <g>
      {bars && <path className="bar" d={bars} />}
      {fails && <path className="bar-fail" d={fails} />}
      {flags && <path className="bar-flag" d={flags} />}
    </g>
  );
});
