// Records no importer could turn into an event, with the reason and the start of each record's text.
import { useApp } from '../../app/store';
import { useAsync } from '../../lib/use-async';
import { recordRefText, n } from '../../lib/format';
import { Mono } from '../../components/ui';

export function RejectsTable() {
  const { t, caseRef, info } = useApp();
  // Reloaded with the case summary (an import changes both); a failure shows no table, as before.
  const { value: rejects } = useAsync(caseRef ? () => t.call('evidence.rejects', { limit: 200 }) : null, [
    t,
    caseRef,
    info,
  ]);
  return (
    <>
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
    </>
  );
}
