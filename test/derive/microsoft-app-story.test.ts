// An Entra app across five Microsoft logs: a person adds a client secret to it (Entra audit), it signs in with
// that secret for a Graph token and an ARM token (Entra sign-ins), reads the CEO's mail through Graph (Graph
// activity) which Exchange records too (MailItemsAccessed), and makes another service principal Owner of the
// subscription (Azure Activity). One identity, known by its name, object id and app id; one session chain:
// secret → credential run → each token's session, the Graph and Exchange records of one token in one session.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fixture } from '../helpers.js';
import { caseFrom, hasImporters, type TestCase } from './case.js';
import type { CoverageResult, EventJson, IdentityDetail, ScopeResult, SessionJson } from './types.js';

const APP = 'a7d2c9e1-4b3f-4c8a-9e2d-1f0b3c4d5e6f';
const SP = 'e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b';
const KEY = '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b';
const GRAPH_TOKEN = 'R3JhcGhUb2tlbl9vcHNtYWlsZXI';
const ARM_TOKEN = 'QVJNVG9rZW5fb3BzbWFpbGVy';
const BACKDOOR = '77aa88bb-99cc-4ddd-8eee-ff0011223344';
const FORMATS = ['entra-audit', 'entra-signin', 'graph-activity', 'm365-audit', 'azure-activity'];

describe.skipIf(!hasImporters(...FORMATS))('an Entra app across Entra, Graph, Exchange and Azure logs', () => {
  let c: TestCase;
  beforeAll(async () => {
    const dir = fixture('derive', 'ms-app-story');
    c = await caseFrom(readdirSync(dir).map((f) => path.join(dir, f)));
  });
  afterAll(() => c?.close());

  it('imports each log as its own format', () => {
    const byFormat = Object.fromEntries(c.summary.evidence.map((e) => [e.format, [e.records, e.events, e.merged]]));
    expect(byFormat).toEqual({
      'entra-audit': [1, 1, 0],
      'entra-signin': [2, 2, 0],
      'graph-activity': [2, 2, 0],
      'm365-audit': [1, 1, 0],
      // The role assignment's Start and Success records are one operation.
      'azure-activity': [2, 1, 1],
    });
  });

  it('is one identity: name, service principal id and app id, each alias with its method', async () => {
    const app = await c.api<IdentityDetail>('identities.get', { identity: 'ops-mailer' });
    expect(app).toMatchObject({ key: 'entra|ops-mailer', kind: 'app', nhi: true, events: 6, sessions: 3 });
    expect(app.sources).toEqual(['azure-activity', 'entra-signin', 'graph-activity', 'm365-audit']);
    const alias = (system: string, value: string) => app.aliases.find((a) => a.system === system && a.value === value);
    // The object id: stated by the sign-ins (servicePrincipalId), the principal of Graph and ARM calls.
    expect(alias('entra', SP)).toMatchObject({ confidence: 0.9, events: 3 });
    // The app id: stated by Azure Activity (claims.appid), Graph (AppId) and Exchange (ClientAppId), the principal
    // Exchange names an app-only reader by.
    expect(alias('entra-app', APP)?.confidence).toBeGreaterThanOrEqual(0.8);
    expect(alias('entra', APP)).toMatchObject({ method: 'm365-app-ids', events: 1 });
    for (const ref of [SP, `entra-app|${APP}`, `entra|${APP}`])
      expect((await c.api<IdentityDetail>('identities.get', { identity: ref })).id).toBe(app.id);
    // Every event has its principal and lands on the identity.
    const events = await c.api<EventJson[]>('events.list', { filter: { identity: 'ops-mailer' } });
    expect(events.map((e) => e.format).sort()).toEqual([
      'azure-activity',
      'entra-signin',
      'entra-signin',
      'graph-activity',
      'graph-activity',
      'm365-audit',
    ]);
  });

  it('is one session chain: the secret, its sign-ins, and each token they issued', async () => {
    const sessions = await c.api<SessionJson[]>('sessions.list', { identity: 'ops-mailer' });
    const byKey = new Map(sessions.map((s) => [s.key, s]));
    const cred = byKey.get(KEY)!;
    // The credential run is the child of the audit record that added the secret (entra-audit → entra-signin).
    expect(cred).toMatchObject({ kind: 'credential', events: 2, sources: ['entra-signin'] });
    expect(cred.parent).toMatchObject({
      identity: 'alice@contoso.example',
      action: 'Update application – Certificates and secrets management',
    });
    // Graph and Exchange name the same token: one session across both logs, issued by the first sign-in.
    const graph = byKey.get(GRAPH_TOKEN)!;
    expect(graph).toMatchObject({ events: 3, sources: ['graph-activity', 'm365-audit'] });
    expect(graph.parent).toMatchObject({
      session: cred.id,
      identity: 'ops-mailer',
      action: 'Sign-in activity',
      ts: '2026-03-10T14:00:01.000Z',
    });
    // The ARM token came from the second sign-in.
    const arm = byKey.get(ARM_TOKEN)!;
    expect(arm).toMatchObject({ events: 1, sources: ['azure-activity'] });
    expect(arm.parent).toMatchObject({ session: cred.id, ts: '2026-03-10T14:10:00.000Z' });
  });

  it('scope from the person who added the secret reaches the app, what it read and whom it made Owner', async () => {
    const s = await c.api<ScopeResult>('scope.run', {
      identity: 'alice@contoso.example',
      since: '2026-03-10T13:00:00Z',
    });
    expect(s.identities.map((i) => [i.name, i.via])).toEqual([
      ['alice@contoso.example', 'start'],
      ['ops-mailer', 'minted'],
      [BACKDOOR, 'assumed'],
    ]);
    const names = s.resources.map((r) => r.name);
    expect(names).toContain('mailbox:ceo@contoso.example');
    expect(names).toContain('https://graph.microsoft.com/v1.0/users/ceo@contoso.example/messages');
    expect(names.some((n) => n.endsWith('/roleassignments/0d1e2f30-4a5b-4c6d-8e7f-90a1b2c3d4e5'))).toBe(true);
    // From the app's own Graph token on, only that token's session and what follows.
    const late = await c.api<ScopeResult>('scope.run', { identity: 'ops-mailer', since: '2026-03-10T14:11:00Z' });
    expect(late.resources.map((r) => r.name)).toEqual([
      expect.stringMatching(/roleassignments\/0d1e2f30-4a5b-4c6d-8e7f-90a1b2c3d4e5$/),
    ]);
  });

  it('states where it authenticated and where it acted', async () => {
    const cov = await c.api<CoverageResult>('coverage.list', { identity: 'ops-mailer' });
    expect(cov.identities[0]).toMatchObject({
      // The audit record that added its secret counts as a credential issued to it.
      auth_sources: ['entra-audit', 'entra-signin'],
      action_sources: ['azure-activity', 'graph-activity', 'm365-audit'],
    });
    expect(cov.identities[0].flags).not.toContain('authenticated_no_actions');
    expect(cov.identities[0].flags).not.toContain('unused_credentials');
  });

  it('carries what it read: mail items, folders and bytes', async () => {
    const events = await c.api<EventJson[]>('events.list', { filter: { identity: 'ops-mailer' } });
    const factsOf = async (e: EventJson) =>
      (await c.api<{ facts: Record<string, string> }>('events.get', { id: e.id })).facts;
    const mail = events.find((e) => e.action === 'MailItemsAccessed')!;
    expect(await factsOf(mail)).toMatchObject({
      data_items: '3',
      data_objects: 'ceo@contoso.example:\\Inbox',
      data_bytes: '184320',
    });
    const graph = events.filter((e) => e.format === 'graph-activity');
    expect(await Promise.all(graph.map(async (e) => (await factsOf(e)).data_bytes))).toEqual(['184320', '2097152']);
  });
});
