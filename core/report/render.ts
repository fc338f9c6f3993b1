// The CPU-bound half of a report — model and HTML — as one call, run by the worker (or in-process).
import { openCase } from '../casefile/open.js';
import { damageError } from '../casefile/damage.js';
import { buildModel } from './build-model.js';
import { renderReport } from './html/document.js';
import type { TocEntry } from './html/front.js';
import type { PrintOptions } from './pdf/engine.js';
import { printOptions } from './pdf/print.js';
import type { ReportProgress, ReportRequest } from './options.js';

export interface RenderedReport {
  html: string;
  frontHtml: string;
  toc: TocEntry[];
  print: PrintOptions;
  findings: number;
  cited_events: number;
  audit_head: string;
  tz: string;
}

export async function renderReportFile(
  req: ReportRequest,
  progress: (p: ReportProgress) => void,
): Promise<RenderedReport> {
  // Its own read-only connection: the caller's connection (and UI) stay free, and the report cannot write.
  const handle = openCase(req.casePath, { readonly: true });
  try {
    const model = await buildModel(handle, req, progress).catch((e: unknown) => {
      throw damageError(e, req.casePath) ?? e;
    });
    progress({ phase: 'rendering', done: 0, total: 1, message: 'writing HTML' });
    const { html, frontHtml, toc } = renderReport(model);
    const cited = new Set(model.blocks.flatMap((b) => (b.kind === 'finding' ? b.finding.events.map((e) => e.id) : [])));
    return {
      html,
      frontHtml,
      toc,
      print: printOptions(model),
      findings: model.summary.findings.length,
      cited_events: cited.size,
      audit_head: model.appendix.chains.audit.head,
      tz: model.meta.tz,
    };
  } finally {
    handle.close();
  }
}
