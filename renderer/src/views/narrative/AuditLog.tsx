// The analyst audit log (hash-chained): every change anyone made to the case, newest first, with the chain's
// verification from case.verify a click away.
import { useState } from 'react';
import { useApp } from '../../app/store';
import { errorText } from '../../lib/api';
import { useAsync } from '../../lib/use-async';
import { fmtTime, zoneLabel } from '../../lib/time';
import { describeChange } from './History';

export function AuditLog() {
  const { t, tz, dataVersion } = useApp();
  const [method, setMethod] = useState('');
  const [verify, setVerify] = useState<string | null>(null);
  const audit = useAsync(
    () => t.call('audit.list', { limit: 500, ...(method ? { method } : {}) }),
    [t, method, dataVersion],
  );
  const rows = audit.value ?? null;
  const err = audit.error === undefined ? null : errorText(audit.error);
  const check = async () => {
    setVerify('verifying…');
    try {
      const r = await t.call('case.verify', { rehash: false });
      setVerify(
        r.ok ? `chain intact · head ${r.heads.audit}` : `PROBLEMS: ${r.problems.map((p) => p.message).join('; ')}`,
      );
    } catch (e) {
      setVerify(errorText(e));
    }
  };
  return (
    <div className="audit-log">
      <div className="row">
        <select value={method} onChange={(e) => setMethod(e.target.value)} aria-label="Filter by method">
          <option value="">all actions</option>
          <option value="annotations.">annotations</option>
          <option value="findings.">findings</option>
          <option value="narrative.">narrative</option>
          <option value="manual.">analyst events</option>
          <option value="layers.">layers</option>
          <option value="report.">reports</option>
          <option value="evidence.">evidence</option>
        </select>
        <button type="button" onClick={() => void check()}>
          Verify the chain
        </button>
        {verify && (
          <span className="mono small wrap" role="status">
            {verify}
          </span>
        )}
      </div>
      {err && <p className="danger">{err}</p>}
      {rows && (
        <div className="table-wrap fill">
          <table className="grid-table">
            <thead>
              <tr>
                <th className="num">#</th>
                <th>
                  When <span className="zone">{zoneLabel(tz)}</span>
                </th>
                <th>Analyst</th>
                <th>Action</th>
                <th>What</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.seq}>
                  <td className="num">{r.seq}</td>
                  <td className="mono">{fmtTime(r.at, tz)}</td>
                  <td>{r.analyst}</td>
                  <td className="mono">{r.method}</td>
                  <td title={describeChange(r)}>{describeChange(r)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
