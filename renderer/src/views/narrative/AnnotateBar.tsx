// The narrative's annotate bar: the selection carried across views (grid, timeline) marked with the one shared
// bar (components/annotate). `a` opens it here as everywhere.
import { useState } from 'react';
import { useApp } from '../../app/store';
import { plural } from '../../lib/format';
import { AnnotateBar as SharedBar } from '../../components/annotate/AnnotateBar';
import { useAnnotateKey } from '../../components/annotate/use-annotate-key';
import '../../components/annotate/annotate.css';

export function AnnotateBar({ onDone }: { onDone: () => void }) {
  const { selection, setSelection } = useApp();
  const [open, setOpen] = useState(false);
  useAnnotateKey(selection.length > 0, () => setOpen(true));

  if (selection.length === 0) {
    return (
      <div className="annotate-bar muted">
        Select events in the Events or Timeline view to tag, note, bookmark, promote or cite them here.
      </div>
    );
  }
  if (!open)
    return (
      <div className="annotate-bar">
        <strong>{plural(selection.length, 'selected event')}</strong>
        <button type="button" className="primary" onClick={() => setOpen(true)}>
          Mark… (a)
        </button>
        <button type="button" className="linklike" onClick={() => setSelection([])}>
          clear selection
        </button>
      </div>
    );
  return (
    <SharedBar
      target={{ kind: 'events', ids: selection.slice(0, 50_000) }}
      onClose={() => setOpen(false)}
      onDone={onDone}
    />
  );
}
