// Identities, sessions and the scope graph of what the findings cite. When derivation has run on the case, the
// identity and session tables come from its identities and sessions (core/query); when it has not, from the events
// themselves (principals and the logs' session keys), and the section says so.
import type { CaseDb } from '../../casefile/open.js';
import type { Chip, FindingModel, NoteModel, ReportModel, ScopeIdentity, ScopeSession } from '../model.js';
import { listAnnotations } from '../../annotate/annotations.js';
import { identityById, type IdentityDetail } from '../../query/identities.js';
import { listSessions } from '../../query/sessions.js';
import { noteModel } from './events.js';
import { graphSvg } from '../svg/graph.js';
import { graphFromEvents, type GraphEvent, type GraphLink } from './graph-data.js';
import { hasDerived } from './derived.js';
import type { CollectContext } from './context.js';

/** Identities looked up, at most: a case may hold many thousands, the findings usually cite a few. */
const MAX_IDENTITIES = 200;

const NOT_DERIVED =
  'Derivation has not run on this case, so there are no resolved identities or sessions: the tables below list the principals and session keys exactly as the logs name them.';

/** Identity → identity links stated by the cited events' facts (a credential issued to, a role assumed). */
function factLinks(db: CaseDb, events: { id: number; identity: string; ts: number; action: string }[]): GraphLink[] {
  const st = db
    .prepare("SELECT value FROM event_facts WHERE event_id = ? AND key IN ('issued_to', 'target_identity')")
    .pluck();
  const out: GraphLink[] = [];
  for (const e of events)
    for (const v of st.all(e.id) as string[])
      if (v !== e.identity) out.push({ id: e.id, from: e.identity, to: v, action: e.action, ts: e.ts });
  return out;
}

function whereCited(findings: FindingModel[], test: (e: FindingModel['events'][number]) => boolean): string {
  return findings
    .filter((f) => f.events.some(test))
    .map((f) => f.label)
    .join(', ');
}

export function scopeSection(c: CollectContext, findings: FindingModel[]): ReportModel['scope'] {
  const db = c.handle.db;
  const cited = findings.flatMap((f) => f.events);
  const gEvents: GraphEvent[] = cited.map((e) => ({
    id: e.id,
    identity: e.identity,
    resource: e.resource,
    action: e.action,
    category: e.category,
    outcome: e.outcome,
    ts: e.ts,
  }));
  const g = graphFromEvents(gEvents, factLinks(db, gEvents), c.clock);
  const svg = graphSvg(g.nodes, g.edges, 'Scope graph: identities and the resources the cited events touched', 'scope');
  const principals = [...new Set(cited.map((e) => e.principal).filter((p): p is string => p !== null))];
  const keys = [...new Set(cited.map((e) => e.session_key).filter((k): k is string => k !== null))];

  // Derived identities, one lookup per identity the findings involve.
  const derived = hasDerived(db);
  const derivedIds: IdentityDetail[] = derived
    ? [...new Set(cited.map((e) => e.identity_id).filter((id): id is number => id !== null))]
        .slice(0, MAX_IDENTITIES)
        .map((id) => identityById(db, id))
    : [];
  let identities: ScopeIdentity[];
  let sessions: ScopeSession[] = [];
  if (derived) {
    identities = derivedIds.map((r) => ({
      name: r.name,
      kind: r.kind,
      events: r.events,
      first: r.first_seen ? c.clock.full(r.first_seen) : '',
      last: r.last_seen ? c.clock.full(r.last_seen) : '',
      sources: r.sources.join(', '),
      findings: whereCited(findings, (e) => e.identity === r.name),
      tags: [],
      notes: [],
    }));
    const keySet = new Set(keys);
    const sessionNames = new Set(cited.map((e) => e.session).filter((x): x is string => x !== null));
    for (const r of derivedIds) {
      for (const x of listSessions(db, { identityIds: [r.id], limit: 5000 })) {
        if (!(x.key !== null && keySet.has(x.key)) && !sessionNames.has(x.name)) continue;
        sessions.push({
          key: x.key ?? x.name,
          identity: x.identity ?? '',
          start: c.clock.full(x.start),
          end: c.clock.full(x.end),
          events: x.events,
          sources: x.sources.join(', '),
          tags: [],
          notes: [],
          findings: whereCited(
            findings,
            (e) => (e.session_key !== null && e.session_key === x.key) || e.session === x.name,
          ),
        });
      }
    }
  } else {
    identities =
      principals.length === 0
        ? []
        : (
            db
              .prepare(
                `SELECT principal, principal_type, count(*) AS n, min(ts) AS lo, max(ts) AS hi, group_concat(DISTINCT format) AS sources
      FROM events WHERE principal IN (${principals.map(() => '?').join(',')}) GROUP BY principal ORDER BY lo`,
              )
              .all(...principals) as {
              principal: string;
              principal_type: string;
              n: number;
              lo: number;
              hi: number;
              sources: string;
            }[]
          ).map((r) => ({
            name: r.principal,
            kind: r.principal_type,
            events: r.n,
            first: c.clock.full(r.lo),
            last: c.clock.full(r.hi),
            sources: r.sources,
            findings: whereCited(findings, (e) => e.principal === r.principal),
            tags: [],
            notes: [],
          }));
  }
  if (sessions.length === 0 && keys.length > 0) {
    sessions = (
      db
        .prepare(
          `SELECT session_key, min(principal) AS principal, count(*) AS n, min(ts) AS lo, max(ts) AS hi, group_concat(DISTINCT format) AS sources
      FROM events WHERE session_key IN (${keys.map(() => '?').join(',')}) GROUP BY session_key ORDER BY lo`,
        )
        .all(...keys) as {
        session_key: string;
        principal: string;
        n: number;
        lo: number;
        hi: number;
        sources: string;
      }[]
    ).map((r) => ({
      key: r.session_key,
      identity: r.principal,
      start: c.clock.full(r.lo),
      end: c.clock.full(r.hi),
      events: r.n,
      sources: r.sources,
      findings: whereCited(findings, (e) => e.session_key === r.session_key),
      tags: [],
      notes: [],
    }));
  }
  // Tags and notes the analysts put on these identities and sessions themselves.
  const marks = listAnnotations(db, { layerIds: c.layerIds, kinds: ['tag', 'note'], limit: 100_000 });
  const attach = <T extends { tags: Chip[]; notes: NoteModel[] }>(
    row: T,
    kind: 'identity' | 'session',
    names: string[],
  ): T => {
    for (const a of marks) {
      const t = a.target;
      const name = t.kind === 'identity' ? t.name : t.kind === 'session' ? t.key : null;
      if (t.kind !== kind || name === null || !names.includes(name)) continue;
      if (a.kind === 'tag' && !row.tags.some((x) => x.name === a.tag))
        row.tags.push({ name: a.tag!, color: a.tag_color ?? c.tagColor(a.tag!) });
      if (a.kind === 'note') row.notes.push(noteModel(c, a, `${kind} ${name}`));
    }
    return row;
  };
  const aliasesOf = (name: string) => [
    name,
    ...derivedIds.filter((r) => r.name === name).flatMap((r) => r.aliases.map((a) => a.value)),
  ];
  identities = identities.map((r) => attach(r, 'identity', aliasesOf(r.name)));
  sessions = sessions.map((r) => attach(r, 'session', [r.key]));
  return {
    graphSvg: svg,
    graphNote:
      g.nodes.length === 0
        ? 'No cited events, so there is nothing to draw.'
        : `${g.nodes.length} nodes drawn from the ${cited.length} cited events: who acted (rounded boxes), what they touched (square boxes), each target showing the main action that reached it, how many events and when first (${c.clock.label}).`,
    identities,
    sessions,
    derived,
    note: derived ? '' : NOT_DERIVED,
  };
}
