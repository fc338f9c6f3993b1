// Small HTML pieces. Everything that came from a log or an analyst passes through esc() or md(); nothing is
// ever inserted raw except markup this module writes itself and SVG from ../svg (which escapes its text).
import { escapeHtml, markdownToHtml } from '../../../lib/markdown.js';
import { categoryColor } from '../colors.js';
import type { Chip } from '../model.js';

export const esc = (v: unknown): string => escapeHtml(v === null || v === undefined ? '' : String(v));

/** An identifier (ARN, path, key): escaped, with break opportunities after its separators so it wraps at
 *  `:` or `/` rather than mid-word, and never runs past the margin. */
export function ident(v: unknown): string {
  if (v === null || v === undefined) return '';
  return escapeHtml(
    String(v)
      .replace(/\uE000/g, '\uFFFD')
      .replace(/[:/.\-_@=,|]/g, '$&\uE000'),
  ).replace(/\uE000/g, '<wbr>');
}

/** A UTC ISO instant as `2026-03-10 13:02:10.123` (the column header says UTC). */
export const utc = (iso: string): string => esc(iso.replace('T', ' ').replace(/Z$/, ''));

/** A time column's header: the zone under the word, so it never needs guessing. */
export const timeHead = (title: string, tz: string): string => `${esc(title)}<br><span class="small">${esc(tz)}</span>`;

export const md = (s: string): string => (s.trim() ? `<div class="body">${markdownToHtml(s)}</div>` : '');

export function chip(c: Chip): string {
  return `<span class="chip" style="background:${/^#[0-9a-fA-F]{6}$/.test(c.color) ? c.color : '#868e96'}">${esc(c.name)}</span>`;
}

export const chips = (cs: Chip[]): string => cs.map(chip).join('');

export const sev = (s: string): string => `<span class="sev sev-${esc(s)}">${esc(s)}</span>`;

export const status = (s: string): string => `<span class="status">${esc(s)}</span>`;

export const catDot = (c: string): string => `<span class="cat" style="background:${categoryColor(c)}"></span>`;

export function outcome(o: string, code: string | null): string {
  if (o === 'failure')
    return `<span class="fail">✗ failure</span>${code ? `<br><span class="small">${esc(code)}</span>` : ''}`;
  return o === 'success' ? '✓ success' : esc(o);
}

export interface Col {
  title: string;
  width: string;
  cls?: string;
}

/** A table with a repeated header; `rows` are already-rendered <tr>/<tbody> strings. */
export function table(cols: Col[], rows: string[], cls = ''): string {
  return (
    `<table${cls ? ` class="${cls}"` : ''}><colgroup>${cols.map((c) => `<col style="width:${c.width}">`).join('')}</colgroup>` +
    `<thead><tr>${cols.map((c) => `<th${c.cls ? ` class="${c.cls}"` : ''}>${c.title}</th>`).join('')}</tr></thead>` +
    (rows.length && rows[0].startsWith('<tbody') ? rows.join('') : `<tbody>${rows.join('')}</tbody>`) +
    '</table>'
  );
}

export function td(v: unknown, cls = ''): string {
  return `<td${cls ? ` class="${cls}"` : ''}>${esc(v)}</td>`;
}
