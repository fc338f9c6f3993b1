// Case timeline, scope, coverage and the appendix.
import type { Chip, NoteModel, ReportModel } from '../model.js';
import { chips, esc, ident, md, table, td, timeHead, utc } from './parts.js';
import { eventsTable } from './events-table.js';

export function caseTimelineTable(m: ReportModel): string {
  if (m.caseTimeline.length === 0)
    return '<p class="muted">No events were promoted to the case timeline and no analyst events were recorded.</p>';
  return table(
    [
      { title: timeHead('Time', m.meta.tz), width: '15%' },
      { title: 'Who', width: '20%' },
      { title: 'What', width: '20%' },
      { title: 'On', width: '20%' },
      { title: 'Outcome', width: '8%' },
      { title: 'Source', width: '17%' },
    ],
    m.caseTimeline.map(
      (r) =>
        `<tr${r.kind !== 'event' ? ' style="background:#fff9db"' : ''}>${td(r.time)}<td class="wrap">${ident(r.who)}</td><td class="wrap">${r.kind === 'manual' ? '◆ ' : ''}${ident(r.what)}${r.tags.length ? `<div>${chips(r.tags)}</div>` : ''}${r.note ? md(r.note) : ''}</td>` +
        `<td class="wrap">${ident(r.where)}</td>${td(r.outcome)}<td class="wrap small">${ident(r.ref)}</td></tr>`,
    ),
  );
}

/** The tags and notes the analysts put on an identity or session row. */
function marks(r: { tags: Chip[]; notes: NoteModel[] }): string {
  return `${r.tags.length ? `<div>${chips(r.tags)}</div>` : ''}${r.notes.map((n) => `<div class="note">${md(n.markdown)}<div class="who">${esc(n.author ?? '')} · ${esc(n.at)}</div></div>`).join('')}`;
}

export function scope(m: ReportModel, label: string): string {
  const s = m.scope;
  const ids = s.identities.length
    ? table(
        [
          { title: 'Identity', width: '34%' },
          { title: 'Kind', width: '11%' },
          { title: 'Events', width: '8%', cls: 'num' },
          { title: timeHead('First seen', m.meta.tz), width: '15%' },
          { title: 'Last seen', width: '15%' },
          { title: 'Cited in', width: '17%' },
        ],
        s.identities.map(
          (r) =>
            `<tr><td class="wrap">${ident(r.name)}<br><span class="small muted">${esc(r.sources)}</span>${marks(r)}</td>${td(r.kind)}<td class="num">${r.events.toLocaleString('en-US')}</td>${td(r.first)}${td(r.last)}${td(r.findings)}</tr>`,
        ),
      )
    : '<p class="muted">No identities cited.</p>';
  const sessions = s.sessions.length
    ? table(
        [
          { title: 'Session key', width: '26%' },
          { title: 'Identity', width: '28%' },
          { title: timeHead('Start', m.meta.tz), width: '14%' },
          { title: 'End', width: '14%' },
          { title: 'Events', width: '7%', cls: 'num' },
          { title: 'Cited in', width: '11%' },
        ],
        s.sessions.map(
          (r) =>
            `<tr><td class="mono wrap small">${ident(r.key)}${marks(r)}</td><td class="wrap">${ident(r.identity)}</td>${td(r.start)}${td(r.end)}<td class="num">${r.events.toLocaleString('en-US')}</td>${td(r.findings)}</tr>`,
        ),
      )
    : '<p class="muted">The cited events carry no session or credential keys.</p>';
  return `<section class="section" id="scope"><h1>${esc(label)} Scope</h1>
${s.note ? `<p class="muted"><strong>Not derived yet.</strong> ${esc(s.note)}</p>` : ''}
${s.graphSvg ? `<div class="figure">${s.graphSvg}<div class="caption">${esc(s.graphNote)}</div></div>` : `<p class="muted">${esc(s.graphNote)}</p>`}
<h2 id="scope-identities">Identities in scope</h2>${ids}
<h2 id="scope-sessions">Sessions in scope</h2>${sessions}
</section>`;
}

/** What each identity and session in scope read, and the case's heaviest readers, with the events behind it. */
export function exposure(m: ReportModel, label: string): string {
  const x = m.exposure;
  const rows = x.rows.length
    ? table(
        [
          { title: 'Identity / session', width: '26%' },
          { title: 'What it read (as the sources state it)', width: '42%' },
          { title: timeHead('First read', m.meta.tz), width: '16%' },
          { title: 'Last read', width: '16%' },
        ],
        x.rows.map(
          (r) =>
            `<tr><td class="wrap">${ident(r.who)}${r.session ? `<br><span class="mono small">session ${ident(r.session)}</span>` : `<br><span class="small muted">${esc(r.kind)}${r.inScope ? '' : ' · not cited'}</span>`}<br><span class="small muted">${esc(r.sources)}</span></td>` +
            `<td class="wrap">${r.lines
              .map(
                (l) =>
                  `<div>${esc(l.what)}${
                    l.behind.length
                      ? ` <span class="small muted">events ${l.behind
                          .slice(0, 5)
                          .map((e) => `#${e}`)
                          .join(', ')}${l.behind.length > 5 ? '…' : ''}</span>`
                      : ''
                  }</div>`,
              )
              .join('')}</td>${td(r.first)}${td(r.last)}</tr>`,
        ),
      )
    : `<p class="muted">${esc(x.note)}</p>`;
  return `<section class="section" id="exposure"><h1>${esc(label)} What was read</h1>
<p>Rows, bytes, items, objects and columns read, summed from what each source states per event (a query's rows produced, the bytes an object download sent, the files and tables read) — never estimated. The identities in scope come first, then the case's other identities that read the most. The events listed are the largest behind each number.</p>
${rows}
</section>`;
}

export function coverage(m: ReportModel, label: string): string {
  const c = m.coverage;
  const rows = c.rows.length
    ? table(
        [
          // The gap says the most (silences with their times and lengths): it gets the room.
          { title: 'Identity', width: '27%' },
          { title: 'Authentication seen in', width: '15%' },
          { title: 'Actions seen in', width: '15%' },
          { title: 'Gap', width: '43%' },
        ],
        c.rows.map(
          (r) =>
            `<tr><td class="wrap">${ident(r.identity)}</td>${td(r.auth)}${td(r.actions)}<td class="wrap">${esc(r.flags)}</td></tr>`,
        ),
      )
    : c.derived
      ? '<p>No per-identity gaps were found.</p>'
      : '';
  const rej = c.rejects.length
    ? `<h2>Records that could not be read</h2><p>Each rejected record is a hole in the record; its reason and its bytes are kept in the case.</p>${table(
        [
          { title: 'Evidence file', width: '60%' },
          { title: 'Rejected', width: '20%', cls: 'num' },
          { title: 'of records', width: '20%', cls: 'num' },
        ],
        c.rejects.map(
          (r) =>
            `<tr><td class="wrap">${esc(r.evidence)}</td><td class="num">${r.rejected.toLocaleString('en-US')}</td><td class="num">${r.records.toLocaleString('en-US')}</td></tr>`,
        ),
      )}`
    : '<p>Every record of every evidence file was read.</p>';
  const gaps = c.gaps.length
    ? `<h2>Silences in a source</h2><p>Stretches in which a source recorded nothing at all, longer than its usual rhythm.</p>${table(
        [
          { title: 'Source', width: '20%' },
          { title: timeHead('From', m.meta.tz), width: '29%' },
          { title: 'To', width: '29%' },
          { title: 'Length', width: '22%', cls: 'num' },
        ],
        c.gaps.map((g) => `<tr>${td(g.source)}${td(g.from)}${td(g.to)}<td class="num">${esc(g.length)}</td></tr>`),
      )}`
    : '';
  return `<section class="section" id="coverage"><h1>${esc(label)} Coverage gaps</h1>
${c.note ? `<p class="muted"><strong>Not derived yet.</strong> ${esc(c.note)}</p>` : ''}
${c.rows.length ? '<h2>Identities the logs do not fully show</h2>' : ''}${rows}
${gaps}
<h2>Changes to logging</h2>
${c.logging.length ? `<p>Events that stop, delete or change logging: after them, the absence of events is not evidence of absence.</p>${eventsTable(c.logging, m.meta.tz)}` : '<p>No event in the case changes logging.</p>'}
${rej}
</section>`;
}

/** The datasets source addresses were explained with, with the attribution their licences ask for. */
function enrichmentTable(list: ReportModel['appendix']['enrichment']): string {
  if (list.length === 0) return '';
  return `<h2>IP intelligence</h2><p>Source addresses are described (autonomous system, organisation, country of registration, cloud, Tor exit) with these datasets, as of their dates.</p>${table(
    [
      { title: 'Dataset', width: '22%' },
      { title: 'Version · date', width: '18%' },
      { title: 'Licence · attribution', width: '60%' },
    ],
    list.map(
      (d) =>
        `<tbody class="ev"><tr><td class="wrap">${esc(d.name)}</td><td class="wrap">${esc(d.version)}<br>${esc(d.date)}</td><td class="wrap small">${esc(d.license)} — ${esc(d.attribution)}</td></tr>` +
        `<tr class="prov"><td></td><td colspan="2">SHA-256 <span class="hash">${esc(d.sha256)}</span></td></tr></tbody>`,
    ),
  )}`;
}

export function appendix(m: ReportModel): string {
  const a = m.appendix;
  const ev = table(
    [
      { title: 'ID', width: '5%', cls: 'num' },
      { title: 'Evidence file', width: '40%' },
      { title: 'Format', width: '11%' },
      { title: 'Events', width: '9%', cls: 'num' },
      { title: 'Rejected', width: '9%', cls: 'num' },
      { title: 'Size', width: '10%', cls: 'num' },
      { title: 'Status', width: '16%' },
    ],
    a.evidence.map(
      (e) =>
        `<tbody class="ev"><tr><td class="num">${e.id}</td><td class="wrap">${ident(e.name)}<br><span class="small muted">${ident(e.path)}</span></td>${td(e.format)}` +
        `<td class="num">${e.events.toLocaleString('en-US')}</td><td class="num">${e.rejected.toLocaleString('en-US')}</td><td class="num">${e.size.toLocaleString('en-US')} B</td>${td(e.status)}</tr>` +
        `<tr class="prov"><td></td><td colspan="6">SHA-256 <span class="hash">${esc(e.sha256)}</span> · received ${utc(e.added)} UTC</td></tr></tbody>`,
    ),
  );
  const cus = table(
    [
      { title: '#', width: '5%', cls: 'num' },
      { title: 'When (UTC)', width: '17%' },
      { title: 'Analyst', width: '9%' },
      { title: 'Action', width: '13%' },
      { title: 'Evidence', width: '16%' },
      { title: 'Detail', width: '40%' },
    ],
    a.custody.map(
      (r) =>
        `<tr><td class="num">${r.seq}</td><td>${utc(r.at)}</td>${td(r.analyst)}${td(r.action)}<td class="wrap">${ident(r.evidence)}</td><td class="wrap small">${r.detail.map((d) => `<div>${d.key ? `<span class="muted">${esc(d.key)}</span> ` : ''}${/^[0-9a-f]{64}$/.test(d.value) ? `<span class="hash">${esc(d.value)}</span>` : ident(d.value)}</div>`).join('')}</td></tr>`,
    ),
  );
  const aud = table(
    [
      { title: '#', width: '5%', cls: 'num' },
      { title: 'When (UTC)', width: '17%' },
      { title: 'Analyst', width: '9%' },
      { title: 'Method', width: '16%' },
      { title: 'What', width: '53%' },
    ],
    a.audit.map(
      (r) =>
        `<tr><td class="num">${r.seq}</td><td>${utc(r.at)}</td>${td(r.analyst)}<td class="wrap">${esc(r.method)}</td><td class="wrap small">${esc(r.summary)}</td></tr>`,
    ),
  );
  const chain = (name: string, c: { rows: number; head: string; ok: boolean }) =>
    `<div class="kv"><div>${esc(name)}</div><div>${c.rows} entries · ${c.ok ? '<span class="ok">chain intact</span>' : '<span class="bad">CHAIN BROKEN — run verify</span>'}</div><div>Head</div><div class="hash">${esc(c.head)}</div></div>`;
  return `<section class="section" id="appendix-evidence"><h1>Appendix A · Evidence files</h1>
<p>The SHA-256 of each evidence file was computed over its bytes as received (the compressed bytes for .gz), before its first record was read. Evidence is never modified.</p>${ev}${enrichmentTable(a.enrichment)}</section>
<section class="section" id="appendix-custody"><h1>Appendix B · Chain of custody</h1><p>Append-only and hash-chained: each entry's hash covers the previous entry's hash.</p>${cus}</section>
<section class="section" id="appendix-audit"><h1>Appendix C · Analyst audit log</h1><p>Every change the analysts made to this case (annotations, findings, narrative, settings, imports), append-only and hash-chained.
${a.auditTotal > a.audit.length ? `The first ${a.audit.length.toLocaleString('en-US')} of ${a.auditTotal.toLocaleString('en-US')} entries are listed; the case file holds all of them.` : ''}</p>${aud}</section>
<section class="section" id="appendix-integrity"><h1>Appendix D · Integrity</h1>
<p>Both chains were re-verified from their first entry when this report was generated. Quote the heads to anchor this report to the case file: any later change to an entry, or a deleted entry, changes every head after it.</p>
<div class="box">${chain('Custody log', a.chains.custody)}</div><div class="box">${chain('Analyst audit log', a.chains.audit)}</div>
${sealBox(a.seal)}
<div class="box kv"><div>Case</div><div>${esc(m.meta.case)} <span class="mono small">${esc(m.meta.caseId)}</span></div><div>Layers included</div><div>${esc(m.meta.layers.map((l) => l.name).join(', ') || 'none')}</div>
<div>Display time zone</div><div>${esc(m.meta.tzLabel)}</div><div>Paper</div><div>${esc(m.meta.paper)}</div><div>Generated (UTC)</div><div>${esc(m.meta.generatedAt)}</div><div>Generator</div><div>SessionScope ${esc(m.meta.version)}</div></div>
</section>`;
}

function sealBox(s: ReportModel['appendix']['seal']): string {
  if (!s) return '<div class="box"><p>The case has not been sealed.</p></div>';
  return `<div class="box kv"><div>Seal</div><div>${esc(s.sealed_at)} by ${esc(s.analyst)} · ${s.valid ? '<span class="ok">signature and heads verified</span>' : '<span class="bad">CONTRADICTED — run verify</span>'}${s.current ? '' : ' · entries were added after it'}</div>
<div>Key</div><div class="mono">${esc(s.key)}</div><div>Custody head sealed</div><div class="hash">${s.custody.seq} · ${esc(s.custody.head)}</div>
<div>Audit head sealed</div><div class="hash">${s.audit.seq} · ${esc(s.audit.head)}</div><div>Evidence sealed</div><div class="hash">${s.evidence.files} files · ${esc(s.evidence.digest)}</div>
<div>Signature (Ed25519)</div><div class="hash">${esc(s.signature)}</div></div>
<p class="small">Keep the seal file (<span class="mono">sessionscope seal CASE --out FILE</span>) apart from the case: <span class="mono">sessionscope verify CASE --seal FILE</span> proves the case was neither rewritten nor cut back since.</p>`;
}
