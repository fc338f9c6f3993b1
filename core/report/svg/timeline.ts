// A finding's timeline as inline SVG (vector: prints crisply at any zoom). One lane per identity; the cited
// events are marked in their category colour and numbered as in the finding's event table; the other events of
// those identities in the same window are drawn as thin grey ticks for context; manual analyst events sit on
// their own lane as diamonds. Ticks are deduplicated per pixel, so a lane costs at most its width in elements.
import type { Clock } from '../time.js';
import { categoryColor } from '../colors.js';
import { esc, middle, num, shortName, text } from './svg.js';
import { eventMark, manualMark } from './marks.js';
import { padRange, timeTicks } from './axis.js';

export interface TimelineMark {
  ts: number;
  lane: number;
  category: string;
  failed: boolean;
  label: string | null;
}

export interface TimelineInput {
  lanes: string[];
  marks: TimelineMark[];
  context: { ts: number; lane: number }[];
  manual: { ts: number; label: string }[];
  from: number;
  to: number;
  clock: Clock;
  title: string;
}

const W = 680;
const LABEL_W = 150;
const X0 = LABEL_W + 10;
const X1 = W - 12;
const LANE_H = 22;
const TOP = 8;

export function timelineSvg(inp: TimelineInput): string {
  const [from, to] = padRange(inp.from, inp.to);
  const x = (us: number) => X0 + ((us - from) / (to - from)) * (X1 - X0);
  const lanes = [...inp.lanes, ...(inp.manual.length ? ['Analyst (manual events)'] : [])];
  const plotH = lanes.length * LANE_H;
  const axisY = TOP + plotH + 4;
  const H = axisY + 30;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="${esc(inp.title)}" class="timeline" font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif">`,
  );
  out.push(`<title>${esc(inp.title)}</title>`);
  lanes.forEach((name, i) => {
    const y = TOP + i * LANE_H;
    if (i % 2 === 0) out.push(`<rect x="0" y="${y}" width="${W}" height="${LANE_H}" fill="#f4f5f7"/>`);
    // Identifiers keep both ends (the account and the role); titles read from the start.
    const label = /\s/.test(name) ? (name.length > 32 ? name.slice(0, 31) + '…' : name) : middle(shortName(name), 32);
    out.push(text(LABEL_W, y + LANE_H / 2 + 3, label, 'font-size="8" text-anchor="end" fill="#343a40"'));
  });
  // Grid lines and axis labels.
  for (const t of timeTicks(from, to, inp.clock)) {
    const tx = x(t.us);
    if (tx < X0 - 0.5 || tx > X1 + 0.5) continue;
    out.push(`<line x1="${num(tx)}" y1="${TOP}" x2="${num(tx)}" y2="${axisY}" stroke="#ced4da" stroke-width="0.6"/>`);
    out.push(text(tx, axisY + 10, t.label, 'font-size="8" text-anchor="middle" fill="#495057"'));
    if (t.major) out.push(text(tx, axisY + 21, t.major, 'font-size="7.5" text-anchor="middle" fill="#868e96"'));
  }
  out.push(`<line x1="${X0}" y1="${axisY}" x2="${X1}" y2="${axisY}" stroke="#868e96" stroke-width="0.8"/>`);
  // Context ticks, one per lane and pixel.
  const seen = new Set<string>();
  const ticks: string[] = [];
  for (const c of inp.context) {
    const px = Math.round(x(c.ts) * 2) / 2;
    const k = `${c.lane}:${px}`;
    if (seen.has(k) || px < X0 || px > X1) continue;
    seen.add(k);
    const y = TOP + c.lane * LANE_H;
    ticks.push(`M${num(px)} ${y + 6}V${y + LANE_H - 6}`);
  }
  if (ticks.length) out.push(`<path d="${ticks.join('')}" stroke="#adb5bd" stroke-width="0.7"/>`);
  // Cited events, labels staggered over two rows and dropped where they would collide.
  const lastLabelX = new Map<string, number>();
  const marks = [...inp.marks].sort((a, b) => a.ts - b.ts);
  for (const m of marks) {
    const mx = x(m.ts);
    const y = TOP + m.lane * LANE_H + LANE_H / 2 + 3;
    out.push(eventMark(mx, y, m.category, m.failed, 3.6));
    if (!m.label) continue;
    for (const row of [0, 1]) {
      const k = `${m.lane}:${row}`;
      if ((lastLabelX.get(k) ?? -1e9) + m.label.length * 5 + 4 > mx) continue;
      lastLabelX.set(k, mx);
      out.push(
        text(
          mx,
          y - 6 - row * 0,
          m.label,
          `font-size="6.5" text-anchor="middle" fill="${row ? '#495057' : '#212529'}"${row ? ' dy="13.5"' : ''}`,
        ),
      );
      break;
    }
  }
  if (inp.manual.length) {
    const y = TOP + (lanes.length - 1) * LANE_H + LANE_H / 2;
    for (const m of inp.manual) {
      const mx = x(m.ts);
      out.push(manualMark(mx, y));
      // Near the right edge the label goes to the left of its mark, so it is never cut off.
      const left = mx > X1 - 170;
      out.push(
        text(
          left ? mx - 7 : mx + 7,
          y + 3,
          middle(m.label, 40),
          `font-size="7.5" fill="#212529"${left ? ' text-anchor="end"' : ''}`,
        ),
      );
    }
  }
  out.push('</svg>');
  return out.join('');
}

/** The legend under every timeline: only the categories that appear, plus the failure and manual shapes. */
export function timelineLegend(
  categories: string[],
  hasFailure: boolean,
  hasManual: boolean,
  hasContext = true,
): string {
  const items: string[] = [];
  let x = 4;
  const add = (mark: string, label: string) => {
    items.push(mark.replace('__X__', String(x + 4)));
    items.push(text(x + 11, 11, label, 'font-size="8" fill="#343a40"'));
    x += 16 + label.length * 4.8;
  };
  for (const c of categories) add(`<circle cx="__X__" cy="8" r="3.6" fill="${categoryColor(c)}"/>`, c);
  if (hasFailure) add(`<path d="M__X__ 3.5l4.5 8h-9z" fill="#fff" stroke="#c92a2a" stroke-width="1.4"/>`, 'failed');
  if (hasManual)
    add(
      `<path d="M__X__ 3.5l4.5 4.5-4.5 4.5-4.5-4.5z" fill="#fff" stroke="#212529" stroke-width="1.4"/>`,
      'analyst event',
    );
  if (hasContext)
    add(`<path d="M__X__ 3.5v9" stroke="#adb5bd" stroke-width="1"/>`, 'other events of these identities (context)');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 680 16" width="100%" class="legend" font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif">${items.join('')}</svg>`;
}
