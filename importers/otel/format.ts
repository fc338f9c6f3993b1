// The `otel` format, declared once: see importers/descriptor.ts for what each field means.
import { defineFormat } from '../descriptor.js';

export const format = defineFormat({
  id: 'otel',
  title: 'OpenTelemetry traces (OTLP/JSON, Collector file exporter) and Langfuse trace exports — GenAI / MCP',
  reads: 'OpenTelemetry traces (OTLP/JSON, collector file exporter), GenAI/MCP conventions; Langfuse trace exports',
  system: 'agent',
  statedAliasMethod: 'agent-trace-attributes',
  states: { auth: false, actions: true },
  sessionKey: {
    fields: ['gen_ai.conversation.id', 'mcp.session.id', 'trace.sessionId', 'session.id', 'traceId'],
    lifetime: 'session',
  },
  cannotRepresent: [
    'Traces whose framework names no agent fall back to the SDK default `service.name`; all such traces share that identity.',
    'Span links, span events and end times are not normalized; token usage, costs and prompts stay in raw.',
  ],
  exportHow: ["the collector's `file` exporter (`format: json`)", 'Langfuse trace export'],
  corpus: { folders: ['otel-genai'] },
  load: async () => (await import('./importer.js')).importer,
});
