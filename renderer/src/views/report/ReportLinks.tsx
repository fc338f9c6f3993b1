// Links to the report just made. Browser mode: the bridge serves exactly the files this window's report.generate
// wrote (bridge/report-file.ts); the page fetches one with its token and hands it to the browser to save or open.
// Electron: the file is on this machine already, at the path shown above.
import { useEffect, useState } from 'react';
import { useApp } from '../../app/store';
import { errorText } from '../../lib/api';

function fileName(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}

export function ReportLinks({ pdf, html }: { pdf: string | null; html: string | null }) {
  const { t } = useApp();
  const [urls, setUrls] = useState<Record<string, string>>({});
  const [err, setErr] = useState<string | null>(null);
  // Object URLs live as long as the links do.
  useEffect(() => () => Object.values(urls).forEach((u) => URL.revokeObjectURL(u)), [urls]);
  if (!t.reportFile) return null;
  const files = [pdf, html].filter((p): p is string => p !== null);

  const get = async (p: string): Promise<string> => {
    if (urls[p]) return urls[p];
    const blob = await t.reportFile!(p);
    const u = URL.createObjectURL(blob);
    setUrls((m) => ({ ...m, [p]: u }));
    return u;
  };
  const download = async (p: string) => {
    setErr(null);
    try {
      const a = document.createElement('a');
      a.href = await get(p);
      a.download = fileName(p);
      a.click();
    } catch (e) {
      setErr(errorText(e));
    }
  };
  const open = async (p: string) => {
    setErr(null);
    // Opened before the fetch so the browser counts it as the click's own window, then pointed at the file.
    const w = window.open('', '_blank');
    try {
      const u = await get(p);
      if (w) w.location.href = u;
      else window.location.assign(u);
    } catch (e) {
      w?.close();
      setErr(errorText(e));
    }
  };

  return (
    <div className="row report-links" data-testid="report-links">
      {files.map((p) => {
        const kind = p.toLowerCase().endsWith('.pdf') ? 'PDF' : 'HTML';
        return (
          <span key={p} className="row">
            <button type="button" className="primary" onClick={() => void download(p)} data-testid={`download-${kind}`}>
              Download {kind}
            </button>
            {kind === 'PDF' && (
              <button type="button" onClick={() => void open(p)} data-testid="open-PDF">
                Open PDF
              </button>
            )}
          </span>
        );
      })}
      {err && <span className="danger small">{err}</span>}
    </div>
  );
}
