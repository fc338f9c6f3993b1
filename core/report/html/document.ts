// The whole report as one self-contained HTML document: inline CSS, inline SVG, no script, no external
// resource of any kind (the CSP forbids them too), so the file opens anywhere offline and prints the same.
// Page numbers in the contents are markers (<!--pg:anchor-->) that the PDF printer fills after a first pass.
import type { ReportModel } from '../model.js';
import { reportCss } from './css.js';
import { esc } from './parts.js';
import { contents, cover, summary, type TocEntry } from './front.js';
import { narrativeBlock } from './narrative.js';
import { appendix, caseTimelineTable, coverage, exposure, scope } from './back.js';
import { detections } from './detections.js';

export interface ReportHtml {
  html: string;
  /** The same document with only the cover and contents: re-printed with page numbers after the first pass. */
  frontHtml: string;
  toc: TocEntry[];
}

export function renderReport(m: ReportModel): ReportHtml {
  const toc: TocEntry[] = [];
  let n = 0;
  const next = () => `${++n}`;
  const parts: string[] = [];
  const tz = m.meta.tz;
  const ctHtml = caseTimelineTable(m);
  const hasCaseTimelineBlock = m.blocks.some((b) => b.kind === 'case_timeline');

  const sSummary = next();
  toc.push({ anchor: 'summary', label: sSummary, title: 'Summary', level: 1 });
  parts.push(summary(m, sSummary));

  const sNarr = next();
  toc.push({ anchor: 'narrative', label: sNarr, title: 'Narrative and findings', level: 1 });
  let sub = 0;
  const body: string[] = [];
  for (const b of m.blocks) {
    let label = '';
    if (b.kind === 'finding')
      toc.push({
        anchor: b.finding.anchor,
        label: b.finding.label,
        title: `${b.finding.title} (${b.finding.severity})`,
        level: 2,
      });
    else if (b.kind !== 'text' || b.title) {
      label = `${sNarr}.${++sub}`;
      toc.push({ anchor: b.anchor, label, title: b.title || 'Text', level: 2 });
    }
    body.push(narrativeBlock(b, tz, ctHtml, label));
  }
  parts.push(
    `<section class="section" id="narrative"><h1>${sNarr} Narrative and findings</h1>${body.length ? body.join('\n') : '<p class="muted">No findings or narrative in the selected layers.</p>'}</section>`,
  );

  if (!hasCaseTimelineBlock) {
    const s = next();
    toc.push({ anchor: 'case-timeline', label: s, title: 'Case timeline', level: 1 });
    parts.push(
      `<section class="section" id="case-timeline"><h1>${s} Case timeline</h1><p>Events the analysts promoted from the raw timeline, with the analyst events (◆) and the time ranges they marked (shaded), in time order (${esc(tz)}).</p>${ctHtml}</section>`,
    );
  }
  const sDet = next();
  toc.push({ anchor: 'detections', label: sDet, title: 'Detections (Sigma)', level: 1 });
  parts.push(detections(m, sDet));
  const sScope = next();
  toc.push({ anchor: 'scope', label: sScope, title: 'Scope: identities, sessions and what they touched', level: 1 });
  parts.push(scope(m, sScope));
  const sRead = next();
  toc.push({ anchor: 'exposure', label: sRead, title: 'What was read', level: 1 });
  parts.push(exposure(m, sRead));
  const sCov = next();
  toc.push({ anchor: 'coverage', label: sCov, title: 'Coverage gaps', level: 1 });
  parts.push(coverage(m, sCov));
  toc.push({ anchor: 'appendix-evidence', label: 'A', title: 'Evidence files and their SHA-256', level: 1 });
  toc.push({ anchor: 'appendix-custody', label: 'B', title: 'Chain of custody', level: 1 });
  toc.push({ anchor: 'appendix-audit', label: 'C', title: 'Analyst audit log', level: 1 });
  toc.push({ anchor: 'appendix-integrity', label: 'D', title: 'Integrity: hash-chain heads', level: 1 });
  parts.push(appendix(m));

  const doc = (body: string) => `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="SessionScope ${esc(m.meta.version)}">
<title>${esc(m.title)} — ${esc(m.meta.case)}</title>
<style>${reportCss(m.meta.paper)}</style></head>
<body><main>
${body}
</main></body></html>`;
  const front = `${cover(m)}\n${contents(toc)}`;
  return { html: doc(`${front}\n${parts.join('\n')}`), frontHtml: doc(front), toc };
}

/** Fills the contents' page numbers (or removes the markers, for the HTML export). */
export function fillPageNumbers(html: string, pages: Map<string, number> | null): string {
  return html.replace(/<!--pg:([a-z0-9-]+)-->/g, (_, a: string) => (pages ? String(pages.get(a) ?? '') : ''));
}
