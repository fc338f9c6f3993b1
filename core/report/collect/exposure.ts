// What was read, and how much (core/derive/exposure.ts): the identities and sessions in scope first (with what the
// findings' own events read), then the case's other identities that read the most — each with the numbers its
// sources state and the events behind them.
import type { ExposureRow, ReportModel } from '../model.js';
import { exposureOf, type ExposureJson } from '../../query/exposure.js';
import { FACT } from '../../model/facts.js';
import type { CollectContext } from './context.js';

const MORE_IDENTITIES = 20;

function bytes(v: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let x = v;
  let u = 0;
  while (x >= 1000 && u < units.length - 1) {
    x /= 1000;
    u++;
  }
  return u === 0 ? `${x} bytes` : `${x.toFixed(1)} ${units[u]} (${v.toLocaleString('en-US')} bytes)`;
}

const num = (v: number) => v.toLocaleString('en-US');

/** One line per number the sources state, each with how many events state it. */
export function exposureLines(x: ExposureJson): { what: string; behind: number[] }[] {
  const out: { what: string; behind: number[] }[] = [];
  const ev = (n: number) => `${num(n)} event${n === 1 ? '' : 's'}`;
  if (x.rows)
    out.push({ what: `${num(x.rows.total)} rows (${ev(x.rows.events)})`, behind: x.rows.top_events.map(([e]) => e) });
  if (x.bytes)
    out.push({ what: `${bytes(x.bytes.total)} (${ev(x.bytes.events)})`, behind: x.bytes.top_events.map(([e]) => e) });
  if (x.items)
    out.push({
      what: `${num(x.items.total)} items (${ev(x.items.events)})`,
      behind: x.items.top_events.map(([e]) => e),
    });
  if (x.objects) {
    const shown = x.objects.top.slice(0, 5).map((o) => o.name);
    const more = x.objects.distinct > shown.length ? ` and ${num(x.objects.distinct - shown.length)} more` : '';
    out.push({
      what: `${num(x.objects.distinct)} object${x.objects.distinct === 1 ? '' : 's'}: ${shown.join(', ')}${more}`,
      behind: x.objects.top.slice(0, 5).map((o) => o.first_event),
    });
  }
  if (x.by_source.length > 1) {
    // Two sources can log one read (Graph and Exchange for one mail read): say what each saw.
    const each = x.by_source.map((b) => {
      const parts: string[] = [];
      if (b.rows) parts.push(`${num(b.rows)} rows`);
      if (b.bytes) parts.push(bytes(b.bytes));
      if (b.items) parts.push(`${num(b.items)} items`);
      if (b.object_reads) parts.push(`${num(b.object_reads)} object reads`);
      return `${b.source}: ${parts.join(', ') || 'nothing counted'} (${ev(b.events)})`;
    });
    out.push({ what: `By source — ${each.join('; ')}`, behind: [] });
  }
  if (x.columns) {
    const shown = x.columns.top.slice(0, 8);
    const more = x.columns.distinct > shown.length ? ` and ${num(x.columns.distinct - shown.length)} more` : '';
    out.push({ what: `${num(x.columns.distinct)} columns: ${shown.join(', ')}${more}`, behind: [] });
  }
  return out;
}

/** What the findings' own events read, per identity: the attacker's reads, before the identity's totals. */
function citedReads(c: CollectContext, cited: number[]): Map<number, { what: string; behind: number[] }> {
  const out = new Map<number, { what: string; behind: number[] }>();
  if (cited.length === 0) return out;
  const ids = cited.slice(0, 5000);
  const rows = c.handle.db
    .prepare(
      `SELECT f.event_id, f.key, f.value, e.identity_id FROM event_facts f JOIN events e ON e.id = f.event_id
       WHERE f.event_id IN (${ids.map(() => '?').join(',')}) AND f.key IN ('${FACT.dataRows}', '${FACT.dataBytes}', '${FACT.dataItems}', '${FACT.dataObjects}')`,
    )
    .all(...ids) as { event_id: number; key: string; value: string; identity_id: number | null }[];
  const acc = new Map<
    number,
    { rows: number; bytes: number; items: number; objects: Set<string>; events: Set<number> }
  >();
  for (const r of rows) {
    if (r.identity_id === null) continue;
    let a = acc.get(r.identity_id);
    if (!a) acc.set(r.identity_id, (a = { rows: 0, bytes: 0, items: 0, objects: new Set(), events: new Set() }));
    a.events.add(r.event_id);
    const n = /^\d{1,18}$/.test(r.value) ? Number(r.value) : 0;
    if (r.key === FACT.dataRows) a.rows += n;
    else if (r.key === FACT.dataBytes) a.bytes += n;
    else if (r.key === FACT.dataItems) a.items += n;
    else for (const o of r.value.split('\n')) if (o.trim()) a.objects.add(o.trim());
  }
  for (const [id, a] of acc) {
    const parts: string[] = [];
    if (a.rows) parts.push(`${num(a.rows)} rows`);
    if (a.bytes) parts.push(bytes(a.bytes));
    if (a.items) parts.push(`${num(a.items)} items`);
    if (a.objects.size)
      parts.push(
        `${[...a.objects].slice(0, 10).join(', ')}${a.objects.size > 10 ? ` and ${num(a.objects.size - 10)} more` : ''}`,
      );
    out.set(id, { what: `Cited events read: ${parts.join('; ')}`, behind: [...a.events].sort((x, y) => x - y) });
  }
  return out;
}

export function exposureSection(
  c: CollectContext,
  scope: ReportModel['scope'],
  cited: number[],
): ReportModel['exposure'] {
  const db = c.handle.db;
  const fromCited = citedReads(c, cited);
  const derivedAt = db.prepare("SELECT value FROM case_meta WHERE key = 'derived_at'").pluck().get() as
    string | undefined;
  if (!derivedAt)
    return {
      rows: [],
      note: 'Not derived yet: what each identity read is summed by derivation (sessionscope derive).',
    };
  const byName = db.prepare('SELECT id, name, kind FROM identities WHERE live = 1 AND name = ?');
  const inScope: { id: number; name: string; kind: string }[] = [];
  for (const i of scope.identities) {
    const r = byName.get(i.name) as { id: number; name: string; kind: string } | undefined;
    if (r && !inScope.some((x) => x.id === r.id)) inScope.push(r);
  }
  const others = (
    db
      .prepare(
        `SELECT i.id, i.name, i.kind FROM exposure x JOIN identities i ON i.id = x.owner_id
         WHERE x.scope = 'identity' AND i.live = 1 ORDER BY x.rows_read + x.items_read + x.objects DESC, x.bytes_read DESC, i.id LIMIT ?`,
      )
      .all(MORE_IDENTITIES + inScope.length) as { id: number; name: string; kind: string }[]
  )
    .filter((r) => !inScope.some((x) => x.id === r.id))
    .slice(0, MORE_IDENTITIES);
  const ids = [...inScope, ...others];
  const ex = exposureOf(
    db,
    'identity',
    ids.map((i) => i.id),
  );
  const rows: ExposureRow[] = [];
  for (const i of ids) {
    const x = ex.get(i.id);
    if (!x) continue;
    rows.push({
      who: i.name,
      kind: i.kind,
      session: null,
      inScope: inScope.includes(i),
      first: c.clock.full(x.first),
      last: c.clock.full(x.last),
      sources: x.sources.join(', '),
      lines: [...(fromCited.has(i.id) ? [fromCited.get(i.id)!] : []), ...exposureLines(x)],
    });
  }
  // The sessions in scope that read anything, under their identity.
  const keys = scope.sessions.map((s) => s.key);
  if (keys.length > 0) {
    const sessions = db
      .prepare(
        `SELECT s.id, s.session_key, i.name FROM sessions s LEFT JOIN identities i ON i.id = s.identity_id WHERE s.session_key IN (${keys.map(() => '?').join(',')})`,
      )
      .all(...keys) as { id: number; session_key: string; name: string | null }[];
    const sx = exposureOf(
      db,
      'session',
      sessions.map((s) => s.id),
    );
    for (const s of sessions) {
      const x = sx.get(s.id);
      if (!x) continue;
      rows.push({
        who: s.name ?? '',
        kind: 'session',
        session: s.session_key,
        inScope: true,
        first: c.clock.full(x.first),
        last: c.clock.full(x.last),
        sources: x.sources.join(', '),
        lines: exposureLines(x),
      });
    }
  }
  return {
    rows,
    note:
      rows.length === 0
        ? 'No source in this case states what its identities read (rows, bytes, items or objects).'
        : '',
  };
}
