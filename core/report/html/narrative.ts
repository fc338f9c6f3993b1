// The narrative: the analyst's text blocks, each finding (claim, references, tags, notes, timeline, cited
// events) and the live blocks (event lists, session timelines, scope graphs) in the order the analyst set.
import type { BlockModel, FindingModel } from '../model.js';
import { SEVERITY_COLORS } from '../colors.js';
import { chip, chips, esc, ident, md, sev, status, table, td, timeHead } from './parts.js';
import { compactTable, eventsTable } from './events-table.js';
import { findingDetections } from './detections.js';

function finding(f: FindingModel, tz: string): string {
  const refs = f.refs.length
    ? `<div class="refs"><strong>References:</strong> ${f.refs.map((r) => `<span class="ref"><strong>${esc(r.id)}</strong>${r.title ? ` ${esc(r.title)}` : ''}${r.framework ? ` <span class="muted">(${esc(r.framework)})</span>` : ''}</span>`).join('')}</div>`
    : '';
  const notes = f.notes
    .map(
      (n) =>
        `<div class="note">${md(n.markdown)}<div class="who">Note by ${esc(n.author ?? '')} · ${esc(n.at)}</div></div>`,
    )
    .join('');
  const manual = f.manual.length
    ? `<h3>Analyst events</h3>${table(
        [
          { title: timeHead('Time', tz), width: '18%' },
          { title: 'Kind', width: '10%' },
          { title: 'What', width: '52%' },
          { title: 'Recorded by', width: '20%' },
        ],
        f.manual.map(
          (m) =>
            `<tr>${td(m.time)}${td(m.kind)}<td class="wrap"><strong>${esc(m.title)}</strong>${md(m.markdown)}</td>${td(m.author ?? '')}</tr>`,
        ),
      )}`
    : '';
  const other = f.other.length
    ? `<h3>Also cited</h3><ul>${f.other.map((o) => `<li class="wrap">${esc(o.label)}${o.caption ? ` — <em>${esc(o.caption)}</em>` : ''}</li>`).join('')}</ul>`
    : '';
  const missing = f.missing
    ? `<p class="bad">${f.missing} cited event(s) are no longer in the case; see the case's verify report.</p>`
    : '';
  const span = f.first ? (f.first === f.last ? esc(f.first) : `${esc(f.first)} – ${esc(f.last)}`) : 'no timed evidence';
  return `<section class="finding" id="${f.anchor}"><div class="keep">
<div class="fhead" style="border-left-color:${SEVERITY_COLORS[f.severity]}"><h2>${esc(f.label)} · ${esc(f.title)}</h2>
<div class="fmeta">${sev(f.severity)} ${status(f.status)} <span>${f.events.length} cited event(s)</span><span>${span}</span><span>layer ${chip(f.layer)}</span></div><div class="fmeta">Finding #${f.id}, recorded by ${esc(f.author ?? '—')}${f.identities.length ? ` · identities: ${f.identities.map(ident).join(', ')}` : ''}</div></div>
${f.tags.length ? `<div>${chips(f.tags)}</div>` : ''}
${refs}
${findingDetections(f)}
${md(f.markdown)}
${notes}
${f.timelineSvg ? `<div class="figure">${f.timelineSvg}<div class="caption">Timeline of ${esc(f.label)} (${esc(tz)}). Numbers are the rows of the table below.</div></div>` : ''}
</div>
${manual}
${other}
${missing}
${f.events.length ? `<h3>Cited events</h3>${eventsTable(f.events, tz)}` : ''}
</section>`;
}

export function narrativeBlock(b: BlockModel, tz: string, caseTimelineHtml: string, label = ''): string {
  const h2 = (title: string) => `<h2>${label ? `${esc(label)} ` : ''}${esc(title)}</h2>`;
  switch (b.kind) {
    case 'finding':
      return finding(b.finding, tz);
    case 'text':
      return `<div id="${b.anchor}">${b.title ? h2(b.title) : ''}${md(b.markdown)}</div>`;
    case 'events':
      return `<div id="${b.anchor}">${h2(b.title)}${md(b.caption)}<p class="caption">${esc(b.query)} — ${b.events.length}${b.truncated ? ' (first ones only)' : ''} shown, as the case holds them at report time.</p>${b.events.length ? eventsTable(b.events, tz) : '<p class="muted">No events match.</p>'}</div>`;
    case 'session_timeline':
      return `<div id="${b.anchor}"><div class="keep">${h2(b.title)}${md(b.caption)}${b.svg ? `<div class="figure">${b.svg}</div>` : '<p class="muted">No events in this session.</p>'}</div>${b.events.length ? compactTable(b.events, tz) : ''}${b.truncated ? '<p class="caption">Only the first events of the session are listed.</p>' : ''}</div>`;
    case 'scope_graph':
      return `<div id="${b.anchor}" class="keep">${h2(b.title)}${b.svg ? `<div class="figure">${b.svg}<div class="caption">${esc(b.caption)}</div></div>` : '<p class="muted">Nothing to draw.</p>'}</div>`;
    case 'case_timeline':
      return `<div id="${b.anchor}">${h2(b.title)}${caseTimelineHtml}</div>`;
  }
}
