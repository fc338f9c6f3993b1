// Exports parse back: CSV (formula injection defused) with the analyst's columns, JSON lines with raw records
// and annotations, Timesketch JSONL (message, datetime, timestamp_desc, tag, comment), ECS NDJSON; all events
// or only the annotated ones.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { call } from '../../core/api/dispatch.js';
import type { Params } from '../../core/api/contract.js';
import { tempDir } from '../helpers.js';
import { importedCase, type Built } from '../report/case.js';
import { ATTACKER_IP, HOSTILE } from '../report/scenario.js';

type Obj = Record<string, any>;

describe('exports', () => {
  const t = tempDir('ss-export-');
  let b: Built;
  let n = 0;
  const out = (ext: string) => path.join(t.dir, `out-${++n}.${ext}`);
  const exp = (p: Params<'export.case'>) => call(b.ctx, 'export.case', p);
  const lines = (file: string) =>
    readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Obj);

  beforeAll(async () => {
    b = await importedCase(t.dir);
    const reads = b.byAction('s3:GetObject', ATTACKER_IP);
    await call(b.ctx, 'annotations.add', {
      targets: reads.map((e) => ({ kind: 'event', id: e.id })),
      tags: ['exfil', '=cmd|calc'],
      note: '=HYPERLINK("http://evil.example","click") read **twice**',
      finding: { title: 'Backups read', severity: 'high' },
    });
    await call(b.ctx, 'annotations.add', {
      targets: [{ kind: 'event', id: b.byAction('cloudtrail:StopLogging')[0].id }],
      bookmark: true,
      promote: true,
    });
    await call(b.ctx, 'manual.add', {
      ts: '2026-03-10T14:20:00Z',
      kind: 'ticket',
      title: '@SUM(1+1) ticket INC-4411 opened',
    });
  });
  afterAll(() => {
    b.handle.close();
    t.cleanup();
  });

  it('CSV: every event with tags, notes and findings; formulas defused; parses back', async () => {
    const file = out('csv');
    const r = await exp({ format: 'csv', out: file });
    expect(r).toMatchObject({ events: b.events.length, manual: 1 });
    const text = readFileSync(file, 'utf8');
    expect(text.split('\r\n')[0]).toMatch(
      /^id,ts,format,principal,.*,raw_sha256,tags,notes,findings,bookmarked,promoted,layers$/,
    );
    const rows = parse(text, { columns: true }) as Obj[];
    expect(rows).toHaveLength(b.events.length + 1);
    // Ids as text a spreadsheet keeps whole (E + digits), not a 16-digit number it rounds.
    const read = rows.find((x) => x.id === `E${b.byAction('s3:GetObject', ATTACKER_IP)[0].id}`)!;
    expect(read.tags).toBe('exfil;=cmd|calc'); // a formula only runs from the start of a cell
    expect(read.notes).toBe(`'=HYPERLINK("http://evil.example","click") read twice`);
    expect(read.findings).toBe('Backups read (high)');
    expect(read.user_agent).toBe(HOSTILE);
    const manual = rows.at(-1)!;
    expect(manual).toMatchObject({
      id: 'manual-1',
      format: 'manual',
      action: 'ticket: @SUM(1+1) ticket INC-4411 opened',
    });
    // No cell a spreadsheet would evaluate.
    for (const row of rows) for (const v of Object.values(row)) expect(String(v)).not.toMatch(/^[=+\-@]/);
    await expect(exp({ format: 'csv', out: file })).rejects.toThrow(/refusing to overwrite/);
  });

  it('annotations only: just the annotated events and the analyst events', async () => {
    const file = out('jsonl');
    const r = await exp({ format: 'jsonl', out: file, annotations_only: true });
    expect(r).toMatchObject({ events: 3, manual: 1 });
    const rows = lines(file);
    expect(rows.slice(0, 3).map((x) => x.action)).toEqual(['s3:GetObject', 's3:GetObject', 'cloudtrail:StopLogging']);
    expect(rows[0].annotations).toMatchObject({
      tags: ['exfil', '=cmd|calc'],
      findings: [{ title: 'Backups read', severity: 'high', status: 'open' }],
      layers: ['triage'],
    });
    expect(rows[0].annotations.notes[0]).toMatchObject({ author: 'alice', layer: 'triage' });
    expect(rows[0].raw).toContain(HOSTILE);
    expect(rows[0].evidence_file.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[2].annotations).toMatchObject({ bookmarked: true, promoted: true });
    expect(rows[3].manual_event).toMatchObject({ kind: 'ticket', created_by: 'alice' });
  });

  it('Timesketch JSONL: message, datetime, timestamp_desc, tag and comment', async () => {
    const file = out('jsonl');
    await exp({ format: 'timesketch', out: file, annotations_only: true });
    const rows = lines(file);
    for (const row of rows) {
      expect(typeof row.message).toBe('string');
      expect(row.message.length).toBeGreaterThan(0);
      expect(row.datetime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/);
      expect(Date.parse(row.datetime)).toBe(Math.floor(row.timestamp / 1000));
      expect(typeof row.timestamp_desc).toBe('string');
      expect(Array.isArray(row.tag)).toBe(true);
      expect(Array.isArray(row.comment)).toBe(true);
    }
    const read = rows[0];
    expect(read.datetime).toBe('2026-03-10T13:59:02.000000+00:00');
    expect(read.tag).toEqual(['exfil', '=cmd|calc']);
    expect(read.comment[0]).toContain('read twice');
    expect(read.message).toContain('s3:GetObject arn:aws:s3:::acme-backups/customers-2026-03-09.sql.gz (success)');
    expect(read).toMatchObject({ src_ip: ATTACKER_IP, user_agent: HOSTILE, findings: ['Backups read (high)'] });
    expect(rows.at(-1)).toMatchObject({ timestamp_desc: 'Analyst Event', tag: ['analyst-event'] });
  });

  it('ECS NDJSON: @timestamp, event.*, user, source, user_agent, tags, and the rest under sessionscope.*', async () => {
    const file = out('ndjson');
    const r = await exp({ format: 'ecs', out: file, filter: { search: 'StopLogging OR CreateAccessKey' } });
    expect(r).toMatchObject({ events: 2, manual: 0 });
    const [denied, stop] = lines(file);
    expect(stop['@timestamp']).toBe('2026-03-10T14:03:17.000000+00:00');
    expect(stop.event).toMatchObject({
      kind: 'event',
      category: ['configuration'],
      type: ['change'],
      action: 'cloudtrail:StopLogging',
      outcome: 'success',
      dataset: 'sessionscope.cloudtrail',
    });
    expect(stop.event.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.parse(stop.event.original).eventName).toBe('StopLogging');
    expect(stop.source.ip).toBe(ATTACKER_IP);
    expect(stop.user_agent.original).toBe(HOSTILE);
    expect(typeof stop.user.name).toBe('string');
    expect(stop.sessionscope).toMatchObject({
      bookmarked: true,
      promoted: true,
      evidence: { file: expect.stringMatching(/trail-part\d\.jsonl/) },
    });
    expect(denied.event).toMatchObject({ outcome: 'failure', category: ['iam'] });
    expect(denied.error.code).toBe('AccessDenied');
  });
});
