// The case's evidence files: hashes, formats, counts, status (a failed file says why), first and last event.
import { useApp } from '../../app/store';
import { fmtTime } from '../../lib/time';
import { bytes, n } from '../../lib/format';
import { Empty, LinkButton, Mono } from '../../components/ui';

export function EvidenceTable() {
  const { info, tz, go } = useApp();
  return (
    <section aria-label="Evidence">
      <h2>
        Evidence <span className="muted">· {n(info?.evidence.length ?? 0)} files</span>
      </h2>
      {info && info.evidence.length === 0 ? (
        <Empty title="No evidence yet">
          <p>
            Add log files above: CloudTrail, GCP, Entra, Okta, Kubernetes, Vault, GitHub, Teleport, PostgreSQL, auditd,
            OpenTelemetry, MCP logs, or any JSON/CSV.
          </p>
        </Empty>
      ) : (
        <div className="table-wrap">
          <table className="grid-table" data-testid="evidence-table">
            <thead>
              <tr>
                <th>#</th>
                <th>File</th>
                <th>Format</th>
                <th>Status</th>
                <th className="num">Records</th>
                <th className="num">Events</th>
                <th className="num">Rejected</th>
                <th className="num">Merged</th>
                <th>Size</th>
                <th>SHA-256</th>
                <th>First event</th>
                <th>Last event</th>
              </tr>
            </thead>
            <tbody>
              {info?.evidence.map((e) => (
                <tr key={e.id}>
                  <td className="num">{e.id}</td>
                  <td>
                    <Mono value={e.path} max={44} />
                  </td>
                  <td>{e.format ?? '—'}</td>
                  <td className={e.status === 'failed' ? 'danger' : ''} title={e.error ?? undefined}>
                    {e.status}
                    {e.error ? ` — ${e.error}` : ''}
                  </td>
                  <td className="num">{n(e.records)}</td>
                  <td className="num">
                    <LinkButton onClick={() => go('events', { evidence: String(e.id) })}>{n(e.events)}</LinkButton>
                  </td>
                  <td className={`num${e.rejected > 0 ? ' warn' : ''}`}>{n(e.rejected)}</td>
                  <td className="num">{n(e.merged)}</td>
                  <td>{bytes(e.size)}</td>
                  <td>
                    <Mono value={e.sha256} max={20} />
                  </td>
                  <td className="mono small">{fmtTime(e.first_ts, tz, { ms: false })}</td>
                  <td className="mono small">{fmtTime(e.last_ts, tz, { ms: false })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
