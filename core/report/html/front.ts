// Cover, contents and summary.
import type { ReportModel } from '../model.js';
import { chip, esc, sev, status, table, td } from './parts.js';

export interface TocEntry {
  anchor: string;
  label: string;
  title: string;
  level: 1 | 2;
}

export const pageMarker = (anchor: string): string => `<!--pg:${anchor}-->`;

export function cover(m: ReportModel): string {
  const meta = m.meta;
  const row = (k: string, v: string) => `<tr><td>${esc(k)}</td><td>${v}</td></tr>`;
  const sevs = m.summary.bySeverity.map((s) => `${sev(s.severity)} ${s.count}`).join(' &nbsp; ') || 'none';
  return `<section class="cover">
<div class="brand">SessionScope · non-human identity investigation</div>
<h1>${esc(m.title)}</h1>
<div class="case">${esc(meta.case)}</div>
<table class="meta"><tbody>
${row('Case', `${esc(meta.case)}<br><span class="small muted mono">${esc(meta.caseId)}</span>`)}
${row('Case analyst', esc(meta.analyst ?? '—'))}
${row('Report prepared by', esc(meta.preparedBy))}
${row('Period of the cited activity', meta.period ? `${esc(meta.period.from)} – ${esc(meta.period.to)}` : 'no events cited')}
${row('Period covered by the evidence', meta.casePeriod ? `${esc(meta.casePeriod.from)} – ${esc(meta.casePeriod.to)}` : 'no evidence imported')}
${row('Display time zone', `<strong>${esc(meta.tzLabel)}</strong> — every time in this report is shown in this zone; the appendix gives UTC`)}
${row('Findings', `${m.summary.findings.length} &nbsp; ${sevs}`)}
${row('Evidence', `${meta.evidenceFiles} file(s), ${meta.events.toLocaleString('en-US')} events${meta.rejected ? `, ${meta.rejected.toLocaleString('en-US')} records rejected` : ''}<br><span class="small">${esc(meta.sources)}</span>`)}
${row('Annotation layers included', meta.layers.map(chip).join('') || 'none')}
${row('Generated', `${esc(meta.generatedAt)} (UTC) by SessionScope ${esc(meta.version)}`)}
${row('Audit chain head', `<span class="hash">${esc(m.appendix.chains.audit.head)}</span><br><span class="small muted">after ${m.appendix.chains.audit.rows} audited analyst actions</span>`)}
${row('Seal', sealCell(m))}
</tbody></table>
<div class="howto"><strong>How to read this report.</strong> Each finding states a claim and cites the events it rests on. Every cited event names
the evidence file it was read from, its line or record, and the SHA-256 of that raw record; Appendix A gives the SHA-256 of every evidence file
as received, Appendix B the chain of custody, Appendix C every action the analysts took in the case, and Appendix D the heads of the two hash
chains, which change if any entry is altered, and the seal: those heads signed with the analyst's key. Log content is reproduced as text, exactly as logged.</div>
</section>`;
}

export function contents(entries: TocEntry[]): string {
  return `<section class="section" id="contents"><h1>Contents</h1><ul class="toc">${entries.map((e) => `<li class="l${e.level}"><a href="#${e.anchor}">${esc(e.label ? `${e.label}  ` : '')}${esc(e.title)}</a><span class="dots"></span><span class="pg">${pageMarker(e.anchor)}</span></li>`).join('')}</ul></section>`;
}

export function summary(m: ReportModel, label: string): string {
  const s = m.summary;
  const rows = s.findings.map(
    (f) =>
      `<tbody class="ev"><tr><td><a href="#${f.anchor}">${esc(f.label)}</a></td><td>${sev(f.severity)}</td><td class="wrap"><strong>${esc(f.title)}</strong></td><td>${status(f.status)}</td>` +
      `<td class="num">${f.events}</td>${td(f.first ?? '—')}${td(f.last ?? '—')}</tr>` +
      `${f.gist ? `<tr class="prov"><td></td><td></td><td colspan="5" class="wrap">${esc(f.gist)}</td></tr>` : ''}</tbody>`,
  );
  return `<section class="section" id="summary"><h1>${esc(label)} Summary</h1>
<p>${s.findings.length} finding(s) cite ${s.cited.toLocaleString('en-US')} event(s) by ${s.identities} identit${s.identities === 1 ? 'y' : 'ies'} on ${s.resources} resource(s).
Times are in <strong>${esc(m.meta.tzLabel)}</strong>.</p>
${
  s.findings.length
    ? table(
        [
          { title: 'Finding', width: '8%' },
          { title: 'Severity', width: '10%' },
          { title: 'Title', width: '36%' },
          { title: 'Status', width: '10%' },
          { title: 'Events', width: '7%', cls: 'num' },
          { title: 'First', width: '14.5%' },
          { title: 'Last', width: '14.5%' },
        ],
        rows,
      )
    : '<p class="muted">No findings in the selected layers.</p>'
}
${s.overviewSvg ? `<div class="figure">${s.overviewSvg}<div class="caption">Every finding on one time axis: each mark is a cited event, coloured by category; a triangle is a failed attempt.</div></div>` : ''}
</section>`;
}

/**
 * The case's latest seal as the cover states it: who sealed what, when, with which key — and whether it still holds.
 */
export function sealCell(m: ReportModel): string {
  const s = m.appendix.seal;
  if (!s) return '<span class="bad">not sealed</span>';
  const state = !s.valid
    ? '<span class="bad">SEAL CONTRADICTED — run verify</span>'
    : s.current
      ? '<span class="ok">covers this report</span>'
      : '<span class="bad">entries were added after it</span>';
  return `${esc(s.sealed_at)} by ${esc(s.analyst)} · ${state}<br><span class="small muted">key ${esc(s.key)} · signature</span> <span class="hash">${esc(s.signature)}</span>`;
}
