// Scope (blast radius), deviations, visibility coverage and the intended-behaviour profile.
// Shapes are documented at each method; times are ISO-8601 UTC strings (`*_us` twins are µs for sorting/sliders).
import { z } from 'zod';
import { scopeFirstPage, scopeResources } from '../../query/scope-page.js';
import { MAX_PAGE } from '../../query/page.js';
import { computeDeviations } from '../../derive/deviations.js';
import { computeCoverage } from '../../query/coverage.js';
import { checkProfile, loadProfile, parseProfile, saveProfile, type ProfileState } from '../../derive/profile.js';
import { applyProfile } from '../../derive/apply-profile.js';
import { identityIds as resolvedIds } from '../../query/resolve.js';
import { defineMethod } from '../registry.js';
import { isoTime, micros } from '../params.js';

const ref = z.string().min(1).max(2000);

export const analysisMethods = [
  defineMethod({
    name: 'scope.run',
    summary:
      'Blast radius: identities and resources reachable forward in time from an identity, with first-reach times and paths',
    // → {start:{identities:[id], names:[…], since},
    //    identities:[{id, name, kind, nhi, first_seen, first_seen_us,
    //      via:'start'|'assumed'|'federated'|'impersonated'|'minted'|'triggered'|'credential', from,
    //      reached_by:{kind, from_identity, from_session, event, action}, path:[names]}],
    //    resources:[{id, name, type, service, first_touch, first_touch_us, actions:[…], events, identities:[names],
    //      first_event}],
    //   sessions:[{id, identity_id, reached, reached_us, via}], paths:[[names]], truncated,
    //   resources_next, resources_total}
    // Resources come one page at a time (resources_limit, default 500): resources_next continues with
    // scope.resources.
    params: z
      .object({
        identity: ref,
        since: isoTime.optional(),
        resources_limit: z.number().int().min(1).max(MAX_PAGE).optional(),
      })
      .strict(),
    mutates: false,
    needsCase: true,
    handler(ctx, p) {
      return scopeFirstPage(ctx.caseFile!.db, p.identity, micros(p.since, 'since'), p.resources_limit);
    },
  }),
  defineMethod({
    name: 'scope.resources',
    summary: "The next page of a scope's resources (first touch order): {items, next, total}",
    params: z
      .object({
        identity: ref,
        since: isoTime.optional(),
        cursor: z.string().max(4096),
        limit: z.number().int().min(1).max(MAX_PAGE).optional(),
      })
      .strict(),
    mutates: false,
    needsCase: true,
    handler(ctx, p) {
      return scopeResources(ctx.caseFile!.db, p.identity, micros(p.since, 'since'), p.cursor, p.limit);
    },
  }),
  defineMethod({
    name: 'deviations.list',
    summary: 'Identities ranked by how far the investigation window departs from their baseline, with reasons',
    // → {baseline_until, deviations:[{identity, identity_id, kind, nhi, score (0–100), reasons:[text],
    //      details:[{code, text, weight, events:[ids]}]}]}
    params: z
      .object({
        baseline_until: isoTime.optional(),
        identity: ref.optional(),
        min_score: z.number().min(0).max(100).optional(),
        limit: z.number().int().min(1).max(100000).optional(),
      })
      .strict(),
    mutates: false,
    needsCase: true,
    handler(ctx, p) {
      const db = ctx.caseFile!.db;
      let identityIds: number[] | undefined;
      if (p.identity !== undefined) {
        identityIds = resolvedIds(db, p.identity);
      }
      const r = computeDeviations(db, {
        baselineUntil: micros(p.baseline_until, 'baseline_until'),
        identityIds,
        minScore: p.min_score,
      });
      return p.limit ? { ...r, deviations: r.deviations.slice(0, p.limit) } : r;
    },
  }),
  defineMethod({
    name: 'coverage.list',
    summary:
      'Visibility coverage per identity (auth vs action sources, what is unseen), per-source gaps, log-tampering events',
    // → {identities:[{identity, identity_id, kind, nhi, auth_sources:[…], action_sources:[…], flags:[code],
    //      details:[{flag, text, events}]}],
    //    sources:[{format, events, from, to, gaps:[{from, to, hours, after_event, before_event}]}],
    //    tamper:[{event, ts, format, identity, identity_id, action, outcome}]}
    params: z.object({ identity: ref.optional(), flagged: z.boolean().optional() }).strict(),
    mutates: false,
    needsCase: true,
    handler(ctx, p) {
      return computeCoverage(ctx.caseFile!.db, { identity: p.identity, flaggedOnly: p.flagged });
    },
  }),
  defineMethod({
    name: 'profile.get',
    summary: 'The intended-behaviour profile (YAML) and how many events fall outside it',
    // → {yaml, profile:{identities:[{match, allow:{actions, resources, categories}, deny:{actions, resources}}]},
    //    out_of_scope, updated_at, analyst}
    params: z.object({}).strict(),
    mutates: false,
    needsCase: true,
    handler(ctx) {
      const db = ctx.caseFile!.db;
      const p = loadProfile(db);
      const out = db
        .prepare('SELECT count(*) FROM events WHERE flags != 0 AND (flags & 1) != 0')
        .pluck()
        .get() as number;
      const state: ProfileState = { ...p, out_of_scope: out };
      return state;
    },
  }),
  defineMethod({
    name: 'profile.validate',
    summary: 'Check a profile (YAML) without applying it: every problem with its line, column and field',
    // → {ok:true, profile, problems:[]} | {ok:false, problems:[{line, col, path, message}]}
    params: z.object({ yaml: z.string().max(2_000_000) }).strict(),
    mutates: false,
    needsCase: false,
    handler(_ctx, p) {
      return checkProfile(p.yaml);
    },
  }),
  defineMethod({
    name: 'profile.set',
    summary: 'Replace the intended-behaviour profile (YAML, audited) and re-flag out-of-scope events',
    // → {yaml, profile, out_of_scope, identities:[{identity, identity_id, events, out_of_scope}]}
    params: z.object({ yaml: z.string().max(2_000_000) }).strict(),
    mutates: 'sync',
    needsCase: true,
    handler(ctx, p) {
      const db = ctx.caseFile!.db;
      const profile = parseProfile(p.yaml);
      saveProfile(db, p.yaml, ctx.analyst);
      const applied = applyProfile(db, profile);
      return { yaml: p.yaml, profile, ...applied };
    },
    // After the handler: the result type is inferred from the handler, and this hook reads it.
    auditResult: (r) => ({ out_of_scope: r.out_of_scope }),
  }),
];
