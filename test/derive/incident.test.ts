// A multi-source incident answered through the CLI's --json (test/fixtures/incident, written by make.py): a GitHub
// Actions run's OIDC token becomes the AWS role gha-ledger-deploy; that role session logs in to Vault with the IAM
// method; the run chains into ledger-admin and mints a key for ledger-batch; later the run's Vault token, stolen,
// overwrites a secret from 198.51.100.77, and the minted key reads exports from the same address (pulled with
// `aws cloudtrail lookup-events`). Every question an analyst asks is answered: who, which sessions opened which,
// how far the workflow reaches, and what deviates.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, tempDir } from '../helpers.js';
import { cli } from './cli-run.js';

const A = '111122223333';
const WORKFLOW = 'acme/ledger';
const DEPLOY = `arn:aws:iam::${A}:role/gha-ledger-deploy`;
const ADMIN = `arn:aws:iam::${A}:role/ledger-admin`;
const BATCH = `arn:aws:iam::${A}:user/ledger-batch`;
const ATTACKER = '198.51.100.77';
const SECRET = 'vault:secret/data/ledger/stripe';

/** The CLI's --json shapes (DESIGN §7). */
interface CliIdentity {
  id: number;
  name: string;
  kind: string;
  nhi: boolean;
  aliases: { system: string; value: string; method: string }[];
  sources: string[];
}
interface CliSession {
  id: number;
  identity: string | null;
  key: string | null;
  start: string;
  end: string;
  events: number;
  sources: string[];
  parent: {
    session: number | null;
    identity: string | null;
    event: number;
    action: string | null;
    ts: string;
    method: string | null;
    confidence: number | null;
  } | null;
}
interface CliScope {
  identities: { name: string; first_seen: string; via: string }[];
  resources: { name: string; type: string | null; first_touch: string; actions: string[] }[];
  paths: string[][];
}
interface CliEvent {
  id: number;
  ts: string;
  action: string;
  resource: string | null;
  src_ip: string | null;
  identity: string | null;
  flags: string[];
}

describe('multi-source incident through the CLI (--json)', () => {
  const dir = tempDir('ss-incident-');
  const file = path.join(dir.dir, 'incident.sscase');
  const json = async <T>(...args: string[]): Promise<T> => {
    const r = await cli(...args, '--json');
    expect(r.err, `${args.join(' ')}: ${r.err}`).toBe('');
    expect(r.code, args.join(' ')).toBe(0);
    return JSON.parse(r.out) as T;
  };
  let sessions: CliSession[];
  const session = (pred: (s: CliSession) => boolean, what: string): CliSession => {
    const hits = sessions.filter(pred);
    expect(hits.length, what).toBe(1);
    return hits[0];
  };
  const today = (s: CliSession) => s.start.startsWith('2026-04-14');
  const runSession = () =>
    session((s) => s.identity === DEPLOY && today(s) && s.key?.startsWith('ASIA') === true, "the run's role session");
  const tokenSession = () =>
    session(
      (s) => s.identity === DEPLOY && today(s) && s.key?.startsWith('hmac-sha256:') === true,
      "the run's Vault token",
    );

  beforeAll(async () => {
    await json('new', file, '--analyst', 'tester');
    const imported = await json<{ evidence: { format: string; rejected: number }[] }>(
      'import',
      file,
      // The evidence folders (the generator beside them is not evidence).
      fixture('incident', 'aws'),
      fixture('incident', 'github'),
      fixture('incident', 'vault'),
      '--quiet',
      '--analyst',
      'tester',
    );
    expect(imported.evidence.map((e) => e.format).sort()).toEqual([
      'cloudtrail',
      'cloudtrail',
      'cloudtrail',
      'cloudtrail',
      'cloudtrail',
      'github-audit',
      'vault-audit',
    ]);
    expect(imported.evidence.every((e) => e.rejected === 0)).toBe(true);
    sessions = await json<CliSession[]>('sessions', file);
  });
  afterAll(() => dir.cleanup());

  it('identities: the workflow, the roles (the Vault login is the role), the key, the person who merged', async () => {
    const ids = await json<CliIdentity[]>('identities', file);
    const by = new Map(ids.map((i) => [i.name, i]));
    expect(by.get(WORKFLOW)).toMatchObject({ kind: 'workload', nhi: true });
    const deploy = by.get(DEPLOY)!;
    expect(deploy).toMatchObject({ kind: 'role', nhi: true, sources: ['cloudtrail', 'vault-audit'] });
    expect(deploy.aliases).toContainEqual({
      system: 'vault',
      value: 'aws-gha-ledger-deploy',
      method: 'vault-auth-metadata',
    });
    expect(by.get(ADMIN)).toMatchObject({ kind: 'role', nhi: true });
    expect(by.get(BATCH)).toMatchObject({ kind: 'service_account', nhi: true });
    expect(by.get('kmorales')).toMatchObject({ kind: 'user', nhi: false });
    expect(ids.map((i) => i.name).sort()).toEqual([ADMIN, DEPLOY, BATCH, WORKFLOW, 'kmorales'].sort());
  });

  it('sessions with parents: OIDC → role session → Vault token (across systems), → chained role → minted key', () => {
    const ci = runSession();
    expect(ci.parent).toMatchObject({
      identity: WORKFLOW,
      action: 'sts:AssumeRoleWithWebIdentity',
      method: 'issued-key',
      confidence: 1,
    });
    const token = tokenSession();
    // Issued to the role session that logged in to Vault (client_arn, from the runner's address): a link across
    // systems.
    expect(token.parent).toMatchObject({
      session: ci.id,
      identity: DEPLOY,
      action: 'aws:update',
      method: 'caller-principal',
      confidence: 0.9,
    });
    expect(token.sources).toEqual(['vault-audit']);
    const admin = session((s) => s.identity === ADMIN, 'the chained role session');
    expect(admin.parent).toMatchObject({ session: ci.id, action: 'sts:AssumeRole', method: 'issued-key' });
    const key = session((s) => s.identity === BATCH, 'the minted key in use');
    expect(key.parent).toMatchObject({ session: admin.id, action: 'iam:CreateAccessKey', method: 'issued-key' });
    expect(key).toMatchObject({ sources: ['cloudtrail'], events: 5 });
    // Each earlier run's token is the child of that run's own role session, never of the incident run's.
    const earlier = sessions.filter((s) => s.identity === DEPLOY && !today(s) && s.key?.startsWith('hmac-sha256:'));
    expect(earlier).toHaveLength(3);
    for (const t of earlier) {
      const p = sessions.find((s) => s.id === t.parent!.session)!;
      expect(p.key!.startsWith('ASIA')).toBe(true);
      expect(p.start.slice(0, 10)).toBe(t.start.slice(0, 10));
    }
  });

  it("the secret update is in the stolen token's session, from the attacker's address", async () => {
    const events = await json<CliEvent[]>('events', file, '--session', `S${tokenSession().id}`);
    expect(events.map((e) => [e.action, e.resource, e.src_ip])).toEqual([
      ['kv:read', 'vault:secret/data/ledger/deploy', '20.83.144.17'],
      ['token:read', 'vault:auth/token/lookup-self', ATTACKER],
      ['kv:update', SECRET, ATTACKER],
    ]);
  });

  it('scope from the CI workflow reaches the Vault path the stolen token changed, through the chain', async () => {
    const s = await json<CliScope>('scope', file, '--identity', WORKFLOW, '--since', '2026-04-14T09:55:00Z');
    expect(s.identities.map((i) => [i.name, i.via])).toEqual([
      [WORKFLOW, 'start'],
      [DEPLOY, 'federated'],
      [ADMIN, 'assumed'],
      [BATCH, 'minted'],
    ]);
    expect(s.paths).toContainEqual([WORKFLOW, DEPLOY, ADMIN, BATCH]);
    expect(s.resources.find((r) => r.name === SECRET)).toMatchObject({
      actions: ['kv:update'],
      first_touch: '2026-04-14T11:33:05.110922Z',
    });
    expect(s.resources.map((r) => r.name)).toEqual(
      expect.arrayContaining([
        'vault:auth/token/lookup-self',
        'arn:aws:s3:::acme-ledger-exports/2026/04/ledger-2026-04-13.csv',
        BATCH,
      ]),
    );
    // Nothing from the earlier runs, which ended before the start time.
    expect(s.resources.filter((r) => r.first_touch < '2026-04-14')).toEqual([]);
    // From the person who merged: the run they triggered leads to the same place.
    const fromMerge = await json<CliScope>('scope', file, '--identity', 'kmorales', '--since', '2026-04-14T09:55:00Z');
    expect(fromMerge.identities.map((i) => i.name)).toEqual(expect.arrayContaining([WORKFLOW, DEPLOY, ADMIN, BATCH]));
    expect(fromMerge.resources.map((r) => r.name)).toContain(SECRET);
  });

  it('deviations: the token and the key used where their issuers never were; their events flagged', async () => {
    const d = await json<{ identity: string; score: number; reasons: string[] }[]>('deviations', file);
    const by = new Map(d.map((x) => [x.identity, x]));
    expect(d[0].identity).toBe(DEPLOY);
    expect(by.get(DEPLOY)!.score).toBeGreaterThanOrEqual(50);
    expect(by.get(DEPLOY)!.reasons[0]).toMatch(
      /credential hmac-sha256:\w+ issued to .*gha-ledger-deploy .*\(aws:update at 2026-04-14T10:00:40\.118204Z from 20\.83\.144\.17\) used from 198\.51\.100\.77, where its issuer never was/,
    );
    expect(by.get(BATCH)!.reasons[0]).toMatch(
      /issued to .*ledger-batch by .*ledger-admin .* used from 198\.51\.100\.77.*workstation user agent/,
    );
    const flagged = await json<CliEvent[]>('events', file, '--flag', 'deviation');
    const fromAttacker = (await json<CliEvent[]>('events', file)).filter((e) => e.src_ip === ATTACKER);
    expect(fromAttacker).toHaveLength(7);
    expect(flagged.map((e) => e.id)).toEqual(expect.arrayContaining(fromAttacker.map((e) => e.id)));
  });
});
