// Page helpers shared by the specs: the CLI as a spec runs it, a watched page, a served case of the bundled sample
// opened on a view, themes, screenshots in both themes at both window sizes, the timeline's overprint check and the
// graph's probe (through probe.mjs, the one typed reader) with its legibility check.
import { expect, type Browser, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, SHOTS, serve, type Served } from './server';
import { SAMPLE } from './sample-facts';
import { clearProbe, enableProbes, onProbe, waitForProbe } from './probe.mjs';
import type { GraphProbe } from '../../renderer/src/lib/test-probe';

export type { GraphProbe };

/** How long one CLI call of a spec may take before it is killed and the spec fails (the sample imports in seconds). */
const CLI_TIMEOUT_MS = 90_000;

/**
 * Runs `sessionscope ARGS…` and returns its stdout. `import` exiting 3 ("done, with rejects": the sample rejects two
 * records on purpose, samples/README.md) is a success; any other failure, or a call that outlives CLI_TIMEOUT_MS,
 * throws with the command and its stderr.
 */
export function cli(...args: string[]): string {
  try {
    return execFileSync(process.execPath, [path.join(ROOT, 'bin', 'sessionscope'), ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 256 * 1024 * 1024, // the sample's events as JSON
      timeout: CLI_TIMEOUT_MS,
      killSignal: 'SIGKILL',
    });
  } catch (e) {
    const err = e as { status?: number | null; signal?: string | null; stdout?: string; stderr?: string };
    if (args[0] === 'import' && err.status === 3) return err.stdout ?? '';
    const why = err.signal ? `was killed (${err.signal}) after ${CLI_TIMEOUT_MS / 1000} s` : `exited ${err.status}`;
    throw new Error(`sessionscope ${args.join(' ')} ${why}: ${err.stderr ?? ''}`, { cause: e });
  }
}

export interface Watched {
  page: Page;
  /** Uncaught page errors and Content-Security-Policy violations, in order: a spec ends expecting none. */
  errors: string[];
  /** The CSP violations alone. */
  csp: string[];
}

/** A new page that records its uncaught errors and CSP violations; `probes` turns on the test probes first. */
export async function watchedPage(browser: Browser, opts: { probes?: boolean } = {}): Promise<Watched> {
  const page = await browser.newPage();
  if (opts.probes) await enableProbes(page);
  const errors: string[] = [];
  const csp: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (!/Content Security Policy/.test(m.text())) return;
    csp.push(m.text());
    errors.push(m.text());
  });
  return { page, errors, csp };
}

export interface OpenCase extends Watched {
  s: Served;
  dir: string;
  casePath: string;
  /** Closes the page, stops the server and removes the scratch folder. */
  close(): Promise<void>;
}

/**
 * A case made with the CLI in a scratch folder from `evidence` (the bundled sample by default), `prepare` run on it
 * (annotations and the like, through `cli`), served, and a watched page signed in and opened on `view` (a hash such
 * as `#/events`; the case overview when omitted). `ready` is a test id to wait for before the specs start.
 */
export async function sampleCase(
  browser: Browser,
  opts: {
    view?: string;
    ready?: string;
    name?: string;
    evidence?: string[];
    prepare?: (casePath: string) => void;
    probes?: boolean;
  } = {},
): Promise<OpenCase> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ss-e2e-case-'));
  const casePath = path.join(dir, 'sample.sscase');
  let s: Served | undefined;
  let w: Watched | undefined;
  const close = async () => {
    await w?.page.close();
    await s?.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    cli('new', casePath, '--name', opts.name ?? 'Sample incident');
    cli('import', casePath, ...(opts.evidence ?? [SAMPLE]));
    opts.prepare?.(casePath);
    s = await serve({ casePath, dir });
    w = await watchedPage(browser, { probes: opts.probes });
    // The launch URL signs the page in (token and analyst); the view is opened after it, as a user would.
    await w.page.goto(s.url);
    if (opts.view) await w.page.goto(`${s.origin}/${opts.view}`);
    if (opts.ready) await expect(w.page.getByTestId(opts.ready).first()).toBeVisible();
  } catch (e) {
    await close();
    throw e;
  }
  return { ...w, s, dir, casePath, close };
}

export const SIZES = [
  { width: 1440, height: 900 },
  { width: 1280, height: 720 },
] as const;

export async function setTheme(p: Page, theme: 'light' | 'dark'): Promise<void> {
  await p.evaluate((t) => {
    localStorage.setItem('sessionscope.theme', t);
    document.documentElement.dataset.theme = t;
  }, theme);
}

export async function shot(p: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await p.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

/**
 * Screenshots of what is on screen in both themes at 1440×900 and 1280×720 (`<name>-<theme>-<w>x<h>.png`), then
 * back to 1440×900 light. `settle` waits for the view to have laid itself out again after a resize.
 */
export async function shots(p: Page, name: string, settle?: () => Promise<void>): Promise<void> {
  for (const size of SIZES) {
    await p.setViewportSize(size);
    for (const theme of ['light', 'dark'] as const) {
      await setTheme(p, theme);
      if (settle) await settle();
      // Two frames: the theme's colours and the resized layout are painted.
      await p.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      await shot(p, `${name}-${theme}-${size.width}x${size.height}`);
    }
  }
  await p.setViewportSize(SIZES[0]);
  await setTheme(p, 'light');
}

/** Overlapping pairs among the visible timeline labels, and among the marks of each lane, inside the item area. */
export async function timelineOverlaps(
  p: Page,
): Promise<{ labels: number; marks: number; labelPairs: string[]; markPairs: number }> {
  return p.evaluate(() => {
    const host = document.querySelector('[data-testid="timeline"] .vis-panel.vis-center')!.getBoundingClientRect();
    const inside = (r: DOMRect) =>
      r.width > 0 &&
      r.height > 0 &&
      r.right > host.left &&
      r.left < host.right &&
      r.bottom > host.top &&
      r.top < host.bottom;
    const hit = (a: DOMRect, b: DOMRect) =>
      a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
    const labels = [...document.querySelectorAll<HTMLElement>('[data-testid="timeline"] .vis-item .ev-label')]
      .filter((e) => e.textContent !== '')
      .map((e) => ({ r: e.getBoundingClientRect(), t: e.textContent! }))
      .filter((x) => inside(x.r));
    const labelPairs: string[] = [];
    for (let i = 0; i < labels.length; i++)
      for (let j = i + 1; j < labels.length; j++)
        if (hit(labels[i].r, labels[j].r)) labelPairs.push(`${labels[i].t} / ${labels[j].t}`);
    const dots = [...document.querySelectorAll<HTMLElement>('[data-testid="timeline"] .vis-item.ev .vis-dot')]
      .map((e) => e.getBoundingClientRect())
      .filter(inside);
    let markPairs = 0;
    for (let i = 0; i < dots.length; i++)
      for (let j = i + 1; j < dots.length; j++) if (hit(dots[i], dots[j])) markPairs++;
    return { labels: labels.length, marks: dots.length, labelPairs, markPairs };
  });
}

/** Opens a timeline URL afresh and waits until its window has been drawn and the view is idle. */
export async function openTimeline(p: Page, hash: string): Promise<void> {
  await p.evaluate(() => {
    location.hash = '#/case';
  });
  await clearProbe(p, 'timelineDraw');
  await expect(p.getByTestId('timeline-view')).toHaveCount(0);
  await p.evaluate((h) => {
    location.hash = h;
  }, hash);
  await waitForProbe(p, 'timelineDraw');
  await p.waitForTimeout(600);
}

/** Runs `fn` against the page's graph probe (the function is sent as source: it must not close over anything). */
export function graphProbe<T>(p: Page, fn: (g: GraphProbe, arg: string) => T, arg = ''): Promise<Awaited<T>> {
  return onProbe(p, 'graph', fn, arg);
}

/** Waits until the graph has drawn at least `min` nodes. */
export async function graphDrawn(p: Page, min = 2): Promise<void> {
  await waitForProbe(p, 'graph', (g, m) => g.nodes() >= m, min);
  await p.waitForTimeout(300);
}

/** Labels ≥ 11 px at the current fit, every node labelled, no two labels overlapping. */
export async function graphLegible(p: Page): Promise<void> {
  expect(await graphProbe(p, (g) => g.labelPx())).toBeGreaterThanOrEqual(11);
  expect(await graphProbe(p, (g) => g.unlabelled())).toBe(0);
  expect(await graphProbe(p, (g) => g.overlappingLabels())).toBe(0);
}
