#!/usr/bin/env node
// Graph benchmark in browser mode (Playwright driving Debian's Chromium against `sessionscope serve`): the overview
// of a case with one resource group opened so that 500+ nodes are drawn, measured from the click on the group to
// the drawn graph, with the layout's own share (layout.ts, reported by the view).        target: 500 nodes ≤ 1 s
//
//   node bench/graph.mjs CASE.sscase [--group g:aws:s3] [--runs 5]
//
// The bundled sample (`npm run demo`, or import samples/evidence) opens to ~580 nodes with g:aws:s3 expanded.
import { enableProbes, onProbe, waitForProbe } from '../test/e2e/probe.mjs';
import { VIEWPORT, launchBrowser, serveCase, signIn } from './lib/browser.mjs';
import { caseArgs } from './lib/case-args.mjs';

const { casePath, opt } = caseArgs('node bench/graph.mjs CASE.sscase [--group g:aws:s3] [--runs 5]');
const GROUP = opt('group', 'g:aws:s3');
const RUNS = Number(opt('runs', '5'));

const server = await serveCase(casePath);
const browser = await launchBrowser();
const page = await browser.newPage({ viewport: VIEWPORT });
await enableProbes(page);
await page.goto(await signIn(server));
const { origin } = server;
const rows = [];
try {
  for (let r = 0; r < RUNS; r++) {
    await page.goto(`${origin}/#/graph`);
    await page.reload();
    await waitForProbe(page, 'graph', (g) => g.nodes() > 1, undefined, { timeout: 60_000 });
    const before = await onProbe(page, 'graph', (g) => g.nodes());
    const t0 = Date.now();
    await onProbe(page, 'graph', (g, id) => g.tap(id), GROUP);
    await waitForProbe(page, 'graph', (g, n) => g.nodes() > n, before, { timeout: 60_000 });
    const total = Date.now() - t0;
    const m = await onProbe(page, 'graph', (g) => ({
      nodes: g.nodes(),
      edges: g.edges(),
      layout: g.layoutMs(),
      draw: g.drawMs(),
    }));
    rows.push({ ...m, total });
    console.log(
      `run ${r + 1}: ${m.nodes} nodes, ${m.edges} edges — layout ${m.layout.toFixed(1)} ms, layout + cytoscape ${m.draw.toFixed(0)} ms, click → drawn ${total} ms`,
    );
  }
} finally {
  await browser.close();
  server.child.kill('SIGTERM');
}
const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(
  `median: layout ${med(rows.map((r) => r.layout)).toFixed(1)} ms, layout + cytoscape ${med(rows.map((r) => r.draw)).toFixed(0)} ms, click → drawn ${med(rows.map((r) => r.total))} ms (target ≤ 1,000 ms)`,
);
