// Who acted in a span is usually stated on an ancestor: the agent span (gen_ai.agent.*) or the conversation
// (gen_ai.conversation.id) sits above the tool and LLM spans it drives. Spans are therefore held per trace until the
// trace's root has been seen (exporters send a parent after its children), then resolved and emitted. Memory is
// bounded: past MAX_PENDING held spans the oldest traces are emitted with what is known.
import type { PrincipalType } from '../../core/model/event.js';
import type { InputRecord, Sink } from '../types.js';
import { normalizeSpan, type SpanContext } from './event.js';
import type { SpanInfo } from './span.js';

const MAX_PENDING = 50_000;
/** Emitted traces kept for late children (a parent's agent and session); older ones are forgotten. */
const MAX_TRACES = 1_024;
const MAX_DEPTH = 128;

const s = (v: unknown): string | null =>
  typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null;

/** What a span states itself; the session candidates are kept apart because they rank differently. */
interface Node {
  parent: string | null;
  agent: string | null;
  agentId: string | null;
  conv: string | null;
  mcp: string | null;
  session: string | null;
  endUser: string | null;
}
interface Pending {
  part: InputRecord;
  span: SpanInfo;
}

interface TraceState {
  id: string;
  nodes: Map<string, Node>;
  pending: Pending[];
  rootSeen: boolean;
  firstAgent: Node | null;
  firstSession: string | null;
  docSession: string | null;
  docUser: string | null;
  /** A Langfuse trace header: merged into the root observation's event. */
  header: { part: InputRecord; span: SpanInfo } | null;
}

const BRACKETED = /\[([^\]]+)\]\s*$/;

function ownNode(sp: SpanInfo): Node {
  const a = sp.attrs;
  let agent = s(a['gen_ai.agent.name']) ?? s(a['agent.name']) ?? s(a['agent_name']);
  const agentId = s(a['gen_ai.agent.id']);
  if (!agent && !agentId && (sp.obsType === 'AGENT' || a['openinference.span.kind'] === 'AGENT')) {
    agent = s(a['graph.node.id']) ?? BRACKETED.exec(sp.name)?.[1] ?? (sp.name || null);
  }
  const session =
    s(a['session.id']) ??
    s(a['gcp.vertex.agent.session_id']) ??
    s(a['langsmith.metadata.session_id']) ??
    s(a['ai.telemetry.metadata.sessionId']);
  const endUser = s(a['user.id']) ?? s(a['enduser.id']) ?? s(a['gen_ai.user.id']);
  return {
    parent: sp.parentId,
    agent,
    agentId,
    conv: s(a['gen_ai.conversation.id']),
    mcp: s(a['mcp.session.id']),
    session,
    endUser,
  };
}

export class TraceBook {
  private readonly traces = new Map<string, TraceState>();
  private pendingCount = 0;

  private lastState: TraceState | null = null;

  state(traceId: string): TraceState {
    // Spans of one trace come in runs: skip the re-ordering of the map for each of them.
    if (this.lastState?.id === traceId && this.traces.get(traceId) === this.lastState) return this.lastState;
    let t = this.traces.get(traceId);
    if (t) {
      this.traces.delete(traceId);
    } else {
      t = {
        id: traceId,
        nodes: new Map(),
        pending: [],
        rootSeen: false,
        firstAgent: null,
        firstSession: null,
        docSession: null,
        docUser: null,
        header: null,
      };
    }
    this.traces.set(traceId, t);
    this.lastState = t;
    return t;
  }

  /** Context a trace export states for all of its spans (Langfuse trace.sessionId / userId / the trace record). */
  document(
    traceId: string,
    session: string | null,
    user: string | null,
    header: { part: InputRecord; span: SpanInfo } | null,
  ): void {
    const t = this.state(traceId);
    t.docSession ??= session;
    t.docUser ??= user;
    if (header) t.header = header;
  }

  add(part: InputRecord, span: SpanInfo): string {
    const t = this.state(span.traceId);
    const node = ownNode(span);
    if (span.spanId) t.nodes.set(span.spanId, node);
    if (!span.parentId) t.rootSeen = true;
    if ((node.agent || node.agentId) && !t.firstAgent) t.firstAgent = node;
    t.firstSession ??= node.conv ?? node.session;
    t.pending.push({ part, span });
    this.pendingCount++;
    return t.id;
  }

  /** Emits the held spans of the given traces whose root has arrived, then enforces the bounds. */
  settle(traceIds: Iterable<string>, sink: Sink): void {
    for (const id of traceIds) {
      const t = this.traces.get(id);
      if (t && t.rootSeen) this.flush(t, sink);
    }
    if (this.pendingCount > MAX_PENDING) {
      for (const t of this.traces.values()) {
        if (this.pendingCount <= MAX_PENDING * 0.8) break;
        if (t.pending.length > 0 || t.header) this.flush(t, sink);
      }
    }
    if (this.traces.size > MAX_TRACES) {
      for (const [id, t] of this.traces) {
        if (this.traces.size <= MAX_TRACES * 0.8) break;
        if (t.pending.length === 0 && !t.header) this.traces.delete(id);
      }
    }
  }

  flushAll(sink: Sink): void {
    for (const t of this.traces.values()) this.flush(t, sink);
    this.traces.clear();
  }

  private flush(t: TraceState, sink: Sink): void {
    const pending = t.pending;
    t.pending = [];
    this.pendingCount -= pending.length;
    for (const p of pending) {
      const sp = p.span;
      // The Langfuse trace record merges into the root observation's event.
      let recs: InputRecord | InputRecord[] = p.part;
      if (t.header && !sp.parentId) {
        recs = [p.part, t.header.part];
        t.header = null;
      }
      if (sp.start === null) {
        for (const r of Array.isArray(recs) ? recs : [recs])
          sink.reject(r, `no parseable timestamp (start time ${String(sp.startRaw ?? 'missing').slice(0, 40)})`);
        continue;
      }
      sink.event(normalizeSpan(sp, this.context(t, sp)), recs);
    }
    if (t.header) {
      // No root observation to carry the trace record: it is an event of its own.
      const h = t.header;
      t.header = null;
      if (h.span.start === null)
        sink.reject(
          h.part,
          `no parseable timestamp (trace timestamp ${String(h.span.startRaw ?? 'missing').slice(0, 40)})`,
        );
      else sink.event({ ...normalizeSpan(h.span, this.context(t, h.span)), action: 'trace' }, h.part);
    }
  }

  private context(t: TraceState, sp: SpanInfo): SpanContext {
    let agent: string | null = null,
      agentId: string | null = null,
      endUser: string | null = null;
    let conv: string | null = null,
      mcp: string | null = null,
      session: string | null = null;
    let node: Node | undefined = sp.spanId ? t.nodes.get(sp.spanId) : undefined;
    if (!node) node = ownNode(sp);
    for (let depth = 0; node && depth < MAX_DEPTH; depth++) {
      if (!agent && !agentId && (node.agent || node.agentId)) {
        agent = node.agent;
        agentId = node.agentId;
      }
      conv ??= node.conv;
      mcp ??= node.mcp;
      session ??= node.session;
      endUser ??= node.endUser;
      if ((agent || agentId) && conv && endUser) break;
      node = node.parent ? t.nodes.get(node.parent) : undefined;
    }
    if (!agent && !agentId && t.firstAgent) {
      agent = t.firstAgent.agent;
      agentId = t.firstAgent.agentId;
    }
    let principal: string | null = agent ?? agentId;
    let principalType: PrincipalType = principal ? 'agent' : 'unknown';
    if (!principal) {
      principal = s(sp.resource['service.name']);
      principalType = principal ? 'service' : 'unknown';
    }
    return {
      principal,
      principalType,
      agentId,
      // The conversation first, then the MCP session, then what the export groups by, then the run (trace) itself.
      sessionKey: conv ?? mcp ?? t.docSession ?? session ?? t.firstSession ?? (sp.traceId || 'trace'),
      mcpSession: mcp,
      endUser: endUser ?? t.docUser,
    };
  }
}
