// What one import did: files imported, events, rejected records, duplicates and failures.
import type { ImportSummary } from '../../lib/contract';
import { n } from '../../lib/format';
import { Mono } from '../../components/ui';

export function ImportResult({ summary }: { summary: ImportSummary }) {
  const events = summary.evidence.reduce((a, e) => a + (e.skipped_duplicate ? 0 : e.events), 0);
  const rejected = summary.evidence.reduce((a, e) => a + (e.skipped_duplicate ? 0 : e.rejected), 0);
  const dup = summary.evidence.filter((e) => e.skipped_duplicate).length;
  const failed = summary.evidence.filter((e) => e.status === 'failed');
  const skipped = summary.skipped;
  const unreadable = skipped.filter((s) => s.unreadable).length;
  return (
    <div
      className={`notice${failed.length ? ' bad' : rejected || unreadable ? ' warn' : ' good'}`}
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
      {skipped.length > 0 && (
        <details data-testid="import-skipped" open={unreadable > 0}>
          <summary>
            {n(skipped.length)} {skipped.length === 1 ? 'path' : 'paths'} not imported
            {unreadable > 0 && <> ({n(unreadable)} could not be read)</>}
          </summary>
          <ul className="small">
            {skipped.map((s) => (
              <li key={s.path}>
                <Mono value={s.path} max={80} copy={false} />: {s.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
