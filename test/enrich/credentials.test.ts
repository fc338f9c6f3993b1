// Secret exposure and credential lifecycle on fixtures written in the vendors' shapes: a key and a GitHub token
// leak through an agent's tool results and are used afterwards (linked, flagged, an `exposed` edge the scope walk
// follows); every lifecycle flag on a credential built for it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../helpers.js';
import { caseFrom, type TestCase } from '../derive/case.js';
import type { CredentialJson } from '../../core/query/credentials.js';
import type { EventJson } from '../../core/query/event-json.js';
import type { ScopeResult } from '../../core/query/scope.js';

let c: TestCase;
let creds: CredentialJson[];
beforeAll(async () => {
  c = await caseFrom([
    fixture('enrich', 'credentials-cloudtrail.jsonl'),
    fixture('enrich', 'agent-mcp.log'),
    fixture('enrich', 'github-audit.jsonl'),
  ]);
  creds = await c.api<CredentialJson[]>('credentials.list', {});
});
afterAll(() => c?.close());

const cred = (key: string) => {
  const x = creds.find((r) => r.credential === key || r.credential.startsWith(key));
  if (!x) throw new Error(`no credential ${key} in ${creds.map((r) => r.credential).join(', ')}`);
  return x;
};
const eventById = async (id: number) => (await c.api<EventJson[]>('events.list', { filter: { ids: [id] } }))[0];

describe('exposure: found as data, linked to the first later use', () => {
  it('an AWS key read from a credentials file by an agent, then used from a VPS', async () => {
    const k = cred('AKIALEAKEDKEY0000001');
    expect(k.flags).toEqual(expect.arrayContaining(['exposed', 'exposed_then_used']));
    // The tool call (its result merged into it by the mcp-log importer).
    expect(k.exposed).toBe('2026-03-10T10:30:01.000Z');
    const exposedAt = await eventById(k.events.exposed[0]);
    expect(exposedAt.format).toBe('mcp-log');
    expect(exposedAt.flags).toContain('secret_exposed');
    // The first use after the exposure — not the owner's use the day before.
    const use = await eventById(k.events.exposed_use[0]);
    expect(use.ts).toBe('2026-03-10T11:00:00.000Z');
    expect(use.src_ip).toBe('167.99.1.1');
    expect(use.flags).toContain('exposed_credential_used');
  });

  it("a GitHub token leaked in a tool result is matched by GitHub's hashed_token", async () => {
    const gh = creds.find((r) => r.kind === 'github_token' && r.flags.includes('exposed'))!;
    expect(gh).toBeDefined();
    expect(gh.flags).toContain('exposed_then_used');
    const use = await eventById(gh.events.exposed_use[0]);
    expect(use).toMatchObject({ format: 'github-audit', src_tor: true, ts: '2026-03-10T11:00:00.000Z' });
    // The secret itself is never stored or printed: the GitHub credential shows GitHub's hash.
    expect(JSON.stringify(creds)).not.toMatch(/ghp_[A-Za-z0-9]{36}/);
    expect(JSON.stringify(creds)).not.toContain('wJalrXUtnFEMI/K7MDENG/bPxRfiCYLEAKEDKEY01');
  });

  it('an exposed edge from the agent to the user of the key, which the scope walk follows', async () => {
    const agent = cred('AKIALEAKEDKEY0000001');
    const exposer = (await eventById(agent.events.exposed[0])).identity!;
    const scope = await c.api<ScopeResult>('scope.run', { identity: exposer });
    const reached = scope.identities.find((i) => i.name.endsWith('user/backup-svc'));
    expect(reached).toMatchObject({ via: 'exposed' });
    const edges = c.handle.db.prepare("SELECT count(*) FROM identity_edges WHERE kind = 'exposed'").pluck().get();
    expect(edges).toBe(2);
  });
});

describe('lifecycle flags', () => {
  it('used after revoke and after delete (every later use flagged); two networks within minutes', async () => {
    const k = cred('AKIALEAKEDKEY0000001');
    expect(k.revoked).toBe('2026-03-10T12:00:00.000Z');
    expect(k.deleted).toBe('2026-03-10T13:00:00.000Z');
    expect(k.flags).toEqual(expect.arrayContaining(['used_after_revoke', 'used_after_delete', 'two_networks']));
    expect(k.events.after_revoke.length).toBe(2);
    expect(k.events.after_delete.length).toBe(1);
    for (const id of k.events.after_revoke) expect((await eventById(id)).flags).toContain('used_after_revoke');
    const [a, b] = k.events.two_networks;
    expect([(await eventById(a)).src_ip, (await eventById(b)).src_ip]).toEqual(['167.99.1.1', '3.80.0.10']);
    expect((await eventById(b)).flags).toContain('two_networks');
    expect(k.networks).toBe(2);
  });

  it('a refused delete does not count', () => {
    const admin = cred('AKIASECADMIN00000001');
    expect(admin.deleted).toBeNull();
    expect(admin.flags).not.toContain('used_after_delete');
  });

  it('used after expiry (STS duration, with clock skew allowed)', () => {
    const sts = cred('ASIARESTORE000000001');
    expect(sts).toMatchObject({ kind: 'aws_sts_credentials', expires: '2026-03-10T09:15:00.000Z' });
    expect(sts.flags).toContain('used_after_expiry');
    expect(sts.events.after_expiry.length).toBe(1);
    expect(sts.identity).toMatch(/role\/restore$/);
  });

  it('issued and never used', () => {
    const k = cred('AKIANEVERUSED0000001');
    expect(k.flags).toContain('issued_never_used');
    expect(k.issued).toBe('2026-03-10T08:00:00.000Z');
    expect(k.identity).toMatch(/user\/old-svc$/);
  });

  it('never rotated past the age limit; a rotated key is not', async () => {
    expect(cred('AKIALEGACYKEY0000001').flags).toContain('never_rotated');
    const old = cred('AKIAROTATEDOLD000001');
    expect(old.rotated).toBe('2026-01-01T10:00:00.000Z');
    expect(old.flags).not.toContain('never_rotated');
    // The limit is the analyst's: at 365 days the legacy key is young enough.
    const lax = await c.api<CredentialJson[]>('credentials.list', { max_age_days: 365 });
    expect(lax.find((r) => r.credential === 'AKIALEGACYKEY0000001')!.flags).not.toContain('never_rotated');
  });

  it('filters by identity and flag; an unknown identity is an error', async () => {
    const mine = await c.api<CredentialJson[]>('credentials.list', { identity: 'backup-svc' });
    expect(mine.map((r) => r.credential)).toContain('AKIALEAKEDKEY0000001');
    expect(mine.every((r) => /backup-svc/.test(`${r.identity} ${r.issuer}`))).toBe(true);
    const after = await c.api<CredentialJson[]>('credentials.list', { flag: 'used_after_expiry' });
    expect(after.map((r) => r.credential)).toEqual(['ASIARESTORE000000001']);
    await expect(c.api('credentials.list', { identity: 'nobody-at-all' })).rejects.toThrow(/no identity/);
  });
});
