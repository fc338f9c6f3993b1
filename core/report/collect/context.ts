// What every collector needs: the case, the display clock, the selected layers and a few lookups made once.
import type { CaseHandle } from '../../casefile/open.js';
import type { Clock } from '../time.js';
import type { ReportProgress } from '../options.js';

export interface CollectContext {
  handle: CaseHandle;
  clock: Clock;
  layerIds: number[];
  evidenceNames: Map<number, string>;
  tagColor(name: string): string;
  progress(p: ReportProgress): void;
}
