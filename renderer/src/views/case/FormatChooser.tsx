// The format chooser: what the CLI says as "pass --format", in the import dialog. Shown when files were refused
// by their first bytes (nothing of them uploaded yet) or a path's import found no importer that recognises it.
import { useState } from 'react';
import { useApp } from '../../app/store';
import { useAsync } from '../../lib/use-async';
import { errorText } from '../../lib/api';
import type { FormatId } from '../../lib/contract';
import { bytes } from '../../lib/format';
import type { Pending } from './use-import';

export function FormatChooser({
  pending,
  onChoose,
}: {
  pending: Pending;
  onChoose: (format: FormatId | null) => void;
}) {
  const { t } = useApp();
  const formats = useAsync(() => t.call('formats.list', {}), [t]);
  const [format, setFormat] = useState<FormatId | ''>('');
  const chosen = formats.value?.find((f) => f.id === format);
  const rows =
    pending.kind === 'files'
      ? pending.files.map((f) => ({
          name: f.rel,
          size: bytes(f.file.size),
          why: f.detection.reason ?? 'not recognised',
        }))
      : pending.paths.map((p) => ({ name: p, size: '', why: 'no importer recognises this file' }));
  const others = pending.kind === 'files' ? pending.others.length : 0;
  return (
    <div className="format-chooser notice warn" role="group" aria-label="Choose a format" data-testid="format-chooser">
      <strong>
        {rows.length === 1 ? 'This file is' : `${rows.length} files are`} not in a format SessionScope recognises
      </strong>
      {pending.kind === 'files' && <> — checked from the first 64 KiB; nothing was uploaded.</>}
      <ul className="small">
        {rows.map((r) => (
          <li key={r.name}>
            <span className="mono">{r.name}</span> {r.size && <span className="muted">({r.size})</span>}: {r.why}
          </li>
        ))}
      </ul>
      {formats.error !== undefined && <p className="danger small">{errorText(formats.error)}</p>}
      <div className="row">
        <label>
          Read {rows.length === 1 ? 'it' : 'them'} as{' '}
          <select
            value={format}
            onChange={(e) => setFormat(e.target.value as FormatId | '')}
            data-testid="format-select"
            aria-label="Format"
          >
            <option value="">choose a format…</option>
            {(formats.value ?? []).map((f) => (
              <option key={f.id} value={f.id} disabled={rows.some((r) => r.why.startsWith('binary'))}>
                {f.title} ({f.id})
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="primary"
          disabled={!format}
          onClick={() => onChoose(format || null)}
          data-testid="format-import"
        >
          Import as {format || '…'}
        </button>
        <button type="button" onClick={() => onChoose(null)} data-testid="format-skip">
          {others > 0 ? `Leave ${rows.length === 1 ? 'it' : 'them'} out, import the other ${others}` : 'Cancel'}
        </button>
      </div>
      {chosen && <p className="small muted">{chosen.reads}</p>}
    </div>
  );
}
