// CloudTrail on written fixtures: each delivery shape reads the same way, principals by userIdentity type, the
// facts derivation builds sessions and delegation from, console sign-ins, digest files and malformed records.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { dryRun } from '../dry-run.js';
import { fixture } from '../../test/helpers.js';
import { iso, only, runFixture } from '../../test/importers/importer-helpers.js';

const GZ = '111122223333_CloudTrail_us-east-1_20260310T1400Z_abc.json.gz';
const DIGEST = 'CloudTrail-Digest/111122223333_CloudTrail-Digest_us-east-1_org-trail_us-east-1_20260310T150000Z.json';

describe('cloudtrail importer', () => {
  it('reads a web-identity chain from a pretty-printed array: issued key, subject, then the key in use', async () => {
    const run = await runFixture('cloudtrail', 'pretty-array.json');
    expect(run.format).toBe('cloudtrail');
    expect(run.rejects).toEqual([]);
    const assume = only(run, (e) => e.action === 'sts:AssumeRoleWithWebIdentity', 'assuming the role');
    expect(assume.principal).toBe('repo:acme/payments:ref:refs/heads/main');
    expect(assume.principalType).toBe('workload');
    expect(assume.category).toBe('credential');
    expect(assume.facts).toMatchObject({
      issued_key: 'ASIAGHADEPLOY0000001',
      issued_to: 'arn:aws:sts::111122223333:assumed-role/gha-deploy/GitHubActions-8812345',
      target_identity: 'arn:aws:iam::111122223333:role/gha-deploy',
      federated_subject: 'repo:acme/payments:ref:refs/heads/main',
      identity_provider: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com',
    });
    const get = only(run, (e) => e.action === 's3:GetObject', 'reading the object');
    expect(get.sessionKey).toBe('ASIAGHADEPLOY0000001');
    expect(get.principalType).toBe('role_session');
    expect(get.resource).toBe('arn:aws:s3:::bad-input-bucket/releases/payments-1.4.2.tgz');
    expect(get.facts?.issuer).toBe('arn:aws:iam::111122223333:role/gha-deploy');
    // What it read: the object and the bytes S3 sent (additionalEventData.bytesTransferredOut).
    expect(get.facts).toMatchObject({
      data_bytes: '48213',
      data_items: '1',
      data_objects: 'arn:aws:s3:::bad-input-bucket/releases/payments-1.4.2.tgz',
    });
    const denied = only(run, (e) => e.action === 'iam:CreateAccessKey', 'the denied key creation');
    expect(denied.outcome).toBe('failure');
    expect(denied.errorCode).toBe('AccessDenied');
    expect(denied.facts?.issued_key).toBeUndefined();
  });

  it('reads the S3 delivery file (gzip, {"Records":[…]}) and JSON lines with a BOM and CRLF as the same events', async () => {
    const array = await runFixture('cloudtrail', 'pretty-array.json');
    const delivered = await runFixture('cloudtrail', GZ);
    expect(JSON.parse(gunzipSync(readFileSync(fixture('cloudtrail', GZ))).toString()).Records).toHaveLength(
      delivered.records,
    );
    expect(delivered.events.length).toBeGreaterThan(0);
    const lines = await runFixture('cloudtrail', 'bom-crlf.jsonl');
    for (const run of [delivered, lines]) {
      expect(run.format).toBe('cloudtrail');
      expect(run.rejects).toEqual([]);
    }
    const key = (e: (typeof array.events)[number]) => `${e.ts} ${e.action} ${e.principal} ${e.sessionKey}`;
    const arrayKeys = array.events.map(key);
    for (const k of delivered.events.map(key)) expect(arrayKeys).toContain(k);
  });

  it('reads the Logstash shape with lower-cased keys: @timestamp, instance-profile host, log tampering', async () => {
    const run = await runFixture('cloudtrail', 'logstash-lowercase.jsonl');
    expect(run.rejects).toEqual([]);
    const list = only(run, (e) => e.action === 's3:ListBuckets', 'the listing');
    expect(new Date(list.ts / 1000).toISOString()).toBe('2026-03-10T15:10:00.250Z');
    expect(list.sessionKey).toBe('ASIAINSTANCEKEY00001');
    expect(list.facts?.host).toBe('i-0abc1234def567890');
    const assume = only(run, (e) => e.action === 'sts:AssumeRole', 'the instance profile assuming its role');
    expect(assume.principal).toBe('ec2.amazonaws.com');
    expect(assume.principalType).toBe('service');
    expect(assume.srcIp).toBeNull();
    expect(assume.facts?.source_host).toBe('ec2.amazonaws.com');
    const stop = only(run, (e) => e.action === 'cloudtrail:StopLogging', 'stopping the trail');
    expect(stop.category).toBe('logging');
    expect(stop.facts?.log_tamper).toBe('StopLogging');
  });

  it('reads console sign-ins as auth, a key creation as issuing the key, and rejects what has no time or name', async () => {
    const run = await runFixture('cloudtrail', 'console-signin.jsonl');
    const logins = run.events.filter((e) => e.action === 'signin:ConsoleLogin');
    expect(logins.map((e) => [e.principal, e.category, e.outcome])).toEqual([
      ['arn:aws:iam::111122223333:user/alice', 'auth', 'failure'],
      ['arn:aws:iam::111122223333:user/alice', 'auth', 'success'],
      ['arn:aws:iam::111122223333:root', 'auth', 'success'],
    ]);
    expect(logins[0].errorCode).toBe('Failed authentication');
    const key = only(run, (e) => e.action === 'iam:CreateAccessKey', 'the key creation');
    expect(key.principalType).toBe('access_key');
    expect(key.sessionKey).toBe('AKIALEGACYSYNC000001');
    expect(key.facts).toMatchObject({
      issued_key: 'AKIANEWBACKUPKEY0001',
      issued_to: 'arn:aws:iam::111122223333:user/svc-backup',
    });
    expect(run.rejects.map((r) => [(r.ref as { line: number }).line, r.reason])).toEqual([
      [5, 'no parseable timestamp (eventTime / @timestamp)'],
      [6, 'no eventName'],
    ]);
  });

  it('turns a digest file into one event of the trail delivering its logs', async () => {
    const run = await dryRun(fixture('cloudtrail', DIGEST));
    expect(run.format).toBe('cloudtrail');
    expect(run.records).toBe(1);
    const ev = only(run, () => true, 'for the digest');
    expect(ev.action).toBe('cloudtrail:DigestDelivered');
    expect(ev.resource).toBe('arn:aws:cloudtrail:us-east-1:111122223333:trail/org-trail');
    expect(new Date(ev.ts / 1000).toISOString()).toBe('2026-03-10T15:00:00.000Z');
  });

  describe('export shapes: lookup-events, CloudTrail Lake, Athena, stringified and flattened', () => {
    const KEY = 'AKIAQ3EGT7KX5NHD4YJC';
    const BACKUP = 'arn:aws:iam::111122223333:user/backup-svc';
    /** What every shape must agree on for one event: who, with which key, from where, on what, how it ended. */
    const view = (e: {
      principal: string | null;
      sessionKey: string | null;
      srcIp: string | null;
      resource: string | null;
      outcome: string;
      action: string;
      ts: number;
    }) => ({
      action: e.action,
      principal: e.principal,
      sessionKey: e.sessionKey,
      srcIp: e.srcIp,
      resource: e.resource,
      outcome: e.outcome,
      ts: iso(e.ts),
    });
    const policy = {
      action: 's3:PutBucketPolicy',
      principal: BACKUP,
      sessionKey: KEY,
      srcIp: '203.0.113.66',
      resource: 'arn:aws:s3:::acme-customer-exports',
      outcome: 'success',
      ts: '2026-03-10T14:09:02.000Z',
    };

    it('lookup-events (CLI v2, pretty): the record inside CloudTrailEvent, with principal, key, address and resources', async () => {
      const run = await runFixture('cloudtrail', 'lookup-events.json');
      expect(run.format).toBe('cloudtrail');
      expect(run.rejects).toEqual([]);
      expect(run.events).toHaveLength(4);
      expect(view(only(run, (e) => e.action === 's3:PutBucketPolicy', 'the policy change'))).toEqual(policy);
      const mint = only(run, (e) => e.action === 'iam:CreateAccessKey', 'the key minted');
      expect(mint.principal).toBe('arn:aws:sts::111122223333:assumed-role/prod-admin/release-8817272379');
      expect(mint.sessionKey).toBe('ASIAQ3EGT7KXPX2M9FWK');
      expect(mint.facts).toMatchObject({
        issued_key: KEY,
        issued_to: BACKUP,
        issuer: 'arn:aws:iam::111122223333:role/prod-admin',
      });
      const denied = only(run, (e) => e.action === 'iam:ListUsers', 'the denied listing');
      expect(denied).toMatchObject({ outcome: 'failure', errorCode: 'AccessDenied', category: 'read' });
    });

    it('lookup-events compacted on one line (CLI v1 epoch times): split into its elements, a cut CloudTrailEvent read from the summary', async () => {
      const run = await runFixture('cloudtrail', 'lookup-events-compact.json');
      expect(run.rejects).toEqual([]);
      expect(run.records).toBe(3);
      const who = only(run, (e) => e.action === 'sts:GetCallerIdentity', 'the caller check');
      expect(who).toMatchObject({ principal: BACKUP, sessionKey: KEY, srcIp: '203.0.113.66' });
      // Each element keeps its own bytes: raw is the element, not the page.
      expect(JSON.parse(who.raw as string).EventName).toBe('GetCallerIdentity');
      const cut = only(run, (e) => e.action === 'iam:ListUsers', 'the element with a cut record');
      expect(cut).toMatchObject({
        principal: 'backup-svc',
        sessionKey: KEY,
        ts: Date.parse('2026-03-10T14:10:15Z') * 1000,
      });
      expect(cut.detail).toMatch(/without a parseable CloudTrailEvent/);
    });

    it('CloudTrail Lake query results: rows of one-column cells, userIdentity as the engine renders it', async () => {
      const run = await runFixture('cloudtrail', 'lake-query-results.json');
      expect(run.rejects).toEqual([]);
      expect(run.events).toHaveLength(3);
      expect(view(only(run, (e) => e.action === 's3:PutBucketPolicy', 'the policy change'))).toEqual(policy);
      const mint = only(run, (e) => e.action === 'iam:CreateAccessKey', 'the key minted');
      expect(mint).toMatchObject({ principalType: 'role_session', sessionKey: 'ASIAQ3EGT7KXPX2M9FWK' });
      expect(mint.facts).toMatchObject({ issued_key: KEY, issuer: 'arn:aws:iam::111122223333:role/prod-admin' });
    });

    it('Athena CSV results: rendered structs and JSON strings in columns, empty cells absent', async () => {
      const run = await runFixture('cloudtrail', 'athena-results.csv');
      expect(run.format).toBe('cloudtrail');
      expect(run.rejects).toEqual([]);
      expect(run.events).toHaveLength(4);
      expect(view(only(run, (e) => e.action === 's3:PutBucketPolicy', 'the policy change'))).toEqual(policy);
      const mint = only(run, (e) => e.action === 'iam:CreateAccessKey', 'the key minted');
      expect(mint.facts).toMatchObject({ issued_key: KEY, issued_to: BACKUP });
      expect(only(run, (e) => e.action === 'iam:ListUsers', 'the denied listing')).toMatchObject({
        outcome: 'failure',
        errorCode: 'AccessDenied',
      });
      expect(only(run, (e) => e.action === 'sts:GetCallerIdentity', 'the caller check').outcome).toBe('success');
    });

    it('SIEM exports: userIdentity as a JSON string, or flattened into useridentity.* columns', async () => {
      const run = await runFixture('cloudtrail', 'siem-stringified.jsonl');
      expect(run.rejects).toEqual([]);
      expect(only(run, (e) => e.action === 'sts:GetCallerIdentity', 'the caller check')).toMatchObject({
        principal: BACKUP,
        principalType: 'access_key',
        sessionKey: KEY,
        srcIp: '203.0.113.66',
      });
      expect(view(only(run, (e) => e.action === 's3:PutBucketPolicy', 'the policy change'))).toEqual(policy);
    });
  });
});
