// What one import did: files imported, events, rejected records, duplicates and failures.
import type { ImportSummary } from '../../lib/contract';
import { n } from '../../lib/format';

export function ImportResult({ summary }: { summary: ImportSummary }) {
  const events = summary.evidence.reduce((a, e) => a + (e.skipped_duplicate ? 0 : e.events), 0);
  const rejected = summary.evidence.reduce((a, e) => a + (e.skipped_duplicate ? 0 : e.rejected), 0);
  const dup = summary.evidence.filter((e) => e.skipped_duplicate).length;
  const failed = summary.evidence.filter((e) => e.status === 'failed');
  return (
    <div
      className={`notice${failed.length ? ' bad' : rejected ? ' warn' : ' good'}`}
      role="status"
      data-testid="import-result"
    >
      Imported {n(summary.evidence.length - dup - failed.length)} of {n(summary.evidence.length)} files: {n(events)}{' '}
      events, {n(rejected)} rejected records
      {dup > 0 && <> · {n(dup)} already in the case (same SHA-256), nothing added</>}
      {failed.map((f) => (
        <div key={f.path}>
          ✖ {f.path.split(/[\\/]/).pop()}: {f.error}
        </div>
      ))}
      {rejected > 0 && <div>Rejected records are listed below with the reason for each.</div>}
    </div>
  );
}
