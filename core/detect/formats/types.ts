// How Sigma sees one SessionScope format: which Sigma log sources its records answer, how its stored raw
// bytes split into records, which field names it has, and where Sigma field names that differ from the raw
// record's are read (docs/detections.md, "Field mappings").
import type { FormatId } from '../../model/event.js';
import type { Logsource } from '../sigma/rule.js';
import type { Value, View } from '../record.js';

/** Where a Sigma field is read: raw paths tried in order (the first present wins), or a function. */
export type Source = string | string[] | ((v: View) => Value[] | undefined);

export interface SigmaFormat {
  id: FormatId;
  /** Sigma log sources this format's records answer (a rule's product/service/category must equal these). */
  logsources: Logsource[];
  /** json: one JSON value per record (several joined by newlines when the importer merged records);
   *  auditd: audit.log lines, each record evaluated on its own. */
  records: 'json' | 'auditd';
  /** Field names the format's records have (matched ignoring case): `x.*` admits x and everything below it. */
  schema: string[];
  /** Sigma field (lower-cased) → where to read it; a key `x.*` maps every field below x. */
  fields: Record<string, Source>;
  /**
   * The JSON value Sigma sees in a stored record that is not JSON (a CSV row: the export's JSON column), or
   * undefined when it holds none (the record is then searched by keywords only).
   */
  fromText?: (text: string) => unknown;
  /** The record Sigma sees inside a stored one (a log shipper's wrapper around the event). */
  unwrap?: (json: unknown) => unknown;
  /** Roots a field name is also looked up under (Entra: top level, then `properties.`). */
  roots?: string[];
  /** The texts keywords are searched in (default: every string and number of the record). */
  keywords?: (v: View) => string[];
  /**
   * Sigma fields (lower-cased) whose value the normalized action states exactly, for every event of the format
   * (the prefilter: a rule whose condition is false on these values cannot match, so the raw record is not read).
   */
  fromAction?: (action: string) => Record<string, string> | null;
}
