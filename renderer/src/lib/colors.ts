// One visual language: category hues shared by timeline items, grid badges, graph edges and exports.
// The hues are accents (borders, dots, edges); text always sits on the theme's background colours.
// The vocabulary itself (categories, outcomes, flags, identity kinds) is core/model's: each table below is a
// Record over its type, so a category, outcome, flag or kind added in core fails this file until it has a
// hue or a label here.
import type { Category, FindingStatus, FlagName, IdentityKind, ManualKind, Outcome, Severity } from './contract';

export const CATEGORY_HUE: Record<Category, string> = {
  auth: '#2f6fdf',
  credential: '#8a4bd6',
  read: '#1f8a70',
  write: '#d48806',
  delete: '#d6336c',
  privilege: '#c2410c',
  exec: '#7c3aed',
  query: '#0e7490',
  config: '#65a30d',
  logging: '#b91c1c',
  other: '#6b7280',
};
/** Every category, in legend order. */
export const CATEGORIES = Object.keys(CATEGORY_HUE) as Category[];

export const OUTCOME_HUE: Record<Outcome, string> = { success: '#1f8a70', failure: '#c0262d', unknown: '#6b7280' };
export const OUTCOMES = Object.keys(OUTCOME_HUE) as Outcome[];

export const FLAG_INFO: Record<FlagName, { label: string; explain: string }> = {
  out_of_scope: { label: 'out of scope', explain: "Outside this identity's intended-behaviour profile." },
  deviation: {
    label: 'deviation',
    explain: "Unlike this identity's baseline (new action, resource, IP, hour or rate).",
  },
  log_tamper: { label: 'log tampering', explain: 'This event disables or reduces logging.' },
  visibility_gap: {
    label: 'visibility gap',
    explain: 'A source that should show this identity has no events for it here.',
  },
  sigma: { label: 'sigma', explain: 'A Sigma rule matched this event (alone or in a correlation): see Detections.' },
  secret_exposed: {
    label: 'secret exposed',
    explain: 'A credential appears in this event as data (parameters, command line, SQL, tool call): see Credentials.',
  },
  exposed_credential_used: {
    label: 'exposed key used',
    explain: 'The first use of a credential after it was exposed as data elsewhere.',
  },
  used_after_revoke: {
    label: 'used after revoke',
    explain: 'The credential was revoked, deactivated or deleted before this use.',
  },
  used_after_expiry: { label: 'used after expiry', explain: "The credential's stated lifetime had ended." },
  two_networks: {
    label: 'two networks',
    explain: 'The credential was used from another network minutes before (cloud region, AS, else /24).',
  },
};
export const FLAGS = Object.keys(FLAG_INFO) as FlagName[];

export const KIND_LABEL: Record<IdentityKind, string> = {
  service_account: 'service account',
  role: 'role',
  access_key: 'key',
  workload: 'workload',
  bot: 'bot',
  agent: 'agent',
  app: 'app',
  user: 'human',
  service: 'service',
  unknown: 'unknown',
};

/** Finding severities as the pickers list them, most severe first. */
export const SEVERITY_LABEL: Record<Severity, string> = {
  critical: 'critical',
  high: 'high',
  medium: 'medium',
  low: 'low',
  info: 'info',
};
export const SEVERITIES = Object.keys(SEVERITY_LABEL) as Severity[];

export const STATUS_LABEL: Record<FindingStatus, string> = {
  draft: 'draft',
  open: 'open',
  confirmed: 'confirmed',
  dismissed: 'dismissed',
  resolved: 'resolved',
};
export const FINDING_STATUSES = Object.keys(STATUS_LABEL) as FindingStatus[];

/** What an analyst's manual event is, as the form offers it. */
export const MANUAL_KIND_LABEL: Record<ManualKind, string> = {
  call: 'call',
  ticket: 'ticket',
  email: 'email',
  meeting: 'meeting',
  containment: 'containment',
  other: 'other',
};
export const MANUAL_KINDS = Object.keys(MANUAL_KIND_LABEL) as ManualKind[];
