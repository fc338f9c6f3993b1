import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dryRun, type DryEvent } from '../dry-run.js';
import { sliceAt } from '../util/json-slices.js';
import { CORPUS, corpus, fixture, HAS_CORPUS, tempDir } from '../../test/helpers.js';

const iso = (us: number) => new Date(Math.floor(us / 1000)).toISOString();
const accounted = (run: Awaited<ReturnType<typeof dryRun>>) => run.events.length + run.rejects.length + run.merged;
const byAction = (evs: DryEvent[], a: string) => {
  const e = evs.find((x) => x.action === a);
  if (!e) throw new Error(`no ${a} event`);
  return e;
};

describe('json-slices', () => {
  it('finds the exact bytes of values at a path, escapes and nesting included', () => {
    const doc = Buffer.from('{"a": 1, "x\\"y": [9], "spans" : [ {"s":"}]\\""} , [1,[2]], "é" ], "spans2": []}');
    const slices = sliceAt(doc, ['spans', '*']);
    expect(slices.map((s) => doc.toString('utf8', s.start, s.end))).toEqual(['{"s":"}]\\""}', '[1,[2]]', '"é"']);
    expect(sliceAt(doc, ['missing', '*'])).toEqual([]);
    expect(sliceAt(doc, ['x"y']).map((s) => doc.toString('utf8', s.start, s.end))).toEqual(['[9]']);
  });
});

describe('otel importer: where a tool call sent data', () => {
  it('a remote destination is the resource; the local object it sent is in the detail', async () => {
    const run = await dryRun(fixture('otel', 'tool-destinations.jsonl'));
    expect(run.format).toBe('otel');
    expect(run.rejects).toEqual([]);
    expect(run.events).toHaveLength(6);
    const tools = run.events.filter((e) => e.action.startsWith('tools/call ')).sort((a, b) => a.ts - b.ts);
    expect(tools.map((e) => [e.action, e.resource, e.resourceType])).toEqual([
      // filename + destination URL: the data went to the URL
      ['tools/call export_csv', 'https://203.0.113.66:8443/upload/acme', 'url'],
      // a table posted to a webhook
      ['tools/call notify', 'https://hooks.example.net/T0/B1', 'url'],
      // a download: the URL it read, the file it wrote in the detail
      ['tools/call download', 'https://files.example.com/report.pdf', 'url'],
      // no remote destination: the path keys decide, as before (filename first)
      ['tools/call export_csv', 'customers-active.csv', 'file'],
      // a recipient that is not a URL names no object
      ['tools/call send_email', 'mcp:crm-db/send_email', 'mcp_tool'],
    ]);
    expect(tools[0].detail).toContain('· local file: customers-active.csv');
    expect(tools[0].facts).toMatchObject({ tool: 'export_csv', mcp_server: 'crm-db' });
    expect(tools[1].detail).toContain('· local table: table:orders');
    expect(tools[2].detail).toContain('· local file: /tmp/report.pdf');
    expect(tools[3].detail).not.toContain('· local');
  });
});

describe('otel importer', () => {
  it('one OTLP/JSON document: every span a record with its verbatim bytes; agent, session and MCP tool calls', async () => {
    const file = fixture('otel', 'otlp-export.json');
    const text = readFileSync(file);
    const run = await dryRun(file);
    expect(run.error).toBeUndefined();
    expect(run.format).toBe('otel');
    expect(run.records).toBe(5);
    expect(accounted(run)).toBe(5);
    expect(run.rejects.map((r) => [r.ref, r.reason])).toEqual([
      [{ index: 4, offset: expect.any(Number) }, 'no parseable timestamp (start time missing)'],
    ]);
    for (const e of run.events) {
      const ref = e.ref as { index: number; offset: number };
      // raw is the span's exact bytes, at the offset its ref cites.
      expect(text.subarray(ref.offset, ref.offset + Buffer.byteLength(e.raw)).toString('utf8')).toBe(e.raw);
      expect(JSON.parse(e.raw).spanId).toBe(e.facts?.span_id);
    }
    const q = byAction(run.events, 'tools/call query_customers');
    expect(iso(q.ts)).toBe('2026-03-10T10:00:01.200Z');
    expect(q).toMatchObject({
      principal: 'support-copilot',
      principalType: 'agent',
      sessionKey: 'conv_1',
      category: 'query',
      resource: 'tool:query_customers',
      srcIp: '10.0.0.9',
      detail: '{"email":"jane@example.com"}',
    });
    expect(q.facts).toMatchObject({
      agent: 'support-copilot',
      tool: 'query_customers',
      tool_call_id: 'call_Q1',
      mcp_session: 'mcp-sess-9',
      alias: 'gen_ai.agent.id|asst_42',
      source_identity: 'u-17',
      trace_id: '4bf92f3577b34da6a3ce929d0e0e4736',
      parent_span: '00f067aa0ba902b7',
    });
    // What the call touched, from its arguments; the failure from the span status.
    expect(byAction(run.events, 'tools/call read_file')).toMatchObject({
      resource: '/srv/app/.env',
      resourceType: 'file',
      category: 'read',
      outcome: 'failure',
      errorCode: 'access_denied',
    });
    expect(byAction(run.events, 'chat')).toMatchObject({
      category: 'other',
      resource: 'model:gpt-4.1',
      principal: 'support-copilot',
    });
    expect(byAction(run.events, 'invoke_agent')).toMatchObject({ outcome: 'success' });
  });

  it('a span without GenAI or MCP attributes is named by its span name', async () => {
    const run = await dryRun(fixture('otel', 'plain-spans.jsonl'));
    expect(run.format).toBe('otel');
    expect(run.rejects).toEqual([]);
    expect(run.events.map((e) => e.action)).toEqual(['GET /api/tickets/{id}', 'SELECT crm.customers', 'span']);
    expect(run.events[1]).toMatchObject({ outcome: 'failure', principal: 'support-copilot' });
  });

  it('Collector file exporter: children before their parent, base64 ids, bad lines', async () => {
    const run = await dryRun(fixture('otel', 'collector.jsonl'));
    expect(run.format).toBe('otel');
    expect(run.records).toBe(8);
    expect(accounted(run)).toBe(8);
    expect(run.rejects.map((r) => [(r.ref as { line: number }).line, r.reason.slice(0, 30)])).toEqual([
      [3, 'OTLP export with no spans'],
      [4, 'invalid JSON: Unterminated str'],
      [5, 'not an OTLP/JSON trace export '],
      [6, 'invalid UTF-8 at byte 94 of th'],
    ]);
    const del = byAction(run.events, 'tools/call delete_record');
    // The agent is named only on the root span, exported on the next line.
    expect(del).toMatchObject({
      principal: 'ops-runbook-agent',
      principalType: 'agent',
      category: 'delete',
      resource: 'table:sessions',
      sessionKey: '5c0ffee0000000000000000000000002',
      ref: { line: 1, index: 0, offset: expect.any(Number) },
    });
    expect(del.facts).toMatchObject({ span_id: '2222222222222222', parent_span: '1111111111111111' });
    const lone = run.events.find((e) => e.resource === 'model:gpt-4o-mini');
    expect(lone).toMatchObject({
      principal: 'batch-summarizer',
      principalType: 'service',
      sessionKey: '6d000000000000000000000000000003',
    });
  });

  it('old (instrumentationLibrarySpans) and new (scopeSpans) layouts in one request keep document order', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const span = (id: string, ms: number) => ({
        traceId: 'ab'.repeat(16),
        spanId: id,
        name: `execute_tool t${id[0]}`,
        startTimeUnixNano: String(1773136800000 + ms) + '000000',
        attributes: [{ key: 'gen_ai.tool.name', value: { stringValue: `t${id[0]}` } }],
      });
      const doc = {
        resourceSpans: [
          {
            resource: { attributes: [] },
            instrumentationLibrarySpans: [
              { instrumentationLibrary: { name: 'old' }, spans: [span('1111111111111111', 1)] },
            ],
          },
          {
            resource: { attributes: [] },
            scopeSpans: [{ scope: { name: 'new' }, spans: [span('2222222222222222', 2), span('3333333333333333', 3)] }],
          },
          {
            resource: { attributes: [] },
            instrumentationLibrarySpans: [
              { instrumentationLibrary: { name: 'old' }, spans: [span('4444444444444444', 4)] },
            ],
          },
        ],
      };
      const file = path.join(dir, 'mixed.jsonl');
      writeFileSync(file, JSON.stringify(doc) + '\n');
      const run = await dryRun(file);
      expect(run.format).toBe('otel');
      expect(run.records).toBe(4);
      expect(
        run.events.map((e) => [(e.ref as { index: number }).index, e.facts?.span_id, JSON.parse(e.raw).spanId]),
      ).toEqual([
        [0, '1111111111111111', '1111111111111111'],
        [1, '2222222222222222', '2222222222222222'],
        [2, '3333333333333333', '3333333333333333'],
        [3, '4444444444444444', '4444444444444444'],
      ]);
    } finally {
      cleanup();
    }
  });

  it('Langfuse export: observations as records, the trace merged into its root observation', async () => {
    const run = await dryRun(fixture('otel', 'langfuse.json'));
    expect(run.format).toBe('otel');
    expect(run.records).toBe(5);
    expect(accounted(run)).toBe(5);
    expect(run.merged).toBe(1);
    expect(run.rejects.map((r) => r.reason)).toEqual(['no parseable timestamp (start time missing)']);
    const root = byAction(run.events, 'invoke_agent');
    expect(root.merged).toEqual([{ index: 0, offset: expect.any(Number) }]);
    expect(root).toMatchObject({ principal: 'billing-agent', sessionKey: 'sess-7' });
    const tool = byAction(run.events, 'execute_tool refund_payment');
    expect(tool).toMatchObject({
      principal: 'billing-agent',
      principalType: 'agent',
      sessionKey: 'sess-7',
      outcome: 'failure',
      errorCode: 'card declined',
      detail: '{"order_id":42,"amount":50}',
      category: 'exec',
    });
    expect(tool.facts).toMatchObject({ tool_call_id: 'call_9', source_identity: 'u-17' });
  });
});

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Tool calls in Langfuse's ChatML extraction: {name, id} from tool_use / tool_calls parts and from tool messages. */
function chatmlToolCalls(v: Json, out: { name: string; id: string }[]): void {
  if (Array.isArray(v)) {
    for (const x of v) chatmlToolCalls(x, out);
    return;
  }
  if (v === null || typeof v !== 'object') return;
  if (v.type === 'tool_use' && typeof v.name === 'string')
    out.push({ name: v.name, id: typeof v.id === 'string' ? v.id : '' });
  if (Array.isArray(v.tool_calls)) {
    for (const c of v.tool_calls)
      if (c && typeof c === 'object' && !Array.isArray(c) && typeof c.name === 'string')
        out.push({ name: c.name, id: typeof c.id === 'string' ? c.id : '' });
  }
  if (v.role === 'tool' && typeof v.content === 'string' && v.content.startsWith('[')) {
    try {
      for (const c of JSON.parse(v.content) as { function?: { name?: string }; id?: string }[])
        if (c.function?.name) out.push({ name: c.function.name, id: c.id ?? '' });
    } catch {
      /* a tool result, not a call list */
    }
  }
  for (const x of Object.values(v)) chatmlToolCalls(x, out);
}

describe.skipIf(!HAS_CORPUS)('otel agrees with the Langfuse ChatML oracles', () => {
  const files =
    HAS_CORPUS && existsSync(corpus('otel-genai'))
      ? readdirSync(corpus('otel-genai')).filter((f) => f.endsWith('.trace.json'))
      : [];
  for (const f of files) {
    it(`every tool call of ${f} is an event`, async () => {
      const run = await dryRun(`${CORPUS}/otel-genai/${f}`);
      expect(run.rejects).toEqual([]);
      const calls: { name: string; id: string }[] = [];
      chatmlToolCalls(JSON.parse(readFileSync(`${CORPUS}/otel-genai/${f}-expected.json`, 'utf8')) as Json, calls);
      const tools = run.events.filter((e) => e.facts?.tool);
      for (const c of calls) {
        const bare = c.name.startsWith('mcp__') ? c.name.slice(c.name.indexOf('__', 5) + 2) : c.name;
        const hits = tools.filter((e) => e.facts?.tool === bare && e.action.endsWith(` ${bare}`));
        expect(hits.length, `tool call ${c.name} ${c.id}`).toBeGreaterThan(0);
        // Where the trace states call ids, the oracle's id is one of them.
        const ids = hits.map((e) => e.facts?.tool_call_id).filter((x): x is string => !!x);
        if (c.id && ids.length > 0) expect(ids, `call id of ${c.name}`).toContain(c.id);
        for (const h of hits) expect(h.principal, `principal of ${c.name}`).not.toBeNull();
      }
    });
  }
});
