// The filter chips above the grid on one line, however many there are: the chips that fit are shown, the rest
// behind a "+N" button that lists them (each still removable). The line never wraps, so the grid does not jump
// down when a filter is added, and the tools at its end (count, marking, Columns, Colours, Views) stay put.
import { useLayoutEffect, useRef, useState, type ReactElement } from 'react';

/** Room kept for the "+N" button when some chips are left out. */
const MORE_PX = 52;

export function ChipStrip({ chips }: { chips: ReactElement[] }) {
  const strip = useRef<HTMLDivElement>(null);
  const [shown, setShown] = useState(chips.length);
  const [open, setOpen] = useState(false);
  const [width, setWidth] = useState(0);
  // Measure with every chip laid out (the strip then takes all the room the row leaves it), then keep those that
  // fit (before paint: no flicker). Measured again when the chips or the row's width change — the row's, not the
  // strip's: the strip narrows to the chips it keeps, so "+N" sits right after them.
  const [measuring, setMeasuring] = useState(true);
  const keys = chips.map((c) => String(c.key)).join('\n');
  useLayoutEffect(() => setMeasuring(true), [keys, width]);
  useLayoutEffect(() => {
    const el = strip.current;
    if (!measuring || !el) return;
    const kids = [...el.children] as HTMLElement[];
    const avail = el.clientWidth;
    const right = kids.map((k) => k.offsetLeft + k.offsetWidth);
    let fit = right.filter((r) => r <= avail).length;
    if (fit < kids.length) fit = right.filter((r) => r <= avail - MORE_PX).length;
    setShown(Math.max(1, fit));
    setMeasuring(false);
  }, [measuring]);
  useLayoutEffect(() => {
    const el = strip.current;
    if (!el) return;
    const row = el.parentElement!;
    const ro = new ResizeObserver(() => setWidth(row.clientWidth));
    ro.observe(row);
    return () => ro.disconnect();
  }, []);
  useLayoutEffect(() => {
    if (shown >= chips.length) setOpen(false);
  }, [shown, chips.length]);

  const visible = measuring ? chips : chips.slice(0, shown);
  const hidden = measuring ? [] : chips.slice(shown);
  return (
    <>
      <div className={`chip-strip${measuring ? ' measuring' : ''}`} ref={strip} data-testid="chip-strip">
        {visible}
      </div>
      {hidden.length > 0 && (
        <span className="popover-host">
          <button
            type="button"
            className="chip-more"
            aria-expanded={open}
            onClick={() => setOpen((o) => !o)}
            title={`${hidden.length} more filter${hidden.length === 1 ? '' : 's'}`}
            data-testid="chips-more"
          >
            +{hidden.length}
          </button>
          {open && (
            <div className="popover chips-menu" role="dialog" aria-label="More filters" data-testid="chips-menu">
              {hidden}
            </div>
          )}
        </span>
      )}
    </>
  );
}
