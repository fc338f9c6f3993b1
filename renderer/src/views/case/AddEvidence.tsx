// Adding evidence: the drop zone, file and folder pickers (Electron: native dialogs), a path on this machine
// (browser mode), live progress, the format chooser for files nobody recognises, and what the import did.
import { useEffect, useRef, useState } from 'react';
import { useApp } from '../../app/store';
import { errorText } from '../../lib/api';
import { bytes, n } from '../../lib/format';
import { ErrorBox, Progress } from '../../components/ui';
import { filesFromDrop } from './files-from-drop';
import { FormatChooser } from './FormatChooser';
import { ImportResult } from './ImportResult';
import { PathImport } from './PathImport';
import { useImport } from './use-import';

export function AddEvidence() {
  const { t, session, caseRef } = useApp();
  const { err, busy, checking, progress, upload, summary, pending, importPicked, importPaths, resolvePending } =
    useImport();
  const [pickErr, setPickErr] = useState<string | null>(null);
  const [drag, setDrag] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const dirInput = useRef<HTMLInputElement>(null);
  const electron = session.mode === 'electron';

  // Electron: files dropped on the window arrive from the preload as granted paths.
  useEffect(() => {
    if (!electron) return;
    return t.on('app.dropped', ({ paths }) => {
      if (paths.length > 0 && caseRef) void importPaths(paths);
    });
  }, [t, electron, caseRef, importPaths]);

  const onDrop = async (e: React.DragEvent) => {
    e.preventDefault();
    setDrag(false);
    if (electron || busy) return; // Electron: the preload reports the real paths
    await importPicked(await filesFromDrop(e.dataTransfer));
  };

  const pickElectron = async (kind: 'files' | 'folder') => {
    setPickErr(null);
    try {
      const r = await t.call('app.chooseEvidence', { kind });
      if (r && r.paths.length > 0) await importPaths(r.paths);
    } catch (e) {
      setPickErr(errorText(e));
    }
  };

  const frac = upload
    ? upload.sent / Math.max(1, upload.total)
    : progress && progress.bytes_total
      ? progress.bytes_read / progress.bytes_total
      : 0;

  return (
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
              <button
                type="button"
                className="primary"
                disabled={busy || pending !== null}
                onClick={() => void pickElectron('files')}
              >
                Choose files…
              </button>
              <button type="button" disabled={busy || pending !== null} onClick={() => void pickElectron('folder')}>
                Choose a folder…
              </button>
            </>
          ) : (
            <>
              <button
                type="button"
                className="primary"
                disabled={busy || pending !== null}
                onClick={() => fileInput.current?.click()}
              >
                Choose files…
              </button>
              <button type="button" disabled={busy || pending !== null} onClick={() => dirInput.current?.click()}>
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
          <PathImport
            roots={session.allowed_roots}
            disabled={busy || pending !== null}
            onImport={(p) => void importPaths([p])}
          />
        )}
        {!electron && (
          <p className="muted small">
            Chosen and dropped files are copied to{' '}
            <span className="mono">
              {session.uploads_dir ?? (caseRef ? `${caseRef.case.replace(/\.sscase$/i, '')}.uploads` : '')}
            </span>{' '}
            and imported from there; the copy has the same SHA-256.
          </p>
        )}
        {checking && (
          <div className="small" role="status" data-testid="import-checking">
            Checking {checking} from its first bytes…
          </div>
        )}
        {(busy || progress || upload) && !checking && (
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
      {pending && <FormatChooser pending={pending} onChoose={(f) => void resolvePending(f)} />}
      {(err || pickErr) && <ErrorBox what="Import" error={(err ?? pickErr)!} />}
      {summary && <ImportResult summary={summary} />}
    </section>
  );
}
