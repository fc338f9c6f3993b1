// AWS CloudTrail: S3 delivery files ({"Records":[…]}, gzip), JSON lines and arrays from Athena / CloudTrail
// Lake / `aws cloudtrail lookup-events`, the Logstash shape with @timestamp and no eventTime (OTRF), and
// rule-test exports with lower-cased keys. Field notes: shared/corpus/FIELDS.md §1.
import type { Category, Facts, NormalizedEvent, PrincipalType } from '../../core/model/event.js';
import { FACT } from '../../core/model/facts.js';
import type { Importer, InputRecord, RecordParser, Sample, Sink } from '../types.js';
import { format } from './format.js';
import { compact, firstStr, get, isObj, key, str, type Obj } from '../util/fields.js';
import { sliceAt } from '../util/json-slices.js';
import { fromExportRow, fromLookupEvent, isLookupEvent, lakeRow, pageOf } from './shapes.js';
import { ipOrNull } from '../util/net.js';
import { categorizeCached } from '../util/category.js';
import { toMicros } from '../../core/model/time.js';

const ISSUING = new Set([
  'AssumeRole',
  'AssumeRoleWithSAML',
  'AssumeRoleWithWebIdentity',
  'GetSessionToken',
  'GetFederationToken',
  'AssumeRoot',
]);
const LOG_TAMPER = new Set([
  'StopLogging',
  'DeleteTrail',
  'UpdateTrail',
  'PutEventSelectors',
  'PutInsightSelectors',
  'DeleteEventDataStore',
  'StopEventDataStoreIngestion',
  'DeleteFlowLogs',
  'DeleteDetector',
  'DisassociateFromMasterAccount',
  'StopMonitoringMembers',
  'DeleteConfigurationRecorder',
  'StopConfigurationRecorder',
  'DeleteDeliveryChannel',
  'PutBucketLogging',
  'DeleteLogGroup',
  'DeleteLogStream',
  'PutRetentionPolicy',
]);

function isDigest(v: Obj): boolean {
  return (
    key(v, 'digestStartTime') !== undefined &&
    key(v, 'digestEndTime') !== undefined &&
    key(v, 'awsAccountId') !== undefined
  );
}

function looksLikeCloudTrail(v: unknown): number {
  if (isLookupEvent(v)) return 0.9;
  const page = pageOf(v);
  if (page) {
    const first = page.items.slice(0, 5).map(looksLikeCloudTrail);
    return first.length > 0 ? Math.min(...first) : 0;
  }
  const row = lakeRow(v);
  if (row) return looksLikeCloudTrail(fromExportRow(row));
  if (!isObj(v)) return 0;
  if (isDigest(v)) return 0.9;
  const name = key(v, 'eventName'),
    src = key(v, 'eventSource'),
    ui = key(v, 'userIdentity');
  if (typeof name !== 'string' || typeof src !== 'string') return 0;
  let score = 0.6;
  if (isObj(ui) || typeof ui === 'string') score += 0.2;
  if (key(v, 'eventVersion') !== undefined || key(v, 'awsRegion') !== undefined) score += 0.1;
  if (key(v, 'eventTime') !== undefined || key(v, '@timestamp') !== undefined) score += 0.05;
  if (src.endsWith('.amazonaws.com')) score += 0.04;
  return score;
}

/** Athena / CloudTrail Lake results saved as CSV: the trail's columns, lower-cased or not. */
function csvScore(header: string[] | undefined): number {
  if (!header) return 0;
  const h = new Set(header.map((x) => x.trim().toLowerCase()));
  if (!h.has('eventname') || !h.has('eventsource') || !(h.has('eventtime') || h.has('@timestamp'))) return 0;
  return h.has('useridentity') || [...h].some((x) => x.startsWith('useridentity.')) ? 0.9 : 0.8;
}

function detect(sample: Sample): number {
  if (sample.values.length === 0) return csvScore(sample.csvHeader);
  const scores = sample.values.map(looksLikeCloudTrail);
  const hits = scores.filter((s) => s > 0);
  if (hits.length === 0) return 0;
  return (hits.reduce((a, b) => a + b, 0) / hits.length) * (hits.length / scores.length);
}

function principalOf(ui: unknown): { principal: string | null; type: PrincipalType } {
  const t = str(key(ui, 'type'));
  const arn = str(key(ui, 'arn'));
  const akid = str(key(ui, 'accessKeyId'));
  switch (t) {
    case 'IAMUser':
      // A long-lived key (AKIA…) without a console session is how service accounts call AWS.
      return {
        principal: arn ?? str(key(ui, 'userName')) ?? str(key(ui, 'principalId')),
        type: akid?.startsWith('AKIA') ? 'access_key' : 'user',
      };
    case 'AssumedRole':
      return { principal: arn ?? str(key(ui, 'principalId')), type: 'role_session' };
    case 'FederatedUser':
      return { principal: arn ?? str(key(ui, 'principalId')), type: 'role_session' };
    case 'Root':
      return {
        principal: arn ?? (str(key(ui, 'accountId')) ? `arn:aws:iam::${str(key(ui, 'accountId'))}:root` : 'root'),
        type: 'user',
      };
    case 'AWSService':
      return { principal: str(key(ui, 'invokedBy')) ?? 'aws-service', type: 'service' };
    case 'AWSAccount':
      return { principal: str(key(ui, 'principalId')) ?? str(key(ui, 'accountId')), type: 'unknown' };
    case 'SAMLUser':
      return { principal: str(key(ui, 'userName')) ?? str(key(ui, 'principalId')), type: 'user' };
    case 'WebIdentityUser':
      return { principal: str(key(ui, 'userName')) ?? str(key(ui, 'principalId')), type: 'workload' };
    case 'IdentityCenterUser':
      return { principal: str(key(get(ui, 'onBehalfOf'), 'userId')) ?? str(key(ui, 'principalId')), type: 'user' };
    default:
      return {
        principal: arn ?? str(key(ui, 'userName')) ?? str(key(ui, 'principalId')) ?? str(key(ui, 'invokedBy')),
        type: 'unknown',
      };
  }
}

const NAMED: [string, string][] = [
  ['roleName', 'role'],
  ['userName', 'user'],
  ['groupName', 'group'],
  ['policyName', 'policy'],
  ['functionName', 'function'],
  ['secretId', 'secret'],
  ['name', 'name'],
  ['tableName', 'table'],
  ['queueUrl', 'queue'],
  ['keyId', 'key'],
  ['instanceId', 'instance'],
  ['trailName', 'trail'],
  ['clusterName', 'cluster'],
  ['repositoryName', 'repository'],
  ['logGroupName', 'log-group'],
  ['dBInstanceIdentifier', 'db'],
];

const ARN_BUILDERS: Record<string, { type: string; make: (region: string, account: string, name: string) => string }> =
  {
    'iam:user': { type: 'AWS::IAM::User', make: (_r, a, n) => `arn:aws:iam::${a}:user/${n}` },
    'iam:role': { type: 'AWS::IAM::Role', make: (_r, a, n) => `arn:aws:iam::${a}:role/${n}` },
    'iam:group': { type: 'AWS::IAM::Group', make: (_r, a, n) => `arn:aws:iam::${a}:group/${n}` },
    'cloudtrail:name': { type: 'AWS::CloudTrail::Trail', make: (r, a, n) => `arn:aws:cloudtrail:${r}:${a}:trail/${n}` },
    'cloudtrail:trail': {
      type: 'AWS::CloudTrail::Trail',
      make: (r, a, n) => `arn:aws:cloudtrail:${r}:${a}:trail/${n}`,
    },
    'eks:name': { type: 'AWS::EKS::Cluster', make: (r, a, n) => `arn:aws:eks:${r}:${a}:cluster/${n}` },
    'eks:cluster': { type: 'AWS::EKS::Cluster', make: (r, a, n) => `arn:aws:eks:${r}:${a}:cluster/${n}` },
    'lambda:function': { type: 'AWS::Lambda::Function', make: (r, a, n) => `arn:aws:lambda:${r}:${a}:function:${n}` },
    'secretsmanager:secret': {
      type: 'AWS::SecretsManager::Secret',
      make: (r, a, n) => `arn:aws:secretsmanager:${r}:${a}:secret:${n}`,
    },
    'dynamodb:table': { type: 'AWS::DynamoDB::Table', make: (r, a, n) => `arn:aws:dynamodb:${r}:${a}:table/${n}` },
    'logs:log-group': { type: 'AWS::Logs::LogGroup', make: (r, a, n) => `arn:aws:logs:${r}:${a}:log-group:${n}` },
    'ec2:instance': { type: 'AWS::EC2::Instance', make: (r, a, n) => `arn:aws:ec2:${r}:${a}:instance/${n}` },
    'rds:db': { type: 'AWS::RDS::DBInstance', make: (r, a, n) => `arn:aws:rds:${r}:${a}:db:${n}` },
    'ecr:repository': { type: 'AWS::ECR::Repository', make: (r, a, n) => `arn:aws:ecr:${r}:${a}:repository/${n}` },
    'kms:key': {
      type: 'AWS::KMS::Key',
      make: (r, a, n) => (n.startsWith('alias/') ? `arn:aws:kms:${r}:${a}:${n}` : `arn:aws:kms:${r}:${a}:key/${n}`),
    },
  };

function resourceArn(v: Obj): { resource: string | null; type: string | null } {
  const resources = key(v, 'resources');
  if (Array.isArray(resources)) {
    for (const r of resources) {
      const arn = str(key(r, 'ARN')) ?? str(key(r, 'arn'));
      if (arn) return { resource: arn, type: str(key(r, 'type')) };
    }
  }
  const rp = key(v, 'requestParameters');
  if (!isObj(rp)) return { resource: null, type: null };
  const bucket = str(key(rp, 'bucketName'));
  if (bucket) {
    const objKey = str(key(rp, 'key'));
    return objKey
      ? { resource: `arn:aws:s3:::${bucket}/${objKey}`, type: 'AWS::S3::Object' }
      : { resource: `arn:aws:s3:::${bucket}`, type: 'AWS::S3::Bucket' };
  }
  for (const k of [
    'roleArn',
    'policyArn',
    'topicArn',
    'functionArn',
    'secretArn',
    'targetArn',
    'resourceArn',
    'stateMachineArn',
    'certificateArn',
    'clusterArn',
  ]) {
    const a = str(key(rp, k));
    if (a) return { resource: a, type: null };
  }
  const account = str(key(v, 'recipientAccountId')) ?? str(get(v, 'userIdentity', 'accountId')) ?? '';
  const region = str(key(v, 'awsRegion')) ?? '';
  const service = (str(key(v, 'eventSource')) ?? 'aws').replace(/\.amazonaws\.com$/, '');
  for (const [k, kind] of NAMED) {
    const val = str(key(rp, k));
    if (!val) continue;
    if (val.startsWith('arn:')) return { resource: val, type: null };
    // Build the ARN the service would log in resources[], so one resource has one name across events.
    const arn = ARN_BUILDERS[`${service}:${kind}`];
    if (arn) return { resource: arn.make(region, account, val), type: arn.type };
    return { resource: `aws:${service}:${kind}/${val}`, type: `${service}:${kind}` };
  }
  const items = get(rp, 'instancesSet', 'items');
  if (Array.isArray(items) && items.length > 0) {
    const id = str(key(items[0], 'instanceId'));
    if (id) return { resource: `arn:aws:ec2:${region}:${account}:instance/${id}`, type: 'AWS::EC2::Instance' };
  }
  return { resource: null, type: null };
}

function categoryOf(eventName: string, v: Obj): Category {
  if (LOG_TAMPER.has(eventName)) return 'logging';
  if (
    eventName === 'ConsoleLogin' ||
    eventName === 'CheckMfa' ||
    eventName === 'GetSigninToken' ||
    eventName === 'SwitchRole'
  )
    return 'auth';
  const c = categorizeCached(eventName);
  const ro = key(v, 'readOnly');
  if (c === 'other' && (ro === true || ro === 'true')) return 'read';
  return c;
}

/** STS's default credential lifetime per issuing call when the request names none (AWS STS API reference). */
const DEFAULT_DURATION: Record<string, number> = {
  GetSessionToken: 43_200,
  GetFederationToken: 43_200,
  AssumeRoot: 900,
};

function factsOf(v: Obj, eventName: string, ui: unknown, ts: number): Facts | undefined {
  const f: Facts = {};
  const re = key(v, 'responseElements');
  const rp = key(v, 'requestParameters');
  const account = str(key(v, 'recipientAccountId')) ?? str(key(ui, 'accountId'));
  if (account) f[FACT.account] = account;
  const issuer = str(get(ui, 'sessionContext', 'sessionIssuer', 'arn'));
  if (issuer) f[FACT.issuer] = issuer;
  const srcId =
    str(get(ui, 'sessionContext', 'sourceIdentity')) ??
    str(key(rp, 'sourceIdentity')) ??
    str(key(re, 'sourceIdentity'));
  if (srcId) f[FACT.sourceIdentity] = srcId;
  const invokedBy = str(key(ui, 'invokedBy'));
  if (invokedBy) f.invoked_by = invokedBy;
  if (str(get(ui, 'sessionContext', 'ec2RoleDelivery'))) {
    const arn = str(key(ui, 'arn')) ?? '';
    const inst = /\/(i-[0-9a-f]{8,17})$/.exec(arn);
    if (inst) f[FACT.host] = inst[1];
  }
  const srcHost = str(key(v, 'sourceIPAddress'));
  if (srcHost && !ipOrNull(srcHost)) f.source_host = srcHost;
  if (ISSUING.has(eventName)) {
    const k = str(get(re, 'credentials', 'accessKeyId'));
    if (k) {
      f[FACT.issuedKey] = k;
      // The response's `expiration` has no zone; the lifetime is the requested duration (or STS's default).
      const asked = Number(key(rp, 'durationSeconds'));
      const seconds = Number.isInteger(asked) && asked > 0 ? asked : (DEFAULT_DURATION[eventName] ?? 3600);
      f[FACT.issuedExpires] = new Date(Math.floor(ts / 1000) + seconds * 1000).toISOString();
    }
    const to = str(get(re, 'assumedRoleUser', 'arn')) ?? str(get(re, 'federatedUser', 'arn'));
    if (to) f[FACT.issuedTo] = to;
    else if (eventName === 'GetSessionToken') {
      const me = str(key(ui, 'arn'));
      if (me) f[FACT.issuedTo] = me;
    }
    const role = str(key(rp, 'roleArn'));
    if (role) f[FACT.targetIdentity] = role;
    const rsn = str(key(rp, 'roleSessionName'));
    if (rsn) {
      f.role_session_name = rsn;
      if (/^i-[0-9a-f]{8,17}$/.test(rsn)) f[FACT.host] = rsn;
    }
    if (eventName === 'AssumeRoleWithWebIdentity' || eventName === 'AssumeRoleWithSAML') {
      const sub = str(key(re, 'subjectFromWebIdentityToken')) ?? str(key(re, 'subject')) ?? str(key(ui, 'userName'));
      if (sub) f[FACT.federatedSubject] = sub;
      const prov = str(key(re, 'provider')) ?? str(key(ui, 'identityProvider')) ?? str(key(re, 'issuer'));
      if (prov) f[FACT.identityProvider] = prov;
    }
  } else if (eventName === 'CreateAccessKey') {
    const k = str(get(re, 'accessKey', 'accessKeyId'));
    if (k) f[FACT.issuedKey] = k;
    // Without requestParameters.userName the key is the caller's own (root's keys are logged with userName "Root").
    const user = str(key(rp, 'userName'));
    if (user && account) f[FACT.issuedTo] = `arn:aws:iam::${account}:user/${user}`;
    else if (!user && str(key(ui, 'arn'))) f[FACT.issuedTo] = str(key(ui, 'arn'))!;
  } else if (key(v, 'errorCode') !== undefined) {
    // A refused DeleteAccessKey / UpdateAccessKey changed nothing.
  } else if (eventName === 'DeleteAccessKey') {
    const k = str(key(rp, 'accessKeyId'));
    if (k) f[FACT.deletedKey] = k;
  } else if (eventName === 'UpdateAccessKey') {
    // Set Inactive, the key stops working (until set Active again): a revocation.
    const k = str(key(rp, 'accessKeyId'));
    if (k && str(key(rp, 'status')) === 'Inactive') f[FACT.revokedKey] = k;
  } else if (eventName === 'CreateLoginProfile' || eventName === 'UpdateLoginProfile') {
    const user = str(key(rp, 'userName'));
    if (user && account) f[FACT.issuedTo] = `arn:aws:iam::${account}:user/${user}`;
  }
  if (LOG_TAMPER.has(eventName)) f[FACT.logTamper] = eventName;
  return Object.keys(f).length > 0 ? f : undefined;
}

function detailOf(v: Obj, failed: boolean): string | null {
  const parts: string[] = [];
  const msg = str(key(v, 'errorMessage'));
  if (failed && msg) parts.push(msg);
  const rp = compact(key(v, 'requestParameters'), 1500);
  if (rp) parts.push(rp);
  return parts.length > 0 ? parts.join(' · ') : null;
}

/**
 * A digest file (CloudTrail-Digest/…) proves which log files the trail delivered for an hour. It is not an API
 * call, but it is evidence of the trail working: one event, so a sync of the whole bucket imports cleanly.
 */
function normalizeDigest(v: Obj): NormalizedEvent | string {
  const ts = toMicros(key(v, 'digestEndTime'));
  if (ts === null) return 'no parseable timestamp (digestEndTime)';
  const files = key(v, 'logFiles');
  const trail = str(key(v, 'trailARN'));
  return {
    ts,
    principal: 'cloudtrail.amazonaws.com',
    principalType: 'service',
    sessionKey: null,
    action: 'cloudtrail:DigestDelivered',
    category: 'other',
    resource: trail ?? str(key(v, 'digestS3Bucket')),
    resourceType: trail ? 'AWS::CloudTrail::Trail' : 'AWS::S3::Bucket',
    outcome: 'success',
    errorCode: null,
    srcIp: null,
    userAgent: null,
    detail:
      `digest of ${Array.isArray(files) ? files.length : 0} log files delivered ${str(key(v, 'digestStartTime'))} – ${str(key(v, 'digestEndTime'))}` +
      (str(key(v, 'previousDigestS3Object'))
        ? `; previous digest ${str(key(v, 'previousDigestS3Object'))}`
        : '; first digest of the chain'),
    facts: { [FACT.account]: str(key(v, 'awsAccountId')) ?? '' },
  };
}

export function normalizeCloudTrail(v: Obj): NormalizedEvent | string {
  if (isDigest(v)) return normalizeDigest(v);
  const ts = toMicros(key(v, 'eventTime')) ?? toMicros(key(v, '@timestamp'));
  if (ts === null) return 'no parseable timestamp (eventTime / @timestamp)';
  const eventName = str(key(v, 'eventName'));
  if (!eventName) return 'no eventName';
  const source = str(key(v, 'eventSource')) ?? 'unknown.amazonaws.com';
  const ui = key(v, 'userIdentity');
  const { principal, type } = principalOf(ui);
  const errorCode = str(key(v, 'errorCode'));
  const consoleResult = str(get(v, 'responseElements', 'ConsoleLogin'));
  const failed = errorCode !== null || key(v, 'errorMessage') !== undefined || consoleResult === 'Failure';
  const { resource, type: resourceType } = resourceArn(v);
  const srcRaw = key(v, 'sourceIPAddress');
  const category = categoryOf(eventName, v);
  const facts =
    failed || category !== 'read'
      ? factsOf(v, eventName, ui, ts)
      : withDataRead(factsOf(v, eventName, ui, ts), v, eventName, resource, resourceType);
  return {
    ts,
    principal,
    principalType: type,
    sessionKey: str(key(ui, 'accessKeyId')),
    action: `${source.replace(/\.amazonaws\.com$/, '')}:${eventName}`,
    category,
    resource,
    resourceType,
    outcome: failed ? 'failure' : 'success',
    errorCode:
      errorCode ?? (consoleResult === 'Failure' ? firstStr(key(v, 'errorMessage'), 'Failed authentication') : null),
    srcIp: ipOrNull(srcRaw),
    userAgent: str(key(v, 'userAgent')),
    detail: detailOf(v, failed),
    facts,
  };
}

/**
 * Data exposure of a successful read: the bytes S3 data events state it sent (`additionalEventData.
 * bytesTransferredOut`: GetObject, SelectObjectContent) and the object read (the event's resource). A HeadObject
 * or a listing reads no object's content: nothing is stated for it.
 */
function withDataRead(
  f: Facts | undefined,
  v: Obj,
  eventName: string,
  resource: string | null,
  type: string | null,
): Facts | undefined {
  const out = key(key(v, 'additionalEventData'), 'bytesTransferredOut');
  const n = typeof out === 'number' ? out : typeof out === 'string' ? Number(out) : NaN;
  const bytes = Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
  if (bytes === 0 && eventName !== 'GetObject') return f;
  const facts: Facts = f ?? {};
  if (bytes > 0) facts[FACT.dataBytes] = String(bytes);
  if (resource && type === 'AWS::S3::Object') {
    facts[FACT.dataObjects] = resource;
    facts[FACT.dataItems] = '1';
  }
  return facts;
}

/**
 * A record in one of the export shapes (shapes.ts) back in the trail's shape: a lookup-events element's
 * CloudTrailEvent string parsed, a Lake row merged, string members and flattened columns of Athena / Lake / CSV
 * exports rebuilt. A record already in the trail's shape is returned as it is.
 */
function trailRecord(v: unknown): { record: Obj; note: string | null } | null {
  const row = lakeRow(v) ?? (isObj(v) ? v : null);
  if (!row) return null;
  if (isLookupEvent(row)) return fromLookupEvent(row);
  const ui = key(row, 'userIdentity');
  const rp = key(row, 'requestParameters');
  if (isObj(ui) && (rp === undefined || rp === null || isObj(rp)) && typeof key(row, 'resources') !== 'string')
    return { record: row, note: null };
  return { record: fromExportRow(row), note: null };
}

function emit(rec: InputRecord, v: unknown, sink: Sink): void {
  const t = trailRecord(v);
  if (!t) return sink.reject(rec, 'not a JSON object');
  const ev = normalizeCloudTrail(t.record);
  if (typeof ev === 'string') return sink.reject(rec, ev);
  if (t.note) ev.detail = ev.detail ? `${t.note} · ${ev.detail}` : t.note;
  sink.event(ev, rec);
}

class Part implements InputRecord {
  constructor(
    readonly ref: InputRecord['ref'],
    readonly bytes: Buffer,
    readonly value: unknown,
  ) {}
  get text(): string {
    return this.bytes.toString('utf8');
  }
}

/**
 * A whole lookup-events or Lake results page read as one record (written on one line, or with its array after other
 * members): each element becomes a record of its own, with its exact bytes.
 */
function expandPage(rec: InputRecord, page: NonNullable<ReturnType<typeof pageOf>>, sink: Sink): void {
  const slices = sliceAt(rec.bytes, [page.key, '*']);
  if (slices.length !== page.items.length)
    return sink.reject(rec, `cannot locate the bytes of its ${page.items.length} ${page.key} (duplicate keys?)`);
  const r = rec.ref as { line?: number; index?: number; offset?: number };
  const parts = slices.map(
    (sl, i) =>
      new Part(
        r.line !== undefined
          ? { line: r.line, index: i, offset: sl.start }
          : { index: (r.index ?? 0) + i, offset: (r.offset ?? 0) + sl.start },
        rec.bytes.subarray(sl.start, sl.end),
        page.items[i],
      ),
  );
  if (parts.length === 0) return sink.reject(rec, `a ${page.key} page with no records`);
  sink.expand(rec, parts);
  for (const p of parts) emit(p, p.value, sink);
}

export const importer: Importer = {
  id: format.id,
  version: '2',
  title: format.title,
  input: 'any',
  // lookup-events pages (`{"Events":[…]}`) and Lake results (`{"QueryResultRows":[…]}`) are split by the reader when
  // the array comes first, else by the parser (expandPage).
  jsonWrapperKeys: ['Events', 'QueryResultRows'],
  detect,
  createParser(): RecordParser {
    return {
      push(rec, sink) {
        const page = pageOf(rec.value);
        if (page) return expandPage(rec, page, sink);
        emit(rec, rec.value, sink);
      },
      end() {},
    };
  },
};
