// Identities, sessions and the scope graph of what the findings cite. With derivation present the identity and
// session tables come from identities.list / sessions.list; without it, from the events themselves (principals
// and the logs' session keys), and the section says so.
import type { CaseDb } from '../../casefile/open.js';
import type { Chip, FindingModel, NoteModel, ReportModel, ScopeIdentity, ScopeSession } from '../model.js';
import { listAnnotations } from '../../annotate/annotations.js';
import { noteModel } from './events.js';
import { graphSvg } from '../svg/graph.js';
import { graphFromEvents, type GraphEvent, type GraphLink } from './graph-data.js';
import { asArray, callDerived, str } from './derived.js';
import type { CollectContext } from './context.js';

const NOT_DERIVED =
  'Identities and sessions are not derived yet in this case: the tables below list the principals and session keys exactly as the logs name them.';

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

export async function scopeSection(c: CollectContext, findings: FindingModel[]): Promise<ReportModel['scope']> {
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
  const names = [...new Set(cited.map((e) => e.identity))];
  const principals = [...new Set(cited.map((e) => e.principal).filter((p): p is string => p !== null))];
  const keys = [...new Set(cited.map((e) => e.session_key).filter((k): k is string => k !== null))];

  // Derived identities, one lookup per identity the findings involve (a case may hold many thousands).
  const derivedIds: Record<string, unknown>[] = [];
  for (const n of names.slice(0, 200)) {
    const r = await callDerived(c, 'identities.get', { identity: n });
    if (
      r &&
      typeof r === 'object' &&
      !Array.isArray(r) &&
      !derivedIds.some((x) => x.id === (r as Record<string, unknown>).id)
    )
      derivedIds.push(r as Record<string, unknown>);
  }
  let identities: ScopeIdentity[];
  let sessions: ScopeSession[] = [];
  const derived = derivedIds.length > 0;
  if (derived) {
    identities = derivedIds.map((r) => ({
      name: str(r.name),
      kind: str(r.kind),
      events: Number(r.events ?? 0),
      first: r.first_seen ? c.clock.full(str(r.first_seen)) : '',
      last: r.last_seen ? c.clock.full(str(r.last_seen)) : '',
      sources: str(r.sources),
      findings: whereCited(findings, (e) => e.identity === str(r.name)),
      tags: [],
      notes: [],
    }));
    const keySet = new Set(keys);
    const sessionNames = new Set(cited.map((e) => e.session).filter((x): x is string => x !== null));
    for (const r of derivedIds) {
      for (const x of asArray(await callDerived(c, 'sessions.list', { identity: str(r.name), limit: 5000 })) ?? []) {
        if (!keySet.has(str(x.key)) && !sessionNames.has(str(x.name))) continue;
        sessions.push({
          key: str(x.key) || str(x.name),
          identity: str(x.identity),
          start: x.start ? c.clock.full(str(x.start)) : '',
          end: x.end ? c.clock.full(str(x.end)) : '',
          events: Number(x.events ?? 0),
          sources: str(x.sources),
          tags: [],
          notes: [],
          findings: whereCited(
            findings,
            (e) => (e.session_key !== null && e.session_key === str(x.key)) || e.session === str(x.name),
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
    ...derivedIds
      .filter((r) => str(r.name) === name)
      .flatMap((r) =>
        Array.isArray(r.aliases) ? (r.aliases as Record<string, unknown>[]).map((a) => str(a.value)) : [],
      ),
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
