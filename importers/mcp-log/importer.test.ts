import { describe, expect, it } from 'vitest';
import { dryRun, type DryEvent } from '../dry-run.js';
import { fixture } from '../../test/helpers.js';

const line = (r: unknown) => (r as { line: number }).line;
const at = (evs: DryEvent[], l: number) => {
  const e = evs.find((x) => line(x.ref) === l);
  if (!e) throw new Error(`no event for line ${l}`);
  return e;
};

describe('mcp-log importer', () => {
  it('mcp.log: connections, request↔response pairing per connection, tool targets and outcomes', async () => {
    const run = await dryRun(fixture('mcp-log', 'mcp.log'));
    expect(run.error).toBeUndefined();
    expect(run.format).toBe('mcp-log');
    expect(run.records).toBe(18);
    expect(run.events.length + run.rejects.length + run.merged).toBe(18);
    expect(run.events).toHaveLength(12);
    expect(run.rejects.map((r) => [line(r.ref), r.reason])).toEqual([
      [14, 'Message from client: the JSON-RPC payload is cut off (not complete JSON)'],
    ]);

    const session = 'filesystem@2026-03-10T10:00:00.000Z';
    const start = at(run.events, 1);
    expect(new Date(start.ts / 1000).toISOString()).toBe('2026-03-10T10:00:00.000Z');
    // The lifecycle lines before the initialize request still name the client that connected.
    expect(start).toMatchObject({
      action: 'connection.start',
      principal: 'claude-ai',
      principalType: 'agent',
      sessionKey: session,
      resource: 'mcp:filesystem',
    });
    const init = at(run.events, 3);
    expect(init.merged.map(line)).toEqual([5]);
    expect(init).toMatchObject({ action: 'initialize', outcome: 'success', userAgent: 'claude-ai/0.1.0' });

    const read = at(run.events, 7);
    expect(read.merged.map(line)).toEqual([10]);
    expect(read).toMatchObject({
      action: 'tools/call read_file',
      category: 'read',
      resource: '/Users/jane/.aws/credentials',
      resourceType: 'file',
      outcome: 'success',
      sessionKey: session,
    });
    expect(read.detail).toBe('{"path":"/Users/jane/.aws/credentials"}\n→ [default]\naws_access_key_id=AKIAEXAMPLE');
    expect(read.facts).toMatchObject({ tool: 'read_file', mcp_server: 'filesystem', agent: 'claude-ai' });

    // Same JSON-RPC id 1 on another connection: paired within its own connection; the stderr line before the
    // response is merged into the entry it follows.
    const query = at(run.events, 8);
    expect(query.merged.map(line).sort((a, b) => a - b)).toEqual([9, 11]);
    expect(query).toMatchObject({
      action: 'tools/call query',
      category: 'query',
      resource: 'mcp:postgres/query',
      resourceType: 'mcp_tool',
      outcome: 'failure',
      errorCode: '-32603',
      sessionKey: 'postgres@2026-03-10T10:00:00.300Z',
    });
    expect(query.detail).toContain('permission denied for table customers');

    expect(at(run.events, 12)).toMatchObject({
      action: 'tools/call write_file',
      category: 'write',
      outcome: 'failure',
      errorCode: 'isError',
      resource: '/tmp/x',
    });
    // No response before the connection closed.
    expect(at(run.events, 15)).toMatchObject({ action: 'tools/call directory_tree', outcome: 'unknown', merged: [] });
    expect(at(run.events, 18)).toMatchObject({ action: 'connection.error', outcome: 'failure' });
  });

  it('mcp-server-<name>.log: swapped tags, leading and interleaved stderr noise merged, bad bytes rejected', async () => {
    const run = await dryRun(fixture('mcp-log', 'mcp-server-filesystem.log'));
    expect(run.format).toBe('mcp-log');
    expect(run.records).toBe(9);
    expect(run.events.length + run.rejects.length + run.merged).toBe(9);
    expect(run.rejects.map((r) => [line(r.ref), r.reason])).toEqual([[8, 'invalid UTF-8 at byte 137 of the record']]);
    const first = at(run.events, 2);
    expect(first.merged.map(line)).toEqual([1]);
    expect(first.detail).toContain('npm warn exec');
    expect(at(run.events, 3).merged.map(line)).toEqual([4, 5]);
    expect(at(run.events, 6)).toMatchObject({
      action: 'tools/list',
      category: 'read',
      outcome: 'success',
      principal: 'mcp-host',
    });
    expect(at(run.events, 9)).toMatchObject({
      action: 'connection.error',
      outcome: 'failure',
      resource: 'mcp:filesystem',
    });
  });
});
