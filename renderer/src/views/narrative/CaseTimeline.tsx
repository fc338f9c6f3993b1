// The curated case timeline: promoted events and the analyst's manual events (a call, a ticket), with a form to
// record a manual event at a time in the display zone.
import { useState } from 'react';
import { useApp } from '../../app/store';
import { errorText } from '../../lib/api';
import { useAsync } from '../../lib/use-async';
import { fmtTime, zoneLabel } from '../../lib/time';
import { CatBadge, Mono, Outcome } from '../../components/ui';
import { Markdown } from './Markdown';
import type { ManualKind } from '../../lib/contract';
import { MANUAL_KINDS } from '../../lib/colors';

export function CaseTimeline() {
  const { t, tz, openEvent, dataVersion, bump } = useApp();
  // A failed reload leaves the entries read before on screen, under its error.
  const loaded = useAsync(() => t.call('timeline.case', {}), [t, dataVersion], { keepOnError: true });
  const rows = loaded.value ?? null;
  const [addErr, setAddErr] = useState<string | null>(null);
  const err = addErr ?? (loaded.error === undefined ? null : errorText(loaded.error));
  const [form, setForm] = useState<{ ts: string; kind: ManualKind; title: string; body: string }>({
    ts: '',
    kind: 'call',
    title: '',
    body: '',
  });
  const add = async () => {
    try {
      // The form takes an ISO-8601 instant (with its offset or Z); a bare date-time is read as UTC.
      await t.call('manual.add', {
        ts: form.ts,
        kind: form.kind,
        title: form.title,
        ...(form.body.trim() ? { body: form.body } : {}),
      });
      setForm({ ts: '', kind: 'call', title: '', body: '' });
      setAddErr(null);
      bump();
    } catch (e) {
      setAddErr(errorText(e));
    }
  };

  return (
    <div className="case-timeline">
      <form
        className="row manual-form"
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <input
          value={form.ts}
          onChange={(e) => setForm({ ...form, ts: e.target.value })}
          placeholder="2026-03-10T14:20:00Z"
          aria-label="Time (ISO-8601)"
          required
          className="mono"
        />
        <select
          value={form.kind}
          onChange={(e) => setForm({ ...form, kind: e.target.value as ManualKind })}
          aria-label="Kind"
        >
          {MANUAL_KINDS.map((k) => (
            <option key={k}>{k}</option>
          ))}
        </select>
        <input
          value={form.title}
          onChange={(e) => setForm({ ...form, title: e.target.value })}
          placeholder="What happened (e.g. owner confirmed by phone)"
          aria-label="Title"
          required
          className="grow"
        />
        <input
          value={form.body}
          onChange={(e) => setForm({ ...form, body: e.target.value })}
          placeholder="details (markdown)"
          aria-label="Details"
        />
        <button type="submit">Add analyst event</button>
      </form>
      {err && (
        <p className="danger" role="alert">
          {err}
        </p>
      )}
      {rows && rows.length === 0 && (
        <p className="muted">Nothing promoted yet: select events and press Promote, or add an analyst event.</p>
      )}
      {rows && rows.length > 0 && (
        <div className="table-wrap">
          <table className="grid-table">
            <thead>
              <tr>
                <th>
                  Time <span className="zone">{zoneLabel(tz)}</span>
                </th>
                <th>Who</th>
                <th>What</th>
                <th>On</th>
                <th>Outcome</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) =>
                r.type === 'event' ? (
                  <tr key={`e${r.event.id}`} className="clickable" onClick={() => openEvent(r.event.id)}>
                    <td className="mono">{fmtTime(r.ts, tz)}</td>
                    <td>
                      <Mono value={r.event.identity ?? r.event.principal} max={40} copy={false} />
                    </td>
                    <td>
                      <CatBadge category={r.event.category} /> {r.event.action}
                    </td>
                    <td>
                      <Mono value={r.event.resource} max={48} copy={false} />
                    </td>
                    <td>
                      <Outcome outcome={r.event.outcome} code={r.event.error_code} />
                    </td>
                  </tr>
                ) : (
                  <tr key={`m${r.manual.id}`} className="manual-row">
                    <td className="mono">{fmtTime(r.ts, tz)}</td>
                    <td>{r.manual.created_by}</td>
                    <td colSpan={3}>
                      ◆ {r.manual.kind}: <strong>{r.manual.title}</strong>
                      <Markdown text={r.manual.body} />
                    </td>
                  </tr>
                ),
              )}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
