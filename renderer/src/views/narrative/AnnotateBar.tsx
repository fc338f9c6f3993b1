// Annotating the selection carried across views (grid, timeline): tags, a note, a bookmark, a promotion into the
// case timeline, a citation in a finding — one audited call. `a` focuses it while this view is open.
import { useEffect, useRef, useState } from 'react';
import { useApp } from '../../app/store';
import { isTyping } from '../../app/keys';
import { errorText } from '../../lib/api';
import { plural } from '../../lib/format';
import type { Finding, Layer, Params } from '../../lib/contract';

export function AnnotateBar({
  findings,
  layers,
  onDone,
}: {
  findings: Finding[];
  layers: Layer[];
  onDone: () => void;
}) {
  const { t, selection, setSelection, bump } = useApp();
  const [tags, setTags] = useState('');
  const [note, setNote] = useState('');
  const [layer, setLayer] = useState('');
  const [finding, setFinding] = useState('');
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState<string | null>(null);
  const tagRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'a' && !isTyping(e.target) && !e.ctrlKey && !e.metaKey && !e.altKey) {
        tagRef.current?.focus();
        e.preventDefault();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  if (selection.length === 0) {
    return (
      <div className="annotate-bar muted">
        Select events in the Events or Timeline view to tag, note, bookmark, promote or cite them here.
      </div>
    );
  }

  const apply = async (extra: Omit<Params<'annotations.add'>, 'targets' | 'layer'>) => {
    setBusy(true);
    setMsg(null);
    try {
      const r = await t.call('annotations.add', {
        targets: selection.slice(0, 50_000).map((id) => ({ kind: 'event', id })),
        ...(layer ? { layer } : {}),
        ...extra,
      });
      setMsg(`${plural(r.ids.length, 'annotation')} in layer ${r.layer}`);
      setTags('');
      setNote('');
      bump();
      onDone();
    } catch (e) {
      setMsg(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const tagList = tags
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

  return (
    <form
      className="annotate-bar"
      onSubmit={(e) => {
        e.preventDefault();
        if (tagList.length || note.trim())
          void apply({ ...(tagList.length ? { tags: tagList } : {}), ...(note.trim() ? { note } : {}) });
      }}
    >
      <strong>{plural(selection.length, 'selected event')}</strong>
      <input
        ref={tagRef}
        value={tags}
        onChange={(e) => setTags(e.target.value)}
        placeholder="tags, comma separated  (a)"
        aria-label="Tags"
      />
      <input
        value={note}
        onChange={(e) => setNote(e.target.value)}
        placeholder="note (markdown)"
        aria-label="Note"
        className="grow"
      />
      <select value={layer} onChange={(e) => setLayer(e.target.value)} aria-label="Layer">
        <option value="">layer: triage</option>
        {layers.map((l) => (
          <option key={l.id} value={l.name}>
            layer: {l.name}
          </option>
        ))}
      </select>
      <button type="submit" disabled={busy || (!tagList.length && !note.trim())}>
        Add
      </button>
      <button type="button" disabled={busy} onClick={() => void apply({ bookmark: true })}>
        Bookmark
      </button>
      <button
        type="button"
        disabled={busy}
        onClick={() => void apply({ promote: true })}
        title="Into the curated case timeline"
      >
        Promote
      </button>
      <select value={finding} onChange={(e) => setFinding(e.target.value)} aria-label="Finding to cite in">
        <option value="">cite in finding…</option>
        {findings.map((f) => (
          <option key={f.id} value={String(f.id)}>
            {f.title}
          </option>
        ))}
      </select>
      <button
        type="button"
        disabled={busy || !finding}
        onClick={() => void apply({ finding: { id: Number(finding) } })}
      >
        Cite
      </button>
      <button type="button" className="linklike" onClick={() => setSelection([])}>
        clear selection
      </button>
      {msg && (
        <span className="muted" role="status">
          {msg}
        </span>
      )}
    </form>
  );
}
