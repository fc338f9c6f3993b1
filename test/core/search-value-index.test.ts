// Field filters answered from the value index (search_values + search_postings) find exactly what reading every
// event finds: the same events, in the same order, the same counts — with ASCII case folded and nothing else, and
// LIKE's own characters (%, _, \) and the grammar's escaped wildcards taken literally. The scan is the same build
// with the index marked not built (what a case migrated from before it reads until `derive`), so both answers
// come from one case; then the one-time build for such a case gives the index an import would have written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createCase, type CaseHandle } from '../../core/casefile/open.js';
import { runImport } from '../../core/evidence/import-job.js';
import { countEvents, queryEvents, type EventFilter } from '../../core/query/events.js';
import { compileSearch } from '../../core/query/search.js';
import {
  buildPendingValueIndex,
  rebuildValueIndex,
  valueIndexProblems,
  valueIndexReady,
} from '../../core/evidence/value-index-build.js';
import { verifyCase } from '../../core/evidence/verify.js';
import { tempDir } from '../helpers.js';

const AGENTS = [
  'curl/8.4.0',
  'Curl/7.1',
  'CURL',
  'aws-cli/2.13.0 Python/3.11.4',
  'ÜberAgent/1',
  'überagent/1',
  'agent 100% sure',
  'agent 1000 sure',
  'under_score',
  'underXscore',
  'back\\slash',
  'star*agent',
  'starXagent',
  'q?mark',
];
const ACTIONS = ['GetObject', 'PutObject', 'GetSecretValue', 'ListBuckets', 'AssumeRole'];

function record(i: number): Record<string, unknown> {
  const ua = i % 17 === 16 ? undefined : AGENTS[i % AGENTS.length];
  const name = ACTIONS[i % ACTIONS.length];
  return {
    eventVersion: '1.08',
    eventTime: new Date(Date.UTC(2026, 2, 10, 12, 0, i)).toISOString().replace('.000Z', 'Z'),
    userIdentity: {
      type: 'AssumedRole',
      arn: `arn:aws:sts::111122223333:assumed-role/${i % 3 ? 'gha-deploy' : 'Backup-Agent'}/s${i % 5}`,
      accessKeyId: `ASIA${String(i % 40).padStart(16, '0')}`,
    },
    eventSource: name === 'GetSecretValue' ? 'secretsmanager.amazonaws.com' : 's3.amazonaws.com',
    eventName: name,
    awsRegion: 'us-east-1',
    sourceIPAddress: i % 4 === 0 ? 'ec2.amazonaws.com' : `10.0.${i % 7}.${i % 11}`,
    ...(ua !== undefined ? { userAgent: ua } : {}),
    ...(i % 9 === 0 ? { errorCode: i % 2 ? 'AccessDenied' : 'NoSuchKey' } : {}),
    requestParameters: { bucketName: i % 6 ? 'customer-exports' : 'Logs_2026', key: `exports/${i}.csv` },
    eventID: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    eventType: 'AwsApiCall',
    recipientAccountId: '111122223333',
  };
}

const QUERIES = [
  'ua:*curl*',
  'ua:curl*',
  'ua:CURL',
  'ua:curl/8.4.0',
  'ua:*URL',
  'ua:überagent/1',
  'ua:Überagent/1',
  'ua:*ÜBER*',
  'ua:*über*',
  'ua:*100%*',
  'ua:*under_score*',
  'ua:*r_s*',
  'ua:*\\\\*',
  'ua:star\\*agent',
  'ua:*\\**',
  'ua:q?mark',
  'ua:?url*',
  'ua:*nothing-like-this*',
  '-ua:*curl*',
  'ua:*curl* OR action:*GetSecretValue',
  'ua:*curl* action:s3:Get*',
  'ua:*curl* -action:*Put*',
  '(ua:*curl* OR ua:*cli*) error:*',
  'action:*GetSecretValue',
  'action:*getsecretvalue',
  'action:s3:GetObject',
  'resource:*exports/*',
  'resource:*exports/1*',
  'resource:*exports/17.csv',
  'resource:*logs\\_2026*',
  'src_ip:*.amazonaws.com',
  'error:*Denied*',
  'principal:*deploy*',
  'principal:*backup-agent*',
  'session_key:ASIA*',
  'key:*0007',
  'ua:*curl* after:2026-03-10T12:05:00Z',
  'ua:*',
];

describe('the value index', () => {
  const t = tempDir();
  let h: CaseHandle;
  beforeAll(async () => {
    const file = path.join(t.dir, 'trail.jsonl');
    writeFileSync(file, Array.from({ length: 700 }, (_, i) => JSON.stringify(record(i))).join('\n') + '\n');
    h = createCase(path.join(t.dir, 'v.sscase'), { name: 'v' });
    await runImport(h.db, { casePath: h.path, paths: [file], analyst: 'a' });
  });
  afterAll(() => {
    h.close();
    t.cleanup();
  });

  const answer = (f: EventFilter) => ({
    ids: queryEvents(h.db, f, { limit: 100_000 }).map((e) => e.id),
    desc: queryEvents(h.db, f, { limit: 7, order: 'desc' }).map((e) => e.id),
    count: countEvents(h.db, f),
  });
  /** What the same build answers with the index marked not built: every event read. */
  function scanned<T>(go: () => T): T {
    h.db.prepare("INSERT INTO case_meta(key, value) VALUES ('value_index', 'pending')").run();
    try {
      return go();
    } finally {
      h.db.prepare("DELETE FROM case_meta WHERE key = 'value_index'").run();
    }
  }

  it('answers every field glob as a scan does, through the postings', () => {
    expect(valueIndexReady(h.db)).toBe(true);
    const driven: string[] = [];
    for (const q of QUERIES) {
      const viaIndex = answer({ search: q });
      const viaScan = scanned(() => answer({ search: q }));
      expect(viaIndex, q).toEqual(viaScan);
      if (compileSearch(h.db, q)?.postings) driven.push(q);
      expect(
        scanned(() => compileSearch(h.db, q)?.postings ?? null),
        q,
      ).toBeNull();
    }
    // Case folding is ASCII only, LIKE's characters are literal, and the rows are there to find.
    const n = (q: string) => answer({ search: q }).count;
    expect(n('ua:*curl*')).toBe(n('ua:curl/8.4.0') + n('ua:Curl/7.1') + n('ua:CURL'));
    expect(n('ua:überagent/1')).toBeGreaterThan(0);
    expect(n('ua:*ÜBER*')).toBe(n('ua:ÜberAgent/1'));
    expect(n('ua:*100%*')).toBe(n('ua:"agent 100% sure"'));
    expect(n('ua:*r_s*')).toBe(n('ua:under_score'));
    expect(n('ua:star\\*agent')).toBe(n('ua:*\\**'));
    expect(n('ua:*\\\\*')).toBeGreaterThan(0);
    expect(n('ua:*nothing-like-this*')).toBe(0);
    // Every filter the index can narrow went through it. NOT, `*` alone and a glob over more than 200 values
    // (700 object keys) read the events; a glob no value matches (CloudTrail keeps no host name as src_ip) reads
    // nothing at all.
    const readAll = ['-ua:*curl*', 'ua:*', 'resource:*exports/*'];
    const readNothing = ['ua:*nothing-like-this*', 'src_ip:*.amazonaws.com'];
    expect(driven).toEqual(QUERIES.filter((q) => !readAll.includes(q) && !readNothing.includes(q)));
    for (const q of readNothing) expect(compileSearch(h.db, q)?.conds.map((c) => c.sql)).toEqual(['0']);
  });

  it('narrows grid column filters and keeps their pages in time order', () => {
    const f: EventFilter = { columns: { user_agent: 'curl', action: 'Get' } };
    const a = answer(f);
    expect(a).toEqual(scanned(() => answer(f)));
    expect(a.count).toBeGreaterThan(0);
    const first = queryEvents(h.db, f, { limit: 5 }).map((e) => e.id);
    const next = queryEvents(h.db, f, { limit: 5, after: first[4] }).map((e) => e.id);
    expect([...first, ...next]).toEqual(a.ids.slice(0, 10));
  });

  it('is built once for a case imported before it, as the import would have written it', () => {
    const before = QUERIES.map((q) => answer({ search: q }));
    const values = h.db.prepare('SELECT field, value FROM search_values ORDER BY field, value').all();
    h.db.exec('DELETE FROM search_postings; DELETE FROM search_values');
    h.db.prepare("INSERT INTO case_meta(key, value) VALUES ('value_index', 'pending')").run();
    expect(valueIndexReady(h.db)).toBe(false);
    expect(buildPendingValueIndex(h.db)).toBe(700);
    expect(valueIndexReady(h.db)).toBe(true);
    expect(buildPendingValueIndex(h.db)).toBeNull();
    expect(h.db.prepare('SELECT field, value FROM search_values ORDER BY field, value').all()).toEqual(values);
    expect(QUERIES.map((q) => answer({ search: q }))).toEqual(before);
  });

  it('is checked by verify: a lost value or posting is named, and the rebuild restores the answers', async () => {
    const before = QUERIES.map((q) => answer({ search: q }));
    expect(valueIndexProblems(h.db)).toEqual([]);
    h.db.prepare("DELETE FROM search_values WHERE field = 'user_agent' AND value = 'curl/8.4.0'").run();
    const id = h.db.prepare('SELECT min(id) FROM event_rows').pluck().get() as number;
    h.db.prepare('DELETE FROM search_postings WHERE rowid = ?').run(id);
    const found = valueIndexProblems(h.db);
    expect(found).toEqual([
      `the value index has no postings for 1 events (the first: event ${id})`,
      expect.stringMatching(/dictionary lacks values of user_agent held by \d+ events \(e\.g\. "curl\/8\.4\.0"\)/),
    ]);
    expect(answer({ search: 'ua:curl/8.4.0' }).count).toBe(0);
    const v = await verifyCase(h.db);
    expect(v.problems.filter((p) => p.check === 'value-index').map((p) => p.message)).toEqual([
      ...found,
      expect.stringContaining('repair CASE --search-index'),
    ]);
    expect(rebuildValueIndex(h.db)).toBe(700);
    expect(valueIndexProblems(h.db)).toEqual([]);
    expect(QUERIES.map((q) => answer({ search: q }))).toEqual(before);
  });
});
