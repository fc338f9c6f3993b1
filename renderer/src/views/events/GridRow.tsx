// One grid row: its selection, cursor, open and colour-rule states, the first layer's colour, and its cells.
import type { CSSProperties, MouseEvent } from 'react';
import type { ColorRule, EventJson, GridMark } from '../../lib/contract';
import { Cells } from './Cells';
import type { VisibleColumn } from './grid-layout';

export function GridRow({
  index,
  start,
  r,
  mark,
  rule,
  selected,
  cursor,
  inGroup = false,
  open,
  template,
  columns,
  tz,
  onClick,
}: {
  index: number;
  start: number;
  r: EventJson | undefined;
  mark: GridMark | undefined;
  rule: ColorRule | undefined;
  selected: boolean;
  cursor: boolean;
  /** A row of an expanded group (grouped grid): indented under its header. */
  inGroup?: boolean;
  open: boolean;
  template: string;
  columns: VisibleColumn[];
  tz: string;
  onClick: (e: MouseEvent) => void;
}) {
  const cls = ['grid-row'];
  if (selected) cls.push('selected');
  if (cursor) cls.push('cursor');
  if (open) cls.push('open');
  if (r?.outcome === 'failure') cls.push('failed');
  if (rule) cls.push('ruled');
  if (inGroup) cls.push('in-group');
  const style: CSSProperties & Record<string, string> = {
    transform: `translateY(${start}px)`,
    gridTemplateColumns: template,
  };
  if (rule) style['--rule'] = rule.color;
  if (mark?.layers.length) style['--layer'] = mark.layers[0].color;
  return (
    <div
      role="row"
      aria-rowindex={index + 1}
      aria-selected={selected}
      aria-level={inGroup ? 2 : undefined}
      className={cls.join(' ')}
      style={style}
      title={rule ? `colour rule: ${rule.query}` : undefined}
      onClick={onClick}
      data-testid="grid-row"
      data-id={r?.id}
      data-layer={mark?.layers.map((l) => l.name).join(',') || undefined}
    >
      {r ? <Cells r={r} tz={tz} columns={columns} mark={mark} /> : <div className="gcell muted">…</div>}
    </div>
  );
}
