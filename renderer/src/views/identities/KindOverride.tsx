// An identity's kind and the rule that gave it, and the analyst's reclassification (identities.reclassify):
// audited, it wins over every rule and survives re-derivation; "back to the rules" revokes it. Whether an
// identity is non-human follows from its kind.
import { useState } from 'react';
import { useApp } from '../../app/store';
import { errorText } from '../../lib/api';
import type { IdentityJson, IdentityKind } from '../../lib/contract';
import { ErrorBox } from '../../components/ui';

/** The kinds an analyst may set (core/model/identity.ts IDENTITY_KINDS), with what each means. */
const KINDS: { kind: IdentityKind; label: string }[] = [
  { kind: 'role', label: 'role (assumed by others)' },
  { kind: 'service_account', label: 'service account' },
  { kind: 'access_key', label: 'access key' },
  { kind: 'workload', label: 'workload (pod, VM, function)' },
  { kind: 'bot', label: 'bot (CI, automation)' },
  { kind: 'agent', label: 'AI agent' },
  { kind: 'app', label: 'application' },
  { kind: 'service', label: 'cloud service' },
  { kind: 'user', label: 'person (human user)' },
  { kind: 'unknown', label: 'unknown' },
];

/** How a kind_rule reads to a person. */
function ruleText(rule: string | null): string {
  if (rule === null) return 'no rule recorded';
  if (rule === 'analyst') return 'set by an analyst (wins over the rules)';
  if (rule.startsWith('principal-type:')) return `the log's principal type (${rule.slice(15)})`;
  if (rule === 'machine-name') return 'its name looks machine-made';
  return `rule: ${rule}`;
}

export function KindOverride({ identity: i, onChanged }: { identity: IdentityJson; onChanged: (id: number) => void }) {
  const { t, bump } = useApp();
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<IdentityKind | 'auto'>(i.kind);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<string | null>(null);
  const byAnalyst = i.kind_rule === 'analyst';

  const apply = async () => {
    setBusy(true);
    setErr(null);
    try {
      const r = await t.call('identities.reclassify', {
        identity: String(i.id),
        kind,
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      setOpen(false);
      setNote('');
      bump();
      onChanged(r.identity.id);
    } catch (e) {
      setErr(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="kind-override small" data-testid="kind-override">
      <span className="muted">Kind: </span>
      <strong>{i.kind.replace(/_/g, ' ')}</strong>
      <span className="muted">
        {' '}
        · {i.nhi ? 'non-human' : 'human'} · {ruleText(i.kind_rule)}
      </span>{' '}
      {!open && (
        <button type="button" className="linklike" onClick={() => setOpen(true)} data-testid="kind-reclassify">
          reclassify…
        </button>
      )}
      {open && (
        <form
          className="kind-form"
          onSubmit={(e) => {
            e.preventDefault();
            void apply();
          }}
        >
          <label>
            Kind{' '}
            <select
              value={kind}
              onChange={(e) => setKind(e.target.value as IdentityKind | 'auto')}
              data-testid="kind-select"
            >
              {KINDS.map((k) => (
                <option key={k.kind} value={k.kind}>
                  {k.label}
                </option>
              ))}
              {byAnalyst && <option value="auto">back to the rules</option>}
            </select>
          </label>
          <input
            type="text"
            value={note}
            onChange={(e) => setNote(e.target.value)}
            placeholder="why (kept in the audit log)"
            maxLength={4000}
            aria-label="Why"
          />
          <button
            type="submit"
            className="primary"
            disabled={busy || (kind === i.kind && !byAnalyst)}
            data-testid="kind-apply"
          >
            {busy ? 'Reclassifying…' : 'Reclassify'}
          </button>
          <button type="button" onClick={() => setOpen(false)}>
            Cancel
          </button>
          <p className="muted">Audited; survives re-derivation. Everything derived from the kind is derived again.</p>
        </form>
      )}
      {err && <ErrorBox what="Reclassify" error={err} />}
    </div>
  );
}
