// First run: create a case, open one (by path, from the recent list) or open the demo case.
import { useEffect, useState } from 'react';
import { useApp } from '../../app/store';
import { errorText } from '../../lib/api';
import { ErrorBox, LinkButton } from '../../components/ui';
import { recentCases } from './recent';

export function NoCase({ onOpened }: { onOpened: (path: string) => Promise<void> }) {
  const { t, session, analyst } = useApp();
  const electron = session.mode === 'electron';
  const roots = session.allowed_roots ?? [];
  const [name, setName] = useState('');
  const [folder, setFolder] = useState(roots[0] ?? '');
  const [openPath, setOpenPath] = useState('');
  const [err, setErr] = useState<string | null>(null);
  const [recent, setRecent] = useState<string[]>(electron ? [] : recentCases());

  useEffect(() => {
    if (!electron) return;
    t.call('app.recent', {}).then(setRecent, () => {});
  }, [t, electron]);

  const fileName = (name.trim() || 'case')
    .replace(/[^\p{L}\p{N}._ -]+/gu, '-')
    .replace(/\s+/g, '-')
    .slice(0, 80);
  const target = `${folder.replace(/[\\/]+$/, '')}/${fileName}.sscase`;

  const act = async (fn: () => Promise<{ case: string } | null>) => {
    setErr(null);
    try {
      const r = await fn();
      if (r) await onOpened(r.case);
    } catch (e) {
      setErr(errorText(e));
    }
  };

  return (
    <div className="view first-run" data-testid="no-case">
      <h1>Start an investigation</h1>
      <p className="muted">
        A case is one file (<span className="mono">.sscase</span>) holding the evidence hashes, the custody log, the
        events and your work.
      </p>
      {err && <ErrorBox what="Case" error={err} />}
      <div className="first-run-grid">
        <section className="card-form">
          <h2>Create case</h2>
          {electron ? (
            <>
              <label>
                Name
                <input
                  type="text"
                  value={name}
                  onChange={(e) => setName(e.target.value)}
                  placeholder="e.g. IR-2026-031 leaked CI key"
                />
              </label>
              <button
                type="button"
                className="primary"
                onClick={() => void act(() => t.call('app.createCaseDialog', { name: name.trim() || undefined }))}
              >
                Create case…
              </button>
            </>
          ) : (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                // The analyst this browser session named is the case's analyst (the report's cover, the case's
                // default actor), as the CLI's `new --analyst` makes it.
                void act(() =>
                  t.call('case.create', {
                    path: target,
                    name: name.trim() || undefined,
                    ...(analyst ? { analyst } : {}),
                  }),
                );
              }}
            >
              <label>
                Name
                <input
                  type="text"
                  value={name}
                  onChange={(e) => setName(e.target.value)}
                  placeholder="e.g. IR-2026-031 leaked CI key"
                  data-testid="case-name-input"
                  required
                />
              </label>
              <label>
                Folder
                {roots.length > 1 ? (
                  <select value={folder} onChange={(e) => setFolder(e.target.value)}>
                    {roots.map((r) => (
                      <option key={r} value={r}>
                        {r}
                      </option>
                    ))}
                  </select>
                ) : (
                  <input type="text" value={folder} onChange={(e) => setFolder(e.target.value)} spellCheck={false} />
                )}
              </label>
              <p className="small muted">
                Will create <span className="mono">{target}</span>
              </p>
              <button type="submit" className="primary" data-testid="create-case">
                Create case
              </button>
            </form>
          )}
        </section>
        <section className="card-form">
          <h2>Open case</h2>
          {electron ? (
            <button type="button" onClick={() => void act(() => t.call('app.openCaseDialog', {}))}>
              Open case…
            </button>
          ) : (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                if (openPath.trim()) void act(() => t.call('case.open', { path: openPath.trim() }));
              }}
            >
              <label>
                Case file path
                <input
                  type="text"
                  value={openPath}
                  onChange={(e) => setOpenPath(e.target.value)}
                  placeholder={`${roots[0] ?? ''}/case.sscase`}
                  spellCheck={false}
                  data-testid="open-path"
                />
              </label>
              <p className="small muted">
                Allowed folders: <span className="mono">{roots.join(', ') || 'any'}</span> (start{' '}
                <span className="mono">sessionscope serve --allow DIR</span> for more).
              </p>
              <button type="submit" disabled={!openPath.trim()}>
                Open case
              </button>
            </form>
          )}
          {recent.length > 0 && (
            <>
              <h3>Recent</h3>
              <ul className="recent">
                {recent.map((p) => (
                  <li key={p}>
                    <LinkButton
                      onClick={() =>
                        void act(() =>
                          electron ? t.call('app.openRecent', { path: p }) : t.call('case.open', { path: p }),
                        )
                      }
                    >
                      {p.split(/[\\/]/).pop()}
                    </LinkButton>{' '}
                    <span className="muted small mono">{p}</span>
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
        <section className="card-form">
          <h2>Open the demo case</h2>
          <p className="small">
            A small multi-source incident (a CI deploy role abused: CloudTrail, GitHub, Vault, EKS, Postgres, auditd,
            Entra, OpenTelemetry) to learn the workbench.
          </p>
          {session.demo_case ? (
            <button
              type="button"
              className="primary"
              onClick={() => void act(() => t.call('case.open', { path: session.demo_case! }))}
              data-testid="open-demo"
            >
              Open the demo case
            </button>
          ) : (
            <p className="small muted">
              Not built on this machine yet: run <span className="mono">npm run demo</span>, then reload this page.
            </p>
          )}
        </section>
      </div>
    </div>
  );
}
