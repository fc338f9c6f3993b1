// One annotate bar for any selection: tags, a note, a bookmark, a promotion into the case timeline, a citation in
// a finding, in a layer. Chosen events go through annotations.add; all results of a search through
// annotations.bulk — either way one audited call. Views open it with `a` (useAnnotateKey) and reuse it as is.
import { useEffect, useRef, useState } from 'react';
import { useApp } from '../../app/store';
import { errorText } from '../../lib/api';
import { n, plural } from '../../lib/format';
import { useAsync } from '../../lib/use-async';
import type { Params } from '../../lib/contract';
import { BULK_MAX, targetCount, type AnnotateTarget } from './target';
import './annotate.css';

type Items = Omit<Params<'annotations.add'>, 'targets'>;

export function AnnotateBar({
  target,
  onClose,
  onDone,
}: {
  target: AnnotateTarget;
  onClose: () => void;
  onDone?: (message: string) => void;
}) {
  const { t, bump, dataVersion } = useApp();
  const [tags, setTags] = useState('');
  const [note, setNote] = useState('');
  const [layer, setLayer] = useState('');
  const [finding, setFinding] = useState('');
  const [newFinding, setNewFinding] = useState('');
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState<{ text: string; error: boolean } | null>(null);
  const tagRef = useRef<HTMLInputElement>(null);
  const lists = useAsync(() => Promise.all([t.call('layers.list', {}), t.call('findings.list', {})]), [t, dataVersion]);
  const [layers, findings] = lists.value ?? [[], []];
  const count = targetCount(target);
  const tooMany = count !== null && count > BULK_MAX;

  useEffect(() => tagRef.current?.focus(), []);

  const apply = async (items: Items) => {
    setBusy(true);
    setMsg(null);
    const withLayer = { ...(layer ? { layer } : {}), ...items };
    try {
      let r: { ids: number[]; layer: string };
      let events: number;
      if (target.kind === 'events') {
        r = await t.call('annotations.add', {
          targets: target.ids.map((id) => ({ kind: 'event' as const, id })),
          ...withLayer,
        });
        events = target.ids.length;
      } else {
        const b = await t.call('annotations.bulk', { filter: target.filter, ...withLayer });
        r = b;
        events = b.events;
      }
      const text = `${plural(events, 'event')} marked: ${plural(r.ids.length, 'annotation')} in layer ${r.layer}`;
      setMsg({ text, error: false });
      setTags('');
      setNote('');
      bump();
      onDone?.(text);
    } catch (e) {
      setMsg({ text: errorText(e), error: true });
    } finally {
      setBusy(false);
    }
  };
  const tagList = tags
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  const what =
    target.kind === 'events'
      ? plural(target.ids.length, 'selected event')
      : `all ${count === null ? '' : n(count) + ' '}results of ${target.label}`;

  return (
    <form
      className="annotate-bar"
      data-testid="annotate-bar"
      aria-label="Annotate the selection"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onClose();
        }
      }}
      onSubmit={(e) => {
        e.preventDefault();
        if (tagList.length || note.trim())
          void apply({ ...(tagList.length ? { tags: tagList } : {}), ...(note.trim() ? { note } : {}) });
      }}
    >
      <strong data-testid="annotate-what">{what}</strong>
      {tooMany && (
        <span className="danger small">more than {n(BULK_MAX)}: narrow the search to mark them in one call</span>
      )}
      <input
        ref={tagRef}
        value={tags}
        onChange={(e) => setTags(e.target.value)}
        placeholder="tags, comma separated — Enter adds"
        aria-label="Tags"
        data-testid="annotate-tags"
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
      <button type="submit" className="primary" disabled={busy || tooMany || (!tagList.length && !note.trim())}>
        Add
      </button>
      <button type="button" disabled={busy || tooMany} onClick={() => void apply({ bookmark: true })}>
        Bookmark
      </button>
      <button
        type="button"
        disabled={busy || tooMany}
        onClick={() => void apply({ promote: true })}
        title="Into the curated case timeline"
      >
        Promote
      </button>
      <select value={finding} onChange={(e) => setFinding(e.target.value)} aria-label="Finding to cite in">
        <option value="">cite in finding…</option>
        <option value="new">a new finding…</option>
        {findings.map((f) => (
          <option key={f.id} value={String(f.id)}>
            {f.title}
          </option>
        ))}
      </select>
      {finding === 'new' && (
        <input
          value={newFinding}
          onChange={(e) => setNewFinding(e.target.value)}
          placeholder="title of the new finding"
          aria-label="New finding title"
        />
      )}
      <button
        type="button"
        disabled={busy || tooMany || !finding || (finding === 'new' && !newFinding.trim())}
        onClick={() =>
          void apply({
            finding: finding === 'new' ? { title: newFinding.trim() } : { id: Number(finding) },
          })
        }
      >
        Cite
      </button>
      <button type="button" className="linklike" onClick={onClose} aria-label="Close the annotate bar">
        close (Esc)
      </button>
      {lists.error !== undefined && <span className="danger small">{errorText(lists.error)}</span>}
      {msg && (
        <span className={msg.error ? 'danger small' : 'muted small'} role="status" data-testid="annotate-status">
          {msg.text}
        </span>
      )}
    </form>
  );
}
