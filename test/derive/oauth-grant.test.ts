// A Workspace OAuth app: a user's consent issues the grant, the app's API calls with it form a session linked to
// that consent, and what the calls returned is the app's exposure — the app is the identity acting, never the user.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../helpers.js';
import { caseFrom, type TestCase } from './case.js';
import type { IdentityJson, SessionJson } from './types.js';

const CLIENT = '884211907313-k2v9q4t1rjs8o2d4c1b6m0e7hpl3n5a9.apps.googleusercontent.com';

describe('a Workspace OAuth grant and the app’s use of it', () => {
  let c: TestCase;
  beforeAll(async () => {
    c = await caseFrom([
      fixture('workspace-audit', 'reports-api-token-page.json'),
      fixture('workspace-audit', 'activities.jsonl'),
    ]);
  });
  afterAll(() => c?.close());

  it('makes the app an identity of its own, apart from the user who consented', async () => {
    const app = (await c.api<IdentityJson[]>('identities.list', { search: CLIENT }))[0];
    expect(app).toMatchObject({ name: CLIENT, kind: 'app', nhi: true, events: 3 });
    const dana = (await c.api<IdentityJson[]>('identities.list', { search: 'dana.ops' }))[0];
    expect(dana).toMatchObject({ kind: 'user', nhi: false });
    expect(dana.aliases.map((a) => `${a.system}|${a.value}`)).toContain('gcp|104925866385122741001');
    expect(dana.id).not.toBe(app.id);
  });

  it('links the app’s session to the consent that issued its grant, and sums what it read', async () => {
    const [s] = await c.api<SessionJson[]>('sessions.list', { identity: CLIENT });
    expect(s).toMatchObject({ key: `${CLIENT}>dana.ops@acme.example`, kind: 'credential', events: 3 });
    expect(s.parent).toMatchObject({ action: 'token.authorize', identity: 'dana.ops@acme.example' });
    expect(s.exposure?.bytes).toMatchObject({ total: 48213 + 7340032 + 918, events: 3 });
    expect(s.exposure?.bytes?.top_events[0][1]).toBe(7340032);
  });

  it('gives the domain-wide-delegated service account the files it read as the CFO', async () => {
    const sa = (await c.api<IdentityJson[]>('identities.list', { search: '117043285120338710234' }))[0];
    expect(sa).toMatchObject({ kind: 'service_account', nhi: true });
    expect(sa.exposure?.objects?.top.map((o) => o.name)).toEqual([
      'FY26 Board Compensation (drive:1Qz8vTqL0xM2nR4pS6uW8yA0cE2gI4kM6oQ8sU0wY2a)',
      'Acquisition memo - DRAFT (drive:1Hb3nVm5Xc7Za9Qw1Er3Ty5Ui7Op9As1Df3Gh5Jk7Lz)',
    ]);
    expect(sa.exposure?.items).toMatchObject({ total: 1, events: 1 });
  });
});
