// The colour rules in force: the open saved view's, else the case's (grid.color_rules).
import { useAsync } from '../../lib/use-async';
import { useApp } from '../../app/store';
import type { ColorRule } from '../../lib/contract';

export function useCaseColorRules(): { rules: ColorRule[]; error: unknown; reload: () => void } {
  const { t, dataVersion, caseRef } = useApp();
  const r = useAsync(() => t.call('grid.color_rules', {}), [t, dataVersion, caseRef?.case]);
  return { rules: r.value ?? [], error: r.error, reload: r.reload };
}
