// Result shapes the derivation tests read back through the API.
export type { SessionJson } from '../../core/query/sessions.js';
export type { IdentityJson, IdentityDetail } from '../../core/query/identities.js';
export type { ScopeResult } from '../../core/query/scope.js';
export type { DeviationResult } from '../../core/derive/deviations.js';
export type { CoverageResult } from '../../core/query/coverage.js';
export type { EventJson } from '../../core/query/event-json.js';
export type { Graph } from '../../core/query/graph.js';
