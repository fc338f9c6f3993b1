// Reads the renderer's test probe (renderer/src/lib/test-probe.ts) from Playwright: the one way the e2e specs and
// the UI benchmarks (bench/ui.mjs, bench/graph.mjs) drive and measure a view. Typed by the renderer's `Probes`,
// so a renamed probe field fails the type check of every spec that uses it. Plain JavaScript with JSDoc types
// because the benchmarks run under plain Node; the specs take its types through test/tsconfig.json's allowJs.
//
// The functions handed to onProbe and waitForProbe run in the page (as with page.evaluate): they are sent as
// source, so they may use only their two arguments, never a variable of the test around them.

/** @typedef {import('../../renderer/src/lib/test-probe.js').Probes} Probes */
/** @typedef {import('playwright-core').Page} Page */
/** @typedef {import('../../renderer/src/lib/test-probe.js').DataProbe} DataProbe */

const NOT_ENABLED = 'no test probes in this page: call enableProbes(page) before its first goto';

/**
 * Asks the page to publish its probes (they are off otherwise). Holds for every later navigation and reload.
 * @param {Page} page
 */
export async function enableProbes(page) {
  await page.addInitScript(() => {
    window.__ssProbe ??= {};
  });
}

/** The page-side expression: `fn(probe, arg)`, or `missing` while the view has not published its probe. */
function call(key, fn, arg, missing) {
  const k = JSON.stringify(key);
  const a = arg === undefined ? 'undefined' : JSON.stringify(arg);
  return `(() => {
    const probes = window.__ssProbe;
    if (probes === undefined) throw new Error(${JSON.stringify(NOT_ENABLED)});
    const probe = probes[${k}];
    if (probe === undefined) return ${missing};
    return (${fn.toString()})(probe, ${a});
  })()`;
}

/**
 * Runs `fn` in the page on the view's probe and returns its (awaited) answer; fails when the view has not
 * published the probe.
 * @template {keyof Probes} K
 * @template A
 * @template R
 * @param {Page} page
 * @param {K} key
 * @param {(probe: Probes[K], arg: A) => R} fn
 * @param {A} [arg]
 * @returns {Promise<Awaited<R>>}
 */
export function onProbe(page, key, fn, arg) {
  const missing = `(() => { throw new Error(${JSON.stringify(`the page has not published its ${key} probe`)}); })()`;
  return page.evaluate(call(key, fn, arg, missing));
}

/**
 * Waits until the view has published its probe and, when given, `fn` answers true on it (checked every frame,
 * as page.waitForFunction does; `fn` is compiled once, by this call, since the page's CSP refuses a later eval).
 * @template {keyof Probes} K
 * @template A
 * @param {Page} page
 * @param {K} key
 * @param {(probe: Probes[K], arg: A) => unknown} [fn]
 * @param {A} [arg]
 * @param {{ timeout?: number }} [options] default 30 s
 */
export async function waitForProbe(page, key, fn, arg, options = {}) {
  const timeout = options.timeout ?? 30_000;
  const k = JSON.stringify(key);
  const a = arg === undefined ? 'undefined' : JSON.stringify(arg);
  const what = JSON.stringify(`waited ${timeout / 1000} s for the ${key} probe${fn ? ` to satisfy ${fn}` : ''}`);
  await page.evaluate(`new Promise((resolve, reject) => {
    const ready = (${(fn ?? (() => true)).toString()});
    const until = performance.now() + ${timeout};
    const tick = () => {
      try {
        const probes = window.__ssProbe;
        if (probes === undefined) return reject(new Error(${JSON.stringify(NOT_ENABLED)}));
        const probe = probes[${k}];
        if (probe !== undefined && ready(probe, ${a})) return resolve(undefined);
      } catch (e) {
        return reject(e);
      }
      if (performance.now() > until) return reject(new Error(${what}));
      requestAnimationFrame(tick);
    };
    tick();
  })`);
}

/**
 * A data probe's current value (undefined until the view publishes it).
 * @template {DataProbe} K
 * @param {Page} page
 * @param {K} key
 * @returns {Promise<Probes[K] | undefined>}
 */
export function readProbe(page, key) {
  return page.evaluate(call(key, (p) => p, undefined, 'undefined'));
}

/**
 * Forgets a probe's value, to wait for the view to publish it again (after the next redraw or query).
 * @param {Page} page
 * @param {keyof Probes} key
 */
export async function clearProbe(page, key) {
  await page.evaluate((k) => {
    if (window.__ssProbe) delete window.__ssProbe[k];
  }, key);
}
