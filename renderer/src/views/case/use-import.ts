// Adding evidence from the case home: uploads (browser mode: chosen or dropped files, each checked by its first
// bytes before it is sent) and imports by path (Electron's dialogs, the path field), with live progress as a
// job in the status line. Files no importer recognises wait for the analyst to choose their format.
import { useCallback, useState } from 'react';
import { useApp } from '../../app/store';
import { errorText } from '../../lib/api';
import type { FormatId, ImportProgress, ImportSummary } from '../../lib/contract';
import { n } from '../../lib/format';
import type { PickedFile } from './files-from-drop';
import { sniffFiles, type Sniffed } from './sniff';

export interface Upload {
  sent: number;
  total: number;
  file: string;
}

/** What waits for a format: files refused by their first bytes (not uploaded), or paths whose import failed so. */
export type Pending = { kind: 'files'; files: Sniffed[]; others: PickedFile[] } | { kind: 'paths'; paths: string[] };

export function useImport() {
  const app = useApp();
  const { t, bump, setJob, removeJob } = app;
  const [err, setErr] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [checking, setChecking] = useState<string | null>(null);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [upload, setUpload] = useState<Upload | null>(null);
  const [summary, setSummary] = useState<ImportSummary | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);

  const runImport = useCallback(
    async (paths: string[], label: string, format?: FormatId) => {
      const jobId = `import-${Date.now()}`;
      setProgress(null);
      setSummary(null);
      const off = t.on('import.progress', (p) => {
        setProgress(p);
        setJob({ id: jobId, label, progress: p });
      });
      setJob({ id: jobId, label, progress: null });
      try {
        const s = await t.call('evidence.import', { paths, ...(format ? { format } : {}) });
        setSummary(s);
        bump();
        return s;
      } finally {
        off();
        removeJob(jobId);
        setProgress(null);
      }
    },
    [t, bump, setJob, removeJob],
  );

  /** Uploads files as one batch and imports the batch's folder. */
  const uploadAndImport = useCallback(
    async (files: PickedFile[], format?: FormatId) => {
      if (!t.upload) throw new Error('This window cannot upload files; use the path field.');
      const batch = crypto.randomUUID();
      const total = files.reduce((a, f) => a + f.file.size, 0);
      const label = files.length === 1 ? files[0].rel : `${n(files.length)} files`;
      const jobId = `upload-${batch}`;
      let sentBefore = 0;
      let dir = '';
      try {
        for (const f of files) {
          const r = await t.upload(f.file, f.rel, batch, (sent) => {
            const u = { sent: sentBefore + sent, total, file: f.rel };
            setUpload(u);
            setJob({ id: jobId, label: `Uploading ${label}`, progress: null, uploaded: u });
          });
          sentBefore += f.file.size;
          dir = r.dir;
        }
      } finally {
        removeJob(jobId);
        setUpload(null);
      }
      await runImport([dir], `Importing ${label}${format ? ` as ${format}` : ''}`, format);
    },
    [t, runImport, setJob, removeJob],
  );

  const guard = useCallback(async (work: () => Promise<unknown>) => {
    setErr(null);
    setBusy(true);
    try {
      await work();
    } catch (e) {
      setErr(errorText(e));
    } finally {
      setBusy(false);
      setChecking(null);
    }
  }, []);

  /** Chosen or dropped files: each is checked by its head first; unrecognised ones wait for a format. */
  const importPicked = useCallback(
    (files: PickedFile[]) =>
      guard(async () => {
        if (files.length === 0) return;
        setSummary(null);
        setChecking(files.length === 1 ? files[0].rel : `${n(files.length)} files`);
        const sniffed = await sniffFiles(t, files);
        setChecking(null);
        const unknown = sniffed.filter((f) => f.detection.format === null);
        const known = sniffed.filter((f) => f.detection.format !== null);
        if (unknown.length > 0) {
          setPending({ kind: 'files', files: unknown, others: known });
          return;
        }
        await uploadAndImport(files);
      }),
    [guard, t, uploadAndImport],
  );

  /** Paths on this machine; files whose format nobody recognised are offered to the format chooser. */
  const importPaths = useCallback(
    (paths: string[], format?: FormatId) =>
      guard(async () => {
        const label =
          paths.length === 1 ? `Importing ${paths[0].split(/[\\/]/).pop()}` : `Importing ${paths.length} items`;
        const s = await runImport(paths, label, format);
        const unrecognised = s.evidence
          .filter((e) => e.status === 'failed' && /no importer recognises/.test(e.error ?? ''))
          .map((e) => e.path);
        if (!format && unrecognised.length > 0) setPending({ kind: 'paths', paths: unrecognised });
      }),
    [guard, runImport],
  );

  /** The analyst chose a format for what was pending (null: leave those files out). */
  const resolvePending = useCallback(
    (format: FormatId | null) => {
      const p = pending;
      setPending(null);
      if (!p) return Promise.resolve();
      if (p.kind === 'paths') return format ? importPaths(p.paths, format) : Promise.resolve();
      return guard(async () => {
        if (p.others.length > 0) await uploadAndImport(p.others);
        if (format) await uploadAndImport(p.files, format);
      });
    },
    [pending, importPaths, guard, uploadAndImport],
  );

  return { err, busy, checking, progress, upload, summary, pending, importPicked, importPaths, resolvePending };
}
