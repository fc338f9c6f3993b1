#!/usr/bin/env node
// Synthetic CloudTrail JSON lines for benchmarks and end-to-end tests: a fleet of non-human identities (roles
// assumed by workloads, CI, long-lived access keys) and a few humans, AssumeRole chains that issue session keys
// used by later events, reads/writes/deletes on S3, KMS, Secrets Manager, IAM changes, failures and a
// StopLogging. Deterministic (seeded), fast (~1M events in a few seconds).
//
//   node bench/gen-cloudtrail.mjs --events 1000000 --out DIR [--files 4] [--days 30] [--hostile]
//
// --hostile adds records whose fields carry HTML/script text (they must render as text in the UI).
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const N = Number(opt('events', '100000'));
const OUT = opt('out', 'bench/out/cloudtrail');
const FILES = Number(opt('files', '4'));
const DAYS = Number(opt('days', '30'));
const HOSTILE = args.includes('--hostile');
const START = Date.parse(opt('start', '2026-03-01T00:00:00Z'));

let seed = 0x5eed;
const rnd = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};
const pick = (a) => a[Math.floor(rnd() * a.length)];
const hex = (n) => {
  let s = '';
  for (let i = 0; i < n; i++) s += '0123456789ABCDEF'[Math.floor(rnd() * 16)];
  return s;
};

const ACCOUNT = '111122223333';
const roles = [];
const ROLE_NAMES = [
  'ci-deployer',
  'billing-exporter',
  'eks-node',
  'data-pipeline',
  'backup-agent',
  'support-copilot',
  'lambda-etl',
  'metrics-scraper',
  'terraform-apply',
  'log-shipper',
  'secrets-rotator',
  'image-builder',
];
for (let i = 0; i < 60; i++)
  roles.push(
    `${ROLE_NAMES[i % ROLE_NAMES.length]}${i >= ROLE_NAMES.length ? '-' + Math.floor(i / ROLE_NAMES.length) : ''}`,
  );
const users = ['svc-reporting', 'svc-legacy-sync', 'alice', 'bob', 'svc-archiver', 'svc-monitor'];
const userKeys = Object.fromEntries(users.map((u) => [u, `AKIA${hex(16)}`]));
const buckets = Array.from(
  { length: 40 },
  (_, i) => `corp-${['logs', 'data', 'backups', 'artifacts', 'exports'][i % 5]}-${i}`,
);
const secrets = Array.from({ length: 20 }, (_, i) => `prod/db/${['orders', 'users', 'billing', 'search'][i % 4]}-${i}`);
const ips = Array.from({ length: 30 }, (_, i) => `10.${i}.${(i * 7) % 255}.${(i * 13) % 255}`);
const external = ['203.0.113.7', '198.51.100.23'];
const agents = [
  'aws-cli/2.15.0 Python/3.11',
  'Boto3/1.34.0 Python/3.12',
  'aws-sdk-go-v2/1.24.0',
  'terraform/1.7.0',
  'aws-sdk-java/2.21.0',
];

const ACTIONS = [
  ['s3.amazonaws.com', 'GetObject', 40],
  ['s3.amazonaws.com', 'PutObject', 12],
  ['s3.amazonaws.com', 'ListBucket', 10],
  ['s3.amazonaws.com', 'DeleteObject', 2],
  ['kms.amazonaws.com', 'Decrypt', 10],
  ['secretsmanager.amazonaws.com', 'GetSecretValue', 6],
  ['ec2.amazonaws.com', 'DescribeInstances', 8],
  ['iam.amazonaws.com', 'ListRoles', 3],
  ['iam.amazonaws.com', 'AttachRolePolicy', 0.3],
  ['lambda.amazonaws.com', 'Invoke', 5],
  ['dynamodb.amazonaws.com', 'Query', 6],
  ['sts.amazonaws.com', 'GetCallerIdentity', 2],
];
const totalW = ACTIONS.reduce((a, x) => a + x[2], 0);
const pickAction = () => {
  let r = rnd() * totalW;
  for (const a of ACTIONS) {
    r -= a[2];
    if (r <= 0) return a;
  }
  return ACTIONS[0];
};

// Live sessions per role: [accessKeyId, sessionName, started]
const sessions = new Map();
const span = DAYS * 86400_000;

mkdirSync(OUT, { recursive: true });
const streams = Array.from({ length: FILES }, (_, i) =>
  createWriteStream(path.join(OUT, `cloudtrail-${String(i + 1).padStart(2, '0')}.jsonl`)),
);
const perFile = Math.ceil(N / FILES);

function resourceFor(src, name) {
  if (src.startsWith('s3'))
    return [{ type: 'AWS::S3::Object', ARN: `arn:aws:s3:::${pick(buckets)}/data/${Math.floor(rnd() * 500)}.parquet` }];
  if (src.startsWith('kms'))
    return [
      {
        type: 'AWS::KMS::Key',
        ARN: `arn:aws:kms:us-east-1:${ACCOUNT}:key/${['a1', 'b2', 'c3', 'd4'][Math.floor(rnd() * 4)]}`,
      },
    ];
  if (src.startsWith('secretsmanager'))
    return [
      {
        type: 'AWS::SecretsManager::Secret',
        ARN: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:${pick(secrets)}`,
      },
    ];
  if (src.startsWith('dynamodb'))
    return [
      {
        type: 'AWS::DynamoDB::Table',
        ARN: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/${pick(['orders', 'users', 'audit'])}`,
      },
    ];
  if (src.startsWith('lambda'))
    return [
      {
        type: 'AWS::Lambda::Function',
        ARN: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${pick(['etl', 'thumbs', 'notify'])}`,
      },
    ];
  if (name === 'AttachRolePolicy')
    return [{ type: 'AWS::IAM::Role', ARN: `arn:aws:iam::${ACCOUNT}:role/${pick(roles)}` }];
  return undefined;
}

let written = 0;
let eventSeq = 0;
function emit(rec) {
  const line = JSON.stringify(rec) + '\n';
  const s = streams[Math.min(FILES - 1, Math.floor(written / perFile))];
  written++;
  return s.write(line);
}

function baseRecord(t, ui, src, name, ip, ua) {
  return {
    eventVersion: '1.09',
    userIdentity: ui,
    eventTime: new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    eventSource: src,
    eventName: name,
    awsRegion: 'us-east-1',
    sourceIPAddress: ip,
    userAgent: ua,
    requestParameters: null,
    responseElements: null,
    requestID: `${hex(8)}-${hex(4)}`,
    eventID: `${hex(8)}-${hex(4)}-${hex(4)}-${(eventSeq++).toString(16).padStart(12, '0')}`,
    readOnly: true,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: ACCOUNT,
  };
}

async function main() {
  const t0 = Date.now();
  for (let i = 0; i < N; i++) {
    // Time grows monotonically with a little jitter and daily rhythm.
    const t = START + Math.floor((i / N) * span) + Math.floor(rnd() * 1000);
    let rec;
    const r = rnd();
    if (HOSTILE && i === Math.floor(N / 2)) {
      rec = baseRecord(
        t,
        {
          type: 'IAMUser',
          principalId: 'AIDAHOSTILE',
          arn: `arn:aws:iam::${ACCOUNT}:user/<img src=x onerror=alert(1)>`,
          accountId: ACCOUNT,
          accessKeyId: `AKIA${hex(16)}`,
          userName: '<img src=x onerror=alert(1)>',
        },
        's3.amazonaws.com',
        'GetObject',
        pick(ips),
        '<script>alert("ua")</script>',
      );
      rec.requestParameters = { bucketName: '<b>bold</b>', key: '<img src=x onerror=alert(1)>' };
      rec.resources = [{ type: 'AWS::S3::Object', ARN: 'arn:aws:s3:::<img src=x onerror=alert(1)>' }];
    } else if (r < 0.04) {
      // A role is assumed: a new session key.
      const role = pick(roles);
      const akid = `ASIA${hex(16)}`;
      const sessName = `${role}-${hex(6).toLowerCase()}`;
      sessions.set(role, [akid, sessName, t]);
      const callerIsUser = rnd() < 0.3;
      const caller = callerIsUser
        ? {
            type: 'IAMUser',
            principalId: `AIDA${hex(12)}`,
            arn: `arn:aws:iam::${ACCOUNT}:user/${pick(users)}`,
            accountId: ACCOUNT,
            accessKeyId: userKeys[users[0]],
            userName: users[0],
          }
        : {
            type: 'AWSService',
            invokedBy: pick(['ec2.amazonaws.com', 'lambda.amazonaws.com', 'ecs-tasks.amazonaws.com']),
          };
      rec = baseRecord(
        t,
        caller,
        'sts.amazonaws.com',
        'AssumeRole',
        callerIsUser ? pick(ips) : 'AWS Internal',
        pick(agents),
      );
      rec.requestParameters = {
        roleArn: `arn:aws:iam::${ACCOUNT}:role/${role}`,
        roleSessionName: sessName,
        durationSeconds: 3600,
      };
      rec.responseElements = {
        credentials: {
          accessKeyId: akid,
          sessionToken: 'IQoJ' + hex(40),
          expiration: new Date(t + 3600_000).toUTCString(),
        },
        assumedRoleUser: {
          assumedRoleId: `AROA${hex(12)}:${sessName}`,
          arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${role}/${sessName}`,
        },
      };
      rec.resources = [{ type: 'AWS::IAM::Role', ARN: `arn:aws:iam::${ACCOUNT}:role/${role}` }];
    } else {
      const [src, name] = pickAction();
      let ui;
      let ip = pick(ips);
      if (rnd() < 0.12) {
        const u = pick(users);
        ui = {
          type: 'IAMUser',
          principalId: `AIDA${u.length}${u}`,
          arn: `arn:aws:iam::${ACCOUNT}:user/${u}`,
          accountId: ACCOUNT,
          accessKeyId: userKeys[u],
          userName: u,
        };
        if (u === 'svc-legacy-sync' && rnd() < 0.05) ip = pick(external);
      } else {
        const role = pick(roles);
        let s = sessions.get(role);
        if (!s) {
          s = [`ASIA${hex(16)}`, `${role}-boot`, t];
          sessions.set(role, s);
        }
        ui = {
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
            attributes: {
              creationDate: new Date(s[2]).toISOString().replace(/\.\d{3}Z$/, 'Z'),
              mfaAuthenticated: 'false',
            },
          },
        };
      }
      rec = baseRecord(t, ui, src, name, ip, pick(agents));
      rec.readOnly = !/Put|Delete|Attach|Invoke/.test(name);
      const res = resourceFor(src, name);
      if (res) rec.resources = res;
      if (src.startsWith('s3') && res)
        rec.requestParameters = {
          bucketName: res[0].ARN.split(':::')[1].split('/')[0],
          key: res[0].ARN.split('/').slice(1).join('/'),
        };
      if (rnd() < 0.02) {
        rec.errorCode = 'AccessDenied';
        rec.errorMessage = `User is not authorized to perform: ${src.split('.')[0]}:${name}`;
      }
    }
    if (i === Math.floor(N * 0.8)) {
      rec = baseRecord(
        t,
        {
          type: 'IAMUser',
          principalId: 'AIDASVCLEGACY',
          arn: `arn:aws:iam::${ACCOUNT}:user/svc-legacy-sync`,
          accountId: ACCOUNT,
          accessKeyId: userKeys['svc-legacy-sync'],
          userName: 'svc-legacy-sync',
        },
        'cloudtrail.amazonaws.com',
        'StopLogging',
        external[0],
        'aws-cli/2.15.0',
      );
      rec.requestParameters = { name: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/org-trail` };
      rec.readOnly = false;
    }
    if (!emit(rec))
      await new Promise((res) => streams[Math.min(FILES - 1, Math.floor((written - 1) / perFile))].once('drain', res));
  }
  await Promise.all(streams.map((s) => new Promise((res) => s.end(res))));
  process.stderr.write(
    `gen-cloudtrail: ${N} events in ${FILES} files under ${OUT} (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`,
  );
}

main();
