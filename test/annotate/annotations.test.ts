// Annotation layers, tags, notes, bookmarks, findings, manual events and the narrative — each change through
// an API method, recorded in the hash-chained audit log with analyst and UTC time, with a history per record.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoke } from '../../core/api/dispatch.js';
import { verifyCase } from '../../core/evidence/verify.js';
import { chainHead } from '../../core/casefile/chain.js';
import type { Annotation, Finding, Layer } from '../../core/model/annotation.js';
import type { AuditRow } from '../../core/annotate/audit-list.js';
import { tempDir } from '../helpers.js';
import { importedCase, type Built } from '../report/case.js';
import { ATTACKER_IP, KEY, SESSION_ARN } from '../report/scenario.js';

type R = Record<string, unknown>;

describe('annotations', () => {
  const t = tempDir('ss-annotate-');
  let b: Built;
  const api = <T = R>(m: string, p: unknown) => invoke(b.ctx, m, p) as Promise<T>;
  const auditRows = () => b.handle.db.prepare('SELECT count(*) FROM audit_log').pluck().get() as number;

  beforeAll(async () => {
    b = await importedCase(t.dir);
  });
  afterAll(() => {
    b.handle.close();
    t.cleanup();
  });

  it('adds tags, notes, bookmarks and promotions to every kind of target, in a layer created on first use', async () => {
    const [list, get1] = [b.byAction('s3:ListBuckets')[0], b.byAction('s3:GetObject', ATTACKER_IP)[0]];
    const r = await api<{ ids: number[]; layer: string }>('annotations.add', {
      targets: [
        { kind: 'event', id: list.id },
        { kind: 'event', id: get1.id },
      ],
      layer: 'triage',
      tags: ['suspicious', 'attacker-ip'],
      bookmark: true,
      promote: true,
    });
    expect(r.ids).toHaveLength(8);
    expect(r.layer).toBe('triage');
    await api('annotations.add', {
      targets: [{ kind: 'identity', name: SESSION_ARN }],
      tags: ['compromised'],
      note: 'Owner: platform team',
    });
    await api('annotations.add', { targets: [{ kind: 'session', key: KEY }], tags: ['attacker-session'] });
    await api('annotations.add', {
      targets: [{ kind: 'resource', name: 'arn:aws:s3:::acme-backups/customers-2026-03-09.sql.gz' }],
      tags: ['customer-data'],
    });
    await api('annotations.add', {
      targets: [{ kind: 'range', from: '2026-03-10T13:58:00Z', to: '2026-03-10T14:05:00Z' }],
      layer: 'legal hold',
      tags: ['hold'],
    });
    const layers = await api<Layer[]>('layers.list', {});
    expect(layers.map((l) => l.name)).toEqual(['triage', 'legal hold']);
    expect(layers.every((l) => /^#[0-9a-f]{6}$/i.test(l.color))).toBe(true);
    const onEvent = await api<Annotation[]>('annotations.list', { target: { kind: 'event', id: list.id } });
    expect(onEvent.map((a) => a.kind).sort()).toEqual(['bookmark', 'promote', 'tag', 'tag']);
    expect(onEvent.find((a) => a.kind === 'tag')!.tag_color).toMatch(/^#/);
    const tags = await api<{ name: string; count: number }[]>('tags.list', {});
    expect(tags.find((x) => x.name === 'attacker-ip')!.count).toBe(2);
    const timeline = await api<{ type: string }[]>('timeline.case', {});
    expect(timeline.filter((e) => e.type === 'event')).toHaveLength(2);
  });

  it('is idempotent for tags, bookmarks and citations, and refuses unknown targets without writing anything', async () => {
    const list = b.byAction('s3:ListBuckets')[0];
    const before = await api<Annotation[]>('annotations.list', {});
    const again = await api<{ ids: number[] }>('annotations.add', {
      targets: [{ kind: 'event', id: list.id }],
      layer: 'triage',
      tags: ['suspicious'],
      bookmark: true,
    });
    expect(again.ids.every((id) => before.some((a) => a.id === id))).toBe(true);
    const rows = auditRows();
    await expect(
      api('annotations.add', {
        targets: [
          { kind: 'event', id: list.id },
          { kind: 'event', id: 42 },
        ],
        tags: ['x'],
      }),
    ).rejects.toThrow(/no event 42/);
    await expect(
      api('annotations.add', { targets: [{ kind: 'identity', name: 'nobody' }], tags: ['x'] }),
    ).rejects.toThrow(/no identity matches "nobody"/);
    // The failed calls left neither annotations nor audit rows.
    expect(auditRows()).toBe(rows);
    expect((await api<Annotation[]>('annotations.list', {})).length).toBe(before.length);
  });

  it('creates findings with severity, status and framework references, and cites events in them', async () => {
    const ev = b.byAction('cloudtrail:StopLogging')[0];
    const r = await api<{ ids: number[]; finding: number }>('annotations.add', {
      targets: [{ kind: 'event', id: ev.id }],
      layer: 'findings',
      finding: { title: 'Trail stopped', severity: 'critical', refs: ['nhi-7', 'de.ae-3', 'ASI3', 'INC-4411'] },
    });
    const f = await api<Finding & { events: { id: number }[] }>('findings.get', { id: r.finding });
    expect(f).toMatchObject({
      title: 'Trail stopped',
      severity: 'critical',
      status: 'open',
      refs: ['NHI7', 'DE.AE-03', 'ASI03', 'INC-4411'],
      cited: 1,
    });
    expect(f.events.map((e) => e.id)).toEqual([ev.id]);
    // The same title again cites into the same finding.
    const again = await api<{ finding: number }>('annotations.add', {
      targets: [{ kind: 'event', id: b.byAction('iam:CreateAccessKey')[0].id }],
      finding: { title: 'trail STOPPED' },
    });
    expect(again.finding).toBe(r.finding);
    const upd = await api<{ before: R }>('findings.update', {
      id: r.finding,
      status: 'confirmed',
      body: 'Stopped by the **attacker**.',
    });
    expect(upd.before).toMatchObject({ status: 'open', body: '' });
    expect((await api<Finding[]>('findings.list', {}))[0]).toMatchObject({
      id: r.finding,
      status: 'confirmed',
      cited: 2,
    });
    const refs = await api<{ id: string }[]>('references.list', {});
    expect(refs.map((x) => x.id)).toEqual(expect.arrayContaining(['NHI1', 'NHI10', 'DE.AE-02', 'ASI01', 'ASI10']));
  });

  it('bulk-annotates a time range of one identity, and records manual events and a narrative', async () => {
    const r = await api<{ ids: number[]; events: number }>('annotations.bulk', {
      filter: { from: '2026-03-10T13:58:00Z', to: '2026-03-10T14:05:00Z', search: `ip:${ATTACKER_IP}` },
      layer: 'triage',
      tags: ['attacker-window'],
    });
    expect(r.events).toBe(5);
    await expect(api('annotations.bulk', { filter: { search: 'nothing-matches-this' }, tags: ['x'] })).rejects.toThrow(
      /no events match/,
    );
    const m = await api<{ id: number; ts: string }>('manual.add', {
      ts: '2026-03-10T14:20:00Z',
      kind: 'call',
      title: 'Owner called back',
      body: 'Key rotated at 14:18.',
    });
    expect(m.ts).toBe('2026-03-10T14:20:00.000Z');
    const b1 = await api<{ id: number }>('narrative.add', { kind: 'text', title: 'What happened', body: 'In short…' });
    const findings = await api<Finding[]>('findings.list', {});
    const b2 = await api<{ id: number }>('narrative.add', { kind: 'finding', finding_id: findings[0].id });
    await api('narrative.add', {
      kind: 'events',
      title: "The attacker's calls",
      params: { filter: { search: `ip:${ATTACKER_IP}` } },
    });
    await api('narrative.move', { id: b2.id, position: 1 });
    const blocks = await api<{ id: number; kind: string; position: number }[]>('narrative.list', {});
    expect(blocks.map((x) => x.id).slice(0, 2)).toEqual([b2.id, b1.id]);
    expect(blocks.map((x) => x.position)).toEqual([1, 2, 3]);
    await expect(api('narrative.add', { kind: 'finding', finding_id: 999 })).rejects.toThrow(/no finding 999/);
  });

  it("records every change in the hash-chained audit log, with analyst and UTC time, and keeps each annotation's history", async () => {
    const rows0 = auditRows();
    const head0 = chainHead(b.handle.db, 'audit_log');
    b.ctx.analyst = 'bob';
    const add = await api<{ ids: number[] }>('annotations.add', {
      targets: [{ kind: 'event', id: b.byAction('s3:PutObject')[0].id }],
      note: 'first text',
    });
    const id = add.ids[0];
    await api('annotations.update', { id, body: 'second text' });
    await api('annotations.update', { id, layer: 'legal hold' });
    await api('annotations.delete', { ids: [id] });
    b.ctx.analyst = 'alice';
    expect(auditRows()).toBe(rows0 + 4);
    expect(chainHead(b.handle.db, 'audit_log').hash).not.toBe(head0.hash);
    const hist = await api<AuditRow[]>('annotations.history', { entity: 'annotation', id });
    expect(hist.map((h) => h.method)).toEqual([
      'annotations.add',
      'annotations.update',
      'annotations.update',
      'annotations.delete',
    ]);
    expect(hist.every((h) => h.analyst === 'bob' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(h.at))).toBe(true);
    expect(hist[1].result).toMatchObject({ before: { body: 'first text' } });
    expect(hist[2].result).toMatchObject({ before: { layer: 'triage' } });
    expect(hist[3].result).toMatchObject({ removed: [{ id, body: 'second text', layer: 'legal hold' }] });
    // Deleted annotations leave the lists but not the history.
    await expect(api('annotations.get', { id })).rejects.toThrow(/no annotation/);
    const audit = await api<AuditRow[]>('audit.list', { method: 'annotations.', limit: 3 });
    expect(audit[0].method).toBe('annotations.delete');
    const findings = await api<Finding[]>('findings.list', {});
    const fh = await api<AuditRow[]>('annotations.history', { entity: 'finding', id: findings[0].id });
    expect(fh.map((h) => h.method)).toEqual(['annotations.add', 'annotations.add', 'findings.update']);
    // Nothing in all this broke the chains or touched the evidence.
    const v = await verifyCase(b.handle.db);
    expect(v.problems).toEqual([]);
    expect(v.checked.audit_rows).toBe(auditRows());
  });

  it('hides and renames layers, and refuses to delete one that still holds work', async () => {
    const layers = await api<Layer[]>('layers.list', {});
    const hold = layers.find((l) => l.name === 'legal hold')!;
    await api('layers.update', { id: hold.id, hidden: true, color: '#123456' });
    expect((await api<Layer[]>('layers.list', {})).find((l) => l.id === hold.id)).toMatchObject({
      hidden: true,
      color: '#123456',
    });
    await expect(api('layers.delete', { id: hold.id })).rejects.toThrow(/still holds/);
    const empty = await api<Layer>('layers.create', { name: 'hypothesis B' });
    await api('layers.delete', { id: empty.id });
    await expect(api('layers.create', { name: 'TRIAGE' })).rejects.toThrow(/already exists/);
  });
});
