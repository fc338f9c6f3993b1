// Realistic OTLP/JSON as the OpenTelemetry Collector `file` exporter writes it: one ExportTraceServiceRequest per line,
// each an agent run (invoke_agent → chat → MCP tools/call spans with GenAI / MCP attributes). `n` is the number of
// spans (records); the lines hold SPANS_PER_LINE spans each, children exported before their parent as SDKs do.

import { prng } from '../../bench/lib/random.js';

const SPANS_PER_LINE = 8;
const AGENTS = ['support-copilot', 'billing-agent', 'ops-runbook-agent'];
const TOOLS: [string, Record<string, unknown>][] = [
  ['query_customers', { email: 'jane@example.com' }],
  ['read_file', { path: '/srv/app/config.yaml' }],
  ['lookup_ticket', { id: 'T-1042' }],
  ['fetch', { url: 'https://status.example.com/api' }],
  ['delete_record', { table: 'sessions', id: 7 }],
];

const hexN = (r: () => number, bytes: number): string => {
  let s = '';
  for (let i = 0; i < bytes; i++)
    s += Math.floor(r() * 256)
      .toString(16)
      .padStart(2, '0');
  return s;
};
const kv = (key: string, v: string | number) => ({
  key,
  value: typeof v === 'number' ? { intValue: String(v) } : { stringValue: v },
});

export function generate(n: number, seed: number): string[] {
  const r = prng(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)];
  const out: string[] = [];
  let t = BigInt(Date.UTC(2026, 2, 10, 8, 0, 0)) * 1_000_000n;
  let made = 0;
  while (made < n) {
    const traceId = hexN(r, 16),
      root = hexN(r, 8),
      agent = pick(AGENTS),
      conv = `conv_${hexN(r, 6)}`,
      mcpSession = hexN(r, 12);
    const spans: unknown[] = [];
    const count = Math.min(SPANS_PER_LINE, n - made);
    for (let i = 0; i < count - 1; i++) {
      t += BigInt(Math.floor(r() * 900_000_000));
      const start = t,
        end = t + 120_000_000n;
      if (i % 2 === 0) {
        spans.push({
          traceId,
          spanId: hexN(r, 8),
          parentSpanId: root,
          name: 'chat gpt-4.1',
          kind: 3,
          startTimeUnixNano: String(start),
          endTimeUnixNano: String(end),
          attributes: [
            kv('gen_ai.operation.name', 'chat'),
            kv('gen_ai.provider.name', 'openai'),
            kv('gen_ai.request.model', 'gpt-4.1'),
            kv('gen_ai.usage.input_tokens', 812),
            kv('gen_ai.usage.output_tokens', 64),
            kv('gen_ai.conversation.id', conv),
          ],
          status: {},
        });
      } else {
        const [tool, args] = pick(TOOLS);
        const failed = r() < 0.05;
        spans.push({
          traceId,
          spanId: hexN(r, 8),
          parentSpanId: root,
          name: `tools/call ${tool}`,
          kind: 3,
          startTimeUnixNano: String(start),
          endTimeUnixNano: String(end),
          attributes: [
            kv('mcp.method.name', 'tools/call'),
            kv('gen_ai.operation.name', 'execute_tool'),
            kv('gen_ai.tool.name', tool),
            kv('gen_ai.tool.call.id', `call_${hexN(r, 10)}`),
            kv('mcp.session.id', mcpSession),
            kv('jsonrpc.request.id', String(i)),
            kv('gen_ai.tool.call.arguments', JSON.stringify(args)),
            kv('network.transport', 'pipe'),
          ],
          status: failed ? { code: 2, message: 'tool error' } : {},
        });
      }
    }
    spans.push({
      traceId,
      spanId: root,
      name: `invoke_agent ${agent}`,
      kind: 1,
      startTimeUnixNano: String(t - 5_000_000_000n),
      endTimeUnixNano: String(t + 200_000_000n),
      attributes: [
        kv('gen_ai.operation.name', 'invoke_agent'),
        kv('gen_ai.agent.name', agent),
        kv('gen_ai.agent.id', `asst_${agent.length}${hexN(r, 4)}`),
        kv('gen_ai.conversation.id', conv),
        kv('enduser.id', pick(['u-17', 'u-42', 'u-99'])),
      ],
      status: { code: 1 },
    });
    made += spans.length;
    out.push(
      JSON.stringify({
        resourceSpans: [
          {
            resource: { attributes: [kv('service.name', `${agent}-svc`), kv('telemetry.sdk.language', 'python')] },
            scopeSpans: [{ scope: { name: 'opentelemetry.instrumentation.mcp', version: '0.1.0' }, spans }],
          },
        ],
      }),
    );
  }
  return out;
}
