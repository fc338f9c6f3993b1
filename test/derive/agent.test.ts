// An AI agent's tool calls (OTel GenAI spans) and an MCP host log, judged against an intended-behaviour profile.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../helpers.js';
import { caseFrom, hasImporters, type TestCase } from './case.js';
import type { EventJson, Graph, IdentityJson } from './types.js';

describe.skipIf(!hasImporters('otel', 'mcp-log'))('agent tool calls and the intended-behaviour profile', () => {
  let c: TestCase;
  beforeAll(async () => {
    c = await caseFrom([fixture('derive', 'agent-otel.json'), fixture('derive', 'agent-mcp.log')]);
  });
  afterAll(() => c?.close());

  it('resolves the agents as non-human identities, never merged by name', async () => {
    const ids = await c.api<IdentityJson[]>('identities.list', {});
    const copilot = ids.find((i) => i.name === 'support-copilot')!;
    expect(copilot).toMatchObject({ kind: 'agent', nhi: true, sources: ['otel'] });
    expect(copilot.aliases.map((a) => `${a.system}|${a.value}`)).toContain('gen_ai.agent.id|asst_support_01');
    expect(ids.find((i) => i.name === 'claude-ai')).toMatchObject({ kind: 'agent', nhi: true, sources: ['mcp-log'] });
  });

  it('agent → tool call → the resource it touched, in the graph', async () => {
    const g = await c.api<Graph>('graph.overview', {});
    const crm = g.nodes.find((n) => n.label === 'db:crm')!;
    const into = g.edges
      .filter((e) => e.target === crm.id)
      .map((e) => g.nodes.find((n) => n.id === e.source)!.label)
      .sort();
    expect(into).toEqual(['claude-ai', 'support-copilot']);
  });

  it('flags events outside the profile, only for profiled identities, and keeps the flag across re-derivation', async () => {
    const before = await c.api<{ out_of_scope: number }>('profile.get', {});
    expect(before.out_of_scope).toBe(0);
    const set = await c.api<{
      out_of_scope: number;
      identities: { identity: string; events: number; out_of_scope: number }[];
    }>('profile.set', {
      yaml: readFileSync(fixture('derive', 'agent-profile.yaml'), 'utf8'),
    });
    expect(set.out_of_scope).toBe(1);
    expect(set.identities).toEqual([
      { identity: 'support-copilot', identity_id: expect.any(Number), events: 5, out_of_scope: 1 },
    ]);
    const out = await c.api<EventJson[]>('events.list', { filter: { out_of_scope: true } });
    expect(out.map((e) => [e.identity, e.action, e.flags])).toEqual([
      ['support-copilot', 'execute_tool export_all_customers', ['out_of_scope']],
    ]);
    await c.api('derive.rebuild', {});
    expect(
      (await c.api<EventJson[]>('events.list', { filter: { flags: ['out_of_scope'] } })).map((e) => e.action),
    ).toEqual(['execute_tool export_all_customers']);
    const audit = c.handle.db.prepare("SELECT method FROM audit_log WHERE method = 'profile.set'").all();
    expect(audit).toHaveLength(1);
    // Clearing the profile clears the flags: unprofiled identities are not judged.
    expect((await c.api<{ out_of_scope: number }>('profile.set', { yaml: 'identities: []\n' })).out_of_scope).toBe(0);
  });

  it('refuses an invalid profile with a clear message', async () => {
    await expect(
      c.api('profile.set', { yaml: 'identities:\n  - match: x\n    allow: {actions: [1]}\n' }),
    ).rejects.toThrow(/profile: identities\.0\.allow\.actions\.0/);
    await expect(c.api('profile.set', { yaml: 'identities: [\n' })).rejects.toThrow(/not valid YAML/);
  });
});
