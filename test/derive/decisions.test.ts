// Analyst decisions: merge and split by hand, audited, surviving re-derivation and later imports; a shared
// display name alone never merges.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../helpers.js';
import { caseFrom, type TestCase } from './case.js';
import type { EventJson, IdentityDetail, IdentityJson } from './types.js';

const BACKUP = 'arn:aws:iam::111122223333:user/backup-svc';
const ADMIN = 'arn:aws:iam::111122223333:role/prod-admin';
const ADMIN_SESSION = 'arn:aws:sts::111122223333:assumed-role/prod-admin/deploy-chain';

describe('merge and split', () => {
  let c: TestCase;
  beforeAll(async () => {
    c = await caseFrom([fixture('derive', 'gha-backup-key-use.jsonl')]);
    await c.add([fixture('derive', 'generic-app.jsonl')], 'generic');
  });
  afterAll(() => c?.close());

  const named = async (name: string) =>
    (await c.api<IdentityJson[]>('identities.list', {})).filter((i) => i.name === name);
  const audit = (method: string) =>
    c.handle.db.prepare('SELECT params FROM audit_log WHERE method = ?').all(method) as { params: string }[];

  it('never merges on a shared display name alone, but shows it as a candidate', async () => {
    const both = await named(BACKUP);
    expect(both.map((i) => i.key).sort()).toEqual([`aws|${BACKUP}`, `generic|${BACKUP}`]);
    await expect(c.api('identities.get', { identity: BACKUP })).rejects.toThrow(/matches 2 identities/);
    const aws = await c.api<IdentityDetail>('identities.get', { identity: `aws|${BACKUP}` });
    expect(aws.candidates).toEqual([
      expect.objectContaining({ other: `generic|${BACKUP}`, method: 'same-display-name', confidence: 0.3 }),
    ]);
  });

  it('merges by hand (audited); the merge survives re-derivation and new imports; old ids lead to the merged identity', async () => {
    const [a, g] = (await named(BACKUP)).sort((x, y) => x.key.localeCompare(y.key));
    const r = await c.api<{ decision: number; identity: { id: number } }>('identities.merge', {
      identities: [String(a.id), String(g.id)],
      note: 'same service, app log',
    });
    expect(r.identity.id).toBe(a.id);
    expect(audit('identities.merge')).toHaveLength(1);
    await c.api('derive.rebuild', {});
    await c.add([fixture('derive', 'gha-oidc-chain.json')]);
    const merged = await named(BACKUP);
    expect(merged).toHaveLength(1);
    expect(merged[0].sources).toEqual(['cloudtrail', 'generic']);
    const d = await c.api<IdentityDetail>('identities.get', { identity: String(g.id) });
    expect(d.id).toBe(a.id);
    expect(d.aliases.find((x) => x.system === 'generic')).toMatchObject({ method: 'manual', confidence: 1 });
    const rows = await c.api<EventJson[]>('events.list', { filter: { identity: String(g.id) } });
    expect(rows.map((e) => e.format).sort()).toEqual(['cloudtrail', 'cloudtrail', 'cloudtrail', 'generic', 'generic']);
  });

  it('splits by hand: the merge is revoked and the alias stays apart', async () => {
    const r = await c.api<{ decision: number; revoked: number[]; identities: { name: string }[] }>('identities.split', {
      identity: `aws|${BACKUP}`,
      aliases: [`generic|${BACKUP}`],
    });
    expect(r.revoked).toHaveLength(1);
    expect(await named(BACKUP)).toHaveLength(2);
    expect(audit('identities.split')).toHaveLength(1);
  });

  it('splits what a rule joined, and the rule no longer joins them after re-derivation; undo rejoins', async () => {
    const before = await c.api<IdentityDetail>('identities.get', { identity: ADMIN });
    expect(before.aliases.map((a) => a.value)).toContain(ADMIN_SESSION);
    const r = await c.api<{ decision: number }>('identities.split', { identity: ADMIN, aliases: [ADMIN_SESSION] });
    await c.api('derive.rebuild', {});
    const apart = await c.api<IdentityDetail>('identities.get', { identity: ADMIN_SESSION });
    expect(apart.name).not.toBe(ADMIN);
    expect(
      apart.candidates.some((x) => x.method === 'aws-assumed-role-arn' && /refused: analyst split/.test(x.reason)),
    ).toBe(true);
    const rows = await c.api<EventJson[]>('events.list', { filter: { identity: ADMIN_SESSION } });
    expect(rows).toHaveLength(4);
    expect(rows.every((e) => e.identity_id === apart.id)).toBe(true);
    await c.api('identities.undo', { decision: r.decision });
    expect((await c.api<IdentityDetail>('identities.get', { identity: ADMIN_SESSION })).name).toBe(ADMIN);
    const decisions = await c.api<{ id: number; revoked_at: string | null }[]>('identities.decisions', {});
    expect(decisions.filter((d) => d.revoked_at === null)).toHaveLength(1);
  });
});
