// The Narrative view: findings and the written account (blocks in order) beside the selected finding; the
// curated case timeline; the analyst audit log. Annotating the shared selection sits on top.
import { useApp } from '../../app/store';
import { errorText } from '../../lib/api';
import { useAsync } from '../../lib/use-async';
import { ErrorBox } from '../../components/ui';
import { AnnotateBar } from './AnnotateBar';
import { Sidebar } from './Sidebar';
import { Blocks } from './Blocks';
import { FindingEditor } from './FindingEditor';
import { CaseTimeline } from './CaseTimeline';
import { AuditLog } from './AuditLog';
import './narrative.css';

type Tab = 'narrative' | 'timeline' | 'audit';

export function NarrativeView() {
  const { t, route, setParams, dataVersion } = useApp();
  const tab = (route.params.tab as Tab | undefined) ?? 'narrative';
  const selected = route.params.finding ? Number(route.params.finding) : null;
  // A failed reload leaves what was read before on screen, under its error (with a retry).
  const loaded = useAsync(
    () =>
      Promise.all([
        t.call('findings.list', {}),
        t.call('layers.list', {}),
        t.call('narrative.list', {}),
        t.call('references.list', {}),
      ]),
    [t, dataVersion],
    { keepOnError: true },
  );
  const [findings, layers, blocks, references] = loaded.value ?? [[], [], [], []];
  const err = loaded.error === undefined ? null : errorText(loaded.error);
  const reload = loaded.reload;

  const select = (id: number) => setParams({ finding: String(id), tab: 'narrative' });

  return (
    <div className="view narrative-view" data-testid="narrative-view">
      <div className="view-head">
        <h1>Narrative</h1>
        <div className="seg" role="tablist">
          {(['narrative', 'timeline', 'audit'] as Tab[]).map((x) => (
            <button
              key={x}
              type="button"
              role="tab"
              aria-selected={tab === x}
              className={tab === x ? 'active' : ''}
              onClick={() => setParams({ tab: x })}
            >
              {x === 'narrative' ? 'Findings & narrative' : x === 'timeline' ? 'Case timeline' : 'Audit log'}
            </button>
          ))}
        </div>
      </div>
      <AnnotateBar onDone={reload} />
      {err && <ErrorBox what="Narrative" error={err} onRetry={reload} />}
      {tab === 'narrative' && (
        <div className="nv-grid">
          <Sidebar findings={findings} layers={layers} selected={selected} onSelect={select} onChanged={reload} />
          <section className="nv-main" aria-label="Narrative blocks">
            <Blocks blocks={blocks} findings={findings} onSelectFinding={select} onChanged={reload} />
          </section>
          <section className="nv-detail" aria-label="Selected finding">
            {selected !== null ? (
              <FindingEditor id={selected} references={references} onChanged={reload} />
            ) : (
              <p className="muted">Choose a finding to see its cited events, edit it and read its history.</p>
            )}
          </section>
        </div>
      )}
      {tab === 'timeline' && <CaseTimeline />}
      {tab === 'audit' && <AuditLog />}
    </div>
  );
}
