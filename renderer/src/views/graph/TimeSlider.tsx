// Blast radius: a slider over the scope's period (from its start to the last thing reached) that replays the
// spread — what was reached after the chosen moment is hidden.
import { fmtTime, zoneLabel } from '../../lib/time';

export function TimeSlider({
  min,
  max,
  value,
  onChange,
  tz,
}: {
  min: number;
  max: number;
  value: number | null;
  onChange: (v: number | null) => void;
  tz: string;
}) {
  return (
    <div className="slider-row">
      <label className="grow">
        <span className="small">
          Reached by <span className="mono">{fmtTime(value ?? max, tz, { ms: false })}</span>{' '}
          <span className="muted">
            {zoneLabel(tz)} — drag to replay the spread from {fmtTime(min, tz, { ms: false })}
          </span>
        </span>
        <input
          type="range"
          min={min}
          max={max}
          step={Math.max(1000, Math.floor((max - min) / 500))}
          value={value ?? max}
          onChange={(e) => onChange(Number(e.target.value) >= max ? null : Number(e.target.value))}
          aria-label="Time slider"
          data-testid="time-slider"
          data-min={min}
          data-max={max}
        />
      </label>
    </div>
  );
}
