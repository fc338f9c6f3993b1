// What a report is asked for. The same options serve the CLI, the UI's report view and the worker.

export type Paper = 'A4' | 'Letter';

export interface ReportOptions {
  /** Layers whose findings and annotations are included (default: every visible layer). */
  layers?: string[];
  /** Display time zone (default: the case's display zone). */
  tz?: string;
  paper?: Paper;
  /** Report title (default: "Incident report"). */
  title?: string;
  /** Who prepares the report (default: the calling analyst). */
  preparedBy?: string;
}

export interface ReportRequest extends ReportOptions {
  casePath: string;
  /** Write the PDF here (optional: an HTML-only export is fine). */
  pdf?: string;
  /** Write the self-contained HTML here. */
  html?: string;
  analyst: string;
}

export interface ReportProgress {
  phase: 'collecting' | 'findings' | 'rendering' | 'printing' | 'writing' | 'done';
  done: number;
  total: number;
  message: string;
}

export interface ReportResult {
  pdf: string | null;
  html: string | null;
  pages: number | null;
  findings: number;
  cited_events: number;
  bytes: number;
  ms: number;
  paper: Paper;
  tz: string;
  audit_head: string;
}

/** Page geometry (mm). Margins leave room for the header and footer Chromium draws. */
export const PAPER: Record<Paper, { width: number; height: number }> = {
  A4: { width: 210, height: 297 },
  Letter: { width: 215.9, height: 279.4 },
};
export const MARGIN = { top: 17, bottom: 15, left: 14, right: 14 };
