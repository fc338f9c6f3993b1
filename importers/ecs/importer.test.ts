import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runFixture, iso, rejectsByLine } from '../../test/importers/importer-helpers.js';
import { dryRun } from '../dry-run.js';
import { importer as ecs } from './importer.js';
import { IMPORTERS } from '../registry.js';
import { CORPUS, HAS_CORPUS, tempDir } from '../../test/helpers.js';

describe('ecs importer', () => {
  it('reads search hits (_index/_id/_source) of several integrations, keeping their session keys', async () => {
    const run = await runFixture('ecs', 'elasticdump-hits.ndjson');
    expect(run.format).toBe('ecs');
    expect(run.records).toBe(7);
    expect(run.rejects).toEqual([]);
    const [assume, okta, k8s, vault, gcp, agent, stop] = run.events;

    expect(assume).toMatchObject({
      principal: 'ci-deployer',
      principalType: 'role_session',
      sessionKey: 'ASIAEXAMPLE7KEYID123',
      action: 'AssumeRole',
      category: 'credential',
      resource: 'arn:aws:iam::111122223333:role/prod-admin',
      outcome: 'success',
      srcIp: '140.82.112.4',
      userAgent: 'aws-sdk-go-v2/1.25.0',
    });
    expect(iso(assume.ts)).toBe('2026-03-10T14:00:00.123Z');
    expect(assume.facts).toMatchObject({
      account: '111122223333',
      source_id: 'Zt3XoecTsz6kAS-87bAE01',
      dataset: 'aws.cloudtrail',
    });

    expect(okta).toMatchObject({
      principal: 'alice@acme.example',
      principalType: 'user',
      sessionKey: '102nZHzd6OHSfGG51vsoc22gw',
      category: 'auth',
      outcome: 'failure',
      errorCode: 'INVALID_CREDENTIALS',
      detail: 'User login to Okta',
    });
    expect(k8s).toMatchObject({
      principal: 'system:serviceaccount:ci:runner',
      principalType: 'service_account',
      category: 'exec',
      resource: 'k8s:prod/pods/api-7d9f8-abcde/exec',
      srcIp: '10.0.1.17',
    });
    expect(vault).toMatchObject({
      sessionKey: 'hmac-sha256:e74a10dfaba24dd69846d02284a5901d3713ffb7555f79ab305cc0b40d744ad6',
      resource: 'vault:secret/data/payments/db',
    });
    expect(gcp).toMatchObject({
      principalType: 'workload',
      category: 'credential',
      resource: 'projects/-/serviceAccounts/deployer@acme-prod.iam.gserviceaccount.com',
    });
    expect(agent).toMatchObject({
      principal: 'support-copilot',
      principalType: 'agent',
      sessionKey: 'conv-7781',
      category: 'exec',
    });
    expect(agent.facts).toMatchObject({ tool: 'query_customers', correlation_id: '4bf92f3577b34da6a3ce929d0e0e4736' });
    expect(stop).toMatchObject({ category: 'logging', sessionKey: 'ASIAEXAMPLE7KEYID123' });
    expect(stop.facts?.log_tamper).toBe('StopLogging');
  });

  it('reads a JSON array of documents with flattened keys and epoch or offset timestamps', async () => {
    const run = await runFixture('ecs', 'logstash-array.json');
    expect(run.format).toBe('ecs');
    const [repo, logon, del] = run.events;
    expect(repo).toMatchObject({
      principal: 'deploy-bot[bot]',
      principalType: 'bot',
      sessionKey: 'E8Fzcgs3TQXqhrKKC/qNR+2XZnaK3ykQBSAt1kPMiJs=',
      action: 'repo.create',
      category: 'write',
      resource: 'https://github.com/acme/new-repo',
      srcIp: '140.82.112.4',
    });
    expect(iso(repo.ts)).toBe('2026-03-10T14:00:00.000Z');
    // No event.action: the event code stands in; "+01:00" with nanoseconds.
    expect(logon).toMatchObject({ action: '4624', category: 'auth', principal: 'svc-backup' });
    expect(iso(logon.ts)).toBe('2026-03-10T13:20:00.000Z');
    expect(del).toMatchObject({
      action: 'deletion',
      category: 'delete',
      resource: '/var/log/audit/audit.log',
      resourceType: 'file',
      outcome: 'unknown',
    });
  });

  it('rejects malformed documents with reasons a person understands', async () => {
    const run = await runFixture('ecs', 'malformed.ndjson', 'ecs');
    expect(run.records).toBe(7);
    const r = rejectsByLine(run);
    expect(Object.keys(r).map(Number)).toEqual([2, 3, 4, 5, 7]);
    expect(r[2]).toMatch(/^invalid JSON: /);
    expect(r[3]).toBe('not a JSON object');
    expect(r[4]).toBe('no parseable timestamp (@timestamp)');
    expect(r[5]).toBe('no parseable timestamp (@timestamp)');
    expect(r[7]).toMatch(/^invalid UTF-8 at byte \d+ of the record$/);
    // event and user of the wrong type: the document stays, the IP that is an IP is kept.
    const odd = run.events.find((e) => (e.ref as { line: number }).line === 6)!;
    expect(odd).toMatchObject({ principal: null, action: 'event', srcIp: '10.9.9.9' });
  });

  it('never takes a record from the importer of its own family', () => {
    const sample = (values: unknown[]) => ({ fileName: 'x.jsonl', head: '', values, lines: [] });
    // A raw Okta event that a shipper decorated with @timestamp and event.dataset is still Okta's.
    const okta = {
      '@timestamp': '2026-03-10T14:00:00Z',
      event: { dataset: 'okta.system' },
      ecs: { version: '8.11.0' },
      eventType: 'user.session.start',
      published: '2026-03-10T14:00:00Z',
      actor: { id: '00u1', type: 'User', alternateId: 'a@b.c' },
      outcome: { result: 'SUCCESS' },
      uuid: 'u1',
    };
    const ct = {
      '@timestamp': '2026-03-10T14:00:00Z',
      '@version': '1',
      event: { kind: 'event' },
      eventVersion: '1.08',
      eventName: 'GetObject',
      eventSource: 's3.amazonaws.com',
      userIdentity: { type: 'AssumedRole' },
      awsRegion: 'eu-west-1',
    };
    for (const v of [okta, ct]) {
      const scores = IMPORTERS.map((i) => ({ id: i.id, c: i.detect(sample([v])) })).sort((a, b) => b.c - a.c);
      expect(scores[0].id).not.toBe('ecs');
      expect(ecs.detect(sample([v]))).toBeGreaterThan(0.1);
      expect(ecs.detect(sample([v]))).toBeLessThan(0.6);
    }
    expect(ecs.detect(sample([{ time: '2026-03-10T14:00:00Z', event: 'login', fields: {} }]))).toBe(0);
  });

  // The peer oracles are ECS documents: imported as ECS they must give back their own time, action,
  // outcome and source address (files written to a temp dir, the corpus stays outside the project).
  it.skipIf(!HAS_CORPUS)('round-trips the corpus ECS oracles', async () => {
    const { dir, cleanup } = tempDir('ss-ecs-');
    try {
      let checked = 0;
      for (const family of readdirSync(CORPUS)) {
        const d = path.join(CORPUS, family);
        if (family.startsWith('_') || !existsSync(d) || family.endsWith('.md')) continue;
        for (const f of readdirSync(d).filter((x) => x.endsWith('-expected.json'))) {
          const oracle = JSON.parse(readFileSync(path.join(d, f), 'utf8')) as { expected?: Record<string, unknown>[] };
          if (!Array.isArray(oracle.expected)) continue;
          const file = path.join(dir, `${f}.ndjson`);
          writeFileSync(file, oracle.expected.map((doc) => JSON.stringify(doc)).join('\n') + '\n');
          const run = await dryRun(file);
          expect(run.format, f).toBe('ecs');
          expect(run.rejects, f).toEqual([]);
          oracle.expected.forEach((doc, i) => {
            const want = doc as {
              '@timestamp': string;
              event?: { action?: string; outcome?: string };
              source?: { ip?: string | string[] };
            };
            const ev = run.events[i];
            expect(Math.floor(ev.ts / 1000), `${f} #${i} time`).toBe(Date.parse(want['@timestamp']));
            if (want.event?.action) expect(ev.action, `${f} #${i} action`).toBe(want.event.action);
            expect(ev.outcome, `${f} #${i} outcome`).toBe(want.event?.outcome ?? 'unknown');
            const ip = Array.isArray(want.source?.ip) ? want.source!.ip[0] : want.source?.ip;
            expect(ev.srcIp, `${f} #${i} ip`).toBe(ip ?? null);
            checked++;
          });
        }
      }
      expect(checked).toBeGreaterThan(10);
    } finally {
      cleanup();
    }
  });
});
