#!/usr/bin/env node
// Graph benchmark in browser mode (Playwright driving Debian's Chromium against `sessionscope serve`): the overview
// of a case with one resource group opened so that 500+ nodes are drawn, measured from the click on the group to
// the drawn graph, with the layout's own share (layout.ts, reported by the view).        target: 500 nodes ≤ 1 s
//
//   node bench/graph.mjs CASE.sscase [--group g:aws:s3] [--runs 5]
//
// The bundled sample (`npm run demo`, or import samples/evidence) opens to ~580 nodes with g:aws:s3 expanded.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { enableProbes, onProbe, waitForProbe } from '../test/e2e/probe.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (n, d) => {
  const i = args.indexOf(`--${n}`);
  return i >= 0 ? args[i + 1] : d;
};
const casePath = args.find((a) => a.endsWith('.sscase'));
if (!casePath) {
  console.error('usage: node bench/graph.mjs CASE.sscase [--group g:aws:s3] [--runs 5]');
  process.exit(2);
}
const GROUP = opt('group', 'g:aws:s3');
const RUNS = Number(opt('runs', '5'));

const child = spawn(process.execPath, [path.join(root, 'bin', 'sessionscope'), 'serve', casePath, '--json'], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const info = JSON.parse(
  await new Promise((resolve, reject) => {
    let buf = '';
    child.stdout.on('data', (d) => {
      buf += d;
      const i = buf.indexOf('\n');
      if (i >= 0) resolve(buf.slice(0, i));
    });
    child.on('exit', (c) => reject(new Error(`serve exited ${c}`)));
  }),
);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
await enableProbes(page);
// The launch URL names the analyst, so the page does not stop at the dialog that asks for one.
await page.goto(`${info.url}&analyst=bench`);
const origin = `http://127.0.0.1:${info.port}`;
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
  child.kill('SIGTERM');
}
const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(
  `median: layout ${med(rows.map((r) => r.layout)).toFixed(1)} ms, layout + cytoscape ${med(rows.map((r) => r.draw)).toFixed(0)} ms, click → drawn ${med(rows.map((r) => r.total))} ms (target ≤ 1,000 ms)`,
);
