// Small helpers for writing SVG as text. Every string that reaches the markup goes through esc().
import { escapeHtml } from '../../../lib/markdown.js';

export const esc = escapeHtml;

/** Shortens the middle of long names (ARNs keep their service prefix and their last segment). */
export function middle(s: string, max: number): string {
  if (s.length <= max) return s;
  const head = Math.ceil((max - 1) * 0.45);
  return s.slice(0, head) + '…' + s.slice(s.length - (max - 1 - head));
}

export function num(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

export function text(x: number, y: number, s: string, attrs = ''): string {
  return `<text x="${num(x)}" y="${num(y)}"${attrs ? ' ' + attrs : ''}>${esc(s)}</text>`;
}

/** A lane label for an identity: an ARN loses its prefix, keeps what names it and its account. */
export function shortName(s: string): string {
  const arn = /^arn:[^:]*:([^:]*):[^:]*:(\d*):(.+)$/.exec(s);
  if (arn) return `${arn[3]}${arn[2] ? ` (${arn[2]})` : ''}`;
  return s;
}
