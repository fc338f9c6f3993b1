// Case home: create/open a case; then its evidence (hashes, counts), adding evidence (drop zone, file and
// folder pickers, a path inside the allowed folders) with live progress, rejected records with reasons, time
// range and sources.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useApp } from '../../app/store';
import { errorText } from '../../lib/api';
import type { ImportProgress, ImportSummary, RejectJson } from '../../lib/contract';
import { fmtTime, zoneLabel } from '../../lib/time';
import { bytes, n, recordRefText } from '../../lib/format';
import { Empty, ErrorBox, LinkButton, Mono, Progress } from '../../components/ui';

interface PickedFile {
  file: File;
  rel: string;
}

const RECENT_KEY = 'sessionscope.recent';

function recentCases(): string[] {
  try {
    return JSON.parse(localStorage.getItem(RECENT_KEY) ?? '[]') as string[];
  } catch {
    return [];
  }
}
function rememberCase(p: string): void {
  try {
    localStorage.setItem(RECENT_KEY, JSON.stringify([p, ...recentCases().filter((x) => x !== p)].slice(0, 8)));
  } catch {
    /* ignore */
  }
}

/** Walks dropped folders (webkitGetAsEntry) into files with their relative paths. */
async function filesFromDrop(dt: DataTransfer): Promise<PickedFile[]> {
  const out: PickedFile[] = [];
  const entries = [...dt.items].map((i) => (typeof i.webkitGetAsEntry === 'function' ? i.webkitGetAsEntry() : null));
  if (entries.every((e) => e === null)) return [...dt.files].map((f) => ({ file: f, rel: f.name }));
  const walk = async (entry: FileSystemEntry, prefix: string): Promise<void> => {
    if (entry.isFile) {
      const file = await new Promise<File>((res, rej) => (entry as FileSystemFileEntry).file(res, rej));
      out.push({ file, rel: prefix + file.name });
    } else if (entry.isDirectory) {
      const reader = (entry as FileSystemDirectoryEntry).createReader();
      for (;;) {
        const batch = await new Promise<FileSystemEntry[]>((res, rej) => reader.readEntries(res, rej));
        if (batch.length === 0) break;
        for (const child of batch) await walk(child, `${prefix}${entry.name}/`);
      }
    }
  };
  for (const e of entries) if (e) await walk(e, '');
  return out;
}

export function CaseHome() {
  const app = useApp();
  const { t, session, caseRef, info, infoError, refreshCase, bump, tz, go, setJob } = app;
  const [err, setErr] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [upload, setUpload] = useState<{ sent: number; total: number; file: string } | null>(null);
  const [summary, setSummary] = useState<ImportSummary | null>(null);
  const [rejects, setRejects] = useState<RejectJson[] | null>(null);
  const [drag, setDrag] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const dirInput = useRef<HTMLInputElement>(null);
  const electron = session.mode === 'electron';

  useEffect(() => {
    if (!caseRef) {
      setRejects(null);
      return;
    }
    let live = true;
    t.call('evidence.rejects', { limit: 200 }).then(
      (r) => {
        if (live) setRejects(r);
      },
      () => {
        if (live) setRejects([]);
      },
    );
    return () => {
      live = false;
    };
  }, [t, caseRef, info]);

  const runImport = useCallback(
    async (paths: string[], label: string) => {
      const jobId = `import-${Date.now()}`;
      setProgress(null);
      setSummary(null);
      const off = t.on('import.progress', (p) => {
        setProgress(p);
        setJob({ id: jobId, label, progress: p });
      });
      setJob({ id: jobId, label, progress: null });
      try {
        const s = await t.call('evidence.import', { paths });
        setSummary(s);
        bump();
      } finally {
        off();
        setJob({ id: jobId, label, progress: null, done: true });
        app.removeJob(jobId);
        setProgress(null);
      }
    },
    [t, bump, setJob, app],
  );

  const importPicked = useCallback(
    async (files: PickedFile[]) => {
      if (files.length === 0) return;
      if (!t.upload) {
        setErr('This window cannot upload files; use the path field.');
        return;
      }
      setErr(null);
      setBusy(true);
      const batch = crypto.randomUUID();
      const total = files.reduce((a, f) => a + f.file.size, 0);
      let sentBefore = 0;
      const jobId = `upload-${batch}`;
      try {
        let dir = '';
        for (const f of files) {
          const r = await t.upload(f.file, f.rel, batch, (sent) => {
            const u = { sent: sentBefore + sent, total, file: f.rel };
            setUpload(u);
            setJob({
              id: jobId,
              label: `Uploading ${files.length === 1 ? f.rel : `${n(files.length)} files`}`,
              progress: null,
              uploaded: u,
            });
          });
          sentBefore += f.file.size;
          dir = r.dir;
        }
        app.removeJob(jobId);
        setUpload(null);
        await runImport([dir], files.length === 1 ? `Importing ${files[0].rel}` : `Importing ${n(files.length)} files`);
      } catch (e) {
        setErr(errorText(e));
        app.removeJob(jobId);
      } finally {
        setBusy(false);
        setUpload(null);
      }
    },
    [t, runImport, setJob, app],
  );

  const importPaths = useCallback(
    async (paths: string[]) => {
      setErr(null);
      setBusy(true);
      try {
        await runImport(
          paths,
          paths.length === 1 ? `Importing ${paths[0].split(/[\\/]/).pop()}` : `Importing ${paths.length} items`,
        );
      } catch (e) {
        setErr(errorText(e));
      } finally {
        setBusy(false);
      }
    },
    [runImport],
  );

  // Electron: files dropped on the window arrive from the preload as granted paths.
  useEffect(() => {
    if (!electron) return;
    return t.on('app.dropped', ({ paths }) => {
      if (paths.length > 0 && caseRef) void importPaths(paths);
    });
  }, [t, electron, caseRef, importPaths]);

  if (!caseRef)
    return (
      <NoCase
        onOpened={async (p) => {
          rememberCase(p);
          await refreshCase();
          bump();
        }}
      />
    );

  const onDrop = async (e: React.DragEvent) => {
    e.preventDefault();
    setDrag(false);
    if (electron || busy) return; // Electron: the preload reports the real paths
    const files = await filesFromDrop(e.dataTransfer);
    await importPicked(files);
  };

  const pickElectron = async (kind: 'files' | 'folder') => {
    try {
      const r = await t.call('app.chooseEvidence', { kind });
      if (r && r.paths.length > 0) await importPaths(r.paths);
    } catch (e) {
      setErr(errorText(e));
    }
  };

  const frac = upload
    ? upload.sent / Math.max(1, upload.total)
    : progress && progress.bytes_total
      ? progress.bytes_read / progress.bytes_total
      : 0;

  return (
    <div className="view case-home" data-testid="case-home">
      <div className="view-head">
        <h1>{info?.name || caseRef.name}</h1>
        <Mono value={caseRef.case} max={80} />
        {info?.analyst && <span className="muted">analyst: {info.analyst}</span>}
      </div>
      {infoError && <ErrorBox what="Case summary" error={infoError} onRetry={() => void refreshCase()} />}
      {info && (
        <section className="cards" aria-label="Case summary">
          <div className="card">
            <div className="card-num" data-testid="case-events">
              {n(info.events)}
            </div>
            <div className="card-label">events</div>
            <LinkButton onClick={() => go('events')}>open grid</LinkButton>
          </div>
          <div className="card">
            <div className="card-num">{n(info.identities)}</div>
            <div className="card-label">identities</div>
            <LinkButton onClick={() => go('identities')}>open list</LinkButton>
          </div>
          <div className="card">
            <div className="card-num">{n(info.sessions)}</div>
            <div className="card-label">sessions</div>
            <LinkButton onClick={() => go('timeline', { lanes: 'session' })}>timeline</LinkButton>
          </div>
          <div className="card">
            <div className={`card-num${info.rejected > 0 ? ' warn' : ''}`}>{n(info.rejected)}</div>
            <div className="card-label">rejected records</div>
          </div>
          <div className="card wide">
            <div className="card-label">time range ({zoneLabel(tz)})</div>
            <div className="mono">
              {info.time_range.from ? `${fmtTime(info.time_range.from, tz)} → ${fmtTime(info.time_range.to, tz)}` : '—'}
            </div>
            <div className="card-label">sources</div>
            <div className="sources">
              {info.sources.length === 0 ? (
                <span className="muted">none yet</span>
              ) : (
                info.sources.map((s) => (
                  <LinkButton key={s.format} className="chip" onClick={() => go('events', { format: s.format })}>
                    {s.format} · {n(s.events)}
                  </LinkButton>
                ))
              )}
            </div>
          </div>
        </section>
      )}

      <section aria-label="Add evidence">
        <h2>Add evidence</h2>
        <div
          className={`dropzone${drag ? ' over' : ''}${busy ? ' busy' : ''}`}
          onDragOver={(e) => {
            e.preventDefault();
            setDrag(true);
          }}
          onDragLeave={() => setDrag(false)}
          onDrop={(e) => void onDrop(e)}
          data-testid="dropzone"
        >
          <p>
            <strong>Drop log files or folders here</strong> (.json, .jsonl, .csv, .log, .gz). Each file is hashed and
            recorded before it is read; files already in the case (same SHA-256) are skipped.
          </p>
          <div className="row">
            {electron ? (
              <>
                <button type="button" className="primary" disabled={busy} onClick={() => void pickElectron('files')}>
                  Choose files…
                </button>
                <button type="button" disabled={busy} onClick={() => void pickElectron('folder')}>
                  Choose a folder…
                </button>
              </>
            ) : (
              <>
                <button type="button" className="primary" disabled={busy} onClick={() => fileInput.current?.click()}>
                  Choose files…
                </button>
                <button type="button" disabled={busy} onClick={() => dirInput.current?.click()}>
                  Choose a folder…
                </button>
                <input
                  ref={fileInput}
                  type="file"
                  multiple
                  hidden
                  data-testid="file-input"
                  onChange={(e) => {
                    const fs = [...(e.target.files ?? [])].map((f) => ({ file: f, rel: f.name }));
                    e.target.value = '';
                    void importPicked(fs);
                  }}
                />
                <input
                  ref={dirInput}
                  type="file"
                  hidden
                  {...{ webkitdirectory: '' }}
                  onChange={(e) => {
                    const fs = [...(e.target.files ?? [])].map((f) => ({
                      file: f,
                      rel: f.webkitRelativePath || f.name,
                    }));
                    e.target.value = '';
                    void importPicked(fs);
                  }}
                />
              </>
            )}
          </div>
          {!electron && session.allowed_roots && (
            <PathImport roots={session.allowed_roots} disabled={busy} onImport={(p) => void importPaths([p])} />
          )}
          {!electron && (
            <p className="muted small">
              Chosen and dropped files are copied to{' '}
              <span className="mono">{session.uploads_dir ?? 'a folder beside the case'}</span> and imported from there;
              the copy has the same SHA-256.
            </p>
          )}
          {(busy || progress || upload) && (
            <div className="import-progress" data-testid="import-progress">
              <Progress value={frac} max={1} label="Import progress" />
              <div className="small">
                {upload
                  ? `Uploading ${upload.file} · ${bytes(upload.sent)} of ${bytes(upload.total)}`
                  : progress
                    ? progress.phase === 'deriving'
                      ? 'Deriving identities, sessions and edges…'
                      : `${progress.phase === 'hashing' ? 'Hashing' : 'Reading'} ${progress.file.split(/[\\/]/).pop()} (${progress.file_index + 1} of ${progress.files}) · ${bytes(progress.bytes_read)} of ${bytes(progress.bytes_total)} · ${n(progress.events)} events · ${n(progress.rejected)} rejected`
                    : 'Starting…'}
              </div>
            </div>
          )}
        </div>
        {err && <ErrorBox what="Import" error={err} />}
        {summary && <ImportResult summary={summary} />}
      </section>

      <section aria-label="Evidence">
        <h2>
          Evidence <span className="muted">· {n(info?.evidence.length ?? 0)} files</span>
        </h2>
        {info && info.evidence.length === 0 ? (
          <Empty title="No evidence yet">
            <p>
              Add log files above: CloudTrail, GCP, Entra, Okta, Kubernetes, Vault, GitHub, Teleport, PostgreSQL,
              auditd, OpenTelemetry, MCP logs, or any JSON/CSV.
            </p>
          </Empty>
        ) : (
          <div className="table-wrap">
            <table className="grid-table" data-testid="evidence-table">
              <thead>
                <tr>
                  <th>#</th>
                  <th>File</th>
                  <th>Format</th>
                  <th>Status</th>
                  <th className="num">Records</th>
                  <th className="num">Events</th>
                  <th className="num">Rejected</th>
                  <th className="num">Merged</th>
                  <th>Size</th>
                  <th>SHA-256</th>
                  <th>First event</th>
                  <th>Last event</th>
                </tr>
              </thead>
              <tbody>
                {info?.evidence.map((e) => (
                  <tr key={e.id}>
                    <td className="num">{e.id}</td>
                    <td>
                      <Mono value={e.path} max={44} />
                    </td>
                    <td>{e.format ?? '—'}</td>
                    <td className={e.status === 'failed' ? 'danger' : ''} title={e.error ?? undefined}>
                      {e.status}
                      {e.error ? ` — ${e.error}` : ''}
                    </td>
                    <td className="num">{n(e.records)}</td>
                    <td className="num">
                      <LinkButton onClick={() => go('events', { evidence: String(e.id) })}>{n(e.events)}</LinkButton>
                    </td>
                    <td className={`num${e.rejected > 0 ? ' warn' : ''}`}>{n(e.rejected)}</td>
                    <td className="num">{n(e.merged)}</td>
                    <td>{bytes(e.size)}</td>
                    <td>
                      <Mono value={e.sha256} max={20} />
                    </td>
                    <td className="mono small">{fmtTime(e.first_ts, tz, { ms: false })}</td>
                    <td className="mono small">{fmtTime(e.last_ts, tz, { ms: false })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {rejects && rejects.length > 0 && (
        <section aria-label="Rejected records">
          <h2>
            Rejected records{' '}
            <span className="muted">
              · showing {n(rejects.length)} of {n(info?.rejected ?? rejects.length)}
            </span>
          </h2>
          <div className="table-wrap">
            <table className="grid-table" data-testid="rejects-table">
              <thead>
                <tr>
                  <th>File</th>
                  <th>Record</th>
                  <th>Reason</th>
                  <th>Record text (start)</th>
                </tr>
              </thead>
              <tbody>
                {rejects.map((r) => (
                  <tr key={r.id}>
                    <td>
                      <Mono value={r.evidence_name} max={30} copy={false} />
                    </td>
                    <td className="nowrap">{recordRefText(r.record_ref)}</td>
                    <td>{r.reason}</td>
                    <td>
                      <pre className="inline-raw">
                        {r.raw_preview.slice(0, 300)}
                        {r.raw_truncated || r.raw_preview.length > 300 ? '…' : ''}
                      </pre>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </div>
  );
}

function ImportResult({ summary }: { summary: ImportSummary }) {
  const events = summary.evidence.reduce((a, e) => a + (e.skipped_duplicate ? 0 : e.events), 0);
  const rejected = summary.evidence.reduce((a, e) => a + (e.skipped_duplicate ? 0 : e.rejected), 0);
  const dup = summary.evidence.filter((e) => e.skipped_duplicate).length;
  const failed = summary.evidence.filter((e) => e.status === 'failed');
  const skipped = summary.skipped;
  const unreadable = skipped.filter((s) => s.unreadable).length;
  return (
    <div
      className={`notice${failed.length ? ' bad' : rejected || unreadable ? ' warn' : ' good'}`}
      role="status"
      data-testid="import-result"
    >
      Imported {n(summary.evidence.length - dup - failed.length)} of {n(summary.evidence.length)} files: {n(events)}{' '}
      events, {n(rejected)} rejected records
      {dup > 0 && <> · {n(dup)} already in the case (same SHA-256), nothing added</>}
      {failed.map((f) => (
        <div key={f.path}>
          ✖ {f.path.split(/[\\/]/).pop()}: {f.error}
        </div>
      ))}
      {rejected > 0 && <div>Rejected records are listed below with the reason for each.</div>}
      {skipped.length > 0 && (
        <details data-testid="import-skipped" open={unreadable > 0}>
          <summary>
            {n(skipped.length)} {skipped.length === 1 ? 'path' : 'paths'} not imported
            {unreadable > 0 && <> ({n(unreadable)} could not be read)</>}
          </summary>
          <ul className="small">
            {skipped.map((s) => (
              <li key={s.path}>
                <Mono value={s.path} max={80} copy={false} />: {s.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

function PathImport({
  roots,
  disabled,
  onImport,
}: {
  roots: string[];
  disabled: boolean;
  onImport: (p: string) => void;
}) {
  const [p, setP] = useState('');
  return (
    <form
      className="row path-import"
      onSubmit={(e) => {
        e.preventDefault();
        if (p.trim()) onImport(p.trim());
      }}
    >
      <label className="grow">
        <span className="small muted">
          Or import a file or folder already on this machine, by path (inside {roots.join(', ')}):
        </span>
        <input
          type="text"
          value={p}
          onChange={(e) => setP(e.target.value)}
          placeholder={`${roots[0] ?? ''}/logs`}
          spellCheck={false}
          data-testid="path-input"
        />
      </label>
      <button type="submit" disabled={disabled || !p.trim()}>
        Import path
      </button>
    </form>
  );
}

function NoCase({ onOpened }: { onOpened: (path: string) => Promise<void> }) {
  const { t, session } = useApp();
  const electron = session.mode === 'electron';
  const roots = session.allowed_roots ?? [];
  const [name, setName] = useState('');
  const [folder, setFolder] = useState(roots[0] ?? '');
  const [openPath, setOpenPath] = useState('');
  const [err, setErr] = useState<string | null>(null);
  const [recent, setRecent] = useState<string[]>(electron ? [] : recentCases());

  useEffect(() => {
    if (!electron) return;
    t.call('app.recent', {}).then(setRecent, () => {});
  }, [t, electron]);

  const fileName = (name.trim() || 'case')
    .replace(/[^\p{L}\p{N}._ -]+/gu, '-')
    .replace(/\s+/g, '-')
    .slice(0, 80);
  const target = `${folder.replace(/[\\/]+$/, '')}/${fileName}.sscase`;

  const act = async (fn: () => Promise<{ case: string } | null>) => {
    setErr(null);
    try {
      const r = await fn();
      if (r) await onOpened(r.case);
    } catch (e) {
      setErr(errorText(e));
    }
  };

  return (
    <div className="view first-run" data-testid="no-case">
      <h1>Start an investigation</h1>
      <p className="muted">
        A case is one file (<span className="mono">.sscase</span>) holding the evidence hashes, the custody log, the
        events and your work.
      </p>
      {err && <ErrorBox what="Case" error={err} />}
      <div className="first-run-grid">
        <section className="card-form">
          <h2>Create case</h2>
          {electron ? (
            <>
              <label>
                Name
                <input
                  type="text"
                  value={name}
                  onChange={(e) => setName(e.target.value)}
                  placeholder="e.g. IR-2026-031 leaked CI key"
                />
              </label>
              <button
                type="button"
                className="primary"
                onClick={() => void act(() => t.call('app.createCaseDialog', { name: name.trim() || undefined }))}
              >
                Create case…
              </button>
            </>
          ) : (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                void act(() => t.call('case.create', { path: target, name: name.trim() || undefined }));
              }}
            >
              <label>
                Name
                <input
                  type="text"
                  value={name}
                  onChange={(e) => setName(e.target.value)}
                  placeholder="e.g. IR-2026-031 leaked CI key"
                  data-testid="case-name-input"
                  required
                />
              </label>
              <label>
                Folder
                {roots.length > 1 ? (
                  <select value={folder} onChange={(e) => setFolder(e.target.value)}>
                    {roots.map((r) => (
                      <option key={r} value={r}>
                        {r}
                      </option>
                    ))}
                  </select>
                ) : (
                  <input type="text" value={folder} onChange={(e) => setFolder(e.target.value)} spellCheck={false} />
                )}
              </label>
              <p className="small muted">
                Will create <span className="mono">{target}</span>
              </p>
              <button type="submit" className="primary" data-testid="create-case">
                Create case
              </button>
            </form>
          )}
        </section>
        <section className="card-form">
          <h2>Open case</h2>
          {electron ? (
            <button type="button" onClick={() => void act(() => t.call('app.openCaseDialog', {}))}>
              Open case…
            </button>
          ) : (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                if (openPath.trim()) void act(() => t.call('case.open', { path: openPath.trim() }));
              }}
            >
              <label>
                Case file path
                <input
                  type="text"
                  value={openPath}
                  onChange={(e) => setOpenPath(e.target.value)}
                  placeholder={`${roots[0] ?? ''}/case.sscase`}
                  spellCheck={false}
                  data-testid="open-path"
                />
              </label>
              <p className="small muted">
                Allowed folders: <span className="mono">{roots.join(', ') || 'any'}</span> (start{' '}
                <span className="mono">sessionscope serve --allow DIR</span> for more).
              </p>
              <button type="submit" disabled={!openPath.trim()}>
                Open case
              </button>
            </form>
          )}
          {recent.length > 0 && (
            <>
              <h3>Recent</h3>
              <ul className="recent">
                {recent.map((p) => (
                  <li key={p}>
                    <LinkButton
                      onClick={() =>
                        void act(() =>
                          electron ? t.call('app.openRecent', { path: p }) : t.call('case.open', { path: p }),
                        )
                      }
                    >
                      {p.split(/[\\/]/).pop()}
                    </LinkButton>{' '}
                    <span className="muted small mono">{p}</span>
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
        <section className="card-form">
          <h2>Open the demo case</h2>
          <p className="small">
            A small multi-source incident (a CI deploy role abused: CloudTrail, GitHub, Vault, EKS, Postgres, auditd,
            Entra, OpenTelemetry) to learn the workbench.
          </p>
          {session.demo_case ? (
            <button
              type="button"
              className="primary"
              onClick={() => void act(() => t.call('case.open', { path: session.demo_case! }))}
              data-testid="open-demo"
            >
              Open the demo case
            </button>
          ) : (
            <p className="small muted">
              Not built on this machine yet: run <span className="mono">npm run demo</span>, then reload this page.
            </p>
          )}
        </section>
      </div>
    </div>
  );
}
