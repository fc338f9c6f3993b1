// The fields a search may name (`field:value`): one table for the parser (which names exist, for errors and
// suggestions), the compiler (what each kind of field means in SQL, core/query/search/field-sql.ts), the help
// texts (CLI --help, search.fields, README) and clients that complete field names. To add a field, add a row: a
// column of the events view with kind text or enum needs nothing else; a new kind needs its case in field-sql.ts.
import { CATEGORIES, OUTCOMES, PRINCIPAL_TYPES } from '../event.js';
import { FLAG_NAMES } from '../flags.js';

export type FieldKind =
  /** A text column: exact (case-insensitive) value, or a glob with `*` / `?`. */
  | 'text'
  /** A column with a closed set of values: unknown values are errors; globs expand over the set. */
  | 'enum'
  /** The log format: an enum whose set is the format registry (importers/formats.ts), read when compiling. */
  | 'format'
  /** The source address: an address, CIDR, IPv4 wildcard (`203.0.113.*`), IPv6 prefix. */
  | 'ip'
  /** `src_ip:`: an address form as `ip:`, anything else as text. */
  | 'ip_or_text'
  | 'after'
  | 'before'
  | 'flag'
  | 'tag'
  | 'layer'
  | 'identity'
  | 'session'
  | 'evidence'
  | 'id'
  /** A family: `fact.KEY:value` over the facts importers state (core/model/facts.ts). */
  | 'fact'
  /**
   * What IP intelligence says about the source address (core/enrich, the ip_intel table): `column` names the
   * ip_intel column; field-sql.ts reads asn (a number), tor (yes/no), cloud (provider[/region-or-service]) specially.
   */
  | 'intel';

export interface FieldSpec {
  name: string;
  aliases?: readonly string[];
  kind: FieldKind;
  /** Column of the events view (`e.`), for text and enum fields; of ip_intel for intel fields. */
  column?: string;
  /** The closed set of an enum field. */
  values?: readonly string[];
  /** The name is a prefix followed by a key (`fact.` + `tool`). */
  family?: boolean;
  help: string;
  example: string;
}

export const SEARCH_FIELDS: readonly FieldSpec[] = [
  { name: 'action', kind: 'text', column: 'action', help: 'the action (API call, verb…)', example: 'action:s3:Get*' },
  {
    name: 'resource',
    kind: 'text',
    column: 'resource',
    help: 'the resource acted on',
    example: 'resource:*customer-exports*',
  },
  {
    name: 'resource_type',
    kind: 'text',
    column: 'resource_type',
    help: 'the kind of resource',
    example: 'resource_type:*bucket*',
  },
  {
    name: 'principal',
    kind: 'text',
    column: 'principal',
    help: 'the principal as the log names it',
    example: 'principal:*backup-svc',
  },
  {
    name: 'principal_type',
    aliases: ['type'],
    kind: 'enum',
    column: 'principal_type',
    values: PRINCIPAL_TYPES,
    help: 'the kind of principal',
    example: 'principal_type:access_key',
  },
  {
    name: 'identity',
    kind: 'identity',
    help: 'an identity by id, name, alias or the end of one (user/backup-svc), or a glob over them',
    example: 'identity:user/backup-svc',
  },
  {
    name: 'session',
    kind: 'session',
    help: "a derived session (S12) or the log's session key",
    example: 'session:S12',
  },
  {
    name: 'session_key',
    aliases: ['key'],
    kind: 'text',
    column: 'session_key',
    help: "the log's session key (access key id, token accessor…)",
    example: 'session_key:ASIA*',
  },
  {
    name: 'ip',
    kind: 'ip',
    help: 'the source address: an address, a CIDR, 203.0.113.* or an IPv6 prefix',
    example: 'ip:10.0.0.0/8',
  },
  {
    name: 'src_ip',
    kind: 'ip_or_text',
    column: 'src_ip',
    help: 'as ip:, or the source as text when it is not an address (*.amazonaws.com)',
    example: 'src_ip:*.amazonaws.com',
  },
  {
    name: 'asn',
    kind: 'intel',
    column: 'asn',
    help: "the source address's autonomous system (14061 or AS14061)",
    example: 'asn:AS14061',
  },
  {
    name: 'org',
    kind: 'intel',
    column: 'org',
    help: "the organisation of the source address's autonomous system (globs)",
    example: 'org:*digitalocean*',
  },
  {
    name: 'country',
    kind: 'intel',
    column: 'country',
    help: 'the country the source address is registered in (ISO code)',
    example: 'country:RU',
  },
  {
    name: 'cloud',
    kind: 'intel',
    column: 'cloud',
    help: "the cloud the source address belongs to by its provider's published ranges: provider, then /region or /service",
    example: 'cloud:aws/us-east-1',
  },
  {
    name: 'tor',
    kind: 'intel',
    column: 'tor',
    values: ['yes', 'no'],
    help: 'whether the source address is a Tor exit (on the exit list’s date)',
    example: 'tor:yes',
  },
  {
    name: 'user_agent',
    aliases: ['ua'],
    kind: 'text',
    column: 'user_agent',
    help: 'the user agent',
    example: 'ua:*curl*',
  },
  {
    name: 'outcome',
    kind: 'enum',
    column: 'outcome',
    values: OUTCOMES,
    help: 'success, failure or unknown',
    example: '-outcome:success',
  },
  {
    name: 'error_code',
    aliases: ['error'],
    kind: 'text',
    column: 'error_code',
    help: 'the error the log states',
    example: 'error:AccessDenied*',
  },
  {
    name: 'category',
    kind: 'enum',
    column: 'category',
    values: CATEGORIES,
    help: 'the normalized category of the action',
    example: 'category:credential',
  },
  {
    name: 'format',
    aliases: ['source'],
    kind: 'format',
    column: 'format',
    help: 'the log format (sessionscope formats lists them)',
    example: 'format:cloudtrail',
  },
  {
    name: 'detail',
    kind: 'text',
    column: 'detail',
    help: "the importer's detail text (parameters, SQL, command line)",
    example: 'detail:*DROP*',
  },
  {
    name: 'evidence',
    kind: 'evidence',
    help: 'the evidence file, by id or file name (glob)',
    example: 'evidence:*postgres*',
  },
  { name: 'id', kind: 'id', help: 'one event by its id', example: 'id:1773150403123456' },
  {
    name: 'flag',
    kind: 'flag',
    values: FLAG_NAMES.map(([, n]) => n),
    help: 'a derived flag: ' + FLAG_NAMES.map(([, n]) => n).join(', '),
    example: 'flag:log_tamper',
  },
  { name: 'tag', kind: 'tag', help: 'events tagged so (case-insensitive, globs)', example: 'tag:exfil*' },
  {
    name: 'layer',
    kind: 'layer',
    help: 'events annotated in this layer',
    example: 'layer:"initial access"',
  },
  {
    name: 'after',
    kind: 'after',
    help: 'at or after this time (ISO-8601; without an offset, in the display zone)',
    example: 'after:2026-03-10T13:45',
  },
  {
    name: 'before',
    kind: 'before',
    help: 'strictly before this time',
    example: 'before:2026-03-10T15:00Z',
  },
  {
    name: 'fact.',
    kind: 'fact',
    family: true,
    help: 'a fact an importer stated about the event (fact.tool, fact.issued_key, fact.ci_repository…)',
    example: 'fact.tool:export_csv',
  },
];

export interface FieldMatch {
  spec: FieldSpec;
  /** For a family: the key after the prefix. */
  sub?: string;
}

const BY_NAME = new Map<string, FieldSpec>();
for (const f of SEARCH_FIELDS) {
  if (f.family) continue;
  for (const n of [f.name, ...(f.aliases ?? [])]) BY_NAME.set(n, f);
}

/** Every plain field name and alias, for suggestions. */
export const FIELD_NAMES: readonly string[] = [...BY_NAME.keys()].sort();

/** The field a name denotes (case-insensitive), or null. */
export function lookupField(name: string): FieldMatch | null {
  const lower = name.toLowerCase();
  const direct = BY_NAME.get(lower);
  if (direct) return { spec: direct };
  for (const f of SEARCH_FIELDS) {
    if (f.family && lower.startsWith(f.name) && lower.length > f.name.length)
      return { spec: f, sub: name.slice(f.name.length) };
  }
  return null;
}
