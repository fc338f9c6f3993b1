// A small CloudTrail story for annotation and report tests: a CI role's web-identity session is used from an
// unknown address (with a hostile user agent), reads a backup, tries to mint a key for another user and stops
// the trail. Written as the CloudTrail JSON lines AWS delivers.
import { writeFileSync } from 'node:fs';
import path from 'node:path';

export const HOSTILE = '<img src=x onerror=alert(1)>';
export const ACCOUNT = '111122223333';
export const ROLE = `arn:aws:iam::${ACCOUNT}:role/ci-deploy`;
export const SESSION_ARN = `arn:aws:sts::${ACCOUNT}:assumed-role/ci-deploy/gha-4711`;
export const KEY = 'ASIAEXAMPLEKEY4711';
export const ATTACKER_IP = '203.0.113.66';

interface Rec {
  t: string;
  source: string;
  name: string;
  ip: string;
  ua: string;
  params?: Record<string, unknown> | null;
  error?: string;
  response?: Record<string, unknown> | null;
  identity?: Record<string, unknown>;
  readOnly?: boolean;
}

const roleIdentity = {
  type: 'AssumedRole',
  principalId: 'AROAEXAMPLEROLE:gha-4711',
  arn: SESSION_ARN,
  accountId: ACCOUNT,
  accessKeyId: KEY,
  sessionContext: {
    sessionIssuer: {
      type: 'Role',
      principalId: 'AROAEXAMPLEROLE',
      arn: ROLE,
      accountId: ACCOUNT,
      userName: 'ci-deploy',
    },
    attributes: { creationDate: '2026-03-10T13:00:00Z', mfaAuthenticated: 'false' },
  },
};

function record(r: Rec, i: number): string {
  return JSON.stringify({
    eventVersion: '1.08',
    userIdentity: r.identity ?? roleIdentity,
    eventTime: r.t,
    eventSource: r.source,
    eventName: r.name,
    awsRegion: 'eu-west-1',
    sourceIPAddress: r.ip,
    userAgent: r.ua,
    requestParameters: r.params ?? null,
    responseElements: r.response ?? null,
    ...(r.error ? { errorCode: r.error, errorMessage: `User: ${SESSION_ARN} is not authorized` } : {}),
    eventID: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    readOnly: r.readOnly ?? false,
    eventType: 'AwsApiCall',
    recipientAccountId: ACCOUNT,
  });
}

export function scenarioRecords(): string[] {
  const gha = 'aws-cli/2.15.0 Python/3.11 GitHub-Actions';
  const recs: Rec[] = [
    {
      t: '2026-03-10T13:00:00Z',
      source: 'sts.amazonaws.com',
      name: 'AssumeRoleWithWebIdentity',
      ip: '140.82.112.5',
      ua: gha,
      identity: {
        type: 'WebIdentityUser',
        principalId: 'token.actions.githubusercontent.com:sts.amazonaws.com:repo:acme/deploy:ref:refs/heads/main',
        userName: 'repo:acme/deploy:ref:refs/heads/main',
        identityProvider: 'token.actions.githubusercontent.com',
      },
      params: { roleArn: ROLE, roleSessionName: 'gha-4711' },
      response: { credentials: { accessKeyId: KEY, expiration: 'Mar 10, 2026, 2:00:00 PM' } },
    },
    {
      t: '2026-03-10T13:02:10.123Z',
      source: 's3.amazonaws.com',
      name: 'PutObject',
      ip: '140.82.112.5',
      ua: gha,
      params: { bucketName: 'acme-artifacts', key: 'build-812.zip' },
    },
    {
      t: '2026-03-10T13:58:41Z',
      source: 's3.amazonaws.com',
      name: 'ListBuckets',
      ip: ATTACKER_IP,
      ua: HOSTILE,
      readOnly: true,
    },
    {
      t: '2026-03-10T13:59:02Z',
      source: 's3.amazonaws.com',
      name: 'GetObject',
      ip: ATTACKER_IP,
      ua: HOSTILE,
      readOnly: true,
      params: { bucketName: 'acme-backups', key: 'customers-2026-03-09.sql.gz' },
    },
    {
      t: '2026-03-10T13:59:30Z',
      source: 's3.amazonaws.com',
      name: 'GetObject',
      ip: ATTACKER_IP,
      ua: HOSTILE,
      readOnly: true,
      params: { bucketName: 'acme-backups', key: `invoices-${HOSTILE}.csv` },
    },
    {
      t: '2026-03-10T14:01:05Z',
      source: 'iam.amazonaws.com',
      name: 'CreateAccessKey',
      ip: ATTACKER_IP,
      ua: HOSTILE,
      params: { userName: 'svc-backup' },
      error: 'AccessDenied',
    },
    {
      t: '2026-03-10T14:03:17Z',
      source: 'cloudtrail.amazonaws.com',
      name: 'StopLogging',
      ip: ATTACKER_IP,
      ua: HOSTILE,
      params: { name: `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/org-trail` },
    },
  ];
  // Routine: the pipeline's own reads every few minutes, from GitHub's addresses.
  for (let i = 0; i < 24; i++) {
    const m = 5 + i * 2;
    recs.push({
      t: `2026-03-10T13:${String(m).padStart(2, '0')}:00Z`,
      source: 's3.amazonaws.com',
      name: 'GetObject',
      ip: '140.82.112.5',
      ua: gha,
      readOnly: true,
      params: { bucketName: 'acme-artifacts', key: `deps/cache-${i}.tar` },
    });
  }
  recs.sort((a, b) => (a.t < b.t ? -1 : 1));
  return recs.map(record);
}

/** Writes the scenario (split over two files, as two trail deliveries) and returns their paths. */
export function writeScenario(dir: string): string[] {
  const lines = scenarioRecords();
  const a = path.join(dir, 'trail-part1.jsonl');
  const b = path.join(dir, 'trail-part2.jsonl');
  writeFileSync(a, lines.slice(0, 12).join('\n') + '\n');
  writeFileSync(b, lines.slice(12).join('\n') + '\n');
  return [a, b];
}
