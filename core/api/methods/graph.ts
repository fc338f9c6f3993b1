// Graph data for the UI's graph view. Node ids: i:<identity> r:<resource> g:<service>; edge ids: e:<identity edge>,
// ir:<identity>:<resource>, ig:<identity>:<service>, reach:<identity>:<identity>[:<event>] (graph.edgeEvents takes
// them back).
import { z } from 'zod';
import { graphOverview, graphScope, graphEdgeEvents } from '../../query/graph.js';
import { findPaths } from '../../query/path.js';
import { defineMethod } from '../registry.js';
import { isoTime, micros } from '../params.js';

export const graphMethods = [
  defineMethod({
    name: 'graph.overview',
    summary:
      'Identities and resources with their edges (counts, first/last); resources grouped by service past max_nodes',
    // → {nodes:[{id, type:'identity'|'resource'|'resource_group', label, kind, nhi, service, events, first, last,
    //      members?}],
    //    edges:[{id, source, target, kind:'assumed'|'federated'|'impersonated'|'minted'|'triggered'|'touched',
    //      events, first, last, actions?}],
    //    aggregated, omitted_identities}
    params: z
      .object({
        max_nodes: z.number().int().min(10).max(5000).optional(),
        nhi_only: z.boolean().optional(),
        from: isoTime.optional(),
        to: isoTime.optional(),
        /** services (a group node's service) whose resources are drawn one by one */
        expand: z.array(z.string().min(1).max(200)).max(200).optional(),
        /** a resource name to centre on: its service is expanded */
        focus: z.string().min(1).max(4000).optional(),
      })
      .strict(),
    mutates: false,
    needsCase: true,
    handler(ctx, p) {
      return graphOverview(ctx.caseFile!.db, {
        maxNodes: p.max_nodes,
        nhiOnly: p.nhi_only,
        from: micros(p.from, 'from'),
        to: micros(p.to, 'to'),
        expand: p.expand,
        focus: p.focus,
      });
    },
  }),
  defineMethod({
    name: 'graph.scope',
    summary: 'The blast radius of an identity as a graph: nodes carry first_reach, edges the way they were reached',
    // → graph.overview shape (+ first_reach on nodes) + {paths:[[names]], start:[names], start_nodes, period}
    params: z
      .object({
        identity: z.string().min(1).max(2000),
        since: isoTime.optional(),
        max_nodes: z.number().int().min(10).max(5000).optional(),
      })
      .strict(),
    mutates: false,
    needsCase: true,
    handler(ctx, p) {
      return graphScope(ctx.caseFile!.db, p.identity, micros(p.since, 'since'), p.max_nodes);
    },
  }),
  defineMethod({
    name: 'graph.edgeEvents',
    summary: 'The event ids behind a graph edge, in time order (keyset-paged with after)',
    // → {edge, total, ids:[event ids]}; fetch rows with events.list {filter:{ids}}
    params: z
      .object({
        edge: z.string().min(3).max(2000),
        limit: z.number().int().min(1).max(100000).optional(),
        after: z.number().int().optional(),
      })
      .strict(),
    mutates: false,
    needsCase: true,
    handler(ctx, p) {
      return graphEdgeEvents(ctx.caseFile!.db, p.edge, { limit: p.limit, after: p.after });
    },
  }),
  defineMethod({
    name: 'graph.path',
    summary:
      'Paths from identity A to identity or resource B through identity edges in time order (each hop after the one before it)',
    // → {from:{ids, names}, to:{node, name, type}, since, paths:[{arrival, hops:[{edge, from, to, from_node, to_node,
    //    kind, at, event, reachable, events, edge_events}]}], truncated}; a hop's edge goes to graph.edgeEvents.
    // events: the edge's events at or after reachable (when the hop's source was reached; null: every event
    // counts), of edge_events (all the edge's events, as graph.edgeEvents lists them)
    params: z
      .object({
        from: z.string().min(1).max(2000),
        to: z.string().min(1).max(2000),
        since: isoTime.optional(),
        max_paths: z.number().int().min(1).max(500).optional(),
        max_hops: z.number().int().min(1).max(20).optional(),
      })
      .strict(),
    mutates: false,
    needsCase: true,
    handler(ctx, p) {
      return findPaths(ctx.caseFile!.db, {
        from: p.from,
        to: p.to,
        since: micros(p.since, 'since'),
        maxPaths: p.max_paths,
        maxHops: p.max_hops,
      });
    },
  }),
];
