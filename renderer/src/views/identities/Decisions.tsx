// The analyst's merge and split decisions on one identity: the rules are never the last word. Each decision is
// audited in the core, survives re-derivation and can be undone; this pane only asks and shows.
import { useState } from 'react';
import { useApp } from '../../app/store';
import { errorText } from '../../lib/api';
import { useAsync } from '../../lib/use-async';
import type { IdentityJson } from '../../lib/contract';
import { fmtTime } from '../../lib/time';
import { ErrorBox, LinkButton } from '../../components/ui';

const aliasKey = (a: { system: string; value: string }) => (a.system ? `${a.system}|${a.value}` : a.value);
const keyValue = (k: string) => k.slice(k.indexOf('|') + 1);

export function Decisions({
  identity: i,
  others,
  onMoved,
}: {
  identity: IdentityJson;
  others: { id: number; name: string }[];
  onMoved: (id: number) => void;
}) {
  const { t, tz, bump, dataVersion } = useApp();
  const [target, setTarget] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<string | null>(null);
  // None listed when they cannot be read: the forms still work.
  const decisions = useAsync(() => t.call('identities.decisions'), [t, dataVersion]).value ?? [];

  const mine = new Set(i.aliases.map(aliasKey));
  const values = new Set(i.aliases.map((a) => a.value));
  const touching = decisions.filter(
    (d) => !d.revoked_at && [...d.a, ...d.b].some((k) => mine.has(k) || values.has(keyValue(k))),
  );

  /**
   * Runs one decision call (`why` carries the note, for merges and splits), then moves to the identity `next` names.
   */
  async function run<R>(call: (why: { note?: string }) => Promise<R>, next: (r: R) => number | null) {
    setBusy(true);
    setErr(null);
    try {
      const r = await call(note.trim() ? { note: note.trim() } : {});
      setNote('');
      setTarget('');
      bump();
      const id = next(r);
      if (id !== null) onMoved(id);
    } catch (e) {
      setErr(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  const match = others.find((o) => o.name === target || String(o.id) === target);
  return (
    <section className="decisions" data-testid="identity-decisions">
      <h3>Analyst decisions</h3>
      <p className="small muted">
        The rules never merge on a shared name alone. When you know two identities are one (or one is two), say so here:
        the decision is audited with your name, wins over the rules and survives re-derivation.
      </p>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          if (match)
            void run(
              (why) => t.call('identities.merge', { identities: [String(i.id), String(match.id)], ...why }),
              (r) => r.identity.id,
            );
        }}
      >
        <input
          list={`merge-${i.id}`}
          value={target}
          onChange={(e) => setTarget(e.target.value)}
          placeholder="Merge with identity…"
          aria-label="Merge with identity"
          data-testid="merge-target"
        />
        <datalist id={`merge-${i.id}`}>
          {others
            .filter((o) => o.id !== i.id)
            .slice(0, 2000)
            .map((o) => (
              <option key={o.id} value={o.name} />
            ))}
        </datalist>
        <button type="submit" disabled={busy || !match || match.id === i.id} data-testid="merge-button">
          Merge
        </button>
      </form>
      <input
        className="decision-note"
        value={note}
        onChange={(e) => setNote(e.target.value)}
        placeholder="Why (kept in the audit log)"
        aria-label="Reason for the decision"
        maxLength={4000}
      />
      {i.aliases.length > 1 && (
        <>
          <p className="small muted">Split an alias off when it is not this identity:</p>
          <ul className="plain small">
            {i.aliases.map((a) => (
              <li key={aliasKey(a)}>
                <span className="mono">
                  {a.system ? `${a.system}: ` : ''}
                  {a.value}
                </span>{' '}
                <LinkButton
                  onClick={() =>
                    void run(
                      (why) => t.call('identities.split', { identity: String(i.id), aliases: [aliasKey(a)], ...why }),
                      () => null,
                    )
                  }
                >
                  split off
                </LinkButton>
              </li>
            ))}
          </ul>
        </>
      )}
      {touching.length > 0 && (
        <>
          <p className="small muted">Decisions in force on this identity:</p>
          <ul className="plain small" data-testid="decision-list">
            {touching.map((d) => (
              <li key={d.id}>
                #{d.id} {d.action} by {d.analyst}, {fmtTime(d.at, tz, { ms: false })}
                {d.note ? ` — ${d.note}` : ''}{' '}
                <LinkButton
                  onClick={() =>
                    void run(
                      () => t.call('identities.undo', { decision: d.id }),
                      () => null,
                    )
                  }
                >
                  undo
                </LinkButton>
              </li>
            ))}
          </ul>
        </>
      )}
      {err && <ErrorBox what="Decision" error={err} />}
    </section>
  );
}
