// The Report view: which layers, which display zone, which paper; the PDF and/or the self-contained HTML, made
// off the UI thread with progress; and the exports (CSV, JSON lines, Timesketch, ECS; all or annotated only).
import { useEffect, useMemo, useState } from 'react';
import { useApp } from '../../app/store';
import { errorText } from '../../lib/api';
import { ZONES, zoneLabel } from '../../lib/time';
import { bytes, n } from '../../lib/format';
import { Progress } from '../../components/ui';
import { useAsync } from '../../lib/use-async';
import { ReportLinks } from './ReportLinks';
import type { CaseExportFormat, Finding, Layer, ReportProgress, ReportResult } from '../../lib/contract';
import '../narrative/narrative.css';

function beside(casePath: string, file: string): string {
  const i = Math.max(casePath.lastIndexOf('/'), casePath.lastIndexOf('\\'));
  return `${i >= 0 ? casePath.slice(0, i + 1) : ''}${file}`;
}

export function ReportView() {
  const { t, caseRef, info, tz: appTz, dataVersion } = useApp();
  const [layers, setLayers] = useState<Layer[]>([]);
  const [findings, setFindings] = useState<Finding[]>([]);
  const [chosen, setChosen] = useState<string[] | null>(null);
  const [tz, setTz] = useState(appTz === 'local' ? 'UTC' : appTz);
  const [paper, setPaper] = useState<'A4' | 'Letter'>('A4');
  const stem = useMemo(
    () => (info?.name || caseRef?.name || 'case').replace(/[^\w.-]+/g, '-').slice(0, 60),
    [info, caseRef],
  );
  const [pdf, setPdf] = useState('');
  const [html, setHtml] = useState('');
  const [progress, setProgress] = useState<ReportProgress | null>(null);
  const [result, setResult] = useState<ReportResult | null>(null);
  const [err, setErr] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [exportMsg, setExportMsg] = useState<string | null>(null);
  const [onlyAnnotated, setOnlyAnnotated] = useState(true);

  useEffect(() => {
    if (!caseRef) return;
    setPdf((p) => p || beside(caseRef.case, `${stem}-report.pdf`));
    setHtml((h) => h || beside(caseRef.case, `${stem}-report.html`));
  }, [caseRef, stem]);
  const loaded = useAsync(
    () => Promise.all([t.call('layers.list', {}), t.call('findings.list', {})]),
    [t, dataVersion],
  );
  useEffect(() => {
    if (!loaded.value) return;
    const [l, f] = loaded.value;
    setLayers(l);
    setFindings(f);
    setChosen((c) => c ?? l.filter((x) => !x.hidden).map((x) => x.name));
  }, [loaded.value]);
  useEffect(() => {
    if (loaded.error !== undefined) setErr(errorText(loaded.error));
  }, [loaded.error]);
  useEffect(() => t.on('report.progress', setProgress), [t]);

  const included = findings.filter((f) => (chosen ?? []).includes(f.layer));
  const generate = async () => {
    setBusy(true);
    setErr(null);
    setResult(null);
    setProgress(null);
    try {
      setResult(
        await t.call('report.generate', {
          ...(pdf ? { pdf } : {}),
          ...(html ? { html } : {}),
          layers: chosen ?? [],
          tz,
          paper,
        }),
      );
    } catch (e) {
      setErr(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const exportAs = async (format: CaseExportFormat, ext: string) => {
    setExportMsg(null);
    try {
      const out = beside(caseRef!.case, `${stem}-${onlyAnnotated ? 'annotations' : 'events'}-${Date.now()}.${ext}`);
      const r = await t.call('export.case', {
        format,
        out,
        annotations_only: onlyAnnotated,
        layers: chosen ?? [],
      });
      setExportMsg(`${n(r.events)} events and ${n(r.manual)} analyst events → ${r.path}`);
    } catch (e) {
      setExportMsg(errorText(e));
    }
  };

  return (
    <div className="view report-view" data-testid="report-view">
      <div className="view-head">
        <h1>Report</h1>
        <span className="muted">{n(included.length)} findings in the chosen layers</span>
      </div>
      <form
        className="report-form"
        onSubmit={(e) => {
          e.preventDefault();
          void generate();
        }}
      >
        <span>Layers</span>
        <span className="row">
          {layers.length === 0 && <span className="muted">none yet — annotate events first</span>}
          {layers.map((l) => (
            <label key={l.id}>
              <input
                type="checkbox"
                checked={(chosen ?? []).includes(l.name)}
                onChange={(e) =>
                  setChosen((c) => (e.target.checked ? [...(c ?? []), l.name] : (c ?? []).filter((x) => x !== l.name)))
                }
              />{' '}
              {l.name}
              {l.hidden ? ' (hidden)' : ''}
            </label>
          ))}
        </span>
        <label htmlFor="rep-tz">Time zone</label>
        <select id="rep-tz" value={tz} onChange={(e) => setTz(e.target.value)}>
          {ZONES.filter((z) => z !== 'local').map((z) => (
            <option key={z} value={z}>
              {zoneLabel(z)}
            </option>
          ))}
        </select>
        <label htmlFor="rep-paper">Paper</label>
        <select id="rep-paper" value={paper} onChange={(e) => setPaper(e.target.value as 'A4' | 'Letter')}>
          <option>A4</option>
          <option>Letter</option>
        </select>
        <label htmlFor="rep-pdf">PDF</label>
        <input
          id="rep-pdf"
          className="mono"
          value={pdf}
          onChange={(e) => setPdf(e.target.value)}
          placeholder="…/report.pdf (empty: no PDF)"
        />
        <label htmlFor="rep-html">HTML</label>
        <input
          id="rep-html"
          className="mono"
          value={html}
          onChange={(e) => setHtml(e.target.value)}
          placeholder="…/report.html (empty: no HTML)"
        />
        <span />
        <span className="row">
          <button type="submit" className="primary" disabled={busy || (!pdf && !html)} data-testid="generate-report">
            Generate report
          </button>
          <span className="small muted">
            Replaces the files if they exist. Every report is recorded in the audit log.
          </span>
        </span>
      </form>
      {busy && progress && (
        <div className="result" role="status">
          {progress.message}{' '}
          <Progress
            value={progress.phase === 'done' ? 1 : progress.total ? progress.done / progress.total : 0}
            max={1}
            label="Report progress"
          />
        </div>
      )}
      {err && (
        <p className="danger" role="alert">
          {err}
        </p>
      )}
      {result && (
        <div className="result notice good" role="status" data-testid="report-result">
          <strong>Report written</strong> in {(result.ms / 1000).toFixed(1)} s: {result.findings} findings,{' '}
          {n(result.cited_events)} cited events, {result.paper}, times in {result.tz}.
          {result.pdf && (
            <div className="mono small wrap">
              {result.pdf} ({result.pages} pages)
            </div>
          )}
          {result.html && <div className="mono small wrap">{result.html}</div>}
          <ReportLinks pdf={result.pdf} html={result.html} />
          <div className="small muted">
            {bytes(result.bytes)} · audit chain head <span className="mono">{result.audit_head}</span>
          </div>
        </div>
      )}
      <h2>Exports</h2>
      <div className="row">
        <label>
          <input type="checkbox" checked={onlyAnnotated} onChange={(e) => setOnlyAnnotated(e.target.checked)} />{' '}
          annotated events only
        </label>
        <button type="button" onClick={() => void exportAs('timesketch', 'jsonl')}>
          Timesketch JSONL
        </button>
        <button type="button" onClick={() => void exportAs('ecs', 'ndjson')}>
          ECS NDJSON
        </button>
        <button type="button" onClick={() => void exportAs('csv', 'csv')}>
          CSV
        </button>
        <button type="button" onClick={() => void exportAs('jsonl', 'jsonl')}>
          JSON lines
        </button>
      </div>
      {exportMsg && (
        <p className="small wrap" role="status">
          {exportMsg}
        </p>
      )}
    </div>
  );
}
