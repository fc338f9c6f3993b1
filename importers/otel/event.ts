// A span with its trace context resolved → one normalized event, after the OpenTelemetry GenAI and MCP semantic
// conventions (gen_ai.*, mcp.*) and the attribute names of the frameworks in the corpus (OpenInference `tool.name` /
// `input.value`, Vercel AI SDK `ai.toolCall.*`, Google ADK `gcp.vertex.agent.*`, LangSmith `langsmith.*`).
//
// Categories: a tool call takes its tool's verb (`read_file` → read, `query_customers` → query), `exec` when the
// name says nothing; LLM calls (chat, generations) are `other` — inference reads or changes no protected resource,
// its model is the resource; agent, chain and framework spans are `other`.
import type { Category, Facts, NormalizedEvent, Outcome, PrincipalType } from '../../core/model/event.js';
import { FACT } from '../../core/model/facts.js';
import { compact } from '../util/fields.js';
import { ipOrNull } from '../util/net.js';
import { localNote, splitMcpToolName, toolCategory, toolTarget, type ToolTarget } from '../util/tool-target.js';
import { isObj, type SpanInfo } from './span.js';

export interface SpanContext {
  principal: string | null;
  principalType: PrincipalType;
  /** gen_ai.agent.id when the principal is the agent's name. */
  agentId: string | null;
  sessionKey: string;
  /** mcp.session.id, when the session key is something else (a conversation). */
  mcpSession: string | null;
  endUser: string | null;
}

const s = (v: unknown): string | null =>
  typeof v === 'string' && v !== '' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : null;

const LLM_OPS = new Set(['chat', 'text_completion', 'generate_content', 'embeddings', 'completion']);

export function toolNameOf(sp: SpanInfo): string | null {
  const a = sp.attrs;
  const named = s(a['gen_ai.tool.name']) ?? s(a['tool.name']) ?? s(a['ai.toolCall.name']) ?? s(a['mcp.tool.name']);
  if (named) return named;
  if (!isToolSpan(sp)) return null;
  const n = sp.name;
  if (n.startsWith('execute_tool ')) return n.slice(13);
  if (n.startsWith('tools/call ')) return n.slice(11);
  if (n.startsWith('tool.')) return n.slice(5);
  return n || null;
}

export function isToolSpan(sp: SpanInfo): boolean {
  const a = sp.attrs;
  return (
    a['gen_ai.operation.name'] === 'execute_tool' ||
    sp.obsType === 'TOOL' ||
    a['openinference.span.kind'] === 'TOOL' ||
    a['langsmith.span.kind'] === 'tool' ||
    a['operation.name'] === 'ai.toolCall' ||
    a['mcp.method.name'] === 'tools/call' ||
    a['gen_ai.tool.name'] !== undefined ||
    a['tool.name'] !== undefined ||
    a['ai.toolCall.name'] !== undefined
  );
}

function isLlmSpan(sp: SpanInfo, op: string | null): boolean {
  const a = sp.attrs;
  return (
    (op !== null && LLM_OPS.has(op)) ||
    sp.obsType === 'GENERATION' ||
    a['openinference.span.kind'] === 'LLM' ||
    a['langsmith.span.kind'] === 'llm'
  );
}

function text(v: unknown, max: number): string | null {
  if (v === undefined || v === null || v === '') return null;
  return compact(v, max);
}

function outcomeOf(sp: SpanInfo, result: unknown): { outcome: Outcome; code: string | null } {
  const errType = s(sp.attrs['error.type']);
  if (sp.status === 'error' || errType) return { outcome: 'failure', code: errType ?? sp.statusMessage ?? 'error' };
  // A result in JSON text is parsed only when it can hold an `isError` key (spelled out, or with \u escapes).
  const r =
    typeof result === 'string'
      ? result.startsWith('{') && (result.includes('isError') || result.includes('\\u'))
        ? safeParse(result)
        : null
      : result;
  if (isObj(r) && r.isError === true) return { outcome: 'failure', code: 'isError' };
  if (sp.status === 'ok') return { outcome: 'success', code: null };
  return { outcome: 'unknown', code: null };
}

function safeParse(t: string): unknown {
  try {
    return JSON.parse(t);
  } catch {
    return null;
  }
}

export function normalizeSpan(sp: SpanInfo, ctx: SpanContext): NormalizedEvent {
  const a = sp.attrs;
  const op = s(a['gen_ai.operation.name']);
  const mcpMethod = s(a['mcp.method.name']);
  const tool = toolNameOf(sp);
  const facts: Facts = {};
  if (ctx.principalType === 'agent' && ctx.principal) facts[FACT.agent] = ctx.principal;
  if (ctx.agentId && ctx.agentId !== ctx.principal) facts[FACT.alias] = `gen_ai.agent.id|${ctx.agentId}`;
  if (sp.traceId) facts[FACT.traceId] = sp.traceId;
  if (sp.spanId) facts[FACT.spanId] = sp.spanId;
  if (sp.parentId) facts[FACT.parentSpan] = sp.parentId;
  if (ctx.endUser) facts[FACT.sourceIdentity] = ctx.endUser;
  if (ctx.mcpSession && ctx.mcpSession !== ctx.sessionKey) facts[FACT.mcpSession] = ctx.mcpSession;

  let action: string;
  let category: Category = 'other';
  let resource: string | null = null;
  let resourceType: string | null = null;
  let detail: string | null;
  let result: unknown;
  if (tool) {
    const split = splitMcpToolName(tool);
    const bare = split?.tool ?? tool;
    const server = split?.server ?? s(a['mcp.server.name']);
    facts[FACT.tool] = bare;
    if (server) facts[FACT.mcpServer] = server;
    const callId = s(a['gen_ai.tool.call.id']) ?? s(a['ai.toolCall.id']) ?? s(a['jsonrpc.request.id']);
    if (callId) facts[FACT.toolCallId] = callId;
    action = mcpMethod ? `${mcpMethod} ${bare}` : `execute_tool ${bare}`;
    category = toolCategory(bare);
    const args =
      a['gen_ai.tool.call.arguments'] ??
      a['input.value'] ??
      a['ai.toolCall.args'] ??
      a['gcp.vertex.agent.tool_call_args'] ??
      sp.input;
    result =
      a['gen_ai.tool.call.result'] ??
      a['output.value'] ??
      a['ai.toolCall.result'] ??
      a['gcp.vertex.agent.tool_response'] ??
      sp.output;
    const target: ToolTarget | null =
      toolTarget(args) ??
      (typeof a['mcp.resource.uri'] === 'string' ? { resource: a['mcp.resource.uri'], type: 'url' } : null);
    if (target) {
      resource = target.resource;
      resourceType = target.type;
    } else if (server) {
      resource = `mcp:${server}/${bare}`;
      resourceType = 'mcp_tool';
    } else {
      resource = `tool:${bare}`;
      resourceType = 'tool';
    }
    const argText = text(args, 2000),
      resText = text(result, 1000);
    // A call that sent a local object to a URL: the URL is the resource, the object is said here.
    const local = localNote(target);
    detail =
      [argText, resText ? `→ ${resText}` : null, local ? `· ${local}` : null].filter((x) => x !== null).join(' ') ||
      null;
  } else {
    result = a['output.value'] ?? sp.output;
    action =
      mcpMethod ??
      op ??
      s(a['operation.name']) ??
      s(a['ai.operationId']) ??
      lower(a['openinference.span.kind']) ??
      lower(a['langsmith.span.kind']) ??
      // A plain span (no GenAI / MCP attribute says what it did) is what its instrumentation named it.
      (sp.obsType && !/^span$/i.test(sp.obsType) ? lower(sp.obsType) : null) ??
      (sp.name?.trim() || null) ??
      'span';
    if (mcpMethod) {
      const uri = s(a['mcp.resource.uri']);
      if (uri) {
        resource = uri;
        resourceType = 'mcp_resource';
      }
      if (mcpMethod === 'resources/read' || mcpMethod.endsWith('/list')) category = 'read';
    }
    if (isLlmSpan(sp, op)) {
      const model =
        s(a['gen_ai.request.model']) ??
        s(a['gen_ai.response.model']) ??
        s(a['llm.model_name']) ??
        s(a['ai.model.id']) ??
        sp.model;
      if (model) {
        resource = `model:${model}`;
        resourceType = 'model';
      }
      const input = a['gen_ai.input.messages'] ?? a['input.value'] ?? a['gen_ai.prompt'] ?? sp.input;
      const output = a['gen_ai.output.messages'] ?? a['output.value'] ?? a['gen_ai.completion'] ?? sp.output;
      const i = text(input, 1500),
        o = text(output, 1000);
      detail = [sp.name, i, o ? `→ ${o}` : null].filter((x) => x !== null && x !== '').join(' · ') || null;
    } else {
      const i = text(a['input.value'] ?? sp.input, 1000);
      detail = [sp.name, i].filter((x) => x !== null && x !== '').join(' · ') || null;
    }
  }
  const { outcome, code } = outcomeOf(sp, result);
  return {
    ts: sp.start ?? 0,
    principal: ctx.principal,
    principalType: ctx.principalType,
    sessionKey: ctx.sessionKey,
    action,
    category,
    resource,
    resourceType,
    outcome,
    errorCode: code,
    srcIp: ipOrNull(a['client.address']) ?? ipOrNull(a['network.peer.address']),
    userAgent: s(a['user_agent.original']),
    detail: detail && detail.length > 8000 ? detail.slice(0, 8000) + '…' : detail,
    facts,
  };
}

function lower(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v.toLowerCase() : null;
}
