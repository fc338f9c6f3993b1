// The formats export.case writes. A module of its own, with no imports: the CLI lists them in its --help, and
// every command it registers is loaded at start-up.
export const EXPORT_FORMATS = ['csv', 'jsonl', 'timesketch', 'ecs'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
