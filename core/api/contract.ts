// The API contract: every method's params and result, every pushed event, in one type-only module. The CLI,
// the renderer (through its transports), the Electron shell and the tests call methods through it, so a renamed
// or retyped field breaks the build at every caller. Nothing here exists at run time: the renderer imports this
// file with `import type` only (vite.config.ts refuses to bundle anything from core/).
//
// Params are the zod schemas' input types; results are what the handlers return (the explicitly typed values
// of core/query, core/derive, core/annotate…). Both are snake_case and plain JSON: see ContractProblems below.
import type { z } from 'zod';
import type { AnyDomainMethod } from './methods/index.js';
import type { ApiEvents } from './events.js';
import type { CaseRef } from './methods/case.js';

/** Method name → {params, result}, for every method of every domain in core/api/methods/index.ts. */
export type Methods = {
  [M in AnyDomainMethod as M['name']]: { params: z.input<M['params']>; result: Awaited<ReturnType<M['handler']>> };
};
export type MethodName = keyof Methods;
export type Params<K extends MethodName> = Methods[K]['params'];
export type Result<K extends MethodName> = Methods[K]['result'];

/** A call's params argument: optional when every param is. */
export type ParamsArg<P> = Record<never, never> extends P ? [params?: P] : [params: P];

/** The typed call every caller uses (CLI: core/api/dispatch.ts; renderer: its Transport). */
export type Call<M extends Record<string, { params: unknown; result: unknown }> = Methods> = <
  K extends keyof M & string,
>(
  name: K,
  ...params: ParamsArg<M[K]['params']>
) => Promise<M[K]['result']>;

export type { ApiEvents, ExportProgress } from './events.js';
export type { CaseRef, CurrentCase } from './methods/case.js';
export type { FormatInfo } from './methods/formats.js';
export type { MatchJson, RuleRef, RuleSummary, LayerEntry } from '../query/detections.js';
export type { Catalogue, CatalogueRule } from '../query/detection-rules.js';
export type { ErrorCode } from '../errors.js';

// The vocabulary (core/model) and the named shapes callers most often hold on to. Every one of them is also
// reachable as Result<'method'>; the names make the renderer's types and error messages readable.
export type { Category, FormatId, Outcome, PrincipalType, RecordRef } from '../model/event.js';
export type { FlagName } from '../model/flags.js';
export type { IdentityKind } from '../model/identity.js';
export type { EventJson } from '../query/event-json.js';
export type { EventDetail } from '../query/event-detail.js';
export type { RejectJson } from '../query/rejects.js';
export type { CaseInfo, EvidenceInfo } from '../query/info.js';
export type { IdentityJson, IdentityDetail, AliasJson } from '../query/identities.js';
export type { SessionJson } from '../query/sessions.js';
export type { Graph, GraphNode, GraphEdge, ScopeGraph, EdgeEvents } from '../query/graph.js';
export type { ScopeResult } from '../query/scope.js';
export type { PathResult, PathJson, PathHopJson } from '../query/path.js';
export type { DeviationResult, Deviation } from '../derive/deviations.js';
export type { CoverageResult, CoverageRow } from '../query/coverage.js';
export type {
  TimelineWindow,
  TimelineItem,
  TimelineCluster,
  LaneDensity,
  LaneInfo,
  Histogram,
} from '../query/timeline.js';
export type { ImportProgress, ImportSummary } from '../evidence/import-job.js';
export type { ReportProgress, ReportResult } from '../report/options.js';
export type { Decision } from '../derive/decisions.js';
export type {
  Annotation,
  AnnotationKind,
  BlockKind,
  Finding,
  FindingStatus,
  Layer,
  ManualEvent,
  ManualKind,
  NarrativeBlock,
  Severity,
  Target,
} from '../model/annotation.js';
export type { AuditRow } from '../annotate/audit-list.js';
export type { FindingDetail, CitedEvent } from '../annotate/finding-detail.js';
export type { TagInfo } from '../annotate/tags.js';
export type { ColorRule, ColumnSetting, SavedView } from '../model/grid.js';
export type { GridMark } from '../annotate/grid-marks.js';
export type { FacetValue } from '../query/events.js';
export type { GroupHeader, GroupPage } from '../query/groups.js';
export type { CaseExport } from '../annotate/export/write.js';
export type { ExportFormat as CaseExportFormat } from '../model/export-formats.js';
export type { EventExport } from '../query/export.js';
export type { Seek } from '../query/timeline.js';
export type { DeriveStatus } from '../derive/status.js';
export type { DeriveSummary } from '../derive/index.js';
export type { ProfileState, ProfileCheck, ProfileProblem } from '../derive/profile.js';
export type { HeadDetection } from '../evidence/detect-head.js';
export type { SourceCoverage, TamperEvent } from '../query/coverage.js';
export type { VerifyResult } from '../evidence/verify.js';
export type { CaseTimelineEntry } from '../annotate/case-timeline.js';
export type { Reference } from '../annotate/references.js';

// ---- The Electron shell's own methods (electron/main.ts answers them in the main process, not the engine) ----

export interface ShellMethods {
  'app.session': { params: Record<string, never>; result: SessionInfo };
  'app.recent': { params: Record<string, never>; result: string[] };
  'app.openCaseDialog': { params: Record<string, never>; result: CaseRef | null };
  'app.createCaseDialog': { params: { name?: string }; result: CaseRef | null };
  'app.openRecent': { params: { path: string }; result: CaseRef };
  'app.chooseEvidence': { params: { kind?: 'files' | 'folder' }; result: { paths: string[] } | null };
  'app.chooseExport': { params: { name?: string }; result: { path: string } | null };
}

/** The workbench's views, as the shell's menu names them and the page routes them. */
export type WorkbenchView =
  'case' | 'identities' | 'timeline' | 'events' | 'graph' | 'detections' | 'credentials' | 'narrative' | 'report';

/** Events the shell and the transports push besides the engine's ApiEvents. */
export interface ShellEvents {
  'app.caseChanged': CaseRef;
  'app.dropped': { paths: string[] };
  'app.menu': { action: 'new-case' | 'add-evidence' } | { action: 'view'; view: WorkbenchView };
  'transport.connected': null;
  'transport.disconnected': null;
}

/** What the page learns about its host when it starts (bridge GET /session, Electron app.session). */
export interface SessionInfo {
  mode: 'browser' | 'electron';
  version: string;
  /** Folders the core accepts paths from (browser mode); null in Electron, where paths come from dialogs. */
  allowed_roots: string[] | null;
  /** Browser mode can upload chosen/dropped files beside the case. */
  uploads: boolean;
  max_upload_bytes?: number;
  uploads_dir?: string | null;
  methods: string[];
  /** The sample case (`npm run demo`), when built. */
  demo_case?: string | null;
  /** Who acts when the page names nobody (`serve --analyst`, SESSIONSCOPE_ANALYST, the case's, the OS user). */
  analyst?: string;
  /** Browser mode: the page asks the analyst's name once per browser session and sends it with every call. */
  ask_analyst?: boolean;
}

/** The bridge's answer to one uploaded file (browser mode). */
export interface UploadResult {
  batch: string;
  dir: string;
  path: string;
  name: string;
  bytes: number;
  sha256: string;
}

// ---- The contract's own rules, checked by the compiler ----

type Scalar = string | number | boolean | null | undefined;
type NotJson = Date | Map<unknown, unknown> | Set<unknown> | Uint8Array | bigint | symbol;

/**
 * The places in T that break the wire rules, as readable strings: a key that is not snake_case (DESIGN §7: one
 * casing rule for every param and result) or a value JSON cannot carry. `never` when T is clean.
 */
type Problems<T, P extends string, D extends 0[] = []> = D['length'] extends 10
  ? never
  : T extends Scalar
    ? never
    : T extends (...args: never[]) => unknown
      ? `${P}: a function`
      : T extends NotJson
        ? `${P}: not JSON`
        : T extends readonly (infer E)[]
          ? Problems<E, `${P}[]`, [...D, 0]>
          : T extends object
            ? {
                [K in keyof T & string]-?:
                  | (string extends K ? never : K extends Lowercase<K> ? never : `${P}.${K}: not snake_case`)
                  | Problems<T[K], `${P}.${K}`, [...D, 0]>;
              }[keyof T & string]
            : never;

export type ContractProblems =
  | { [K in MethodName]: Problems<Params<K>, `${K} params`> | Problems<Result<K>, `${K} result`> }[MethodName]
  | { [E in keyof ApiEvents]: Problems<ApiEvents[E], `${E} event`> }[keyof ApiEvents]
  | { [K in keyof ShellMethods]: Problems<ShellMethods[K], K> }[keyof ShellMethods]
  | Problems<SessionInfo, 'SessionInfo'>;

/** Fails to compile, naming each offending field, when a param or result breaks the rules above. */
type Expect<T extends never> = T;
export type ContractIsClean = Expect<ContractProblems>;
