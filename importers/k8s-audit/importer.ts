// Kubernetes audit events (audit.k8s.io/v1 Event): the kube-apiserver `--audit-log-path` file (JSON lines),
// EKS control-plane audit logs (CloudWatch exports: the same Events, with the IAM principal in user.extra),
// and the AKS diagnostic-settings wrapper whose properties.log holds the Event as JSON text (JSON lines or
// {"records":[…]}). One request is logged once per stage (RequestReceived, ResponseStarted,
// ResponseComplete, Panic) under one auditID: the stages become one event. Field notes:
// shared/corpus/FIELDS.md §6.
import type { Facts, NormalizedEvent, Outcome } from '../../core/model/event.js';
import { FACT } from '../../core/model/facts.js';
import type { Importer, InputRecord, RecordParser, Sample, Sink } from '../types.js';
import { format } from './format.js';
import { get, isObj, key, str, type Obj } from '../util/fields.js';
import { ipOrNull } from '../util/net.js';
import { toMicros } from '../../core/model/time.js';
import { sampleScore } from '../util/detect.js';
import { detach, PendingMap } from '../util/pending.js';
import { k8sCategory, k8sPrincipalType, k8sResource, parseServiceAccount } from '../util/k8s.js';

/** Requests still waiting for their last stage; beyond this the oldest is emitted as it is. */
const MAX_PENDING = 10_000;
const FINAL_STAGES = new Set(['ResponseComplete', 'Panic']);
const STAGE_ORDER: Record<string, number> = { RequestReceived: 0, ResponseStarted: 1, ResponseComplete: 2, Panic: 2 };
const EXEC_SUBRESOURCES = new Set(['exec', 'attach', 'portforward']);

function scoreRecord(v: unknown): number {
  if (!isObj(v)) return 0;
  const kind = str(key(v, 'kind'));
  const api = str(key(v, 'apiVersion'));
  if (kind === 'Event' && api?.startsWith('audit.k8s.io')) return 0.97;
  if (
    kind === 'Event' &&
    (key(v, 'auditID') !== undefined || key(v, 'verb') !== undefined || isObj(key(v, 'objectRef')))
  )
    return 0.85;
  if (key(v, 'auditID') !== undefined && key(v, 'verb') !== undefined && isObj(key(v, 'user'))) return 0.8;
  const props = key(v, 'properties');
  const log = isObj(props) ? key(props, 'log') : key(v, 'log');
  if (typeof log === 'string' && log.includes('audit.k8s.io')) {
    return str(key(v, 'category'))?.startsWith('kube-audit') ? 0.95 : 0.85;
  }
  return 0;
}

function detect(sample: Sample): number {
  return sampleScore(sample.values, scoreRecord);
}

interface Stage {
  rec: InputRecord;
  ev: Obj;
  wrapper: Obj | null;
  stage: string | null;
}

/** The audit Event of a record: the record itself, or the JSON text an AKS / log-shipper wrapper carries. */
function unwrap(v: Obj): { ev: Obj; wrapper: Obj | null } | string {
  if (
    str(key(v, 'kind')) === 'Event' ||
    key(v, 'auditID') !== undefined ||
    key(v, 'verb') !== undefined ||
    key(v, 'stage') !== undefined
  )
    return { ev: v, wrapper: null };
  const props = key(v, 'properties');
  const log = isObj(props) ? key(props, 'log') : key(v, 'log');
  if (log === undefined) return 'not a Kubernetes audit event (no kind "Event", auditID or verb)';
  const cat = str(key(v, 'category'));
  if (cat && !cat.startsWith('kube-audit')) return `an AKS "${cat.slice(0, 60)}" record, not a Kubernetes audit event`;
  if (isObj(log)) return { ev: log, wrapper: v };
  if (typeof log !== 'string') return 'properties.log is neither an audit event nor JSON text';
  let parsed: unknown;
  try {
    parsed = JSON.parse(log);
  } catch (e) {
    return `properties.log is not valid JSON: ${(e as Error).message.split('\n')[0].slice(0, 120)}`;
  }
  return isObj(parsed) ? { ev: parsed, wrapper: v } : 'properties.log does not hold a JSON object';
}

/** When a stage was written: stageTimestamp, else requestReceivedTimestamp, else the AKS wrapper's time. */
function stageTime(ev: Obj, wrapper: Obj | null): number | null {
  return (
    toMicros(key(ev, 'stageTimestamp')) ??
    toMicros(key(ev, 'requestReceivedTimestamp')) ??
    (wrapper ? toMicros(key(wrapper, 'time')) : null)
  );
}

/**
 * When the request was received: requestReceivedTimestamp, which every stage of one request carries (the earliest
 * if stages disagree), else the first stage's own time. Audit policies often omit the RequestReceived stage, so the
 * first record of a request can be written long after it arrived (an exec's ResponseStarted, a slow list's only
 * ResponseComplete).
 */
function receivedTime(stages: { ev: Obj; wrapper: Obj | null }[]): number | null {
  let t: number | null = null;
  for (const s of stages) {
    const r = toMicros(key(s.ev, 'requestReceivedTimestamp'));
    if (r !== null && (t === null || r < t)) t = r;
  }
  return t ?? stageTime(stages[0].ev, stages[0].wrapper);
}

/**
 * user.extra values are string lists; rule-test exports escape the key ("authentication_kubernetes_io_slash_pod-name").
 */
function extraOf(extra: unknown, name: string): string | null {
  if (!isObj(extra)) return null;
  let v = extra[name];
  if (v === undefined) v = extra[name.replace(/\//g, '_slash_').replace(/\./g, '_')];
  if (Array.isArray(v)) v = v[0];
  return str(v);
}

/** The service-account token a TokenRequest returned, identified the way later requests name it ("JTI=…"). */
function issuedJti(ev: Obj): string | null {
  const token = str(get(ev, 'responseObject', 'status', 'token'));
  if (!token) return null;
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as unknown;
    const jti = str(key(claims, 'jti'));
    return jti ? `JTI=${jti}` : null;
  } catch {
    return null;
  }
}

function execDetail(uri: string | null): string | null {
  if (!uri) return null;
  const q = uri.indexOf('?');
  if (q < 0) return null;
  const params = new URLSearchParams(uri.slice(q + 1));
  const command = params.getAll('command');
  const container = params.get('container');
  const ports = params.getAll('ports');
  if (command.length > 0) return `command: ${command.join(' ')}${container ? ` (container ${container})` : ''}`;
  if (ports.length > 0) return `ports: ${ports.join(', ')}`;
  return container ? `container ${container}` : null;
}

/** Images and the pod settings that break isolation: what a reader checks first in a created workload. */
function podDetail(ev: Obj): string | null {
  const spec = get(ev, 'requestObject', 'spec', 'template', 'spec') ?? get(ev, 'requestObject', 'spec');
  if (!isObj(spec)) return null;
  const bits: string[] = [];
  const containers = key(spec, 'containers');
  if (Array.isArray(containers)) {
    const images = containers.map((c) => str(key(c, 'image'))).filter((x): x is string => !!x);
    if (images.length > 0) bits.push(`image ${images.slice(0, 5).join(', ')}`);
    if (containers.some((c) => get(c, 'securityContext', 'privileged') === true)) bits.push('privileged');
  }
  for (const f of ['hostPID', 'hostNetwork', 'hostIPC']) if (key(spec, f) === true) bits.push(f);
  const vols = key(spec, 'volumes');
  if (Array.isArray(vols))
    for (const vol of vols) {
      const p = str(get(vol, 'hostPath', 'path'));
      if (p) bits.push(`hostPath ${p}`);
    }
  return bits.length > 0 ? bits.join('; ') : null;
}

function outcomeOf(ev: Obj): { outcome: Outcome; errorCode: string | null } {
  const rs = key(ev, 'responseStatus');
  const raw = key(rs, 'code');
  const code = typeof raw === 'number' ? raw : typeof raw === 'string' && raw !== '' ? Number(raw) : NaN;
  const decision = str(get(ev, 'annotations', 'authorization.k8s.io/decision'));
  if (Number.isFinite(code))
    return code >= 400 ? { outcome: 'failure', errorCode: String(code) } : { outcome: 'success', errorCode: null };
  if (decision === 'forbid') return { outcome: 'failure', errorCode: 'forbid' };
  if (str(key(rs, 'status')) === 'Failure') return { outcome: 'failure', errorCode: str(key(rs, 'reason')) };
  return { outcome: 'unknown', errorCode: null };
}

function firstIp(ips: unknown): string | null {
  if (!Array.isArray(ips)) return ipOrNull(ips);
  for (const ip of ips) {
    const ok = ipOrNull(ip);
    if (ok) return ok;
  }
  return null;
}

/**
 * One event from the stages of one request: time when the request was received, everything else from the last stage.
 */
export function normalizeK8s(stages: { ev: Obj; wrapper: Obj | null }[]): NormalizedEvent | string {
  const first = stages[0];
  const ev = stages[stages.length - 1].ev;
  const wrapper = stages[stages.length - 1].wrapper ?? first.wrapper;
  const ts = receivedTime(stages);
  if (ts === null) return 'no parseable timestamp (stageTimestamp / requestReceivedTimestamp)';
  const user = key(ev, 'user');
  const username = str(key(user, 'username'));
  const impersonated = str(get(ev, 'impersonatedUser', 'username'));
  const principal = impersonated ?? username;
  const extra = key(user, 'extra');
  const arn = extraOf(extra, 'arn');
  const accessKeyId = extraOf(extra, 'accessKeyId');
  const credentialId = extraOf(extra, 'authentication.kubernetes.io/credential-id');
  const podUid = extraOf(extra, 'authentication.kubernetes.io/pod-uid');
  const podName = extraOf(extra, 'authentication.kubernetes.io/pod-name');
  const nodeName = extraOf(extra, 'authentication.kubernetes.io/node-name');
  let principalType = k8sPrincipalType(principal);
  if (principalType === 'unknown' && !impersonated && arn?.includes(':assumed-role/')) principalType = 'role_session';

  const ref = key(ev, 'objectRef');
  const verb = str(key(ev, 'verb'));
  const resource = str(key(ref, 'resource'));
  const sub = str(key(ref, 'subresource'));
  const namespace = str(key(ref, 'namespace'));
  const name = str(key(ref, 'name'));
  const uri = str(key(ev, 'requestURI'));
  const path = uri ? uri.split('?')[0] : null;
  const what = resource ? `${resource}${sub ? `/${sub}` : ''}` : path;
  const action = verb ? (what ? `${verb} ${what}` : verb) : (what ?? 'request');
  const category = k8sCategory(verb, resource, sub);
  const { outcome, errorCode } = outcomeOf(ev);

  const facts: Facts = {};
  const cluster = wrapper ? str(key(wrapper, 'resourceId')) : null;
  if (cluster) facts[FACT.account] = cluster;
  const auditId = str(key(ev, 'auditID'));
  if (auditId) facts[FACT.correlation] = auditId;
  if (impersonated && username) facts[FACT.impersonator] = username;
  const aliases: string[] = [];
  if (arn) aliases.push(`aws|${arn}`);
  const canonical = extraOf(extra, 'canonicalArn');
  if (canonical) {
    aliases.push(`aws|${canonical}`);
    facts[FACT.issuer] = canonical;
  }
  if (aliases.length > 0) facts[FACT.alias] = aliases.join('\n');
  const sessionName = extraOf(extra, 'sessionName');
  if (sessionName) facts.role_session_name = sessionName;
  if (nodeName) facts[FACT.host] = nodeName;
  const sa = parseServiceAccount(username);
  if (podName) facts.pod = sa ? `${sa.namespace}/${podName}` : podName;
  if (resource === 'serviceaccounts' && sub === 'token' && name) {
    const target = `system:serviceaccount:${namespace ?? ''}:${name}`;
    facts[FACT.targetIdentity] = target;
    if (outcome === 'success') {
      facts[FACT.issuedTo] = target;
      const jti = issuedJti(ev);
      if (jti) facts[FACT.issuedKey] = jti;
    }
  }
  if (category === 'logging') facts[FACT.logTamper] = action;

  const detail: string[] = [];
  if (sub && EXEC_SUBRESOURCES.has(sub)) {
    const d = execDetail(uri);
    if (d) detail.push(d);
  } else if (verb === 'create' || verb === 'update' || verb === 'patch') {
    const d = podDetail(ev);
    if (d) detail.push(d);
  }
  if (outcome === 'failure') {
    const msg = str(get(ev, 'responseStatus', 'message'));
    if (msg) detail.push(msg);
    const reason = str(get(ev, 'annotations', 'authorization.k8s.io/reason'));
    if (reason) detail.push(reason);
  }
  // How long the request ran, from its arrival to its last stage: for several stages always, for one when it took a
  // second or more (a long exec, watch or list whose earlier stages the policy omitted).
  const end = stageTime(ev, wrapper);
  if (end !== null && end > ts && (stages.length > 1 || end - ts >= 1e6)) {
    detail.push(
      `stages ${stages.map((s) => str(key(s.ev, 'stage')) ?? '?').join(' → ')} over ${((end - ts) / 1e6).toFixed(3)} s`,
    );
  }
  if (uri) detail.push(uri.length > 400 ? uri.slice(0, 400) + '…' : uri);

  return {
    ts,
    principal,
    principalType,
    sessionKey: credentialId ?? accessKeyId ?? podUid,
    action,
    category,
    resource: resource ? k8sResource(namespace, resource, name, sub) : null,
    resourceType: resource ? `k8s:${resource}` : null,
    outcome,
    errorCode,
    srcIp: firstIp(key(ev, 'sourceIPs')),
    userAgent: str(key(ev, 'userAgent')),
    detail: detail.length > 0 ? detail.join(' · ') : null,
    facts,
  };
}

/** Stages of one request agree on what was asked; rule-test data reuses auditIDs for unrelated requests. */
function sameRequest(a: Obj, b: Obj): boolean {
  return str(key(a, 'verb')) === str(key(b, 'verb')) && str(key(a, 'requestURI')) === str(key(b, 'requestURI'));
}

export const importer: Importer = {
  id: format.id,
  version: '2',
  title: format.title,
  input: 'json',
  detect,
  createParser(): RecordParser {
    const pending = new PendingMap<Stage[]>(MAX_PENDING, (g) => g.reduce((n, s) => n + s.rec.bytes.length, 0));
    const emit = (sink: Sink, stages: Stage[]) => {
      // Stages can reach the file out of order (several apiserver replicas, merged shipper streams).
      if (stages.length > 1)
        stages.sort((a, b) => (STAGE_ORDER[a.stage ?? ''] ?? 9) - (STAGE_ORDER[b.stage ?? ''] ?? 9));
      const ev = normalizeK8s(stages);
      const recs = stages.map((s) => s.rec);
      if (typeof ev === 'string') for (const r of recs) sink.reject(r, ev);
      else sink.event(ev, recs.length === 1 ? recs[0] : recs);
    };
    return {
      push(rec, sink) {
        const v = rec.value;
        if (!isObj(v)) return sink.reject(rec, 'not a JSON object');
        const u = unwrap(v);
        if (typeof u === 'string') {
          return sink.reject(
            rec,
            toMicros(key(v, 'time')) === null && toMicros(key(v, 'stageTimestamp')) === null
              ? 'no parseable timestamp (stageTimestamp / requestReceivedTimestamp / time)'
              : u,
          );
        }
        if (stageTime(u.ev, u.wrapper) === null)
          return sink.reject(rec, 'no parseable timestamp (stageTimestamp / requestReceivedTimestamp)');
        const stage: Stage = { rec, ev: u.ev, wrapper: u.wrapper, stage: str(key(u.ev, 'stage')) };
        const id = str(key(u.ev, 'auditID'));
        if (!id || !stage.stage) return emit(sink, [stage]);
        const final = FINAL_STAGES.has(stage.stage);
        const group = pending.get(id);
        if (group && !group.some((s) => s.stage === stage.stage) && sameRequest(group[0].ev, u.ev)) {
          group.push(stage);
          detach(rec);
          if (final) emit(sink, pending.take(id)!);
          else for (const old of pending.resized(id)) emit(sink, old);
          return;
        }
        // A stage seen twice is another request under the same auditID: the held one is complete as it is.
        if (group) emit(sink, pending.take(id)!);
        if (final) return emit(sink, [stage]);
        detach(rec);
        for (const old of pending.put(id, [stage])) emit(sink, old);
      },
      end(sink) {
        for (const stages of pending.drain()) emit(sink, stages);
      },
    };
  },
};
