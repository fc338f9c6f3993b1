// Synthetic kube-apiserver audit events (audit.k8s.io/v1 JSON lines, as --audit-log-path writes them) for the
// importer bench: service accounts with projected tokens (pod-name/pod-uid/credential-id), EKS users backed
// by IAM roles, controllers; each request logged at RequestReceived and ResponseComplete (watches and exec
// also at ResponseStarted), interleaved as a busy apiserver writes them; exec into pods, secret reads, RBAC
// changes, denials.

import { prng, uuid } from '../../bench/lib/random.js';

const ts = (ms: number, us: number) => new Date(ms).toISOString().replace('Z', `${String(us).padStart(3, '0')}Z`);

export function generate(n: number, seed: number): string[] {
  const rnd = prng(seed);
  const pick = <T>(a: T[]): T => a[Math.floor(rnd() * a.length)];
  const sas = ['deployer', 'metrics-scraper', 'backup-agent', 'support-copilot'].map((name) => ({
    username: `system:serviceaccount:prod:${name}`,
    uid: uuid(rnd),
    extra: {
      'authentication.kubernetes.io/pod-name': [`${name}-7d9f8-abcde`],
      'authentication.kubernetes.io/pod-uid': [uuid(rnd)],
      'authentication.kubernetes.io/credential-id': [`JTI=${uuid(rnd)}`],
      'authentication.kubernetes.io/node-name': ['ip-10-0-1-17.ec2.internal'],
    },
    groups: ['system:serviceaccounts', 'system:serviceaccounts:prod', 'system:authenticated'],
  }));
  const eks = {
    username: 'arn:aws:sts::111122223333:assumed-role/PlatformAdmin/alice',
    uid: 'aws-iam-authenticator:111122223333:AROAEXAMPLE',
    groups: ['system:masters', 'system:authenticated'],
    extra: {
      accessKeyId: ['ASIAEXAMPLE7KEYID123'],
      arn: ['arn:aws:sts::111122223333:assumed-role/PlatformAdmin/alice'],
      canonicalArn: ['arn:aws:iam::111122223333:role/PlatformAdmin'],
      sessionName: ['alice'],
    },
  };
  const ctrl = { username: 'system:kube-controller-manager', groups: ['system:authenticated'] };
  const REQS: [string, string, string | null, boolean][] = [
    ['get', 'secrets', null, true],
    ['list', 'pods', null, false],
    ['watch', 'configmaps', null, false],
    ['create', 'pods', 'exec', true],
    ['patch', 'deployments', null, true],
    ['create', 'rolebindings', null, true],
    ['get', 'pods', 'log', true],
    ['update', 'leases', null, true],
  ];
  const out: string[] = [];
  const held: string[] = [];
  let t = Date.parse('2026-03-01T00:00:00Z');
  while (out.length < n) {
    t += Math.floor(rnd() * 200);
    const [verb, resource, sub, named] = pick(REQS);
    const r = rnd();
    const user = r < 0.6 ? pick(sas) : r < 0.85 ? eks : ctrl;
    const ns = resource === 'leases' ? 'kube-system' : 'prod';
    const name = named ? `${resource.slice(0, -1)}-${Math.floor(rnd() * 40)}` : undefined;
    const apiGroup =
      resource === 'deployments'
        ? 'apps'
        : resource === 'rolebindings'
          ? 'rbac.authorization.k8s.io'
          : resource === 'leases'
            ? 'coordination.k8s.io'
            : '';
    const base = apiGroup ? `/apis/${apiGroup}/v1` : '/api/v1';
    let uri = `${base}/namespaces/${ns}/${resource}${name ? `/${name}` : ''}${sub ? `/${sub}` : ''}`;
    if (sub === 'exec')
      uri +=
        '?command=sh&command=-c&command=cat%20%2Fvar%2Frun%2Fsecrets%2Ftoken&container=app&stdin=true&stdout=true&tty=true';
    if (verb === 'watch') uri += '?watch=true&timeoutSeconds=300';
    const denied = rnd() < 0.05;
    const auditID = uuid(rnd);
    const us = Math.floor(rnd() * 1000);
    const received = ts(t, us);
    const common = {
      kind: 'Event',
      apiVersion: 'audit.k8s.io/v1',
      level: 'Metadata',
      auditID,
      requestURI: uri,
      verb,
      user,
      sourceIPs: [`10.0.${(t >> 4) % 250}.${t % 250}`],
      userAgent: user === eks ? 'kubectl/v1.29.2 (darwin/arm64) kubernetes/4b8e819' : 'Go-http-client/2.0',
      objectRef: {
        resource,
        namespace: ns,
        name,
        subresource: sub ?? undefined,
        apiGroup: apiGroup || undefined,
        apiVersion: 'v1',
      },
    };
    const done = ts(t + Math.floor(rnd() * 40) + (sub === 'exec' || verb === 'watch' ? 30000 : 0), us);
    const annotations = {
      'authorization.k8s.io/decision': denied ? 'forbid' : 'allow',
      'authorization.k8s.io/reason': denied ? '' : 'RBAC: allowed by RoleBinding "edit/prod" of ClusterRole "edit"',
    };
    const stages: string[] = [
      JSON.stringify({
        ...common,
        stage: 'RequestReceived',
        requestReceivedTimestamp: received,
        stageTimestamp: received,
      }),
    ];
    if ((sub === 'exec' || verb === 'watch') && !denied)
      stages.push(
        JSON.stringify({
          ...common,
          stage: 'ResponseStarted',
          responseStatus: { metadata: {}, code: sub === 'exec' ? 101 : 200 },
          requestReceivedTimestamp: received,
          stageTimestamp: ts(t + 5, us),
          annotations,
        }),
      );
    stages.push(
      JSON.stringify({
        ...common,
        stage: 'ResponseComplete',
        responseStatus: denied
          ? { metadata: {}, status: 'Failure', message: `${resource} is forbidden`, reason: 'Forbidden', code: 403 }
          : { metadata: {}, code: verb === 'create' ? 201 : 200 },
        requestReceivedTimestamp: received,
        stageTimestamp: done,
        annotations,
      }),
    );
    // A busy apiserver interleaves requests: later stages land a few lines further down.
    out.push(stages[0]);
    held.push(...stages.slice(1));
    while (held.length > 6 || (held.length > 0 && rnd() < 0.5)) out.push(held.shift()!);
  }
  out.push(...held);
  return out.slice(0, n);
}
