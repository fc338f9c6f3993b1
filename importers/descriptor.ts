// What a log format declares about itself, once, in importers/<id>/format.ts. Everything outside the format's
// folder reads this: derivation (naming system, alias method, session-key lifetime), the `formats.list` method,
// the CLI and the renderer. A descriptor module imports no parser: the importer loads only through `load`, so
// reading every descriptor costs next to nothing (the CLI and derivation read them without parsing anything).
import type { Importer } from './types.js';

export interface FormatDescriptor<Id extends string = string> {
  /** The format id: the folder name under importers/, `--format` on the command line, `format` on every event. */
  id: Id;
  /** Display name, as the CLI's `formats` table and the workbench show it. */
  title: string;
  /** What it reads: the products, shapes and variants, in a line (the README's format table shows it). */
  reads: string;
  /**
   * The naming system of this format's principals. Aliases are "system|value" atoms (core/derive/atoms.ts): the
   * same principal string means the same identity only inside one system. Formats that name principals the same
   * way share a system (entra-signin and entra-audit are both `entra`).
   */
  system: string;
  /**
   * The method recorded on an alias this source states through the `alias` fact (what the analyst reads as
   * "why these are one identity"), e.g. `okta-client-app`; the plain `stated-alias` for a source that states
   * no alias of its own today (generic, ecs).
   */
  statedAliasMethod: string;
  /** What its events can show of a principal; coverage reports which sources show each identity doing which. */
  states: {
    /** Authentication: sign-ins, logins, token exchanges (events of category `auth`). */
    auth: boolean;
    /** Actions: what the principal did with its access (events of any other category). */
    actions: boolean;
  };
  /**
   * Where an event's session key comes from, or null when the format states none. `lifetime` says what one key
   * is: `session` (an STS session, a login, a connection: one key is one session) or `credential` (a long-lived
   * secret, key or token used for many sessions, so derivation splits its use into runs by inactivity).
   */
  sessionKey: { fields: string[]; lifetime: 'session' | 'credential' } | null;
  /**
   * Where the keys this format names (its session keys and the credentials it states as `issued_key`) are unique,
   * when other formats' logs name the same credentials: one key in one namespace is one credential, and its
   * sessions and parent links span those formats. Every Microsoft format declares `entra` (token ids, Entra
   * session ids, credential key ids). Absent: the format id (its keys mean nothing elsewhere). AWS access key ids
   * are global whatever this says.
   */
  keyNamespace?: string;
  /** What the format cannot represent, one line each (the docs page, importers/<id>/README.md, has the detail). */
  cannotRepresent: string[];
  /** How to get the logs out of the product: commands, API calls or console paths. */
  exportHow: string[];
  /**
   * Real samples in the shared corpus (../shared/corpus, never in the repository) that must be detected as this
   * format; the corpus conformance test reads them. Folder names take every file in them but the peer oracles.
   */
  corpus: { folders?: string[]; files?: string[] };
  /** The importer: detection and parsing. Loaded on demand so that descriptors stay cheap to import. */
  load(): Promise<Importer>;
}

/** Declares a format; the literal id is kept, so FormatId (importers/formats.ts) follows from the registry. */
export function defineFormat<const Id extends string>(d: FormatDescriptor<Id>): FormatDescriptor<Id> {
  return d;
}
