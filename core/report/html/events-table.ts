// The table of a finding's cited events: what happened (time, identity, action, resource, outcome) and, on the
// row beneath, where it is written (evidence file, record, SHA-256 of the raw record) with the address and user
// agent it came from. Tags, captions and notes on the event follow. One event never splits across pages.
import type { EventModel } from '../model.js';
import { catDot, chips, esc, ident, md, outcome, table, timeHead, type Col } from './parts.js';

export function eventsTable(events: EventModel[], tz: string, opts: { numbered?: boolean } = {}): string {
  const cols: Col[] = [
    { title: '#', width: '4%', cls: 'num' },
    { title: timeHead('Time', tz), width: '15%' },
    { title: 'Identity', width: '24%' },
    { title: 'Action', width: '17%' },
    { title: 'Resource', width: '28%' },
    { title: 'Outcome', width: '12%' },
  ];
  const rows = events.map((e) => {
    const extra: string[] = [];
    if (e.src_ip || e.user_agent)
      extra.push(
        `<div class="wrap">from ${esc(e.src_ip ?? '—')}${e.src_network ? ` (${esc(e.src_network)})` : ''}${e.user_agent ? ` · user agent <span class="mono">${esc(e.user_agent)}</span>` : ''}</div>`,
      );
    if (e.detail)
      extra.push(`<div class="wrap">${esc(e.detail.length > 600 ? e.detail.slice(0, 599) + '…' : e.detail)}</div>`);
    const marks: string[] = [];
    if (e.tags.length) marks.push(chips(e.tags));
    if (e.flags.length)
      marks.push(e.flags.map((f) => `<span class="chip outline">${esc(f.replace(/_/g, ' '))}</span>`).join(''));
    if (e.caption) marks.push(`<em>${esc(e.caption)}</em>`);
    const notes = e.notes
      .map(
        (n) => `<div class="note">${md(n.markdown)}<div class="who">${esc(n.author ?? '')} · ${esc(n.at)}</div></div>`,
      )
      .join('');
    return (
      `<tbody class="ev"><tr>` +
      `<td class="num">${opts.numbered === false ? '' : e.n}</td><td>${esc(e.time)}</td><td class="wrap">${ident(e.identity)}</td>` +
      `<td class="wrap">${catDot(e.category)}${ident(e.action)}</td><td class="wrap">${ident(e.resource ?? '—')}</td><td>${outcome(e.outcome, e.error_code)}</td></tr>` +
      `<tr class="prov"><td></td><td colspan="5">${extra.join('')}<div>${ident(e.evidence)} · ${esc(e.record)} · event ${e.id} · SHA-256 <span class="hash">${esc(e.sha256)}</span></div>` +
      `${marks.length ? `<div>${marks.join(' ')}</div>` : ''}${notes}</td></tr></tbody>`
    );
  });
  return table(cols, rows, 'events');
}

/** One line per event (a session's run): the numbers match its timeline; provenance is one lookup away by id. */
export function compactTable(events: EventModel[], tz: string): string {
  return table(
    [
      { title: '#', width: '4%', cls: 'num' },
      { title: timeHead('Time', tz), width: '15%' },
      { title: 'Action', width: '18%' },
      { title: 'Resource', width: '33%' },
      { title: 'Outcome', width: '10%' },
      { title: 'From', width: '11%' },
      { title: 'Event', width: '9%' },
    ],
    events.map(
      (e) =>
        `<tr><td class="num">${e.n}</td><td>${esc(e.time)}</td><td class="wrap">${catDot(e.category)}${ident(e.action)}</td>` +
        `<td class="wrap">${ident(e.resource ?? '—')}${e.tags.length ? `<br>${chips(e.tags)}` : ''}</td><td>${outcome(e.outcome, e.error_code)}</td><td class="wrap">${esc(e.src_ip ?? '')}${e.src_network ? `<br><span class="small">${esc(e.src_network)}</span>` : ''}</td>` +
        `<td class="small mono wrap">${e.id}</td></tr>`,
    ),
    'compact',
  );
}
