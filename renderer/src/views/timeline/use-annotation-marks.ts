// Loads what the analysts marked (all live annotations, page by page; manual events; layers) for the timeline.
import type { Transport } from '../../transport';
import type { Annotation } from '../../lib/contract';
import { useAsync } from '../../lib/use-async';
import { buildMarks, type AnnotationMarks } from './annotation-marks';

const PAGE = 20_000;

async function loadMarks(t: Transport): Promise<AnnotationMarks> {
  const anns: Annotation[] = [];
  for (let after: number | undefined; ;) {
    const page = await t.call('annotations.list', { limit: PAGE, ...(after !== undefined ? { after } : {}) });
    anns.push(...page);
    if (page.length < PAGE) break;
    after = page[page.length - 1].id;
  }
  const [manual, layers] = await Promise.all([t.call('manual.list'), t.call('layers.list')]);
  return buildMarks(anns, manual, layers);
}

export function useAnnotationMarks(t: Transport, dataVersion: number) {
  return useAsync(() => loadMarks(t), [t, dataVersion]);
}
