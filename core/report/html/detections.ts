// The Sigma detections section and the per-finding list of rules that matched its events. Each rule shows its
// author, licence and a link, as the Detection Rule License asks of messages based on its matches.
import type { FindingModel, ReportModel } from '../model.js';
import { esc, ident, table, td, timeHead } from './parts.js';

export function findingDetections(f: FindingModel): string {
  if (f.detections.length === 0) return '';
  return `<div class="refs"><strong>Sigma rules on these events:</strong> ${f.detections
    .map(
      (d) =>
        `<span class="ref"><strong>${esc(d.title)}</strong> <span class="muted">(${esc(d.level || 'no level')}, ${d.events} event(s); rule by ${esc(d.author)}, ${ident(d.url)})</span></span>`,
    )
    .join('')}</div>`;
}

export function detections(m: ReportModel, label: string): string {
  const d = m.detections;
  const head = `<section class="section" id="detections"><h1>${esc(label)} Detections (Sigma)</h1>`;
  if (!d.ran)
    return `${head}<p class="muted">The Sigma rules have not run on this case (derivation runs them after every import).</p></section>`;
  const intro = `<p>Machine detections, not analyst findings: community Sigma rules matched against the evidence${d.at ? ` (run ${esc(d.at)})` : ''}. SigmaHQ rules from the snapshot at commit ${esc((d.snapshot ?? '').slice(0, 12))}, released under the Detection Rule License (DRL) 1.1${d.folders.length ? `; the analysts' own rules from ${d.folders.map(ident).join(', ')}` : ''}. Each rule is shown with its author and where to read it.</p>`;
  if (d.rules.length === 0) return `${head}${intro}<p>No rule matched.</p></section>`;
  const rows = d.rules.map(
    (r) =>
      `<tr>${td(r.level)}<td class="wrap"><strong>${esc(r.title)}</strong><br><span class="small">${esc(r.kind === 'correlation' ? 'correlation' : 'detection')} · ${esc(r.source === 'sigmahq' ? 'SigmaHQ' : 'analyst rule')} · ${esc(r.license)}<br>${ident(r.url)}</span></td><td class="wrap">${esc(r.author)}</td><td class="num">${r.matches.toLocaleString('en-US')}</td><td class="num">${r.identities.toLocaleString('en-US')}</td>${td(r.first)}${td(r.last)}</tr>`,
  );
  return `${head}${intro}${table(
    [
      { title: 'Level', width: '8%' },
      { title: 'Rule', width: '34%' },
      { title: 'Author', width: '16%' },
      { title: 'Matches', width: '8%', cls: 'num' },
      { title: 'Identities', width: '8%', cls: 'num' },
      { title: timeHead('First', m.meta.tz), width: '13%' },
      { title: 'Last', width: '13%' },
    ],
    rows,
  )}</section>`;
}
