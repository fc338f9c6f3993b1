// The intended-behaviour profile: per identity (matched by name, alias or glob), the actions and resources it
// may touch. Events of a profiled identity outside its profile are out of scope; identities without a profile
// are not judged. The YAML is analyst work, stored verbatim (comments included) and never derived.
//
//   identities:
//     - match: support-copilot              # identity name, alias or glob
//       allow:
//         actions: ["*lookup_ticket*", "*query_customers*"]   # globs over the normalized action
//         resources: ["*"]                                     # globs over the resource (default "*")
//         categories: [read, query]                            # optional: only these event categories
//       deny:                                                  # optional: never these, whatever allow says
//         actions: ["*DROP*"]
//         resources: ["db:prod/*"]
import { z } from 'zod';
import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type YAMLError } from 'yaml';
import type { CaseDb } from '../casefile/open.js';
import { CATEGORIES } from '../model/event.js';
import { UserError } from '../errors.js';
import { globMatch } from './glob.js';

const globs = z.array(z.string().min(1).max(2000)).max(500);

const ruleSchema = z
  .object({
    match: z.string().min(1).max(2000),
    description: z.string().max(4000).optional(),
    allow: z
      .object({
        actions: globs.optional(),
        resources: globs.optional(),
        categories: z.array(z.enum(CATEGORIES)).max(20).optional(),
      })
      .strict()
      .optional(),
    deny: z.object({ actions: globs.optional(), resources: globs.optional() }).strict().optional(),
  })
  .strict();

const profileSchema = z
  .object({
    identities: z.array(ruleSchema).max(5000).default([]),
  })
  .strict();

export type ProfileRule = z.infer<typeof ruleSchema>;
export type Profile = z.infer<typeof profileSchema>;

/** One problem with a profile, where it is: 1-based line and column of the YAML text, and the field's path. */
export interface ProfileProblem {
  line: number;
  col: number;
  /** `identities.0.allow.actions` — empty for a YAML syntax error. */
  path: string;
  message: string;
}

/** profile.validate: the parsed profile when the text is valid, else every problem found, in text order. */
export type ProfileCheck = { ok: true; profile: Profile; problems: [] } | { ok: false; problems: ProfileProblem[] };

/**
 * The YAML node a schema issue is about: the path is followed as far as the document has it (a missing field
 * points at the map that lacks it); an unknown key points at that key itself.
 */
function nodeRange(doc: Document, path: PropertyKey[], unknownKey?: string): [number, number] | null {
  let node: unknown = doc.contents;
  let range: [number, number] | null = rangeOf(node);
  for (const key of path) {
    const next = isMap(node) || isSeq(node) ? node.get(key as string | number, true) : undefined;
    if (next === undefined) break;
    node = next;
    range = rangeOf(node) ?? range;
  }
  if (unknownKey !== undefined && isMap(node)) {
    const pair = node.items.find((it) => isPair(it) && isScalar(it.key) && it.key.value === unknownKey);
    const k = pair && isScalar(pair.key) ? rangeOf(pair.key) : null;
    if (k) range = k;
  }
  return range;
}

function rangeOf(node: unknown): [number, number] | null {
  const r = (node as { range?: [number, number, number] } | null)?.range;
  return r ? [r[0], r[1]] : null;
}

/**
 * Checks a profile the way the editor needs it: every YAML error with the parser's line and column, else every
 * schema problem with the line and column of the node it is about. Never throws on bad input.
 */
export function checkProfile(text: string): ProfileCheck {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true });
  if (doc.errors.length > 0)
    return {
      ok: false,
      problems: doc.errors.map((e: YAMLError) => ({
        line: e.linePos?.[0].line ?? 1,
        col: e.linePos?.[0].col ?? 1,
        path: '',
        message: `not valid YAML: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`,
      })),
    };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    return { ok: false, problems: [{ line: 1, col: 1, path: '', message: (e as Error).message.split('\n')[0] }] };
  }
  if (value === null || value === undefined) return { ok: true, profile: { identities: [] }, problems: [] };
  const r = profileSchema.safeParse(value);
  if (r.success) return { ok: true, profile: r.data, problems: [] };
  const problems: ProfileProblem[] = [];
  for (const issue of r.error.issues) {
    // zod names unknown keys in one issue; each gets its own line.
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [undefined];
    for (const key of keys) {
      const range = nodeRange(doc, issue.path, key);
      const pos = range ? lines.linePos(range[0]) : { line: 1, col: 1 };
      const at = [...issue.path, ...(key !== undefined ? [key] : [])].map(String).join('.');
      problems.push({
        line: pos.line,
        col: pos.col,
        path: at,
        message:
          key !== undefined
            ? `unknown field "${key}"`
            : issue.code === 'invalid_value'
              ? `must be one of: ${issue.values.map(String).join(', ')}`
              : issue.message,
      });
    }
  }
  problems.sort((a, b) => a.line - b.line || a.col - b.col);
  return { ok: false, problems };
}

/** Parses and validates a profile; the error names the first problem's line, column and field. */
export function parseProfile(text: string): Profile {
  const r = checkProfile(text);
  if (r.ok) return r.profile;
  const first = r.problems[0];
  const more = r.problems.length > 1 ? ` (+${r.problems.length - 1} more)` : '';
  throw new UserError(
    'INVALID_PARAMS',
    `profile${first.path ? `: ${first.path}` : ''} (line ${first.line}, column ${first.col}): ${first.message}${more}`,
  );
}

/** The profile as stored: its YAML, parsed, and who saved it when. */
export interface StoredProfile {
  yaml: string;
  profile: Profile;
  updated_at: string | null;
  analyst: string | null;
}

/** profile.get: the stored profile and how many events fall outside it. */
export interface ProfileState extends StoredProfile {
  out_of_scope: number;
}

export function loadProfile(db: CaseDb): StoredProfile {
  const row = db.prepare('SELECT yaml, updated_at, analyst FROM profiles WHERE id = 1').get() as
    { yaml: string; updated_at: string; analyst: string | null } | undefined;
  if (!row) return { yaml: '', profile: { identities: [] }, updated_at: null, analyst: null };
  let profile: Profile;
  try {
    profile = parseProfile(row.yaml);
  } catch {
    profile = { identities: [] };
  }
  return { yaml: row.yaml, profile, updated_at: row.updated_at, analyst: row.analyst };
}

export function saveProfile(db: CaseDb, yaml: string, analyst: string): void {
  db.prepare(
    `INSERT INTO profiles(id, yaml, updated_at, analyst) VALUES (1, ?, ?, ?)
    ON CONFLICT(id) DO UPDATE SET yaml = excluded.yaml, updated_at = excluded.updated_at, analyst = excluded.analyst`,
  ).run(yaml, new Date().toISOString(), analyst);
}

/** The rules that apply to an identity known by these names. */
export function rulesFor(profile: Profile, names: string[]): ProfileRule[] {
  return profile.identities.filter((r) => names.some((n) => n === r.match || globMatch(r.match, n)));
}

const anyGlob = (list: string[] | undefined, s: string, dflt: boolean) =>
  list === undefined ? dflt : list.some((g) => globMatch(g, s));

/**
 * True when an event of an identity with these rules falls outside them. An event without a resource is judged by its
 * action.
 */
export function isOutOfScope(rules: ProfileRule[], action: string, resource: string | null, category: string): boolean {
  if (rules.length === 0) return false;
  const res = resource ?? '';
  for (const r of rules) {
    if (anyGlob(r.deny?.actions, action, false) || (resource !== null && anyGlob(r.deny?.resources, res, false)))
      return true;
  }
  return !rules.some(
    (r) =>
      anyGlob(r.allow?.actions, action, true) &&
      (resource === null || anyGlob(r.allow?.resources, res, true)) &&
      (r.allow?.categories === undefined || (r.allow.categories as string[]).includes(category)),
  );
}
