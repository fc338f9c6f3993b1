// Case home: with no case, create or open one; with a case, its parts as tabs — the evidence (summary, adding
// evidence, files, rejected records), log-source coverage, and the intended-behaviour profile. The tab is a
// route parameter (`#/case?tab=coverage`), so back/forward and links work.
import { useApp } from '../../app/store';
import { ErrorBox, Mono } from '../../components/ui';
import { AddEvidence } from './AddEvidence';
import { CaseSummary } from './CaseSummary';
import { CoverageView } from './coverage/CoverageView';
import { EvidenceTable } from './EvidenceTable';
import { NoCase } from './NoCase';
import { ProfileEditor } from './profile/ProfileEditor';
import { rememberCase } from './recent';
import { RejectsTable } from './RejectsTable';
import './case.css';

const TABS = [
  { id: 'evidence', label: 'Evidence' },
  { id: 'coverage', label: 'Log coverage' },
  { id: 'profile', label: 'Profile' },
] as const;
type Tab = (typeof TABS)[number]['id'];

export function CaseHome() {
  const { caseRef, info, infoError, refreshCase, bump, route, setParams } = useApp();
  if (!caseRef)
    return (
      <NoCase
        onOpened={async (p) => {
          rememberCase(p);
          await refreshCase();
          bump();
        }}
      />
    );
  const tab: Tab = TABS.some((x) => x.id === route.params.tab) ? (route.params.tab as Tab) : 'evidence';
  return (
    <div className="view case-home" data-testid="case-home">
      <div className="view-head">
        <h1>{info?.name || caseRef.name}</h1>
        <Mono value={caseRef.case} max={80} />
        {info?.analyst && <span className="muted">case analyst: {info.analyst}</span>}
      </div>
      <div className="case-tabs" role="tablist" aria-label="Parts of the case">
        {TABS.map((x) => (
          <button
            key={x.id}
            type="button"
            role="tab"
            aria-selected={tab === x.id}
            className={tab === x.id ? 'active' : ''}
            onClick={() => setParams({ tab: x.id === 'evidence' ? undefined : x.id, gap: undefined })}
            data-testid={`case-tab-${x.id}`}
          >
            {x.label}
          </button>
        ))}
      </div>
      {infoError && <ErrorBox what="Case summary" error={infoError} onRetry={() => void refreshCase()} />}
      {tab === 'evidence' && (
        <>
          <CaseSummary />
          <AddEvidence />
          <EvidenceTable />
          <RejectsTable />
        </>
      )}
      {tab === 'coverage' && <CoverageView />}
      {tab === 'profile' && <ProfileEditor />}
    </div>
  );
}
