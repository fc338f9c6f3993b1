// Print CSS of the report's own (UI.md "The report"): sections and findings start on a new page, tables break
// across pages with their header repeated, one event's rows never split, long identifiers wrap anywhere rather
// than run off the margin, hashes are monospace. The same sheet makes the HTML export readable on screen.
import type { Paper } from '../options.js';
import { MARGIN } from '../options.js';
import { SEVERITY_COLORS } from '../colors.js';

export function reportCss(paper: Paper): string {
  const sev = Object.entries(SEVERITY_COLORS)
    .map(([k, v]) => `.sev-${k}{background:${v}}`)
    .join('');
  return `
@page { size: ${paper === 'Letter' ? 'letter' : 'A4'}; margin: ${MARGIN.top}mm ${MARGIN.right}mm ${MARGIN.bottom}mm ${MARGIN.left}mm; }
*{box-sizing:border-box}
html{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{font-family:"DejaVu Sans","Liberation Sans",Arial,sans-serif;font-size:8.6pt;line-height:1.38;color:#1d2125;margin:0}
.mono,code,pre{font-family:"DejaVu Sans Mono","Liberation Mono",monospace}
code{font-size:0.92em;background:#f1f3f5;padding:0 2px;border-radius:2px}
pre{font-size:7.4pt;background:#f8f9fa;border:0.5pt solid #dee2e6;padding:4pt 6pt;white-space:pre-wrap;overflow-wrap:anywhere}
p{margin:0 0 5pt}
h1,h2,h3{font-weight:700;color:#0b1f33;break-after:avoid}
h1{font-size:15pt;margin:0 0 8pt;padding-bottom:3pt;border-bottom:1.2pt solid #0b1f33}
h2{font-size:12pt;margin:12pt 0 5pt}
h3{font-size:9.6pt;margin:9pt 0 4pt;color:#343a40}
.section{break-before:page}
.finding{margin-top:14pt;padding-top:2pt}
.keep{break-inside:avoid}
.muted{color:#5c636a}
.small{font-size:7.4pt}
.wrap{overflow-wrap:anywhere;word-break:break-word}
.hash{font-family:"DejaVu Sans Mono","Liberation Mono",monospace;font-size:6.6pt;letter-spacing:-0.1pt;overflow-wrap:anywhere;word-break:break-all}
svg{display:block;break-inside:avoid;margin:4pt 0}
svg.legend{margin:0 0 6pt}
.figure{break-inside:avoid;margin:4pt 0 8pt}
.caption{font-size:7.4pt;color:#5c636a;margin-top:2pt}
table{width:100%;border-collapse:collapse;table-layout:fixed;margin:3pt 0 8pt}
thead{display:table-header-group}
th{font-size:7.2pt;text-align:left;font-weight:700;color:#343a40;background:#e9ecef;border-bottom:0.8pt solid #adb5bd;padding:2.5pt 3pt;vertical-align:bottom}
td{font-size:7.6pt;padding:2.2pt 3pt;border-bottom:0.4pt solid #dee2e6;vertical-align:top;overflow-wrap:anywhere;word-break:break-word}
tr{break-inside:avoid}
tbody.ev{break-inside:avoid}
tbody.ev td{border-bottom:none}
tbody.ev tr:last-child td{border-bottom:0.4pt solid #ced4da}
tbody.ev tr.prov td{padding-top:0;color:#495057;font-size:6.8pt}
td.num,th.num{text-align:right}
.chip{display:inline-block;border-radius:7pt;padding:0 5pt;margin:0 2pt 1pt 0;font-size:6.8pt;line-height:1.5;color:#fff;white-space:nowrap}
.chip.outline{background:#fff !important;color:#1d2125;border:0.6pt solid #868e96}
.sev{display:inline-block;border-radius:2pt;padding:0 4pt;font-size:7pt;font-weight:700;color:#fff;text-transform:uppercase;letter-spacing:0.3pt;white-space:nowrap}
${sev}
.status{display:inline-block;border:0.6pt solid #868e96;border-radius:2pt;padding:0 4pt;font-size:7pt;color:#343a40;white-space:nowrap}
.fail{color:#c92a2a;font-weight:700}
.cat{display:inline-block;width:6pt;height:6pt;border-radius:3pt;margin-right:3pt;vertical-align:baseline}
.cover{height:240mm;display:flex;flex-direction:column}
.cover .brand{font-size:8pt;letter-spacing:1.5pt;text-transform:uppercase;color:#5c636a;margin-top:18mm}
.cover h1{font-size:24pt;border:none;margin:6mm 0 2mm;padding:0}
.cover .case{font-size:15pt;color:#343a40;margin-bottom:10mm}
.cover table.meta td{font-size:8.6pt;padding:3pt 4pt}
.cover table.meta td:first-child{width:34%;color:#5c636a}
.cover .howto{margin-top:auto;border-top:0.8pt solid #adb5bd;padding-top:4mm;font-size:7.8pt;color:#343a40}
.toc{list-style:none;padding:0;margin:0}
.toc li{display:flex;align-items:baseline;margin:0 0 3pt}
.toc li.l2{padding-left:14pt;font-size:8pt}
.toc a{color:#1d2125;text-decoration:none}
.toc .dots{flex:1;border-bottom:0.6pt dotted #adb5bd;margin:0 4pt;transform:translateY(-2pt)}
.toc .pg{min-width:18pt;text-align:right;font-variant-numeric:tabular-nums}
.fhead{border-left:4pt solid #adb5bd;padding:2pt 0 2pt 7pt;margin-bottom:6pt}
.fhead h2{margin:0 0 3pt}
.fmeta{font-size:7.6pt;color:#495057}
.fmeta span{margin-right:9pt}
.refs{margin:4pt 0 6pt;font-size:7.6pt}
.refs .ref{display:inline-block;border:0.5pt solid #adb5bd;border-radius:2pt;padding:0 3pt;margin:0 3pt 2pt 0}
.note{border-left:2pt solid #ced4da;padding:1pt 0 1pt 6pt;margin:3pt 0 5pt;font-size:8pt}
.note .who{font-size:6.8pt;color:#5c636a}
.body blockquote{margin:3pt 0;padding-left:6pt;border-left:2pt solid #ced4da;color:#495057}
.body ul,.body ol{margin:2pt 0 5pt;padding-left:14pt}
.md-h1{font-weight:700;font-size:10pt}.md-h2{font-weight:700;font-size:9.4pt}.md-h3{font-weight:700}
.md-url{color:#5c636a;font-size:0.9em;overflow-wrap:anywhere}
.kv{display:grid;grid-template-columns:30% 70%;gap:2pt 6pt;font-size:8pt}
.box{border:0.6pt solid #ced4da;border-radius:2pt;padding:5pt 7pt;margin:5pt 0 8pt;break-inside:avoid}
.ok{color:#2b8a3e;font-weight:700}.bad{color:#c92a2a;font-weight:700}
@media screen{
  body{background:#e9ecef}
  main{max-width:${paper === 'Letter' ? '216' : '210'}mm;margin:0 auto;background:#fff;padding:${MARGIN.top}mm ${MARGIN.right}mm ${MARGIN.bottom}mm ${MARGIN.left}mm}
  .section{border-top:1px dashed #adb5bd;margin-top:14mm;padding-top:8mm}
  .toc .pg{display:none}
}
`;
}
