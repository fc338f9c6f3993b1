// The left rail: one entry per view.
import { lazy, type ComponentType } from 'react';
import type { ViewId } from './router';
import { CaseHome } from '../views/case/CaseHome';
import { IdentitiesView } from '../views/identities/Identities';
import { EventsView } from '../views/events/Events';
import { DetectionsView } from '../views/detections/Detections';
import { CredentialsView } from '../views/credentials/Credentials';

// The timeline (vis-timeline) and the graph (cytoscape) are most of the bundle: they load when first shown,
// so the case home is usable sooner.
const TimelineView = lazy(() => import('../views/timeline/Timeline').then((m) => ({ default: m.TimelineView })));
const GraphView = lazy(() => import('../views/graph/Graph').then((m) => ({ default: m.GraphView })));
import { NarrativeView } from '../views/narrative/Narrative';
import { ReportView } from '../views/report/Report';

export interface RailEntry {
  id: ViewId;
  label: string;
  /** Keyboard shortcut that switches to it. */
  key?: string;
  icon: string;
  component: ComponentType;
  needsCase: boolean;
}

export const RAIL: RailEntry[] = [
  { id: 'case', label: 'Case', key: 'c', icon: '▣', component: CaseHome, needsCase: false },
  { id: 'identities', label: 'Identities', key: 'i', icon: '◉', component: IdentitiesView, needsCase: true },
  { id: 'timeline', label: 'Timeline', key: 't', icon: '≡', component: TimelineView, needsCase: true },
  { id: 'events', label: 'Events', key: 'e', icon: '▤', component: EventsView, needsCase: true },
  { id: 'graph', label: 'Graph', key: 'g', icon: '⬡', component: GraphView, needsCase: true },
  { id: 'detections', label: 'Detections', key: 'd', icon: '⚑', component: DetectionsView, needsCase: true },
  { id: 'credentials', label: 'Credentials', key: 'x', icon: '⚷', component: CredentialsView, needsCase: true },
  { id: 'narrative', label: 'Narrative', icon: '¶', component: NarrativeView, needsCase: true },
  { id: 'report', label: 'Report', icon: '▦', component: ReportView, needsCase: true },
];
