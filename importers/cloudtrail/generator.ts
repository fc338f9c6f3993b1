// Synthetic CloudTrail records (JSON lines, as Athena or a SIEM export writes them) for the importer bench: roles
// assumed by workloads and CI (AssumeRole issuing the ASIA keys later calls use), long-lived IAM user keys, console
// sign-ins with failures, reads/writes on S3, KMS, Secrets Manager, DynamoDB and Lambda, IAM changes, access
// denials and one StopLogging. `n` records. (bench/gen-cloudtrail.mjs writes the multi-file data sets of the import
// benchmark and the end-to-end tests; this one is the per-format generator every format folder has.)

import { prng } from '../../bench/lib/random.js';

const ACCOUNT = '111122223333';
const ROLES = ['ci-deployer', 'billing-exporter', 'eks-node', 'data-pipeline', 'backup-agent', 'lambda-etl'];
const USERS = ['svc-reporting', 'svc-legacy-sync', 'alice', 'bob'];
const AGENTS = ['aws-cli/2.15.0 Python/3.11', 'Boto3/1.34.0 Python/3.12', 'aws-sdk-go-v2/1.24.0', 'terraform/1.7.0'];
const ACTIONS: [string, string, number][] = [
  ['s3', 'GetObject', 40],
  ['s3', 'PutObject', 12],
  ['s3', 'ListBucket', 10],
  ['s3', 'DeleteObject', 2],
  ['kms', 'Decrypt', 10],
  ['secretsmanager', 'GetSecretValue', 6],
  ['ec2', 'DescribeInstances', 8],
  ['iam', 'AttachRolePolicy', 0.3],
  ['lambda', 'Invoke', 5],
  ['dynamodb', 'Query', 6],
];
const TOTAL = ACTIONS.reduce((a, x) => a + x[2], 0);

export function generate(n: number, seed: number): string[] {
  const rnd = prng(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)];
  const hex = (len: number) => {
    let s = '';
    for (let i = 0; i < len; i++) s += '0123456789ABCDEF'[Math.floor(rnd() * 16)];
    return s;
  };
  const userKeys = new Map(USERS.map((u) => [u, `AKIA${hex(16)}`]));
  const ips = Array.from({ length: 20 }, (_, i) => `10.${i}.${(i * 7) % 255}.${(i * 13) % 255}`);
  // The live session of each role: [access key, session name, start].
  const sessions = new Map<string, [string, string, number]>();
  const out: string[] = [];
  let t = Date.parse('2026-03-01T00:00:00Z');
  let seq = 0;

  const base = (ui: Record<string, unknown>, src: string, name: string, ip: string): Record<string, unknown> => ({
    eventVersion: '1.09',
    userIdentity: ui,
    eventTime: new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    eventSource: `${src}.amazonaws.com`,
    eventName: name,
    awsRegion: 'us-east-1',
    sourceIPAddress: ip,
    userAgent: pick(AGENTS),
    requestParameters: null,
    responseElements: null,
    requestID: `${hex(8)}-${hex(4)}`,
    eventID: `${hex(8)}-${hex(4)}-${hex(4)}-${(seq++).toString(16).padStart(12, '0')}`,
    readOnly: true,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: ACCOUNT,
  });
  const iamUser = (u: string) => ({
    type: 'IAMUser',
    principalId: `AIDA${u.length}${u.toUpperCase()}`,
    arn: `arn:aws:iam::${ACCOUNT}:user/${u}`,
    accountId: ACCOUNT,
    accessKeyId: userKeys.get(u),
    userName: u,
  });
  const roleSession = (role: string) => {
    let s = sessions.get(role);
    if (!s) sessions.set(role, (s = [`ASIA${hex(16)}`, `${role}-boot`, t]));
    return {
      type: 'AssumedRole',
      principalId: `AROA${role.length}X:${s[1]}`,
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${role}/${s[1]}`,
      accountId: ACCOUNT,
      accessKeyId: s[0],
      sessionContext: {
        sessionIssuer: {
          type: 'Role',
          principalId: `AROA${role.length}X`,
          arn: `arn:aws:iam::${ACCOUNT}:role/${role}`,
          accountId: ACCOUNT,
          userName: role,
        },
        attributes: { creationDate: new Date(s[2]).toISOString().replace(/\.\d{3}Z$/, 'Z'), mfaAuthenticated: 'false' },
      },
    };
  };
  const resourceOf = (src: string, name: string): { type: string; ARN: string } | null => {
    if (src === 's3')
      return {
        type: 'AWS::S3::Object',
        ARN: `arn:aws:s3:::corp-data-${Math.floor(rnd() * 8)}/d/${Math.floor(rnd() * 500)}`,
      };
    if (src === 'kms')
      return { type: 'AWS::KMS::Key', ARN: `arn:aws:kms:us-east-1:${ACCOUNT}:key/${pick(['a1', 'b2'])}` };
    if (src === 'secretsmanager')
      return { type: 'AWS::SecretsManager::Secret', ARN: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:prod/db` };
    if (src === 'dynamodb')
      return {
        type: 'AWS::DynamoDB::Table',
        ARN: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/${pick(['orders', 'audit'])}`,
      };
    if (src === 'lambda')
      return { type: 'AWS::Lambda::Function', ARN: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:etl` };
    if (name === 'AttachRolePolicy')
      return { type: 'AWS::IAM::Role', ARN: `arn:aws:iam::${ACCOUNT}:role/${pick(ROLES)}` };
    return null;
  };

  for (let i = 0; i < n; i++) {
    t += Math.floor(rnd() * 3000);
    const r = rnd();
    let rec: Record<string, unknown>;
    if (i === Math.floor(n * 0.8)) {
      rec = base(iamUser('svc-legacy-sync'), 'cloudtrail', 'StopLogging', '203.0.113.7');
      rec.requestParameters = { name: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/org-trail` };
      rec.readOnly = false;
    } else if (r < 0.04) {
      // A role is assumed: a new session key that the role's later calls carry.
      const role = pick(ROLES);
      const akid = `ASIA${hex(16)}`;
      const name = `${role}-${hex(6).toLowerCase()}`;
      sessions.set(role, [akid, name, t]);
      rec = base(
        { type: 'AWSService', invokedBy: pick(['ec2.amazonaws.com', 'lambda.amazonaws.com']) },
        'sts',
        'AssumeRole',
        'AWS Internal',
      );
      rec.requestParameters = {
        roleArn: `arn:aws:iam::${ACCOUNT}:role/${role}`,
        roleSessionName: name,
        durationSeconds: 3600,
      };
      rec.responseElements = {
        credentials: {
          accessKeyId: akid,
          sessionToken: 'IQoJ' + hex(40),
          expiration: new Date(t + 3_600_000).toUTCString(),
        },
        assumedRoleUser: {
          assumedRoleId: `AROA${hex(12)}:${name}`,
          arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${role}/${name}`,
        },
      };
      rec.resources = [{ type: 'AWS::IAM::Role', ARN: `arn:aws:iam::${ACCOUNT}:role/${role}` }];
    } else if (r < 0.05) {
      // A person signs in to the console; some attempts fail.
      const u = pick(['alice', 'bob']);
      const failed = rnd() < 0.2;
      rec = base(
        {
          type: 'IAMUser',
          principalId: `AIDA${u.toUpperCase()}`,
          arn: `arn:aws:iam::${ACCOUNT}:user/${u}`,
          accountId: ACCOUNT,
          userName: u,
        },
        'signin',
        'ConsoleLogin',
        pick(ips),
      );
      rec.eventType = 'AwsConsoleSignIn';
      rec.responseElements = { ConsoleLogin: failed ? 'Failure' : 'Success' };
      rec.additionalEventData = { MFAUsed: 'Yes', LoginTo: 'https://console.aws.amazon.com/' };
      if (failed) rec.errorMessage = 'Failed authentication';
    } else {
      let w = rnd() * TOTAL;
      const [src, name] = ACTIONS.find((a) => (w -= a[2]) <= 0) ?? ACTIONS[0];
      const ui = rnd() < 0.12 ? iamUser(pick(USERS)) : roleSession(pick(ROLES));
      rec = base(ui, src, name, pick(ips));
      rec.readOnly = !/Put|Delete|Attach|Invoke/.test(name);
      const res = resourceOf(src, name);
      if (res) rec.resources = [res];
      if (src === 's3' && res) {
        const [bucket, ...key] = res.ARN.slice('arn:aws:s3:::'.length).split('/');
        rec.requestParameters = { bucketName: bucket, key: key.join('/') };
      }
      if (rnd() < 0.02) {
        rec.errorCode = 'AccessDenied';
        rec.errorMessage = `User is not authorized to perform: ${src}:${name}`;
      }
    }
    out.push(JSON.stringify(rec));
  }
  return out;
}
