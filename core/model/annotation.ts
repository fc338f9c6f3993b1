// The analyst's work as every transport returns it. Times are ISO-8601 UTC at the edge, µs inside.

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const FINDING_STATUSES = ['draft', 'open', 'confirmed', 'dismissed', 'resolved'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

export const ANNOTATION_KINDS = ['tag', 'note', 'bookmark', 'promote', 'cite'] as const;
export type AnnotationKind = (typeof ANNOTATION_KINDS)[number];

export const TARGET_KINDS = ['event', 'session', 'identity', 'resource', 'range', 'manual', 'finding'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

export const MANUAL_KINDS = ['call', 'ticket', 'email', 'meeting', 'containment', 'other'] as const;
export type ManualKind = (typeof MANUAL_KINDS)[number];

export const BLOCK_KINDS = ['text', 'finding', 'events', 'session_timeline', 'scope_graph', 'case_timeline'] as const;
export type BlockKind = (typeof BLOCK_KINDS)[number];

/** What an annotation is attached to, as the analyst names it (never a derived numeric id). */
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
  created_at: string;
  created_by: string | null;
}

export interface Annotation {
  id: number;
  layer: string;
  layer_id: number;
  kind: AnnotationKind;
  target: Target;
  tag: string | null;
  tag_color: string | null;
  body: string | null;
  finding_id: number | null;
  created_at: string;
  created_by: string | null;
  updated_at: string;
  updated_by: string | null;
  /**
   * For an event target: the SHA-256 of the event's raw record, by which the reference is re-anchored if its id moves.
   */
  event_sha: string | null;
}

export interface Finding {
  id: number;
  layer: string;
  layer_id: number;
  title: string;
  severity: Severity;
  status: FindingStatus;
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
  layer_id: number;
  ts: string;
  kind: string;
  title: string;
  body: string;
  identity: string | null;
  resource: string | null;
  created_at: string;
  created_by: string | null;
}

export interface NarrativeBlock {
  id: number;
  position: number;
  kind: BlockKind;
  title: string;
  body: string;
  finding_id: number | null;
  params: Record<string, unknown>;
  created_at: string;
  created_by: string | null;
  updated_at: string;
}
