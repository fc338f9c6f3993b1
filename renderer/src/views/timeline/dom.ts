// DOM for vis-timeline items and lanes: text nodes and canvases only, never HTML strings (log content is text).
import type { Category, LaneDensity, LaneInfo } from '../../lib/contract';
import { CATEGORIES, CATEGORY_HUE, KIND_LABEL } from '../../lib/colors';
import { arnAccount, middle, n, shortName } from '../../lib/format';

export function el(tag: string, cls: string, text?: string): HTMLElement {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.appendChild(document.createTextNode(text));
  return e;
}

/** A colour from the case file, used in a style only when it is a plain hex colour. */
export function safeColour(c: string | null | undefined, fallback: string): string {
  return c && /^#[0-9a-fA-F]{3,8}$/.test(c) ? c : fallback;
}

export function laneContent(l: LaneInfo, mode: string): HTMLElement {
  const wrap = el('div', 'lane-label');
  wrap.title = l.label;
  if (l.identity_kind) wrap.appendChild(el('span', 'badge kind nhi', KIND_LABEL[l.identity_kind]));
  else if (l.key === 'other') wrap.appendChild(el('span', 'badge', 'more'));
  else if (mode === 'session' && (l.kind === 'session' || l.kind === 'key'))
    wrap.appendChild(el('span', 'badge kind nhi', l.kind === 'session' ? 'session' : 'key'));
  wrap.appendChild(el('span', 'lane-name', middle(shortName(l.label), 44)));
  const acct = arnAccount(l.label);
  if (acct) wrap.appendChild(el('span', 'lane-acct', acct));
  wrap.appendChild(el('span', 'lane-count', n(l.count)));
  return wrap;
}

/** One lane's density strip on a canvas: bars in the category (or outcome) hue, height ~ √count, failures as a
 *  red foot. */
export function densityCanvas(
  d: LaneDensity,
  max: number,
  categories: readonly Category[],
  colours: Record<string, string>,
  byOutcome: boolean,
  widthPx: number,
): HTMLCanvasElement {
  const c = document.createElement('canvas');
  const dpr = Math.min(2, window.devicePixelRatio || 1);
  const H = 16;
  c.width = Math.max(1, Math.round(widthPx * dpr));
  c.height = Math.round(H * dpr);
  c.className = 'dens';
  c.setAttribute('aria-hidden', 'true');
  const g = c.getContext('2d');
  if (!g) return c;
  const bw = c.width / d.counts.length;
  for (let b = 0; b < d.counts.length; b++) {
    const count = d.counts[b];
    if (count === 0) continue;
    const h = Math.max(2, Math.sqrt(count / max) * H) * dpr;
    g.fillStyle = byOutcome ? colours.success : colours[categories[d.top[b]] ?? 'other'];
    g.fillRect(b * bw, c.height - h, Math.max(1, bw * 0.92), h);
    if (d.failures[b] > 0) {
      g.fillStyle = colours.failure;
      g.fillRect(b * bw, c.height - 2.5 * dpr, Math.max(1, bw * 0.92), 2.5 * dpr);
    }
  }
  return c;
}

/** The theme's hues, read from CSS custom properties. */
export function themeColours(el: Element): Record<string, string> {
  const cs = getComputedStyle(el);
  const out: Record<string, string> = {};
  for (const k of CATEGORIES) out[k] = cs.getPropertyValue(`--cat-${k}`).trim() || CATEGORY_HUE[k];
  out.success = cs.getPropertyValue('--out-success').trim() || '#1f8a70';
  out.failure = cs.getPropertyValue('--out-failure').trim() || '#c0262d';
  return out;
}

/** Width of a text in the font of the item labels (one canvas, measured per distinct text). */
export function labelMeter(host: Element): (text: string) => number {
  const probe = el('span', 'ev-label', '');
  probe.style.position = 'absolute';
  probe.style.visibility = 'hidden';
  host.appendChild(probe);
  const cs = getComputedStyle(probe);
  const font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
  probe.remove();
  const g = document.createElement('canvas').getContext('2d');
  const cache = new Map<string, number>();
  return (text) => {
    let w = cache.get(text);
    if (w === undefined) {
      if (g) {
        g.font = font;
        w = g.measureText(text).width;
      } else w = text.length * 6.5;
      if (cache.size > 5000) cache.clear();
      cache.set(text, w);
    }
    return w;
  };
}
