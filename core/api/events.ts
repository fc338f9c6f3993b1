// What the engine pushes to its caller while a method runs (ApiContext.emit): event name → payload. The
// transports forward these unchanged (CLI stderr, IPC `on`, the bridge's event stream); core/api/contract.ts
// re-exports them for the renderer.
import type { ImportProgress } from '../evidence/import-job.js';
import type { ReportProgress } from '../report/options.js';

export interface ExportProgress {
  /** Events written so far. */
  events: number;
}

export interface ApiEvents {
  'import.progress': ImportProgress;
  'report.progress': ReportProgress;
  'export.progress': ExportProgress;
}

/** An ApiContext.emit that hands each event to its handler, typed by the event's name; other events are ignored. */
export function onEvents(handlers: { [E in keyof ApiEvents]?: (data: ApiEvents[E]) => void }) {
  return <E extends keyof ApiEvents>(event: E, data: ApiEvents[E]): void => {
    handlers[event]?.(data);
  };
}
