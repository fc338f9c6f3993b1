// The Events grid's saved state, as the case keeps it: saved views and colour rules (core/annotate/saved-views.ts,
// color-rules.ts). Pure types, shared by the API, the report and the renderer.

/** One grid column as the analyst arranged it: display order is array order. */
export interface ColumnSetting {
  key: string;
  width: number;
  hidden: boolean;
}

/** A row colour for the events a search matches; the first matching rule wins. */
export interface ColorRule {
  query: string;
  color: string;
}

/** A named search: its Events route (search, column filters, time window), columns and colour rules. */
export interface SavedView {
  id: number;
  name: string;
  /** The Events view's route params: what reopens the view exactly as saved. */
  params: Record<string, string>;
  /** The events.list filter those params mean: what the narrative and the report re-run. */
  filter: Record<string, unknown>;
  columns: ColumnSetting[];
  color_rules: ColorRule[];
  created_at: string;
  created_by: string | null;
  updated_at: string;
  updated_by: string | null;
}
