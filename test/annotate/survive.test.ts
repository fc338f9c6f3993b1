// Analyst work is never derived: annotations name events by their time-keyed id plus raw-record hash, and
// identities, sessions and resources by the logs' own names — so they survive `derive --rebuild`, re-importing
// the same evidence, importing more evidence into the same milliseconds, and an event id that moved.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { hasMethod, invoke } from '../../core/api/dispatch.js';
import { runImport } from '../../core/evidence/import-job.js';
import { deriveAll } from '../../core/derive/index.js';
import type { Annotation } from '../../core/model/annotation.js';
import type { EventJson } from '../../core/query/event-json.js';
import { tempDir } from '../helpers.js';
import { importedCase, type Built } from '../report/case.js';
import { ATTACKER_IP, KEY, SESSION_ARN, scenarioRecords } from '../report/scenario.js';

type FindingGet = { events: (EventJson & { citation: unknown })[]; missing: unknown[] };

describe('annotations survive', () => {
  const t = tempDir('ss-survive-');
  let b: Built;
  let finding: number;
  let before: Annotation[];
  const api = <T = Record<string, unknown>>(m: string, p: unknown) => invoke(b.ctx, m, p) as Promise<T>;
  const cited = async () =>
    (await api<FindingGet>('findings.get', { id: finding })).events.map((e) => `${e.id}:${e.raw_sha256}`).sort();

  beforeAll(async () => {
    b = await importedCase(t.dir);
    const reads = b.byAction('s3:GetObject', ATTACKER_IP);
    const r = await api<{ finding: number }>('annotations.add', {
      targets: reads.map((e) => ({ kind: 'event', id: e.id })),
      tags: ['exfil'],
      finding: { title: 'Backups read', severity: 'high' },
    });
    finding = r.finding;
    await api('annotations.add', {
      targets: [
        { kind: 'identity', name: SESSION_ARN },
        { kind: 'session', key: KEY },
      ],
      tags: ['compromised'],
    });
    const identity = reads[0].identity;
    if (identity && identity !== SESSION_ARN)
      await api('annotations.add', { targets: [{ kind: 'identity', name: identity }], note: 'the derived identity' });
    await api('annotations.add', {
      targets: [{ kind: 'resource', name: reads[0].resource! }],
      tags: ['customer-data'],
    });
    before = await api<Annotation[]>('annotations.list', {});
  });
  afterAll(() => {
    b.handle.close();
    t.cleanup();
  });

  it('re-derivation', async () => {
    const c0 = await cited();
    if (await hasMethod('derive.rebuild')) await api('derive.rebuild', { full: true });
    else deriveAll(b.handle.db);
    expect(await api<Annotation[]>('annotations.list', {})).toEqual(before);
    expect(await cited()).toEqual(c0);
    // The names annotations use still select events after the rebuild.
    const byName = await api<EventJson[]>('events.list', { filter: { identity: SESSION_ARN } });
    expect(byName.length).toBeGreaterThan(0);
    const bySession = await api<EventJson[]>('events.list', { filter: { session: KEY } });
    expect(bySession.length).toBeGreaterThan(0);
  });

  it('re-importing the same evidence, and importing more events into the same milliseconds', async () => {
    const c0 = await cited();
    const again = await runImport(b.handle.db, { casePath: b.handle.path, paths: b.files, analyst: 'alice' });
    expect(again.evidence.every((e) => e.skipped_duplicate)).toBe(true);
    // A second trail delivering records at the very same instants (other event ids, so other bytes).
    const twin = path.join(t.dir, 'replica-trail.jsonl');
    writeFileSync(
      twin,
      scenarioRecords()
        .map((l) => l.replace(/"eventID":"00000000-/, '"eventID":"11111111-'))
        .join('\n') + '\n',
    );
    const more = await runImport(b.handle.db, { casePath: b.handle.path, paths: [twin], analyst: 'alice' });
    expect(more.evidence[0].events).toBe(scenarioRecords().length);
    expect(await cited()).toEqual(c0);
    expect(await api<Annotation[]>('annotations.list', {})).toEqual(before);
    // The twins of the annotated events are distinct events, and carry no annotations.
    const twins = await api<EventJson[]>('events.list', {
      filter: { search: `ip:${ATTACKER_IP}`, action: 's3:GetObject' },
    });
    expect(twins).toHaveLength(4);
    const annotated = new Set(
      before.filter((a) => a.target.kind === 'event').map((a) => (a.target as { id: number }).id),
    );
    expect(twins.filter((e) => annotated.has(e.id))).toHaveLength(2);
  });

  it('an event id that moved is re-anchored by its record hash; a lost record is reported, not hidden', async () => {
    // The simulated damage is written outside the API, on a connection of its own: the case's own connection
    // refuses to change analyst work outside an audited call.
    const db = new Database(b.handle.path);
    const c0 = await cited();
    const one = before.find((a) => a.kind === 'cite')!;
    const id = (one.target as { id: number }).id;
    // As if the case had been rebuilt and this record landed one slot later.
    db.prepare('UPDATE annotations SET event_id = ?, target = ? WHERE id = ?').run(id + 1, String(id + 1), one.id);
    expect(await cited()).toEqual(c0);
    expect((await api<Annotation>('annotations.get', { id: one.id })).target).toEqual({ kind: 'event', id: id + 1 });
    const fixed = await api<{ moved: number; orphaned: number[] }>('annotations.reanchor', {});
    expect(fixed).toEqual({ moved: 1, orphaned: [] });
    expect((await api<Annotation>('annotations.get', { id: one.id })).target).toEqual({ kind: 'event', id });
    db.prepare('UPDATE annotations SET event_sha = ? WHERE id = ?').run('0'.repeat(64), one.id);
    const f = await api<FindingGet>('findings.get', { id: finding });
    expect(f.missing).toHaveLength(1);
    expect(f.events).toHaveLength(1);
    db.close();
  });
});
