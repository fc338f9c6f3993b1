// The visible columns of a layout with their frozen offsets: what the header, the filter row and the rows share.
import type { Layout } from './columns';

export interface VisibleColumn {
  key: string;
  width: number;
  /** Stays in place when the grid scrolls sideways. */
  frozen: boolean;
  /** Left offset of a frozen column. */
  left: number;
}

export function visibleColumns(layout: Layout): VisibleColumn[] {
  let left = 0;
  return layout.columns
    .filter((c) => !c.hidden)
    .map((c, i) => {
      const frozen = i < layout.frozen;
      const v = { key: c.key, width: c.width, frozen, left };
      left += c.width;
      return v;
    });
}

export const gridTemplate = (cols: VisibleColumn[]) => cols.map((c) => `${c.width}px`).join(' ');
export const gridWidth = (cols: VisibleColumn[]) => cols.reduce((a, c) => a + c.width, 0);
