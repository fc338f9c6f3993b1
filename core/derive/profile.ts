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
import { parse as parseYaml, YAMLParseError } from 'yaml';
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

/** Parses and validates a profile; errors name the line or the field. */
export function parseProfile(text: string): Profile {
  let doc: unknown;
  try {
    doc = parseYaml(text, { maxAliasCount: 100 });
  } catch (e) {
    const where = e instanceof YAMLParseError && e.linePos ? ` (line ${e.linePos[0].line})` : '';
    throw new UserError('INVALID_PARAMS', `profile is not valid YAML${where}: ${(e as Error).message.split('\n')[0]}`);
  }
  if (doc === null || doc === undefined) return { identities: [] };
  const r = profileSchema.safeParse(doc);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new UserError('INVALID_PARAMS', `profile: ${issue.path.join('.') || 'document'}: ${issue.message}`);
  }
  return r.data;
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
