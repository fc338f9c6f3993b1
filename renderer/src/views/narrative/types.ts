// Shapes of the annotation, finding, narrative and audit methods (core/annotate/model.ts,
// core/api/methods/annotate*.ts).
import type { EventRow } from '../../lib/api';

export type Target =
  | { kind: 'event'; id: number }
  | { kind: 'session'; key: string }
  | { kind: 'identity'; name: string }
  | { kind: 'resource'; name: string }
  | { kind: 'range'; from: string; to: string; identity?: string }
  | { kind: 'manual'; id: number }
  | { kind: 'finding'; id: number };

export interface Layer {
  id: number;
  name: string;
  color: string;
  hidden: boolean;
  position: number;
  description: string;
}
export interface Annotation {
  id: number;
  layer: string;
  layer_id: number;
  kind: 'tag' | 'note' | 'bookmark' | 'promote' | 'cite';
  target: Target;
  tag: string | null;
  tag_color: string | null;
  body: string | null;
  finding_id: number | null;
  created_at: string;
  created_by: string | null;
  updated_at: string;
  updated_by: string | null;
}
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export const STATUSES = ['draft', 'open', 'confirmed', 'dismissed', 'resolved'] as const;
export interface Finding {
  id: number;
  layer: string;
  layer_id: number;
  title: string;
  severity: (typeof SEVERITIES)[number];
  status: (typeof STATUSES)[number];
  body: string;
  refs: string[];
  tags: string[];
  cited: number;
  created_at: string;
  created_by: string | null;
  updated_at: string;
  updated_by: string | null;
}
export interface ManualEvent {
  id: number;
  layer: string;
  ts: string;
  kind: string;
  title: string;
  body: string;
  identity: string | null;
  resource: string | null;
  created_by: string | null;
}
export interface FindingFull extends Finding {
  events: (EventRow & { citation: { caption: string | null; annotation: number } })[];
  manual: ManualEvent[];
  other: {
    annotation: number;
    target_kind: string;
    target: string | null;
    scope: string | null;
    caption: string | null;
  }[];
  missing: unknown[];
}
export interface Block {
  id: number;
  position: number;
  kind: 'text' | 'finding' | 'events' | 'session_timeline' | 'scope_graph' | 'case_timeline';
  title: string;
  body: string;
  finding_id: number | null;
  params: Record<string, unknown>;
}
export interface AuditRow {
  seq: number;
  at: string;
  analyst: string | null;
  method: string;
  params: unknown;
  result: unknown;
  row_hash: string;
}
export interface Reference {
  id: string;
  framework: string;
  title: string;
}
export type CaseTimelineEntry =
  | { type: 'event'; ts: string; event: EventRow; promoted_by: string | null }
  | { type: 'manual'; ts: string; manual: ManualEvent };
