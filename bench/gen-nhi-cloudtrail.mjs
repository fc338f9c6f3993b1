#!/usr/bin/env node
// Synthetic CloudTrail with the session structure derivation works on (bench/derive.mjs): many short credential
// runs, each opened by the event that issued its key — EC2 instance profiles (AssumeRole by ec2.amazonaws.com,
// used from the instance), ECS/Lambda task roles, GitHub Actions OIDC into deploy roles that chain into target
// roles, long-lived IAM user keys used daily, people in the console — plus two incidents: an instance key used
// off-host, and a CI chain that mints an access key used later from outside. Deterministic (seeded PRNG).
//
//   node bench/gen-nhi-cloudtrail.mjs --events 850000 --out DIR [--days 30] [--files 4]
import { createWriteStream, mkdirSync } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';

const args = process.argv.slice(2);
const opt = (n, d) => (args.includes(`--${n}`) ? args[args.indexOf(`--${n}`) + 1] : d);
const N = Number(opt('events', '850000'));
const OUT = opt('out', 'bench/out/nhi-cloudtrail');
const DAYS = Number(opt('days', '30'));
const FILES = Number(opt('files', '4'));
const START = Date.parse(opt('start', '2026-02-01T00:00:00Z'));
const A = '111122223333';

let s = 0x9e3779b9;
const rnd = () => {
  s = (s + 0x6d2b79f5) >>> 0;
  let t = s;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const int = (a, b) => a + Math.floor(rnd() * (b - a + 1));
const pick = (a) => a[Math.floor(rnd() * a.length)];
const hex = (n) => Array.from({ length: n }, () => '0123456789ABCDEF'[Math.floor(rnd() * 16)]).join('');
const iso = (t) => new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');

const buckets = Array.from(
  { length: 60 },
  (_, i) => `acme-${['raw', 'curated', 'logs', 'artifacts', 'backups', 'exports'][i % 6]}-${i}`,
);
const tables = Array.from({ length: 25 }, (_, i) => `orders-${i}`);
const secrets = Array.from({ length: 30 }, (_, i) => `prod/app-${i}/db`);
const kmsKeys = Array.from(
  { length: 12 },
  (_, i) => `${hex(8).toLowerCase()}-0000-4000-8000-${String(i).padStart(12, '0')}`,
);
const SDK = [
  'Boto3/1.34.69 md/Botocore#1.34.69 os/linux#5.10 lang/python#3.12',
  'aws-sdk-go-v2/1.26.1 os/linux lang/go#1.22',
  'aws-sdk-java/2.25.0 Linux/5.10 OpenJDK_64-Bit_Server_VM/17',
];

// The fleet.
const instanceRoles = Array.from(
  { length: 60 },
  (_, i) => `ec2-${['web', 'worker', 'batch', 'cache', 'api'][i % 5]}-${i}`,
);
const instances = Array.from({ length: 240 }, (_, i) => ({
  id: `i-0${hex(16).toLowerCase()}`,
  role: instanceRoles[i % instanceRoles.length],
  ip: `10.${i % 50}.${(i * 7) % 250}.${10 + (i % 200)}`,
}));
const taskRoles = Array.from({ length: 80 }, (_, i) => ({
  role: `task-${['etl', 'notify', 'thumbs', 'search', 'billing'][i % 5]}-${i}`,
  via: i % 2 ? 'ecs-tasks.amazonaws.com' : 'lambda.amazonaws.com',
  ip: `10.100.${i}.${int(2, 250)}`,
}));
const repos = Array.from({ length: 25 }, (_, i) => `acme/service-${i}`);
const deployRoles = repos.map((r, i) => `gha-deploy-${i}`);
const targetRoles = Array.from({ length: 15 }, (_, i) => `deploy-target-${i}`);
const users = Array.from({ length: 40 }, (_, i) => ({
  name: `svc-${['sync', 'report', 'backup', 'export', 'monitor'][i % 5]}-${i}`,
  key: `AKIA${hex(16)}`,
  ip: `10.200.${i}.${int(2, 250)}`,
}));
const people = Array.from({ length: 12 }, (_, i) => ({ name: `person-${i}`, ip: `198.51.100.${10 + i}` }));

function rec(t, ui, src, name, ip, ua, rp = null, re = null, resources) {
  const r = {
    eventVersion: '1.09',
    userIdentity: ui,
    eventTime: iso(t),
    eventSource: src,
    eventName: name,
    awsRegion: 'us-east-1',
    sourceIPAddress: ip,
    userAgent: ua,
    requestParameters: rp,
    responseElements: re,
    requestID: hex(16),
    eventID: `${hex(8)}-${hex(4)}-${hex(4)}-${hex(12)}`,
    readOnly: /^(Get|List|Describe|Decrypt|Query|Scan)/.test(name),
    eventType: 'AwsApiCall',
    managementEvent: !/Object|Item|Query|Scan/.test(name),
    recipientAccountId: A,
  };
  if (resources) r.resources = resources;
  return r;
}
const roleUi = (role, sess, key, created, ec2) => ({
  type: 'AssumedRole',
  principalId: `AROA${role.length}${role.slice(-3).toUpperCase()}:${sess}`,
  arn: `arn:aws:sts::${A}:assumed-role/${role}/${sess}`,
  accountId: A,
  accessKeyId: key,
  sessionContext: {
    sessionIssuer: {
      type: 'Role',
      principalId: `AROA${role.length}${role.slice(-3).toUpperCase()}`,
      arn: `arn:aws:iam::${A}:role/${role}`,
      accountId: A,
      userName: role,
    },
    attributes: { creationDate: iso(created), mfaAuthenticated: 'false' },
    ...(ec2 ? { ec2RoleDelivery: '2.0' } : {}),
  },
});
const issue = (t, caller, ip, ua, name, role, sess, key, extra = {}) =>
  rec(
    t,
    caller,
    'sts.amazonaws.com',
    name,
    ip,
    ua,
    { roleArn: `arn:aws:iam::${A}:role/${role}`, roleSessionName: sess, durationSeconds: 3600, ...extra.rp },
    {
      credentials: {
        accessKeyId: key,
        sessionToken: 'IQoJ' + hex(24),
        expiration: new Date(t + 3600_000).toUTCString(),
      },
      assumedRoleUser: {
        assumedRoleId: `AROA${hex(8)}:${sess}`,
        arn: `arn:aws:sts::${A}:assumed-role/${role}/${sess}`,
      },
      ...extra.re,
    },
    [{ accountId: A, type: 'AWS::IAM::Role', ARN: `arn:aws:iam::${A}:role/${role}` }],
  );

function work(t, ui, ip, ua) {
  const r = rnd();
  if (r < 0.45) {
    const b = pick(buckets);
    const key = `part/${iso(t).slice(0, 10)}/${int(0, 40)}.parquet`;
    const put = rnd() < 0.3;
    return rec(t, ui, 's3.amazonaws.com', put ? 'PutObject' : 'GetObject', ip, ua, { bucketName: b, key });
  }
  if (r < 0.65)
    return rec(
      t,
      ui,
      'dynamodb.amazonaws.com',
      pick(['GetItem', 'Query', 'PutItem']),
      ip,
      ua,
      { tableName: pick(tables) },
      null,
      [{ accountId: A, type: 'AWS::DynamoDB::Table', ARN: `arn:aws:dynamodb:us-east-1:${A}:table/${pick(tables)}` }],
    );
  if (r < 0.8)
    return rec(t, ui, 'kms.amazonaws.com', 'Decrypt', ip, ua, { encryptionAlgorithm: 'SYMMETRIC_DEFAULT' }, null, [
      { accountId: A, type: 'AWS::KMS::Key', ARN: `arn:aws:kms:us-east-1:${A}:key/${pick(kmsKeys)}` },
    ]);
  if (r < 0.88)
    return rec(t, ui, 'secretsmanager.amazonaws.com', 'GetSecretValue', ip, ua, {
      secretId: `arn:aws:secretsmanager:us-east-1:${A}:secret:${pick(secrets)}`,
    });
  if (r < 0.95)
    return rec(t, ui, 'ec2.amazonaws.com', 'DescribeInstances', ip, ua, { instancesSet: {}, filterSet: {} });
  return rec(t, ui, 'sqs.amazonaws.com', pick(['SendMessage', 'ReceiveMessage']), ip, ua, {
    queueUrl: `https://sqs.us-east-1.amazonaws.com/${A}/q-${int(0, 20)}`,
  });
}

// Sessions are generated per day and sorted within the day: delivery files are roughly, not strictly, ordered.
const day = 86_400_000;
const perDay = Math.ceil(N / DAYS);
mkdirSync(OUT, { recursive: true });
const streams = Array.from({ length: FILES }, (_, i) =>
  createWriteStream(path.join(OUT, `nhi-cloudtrail-${String(i + 1).padStart(2, '0')}.jsonl`)),
);
let written = 0;
let stolen = null;
let minted = null;

async function flush(records) {
  records.sort((a, b) => a[0] - b[0]);
  for (const [, r] of records) {
    const st = streams[Math.min(FILES - 1, Math.floor(written / Math.ceil(N / FILES)))];
    written++;
    if (!st.write(JSON.stringify(r) + '\n')) await once(st, 'drain');
  }
}

const t0 = Date.now();
for (let d = 0; d < DAYS && written < N; d++) {
  const dayStart = START + d * day;
  const out = [];
  const push = (r) => out.push([Date.parse(r.eventTime), r]);
  while (out.length < perDay) {
    const kind = rnd();
    const t = dayStart + Math.floor(rnd() * (day - 3_600_000));
    const n = int(15, 120);
    if (kind < 0.4) {
      const inst = pick(instances);
      const key = `ASIA${hex(16)}`;
      push(
        issue(
          t,
          { type: 'AWSService', invokedBy: 'ec2.amazonaws.com' },
          'ec2.amazonaws.com',
          'ec2.amazonaws.com',
          'AssumeRole',
          inst.role,
          inst.id,
          key,
        ),
      );
      const ui = roleUi(inst.role, inst.id, key, t, true);
      const ua = pick(SDK);
      for (let i = 0; i < n; i++) push(work(t + 1000 + i * int(5, 25) * 1000, ui, inst.ip, ua));
      if (!stolen && d === Math.floor(DAYS * 0.7)) stolen = { ui, t: t + 2 * 3_600_000 };
    } else if (kind < 0.65) {
      const task = pick(taskRoles);
      const key = `ASIA${hex(16)}`;
      const sess = `${task.role}-${hex(8).toLowerCase()}`;
      push(
        issue(t, { type: 'AWSService', invokedBy: task.via }, task.via, task.via, 'AssumeRole', task.role, sess, key),
      );
      const ui = roleUi(task.role, sess, key, t, false);
      for (let i = 0; i < n; i++) push(work(t + 500 + i * int(1, 10) * 1000, ui, task.ip, pick(SDK)));
    } else if (kind < 0.8) {
      const i0 = int(0, repos.length - 1);
      const sub = `repo:${repos[i0]}:ref:refs/heads/main`;
      const prov = `arn:aws:iam::${A}:oidc-provider/token.actions.githubusercontent.com`;
      const runner = `20.${int(1, 250)}.${int(1, 250)}.${int(1, 250)}`;
      const ua = 'aws-sdk-nodejs/3.540.0 linux/v20.11.1 configure-aws-credentials';
      const key = `ASIA${hex(16)}`;
      push(
        issue(
          t,
          {
            type: 'WebIdentityUser',
            principalId: `${prov}:sts.amazonaws.com:${sub}`,
            userName: sub,
            identityProvider: prov,
          },
          runner,
          ua,
          'AssumeRoleWithWebIdentity',
          deployRoles[i0],
          'GitHubActions',
          key,
          { re: { subjectFromWebIdentityToken: sub, provider: prov, audience: 'sts.amazonaws.com' } },
        ),
      );
      const ui = roleUi(deployRoles[i0], 'GitHubActions', key, t, false);
      let tt = t + 2000;
      for (let i = 0; i < Math.min(n, 20); i++) push(work((tt += 2000), ui, runner, ua));
      const target = pick(targetRoles);
      const k2 = `ASIA${hex(16)}`;
      const chainSess = `deploy-${hex(6).toLowerCase()}`;
      push(issue((tt += 1000), ui, runner, ua, 'AssumeRole', target, chainSess, k2));
      const ui2 = roleUi(target, chainSess, k2, tt, false);
      for (let i = 0; i < n; i++) push(work((tt += 1500), ui2, runner, ua));
      if (!minted && d === Math.floor(DAYS * 0.5)) {
        minted = `AKIA${hex(16)}`;
        push(rec((tt += 1000), ui2, 'iam.amazonaws.com', 'CreateUser', runner, ua, { userName: 'svc-shadow' }));
        push(
          rec(
            tt + 1000,
            ui2,
            'iam.amazonaws.com',
            'CreateAccessKey',
            runner,
            ua,
            { userName: 'svc-shadow' },
            { accessKey: { accessKeyId: minted, userName: 'svc-shadow', status: 'Active' } },
          ),
        );
      }
    } else if (kind < 0.95) {
      const u = pick(users);
      const ui = {
        type: 'IAMUser',
        principalId: `AIDA${u.name.length}${u.name.slice(-4).toUpperCase()}`,
        arn: `arn:aws:iam::${A}:user/${u.name}`,
        accountId: A,
        accessKeyId: u.key,
        userName: u.name,
      };
      for (let i = 0; i < n; i++) push(work(t + i * int(5, 30) * 1000, ui, u.ip, SDK[2]));
    } else {
      const p = pick(people);
      const ui = {
        type: 'IAMUser',
        principalId: `AIDAPERSON${p.name.slice(-2)}`,
        arn: `arn:aws:iam::${A}:user/${p.name}`,
        accountId: A,
        accessKeyId: `ASIA${hex(16)}`,
        userName: p.name,
        sessionContext: { attributes: { creationDate: iso(t), mfaAuthenticated: 'true' } },
      };
      push(
        rec(
          t,
          { type: 'IAMUser', principalId: ui.principalId, arn: ui.arn, accountId: A, userName: p.name },
          'signin.amazonaws.com',
          'ConsoleLogin',
          p.ip,
          'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15',
          null,
          { ConsoleLogin: 'Success' },
        ),
      );
      for (let i = 0; i < Math.min(n, 40); i++) push(work(t + 5000 + i * 20_000, ui, p.ip, 'console.amazonaws.com'));
    }
  }
  // The incidents: an instance key used off-host; the minted key used from outside a day later.
  if (stolen && d === Math.floor(DAYS * 0.7)) {
    for (let i = 0; i < 40; i++)
      push(
        work(
          stolen.t + i * 15_000,
          stolen.ui,
          '198.51.100.77',
          'aws-cli/2.15.30 Python/3.11.8 Darwin/23.4.0 exe/x86_64',
        ),
      );
  }
  if (minted && d === Math.floor(DAYS * 0.5) + 1) {
    const ui = {
      type: 'IAMUser',
      principalId: 'AIDASVCSHADOW',
      arn: `arn:aws:iam::${A}:user/svc-shadow`,
      accountId: A,
      accessKeyId: minted,
      userName: 'svc-shadow',
    };
    for (let i = 0; i < 60; i++)
      push(
        rec(
          dayStart + 3_600_000 + i * 10_000,
          ui,
          's3.amazonaws.com',
          'GetObject',
          '203.0.113.66',
          'aws-cli/2.15.30 Python/3.11.8 Linux/6.5',
          { bucketName: 'acme-exports-5', key: `customers/${i}.csv` },
        ),
      );
  }
  await flush(out.slice(0, Math.max(0, Math.min(out.length, N - written))));
}
await Promise.all(streams.map((st) => new Promise((res) => st.end(res))));
process.stderr.write(
  `gen-nhi-cloudtrail: ${written} events in ${FILES} files under ${OUT} (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`,
);
