// One visual language: category hues shared by timeline items, grid badges, graph edges and exports.
// The hues are accents (borders, dots, edges); text always sits on the theme's background colours.
export const CATEGORIES = [
  'auth',
  'credential',
  'read',
  'write',
  'delete',
  'privilege',
  'exec',
  'query',
  'config',
  'logging',
  'other',
] as const;

export const CATEGORY_HUE: Record<string, string> = {
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

export const OUTCOME_HUE: Record<string, string> = { success: '#1f8a70', failure: '#c0262d', unknown: '#6b7280' };

export const FLAG_INFO: Record<string, { label: string; explain: string }> = {
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
};

export const KIND_LABEL: Record<string, string> = {
  service_account: 'service account',
  role_session: 'role',
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
