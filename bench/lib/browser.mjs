// The UI benchmarks' browser mode (bench/ui.mjs, bench/graph.mjs): `sessionscope serve` on a case, Chromium
// launched as the e2e specs launch it (test/e2e/chromium.mjs), and sign-in URLs for pages. One place, so every
// benchmark measures the same server and browser.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { launchOptions } from '../../test/e2e/chromium.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The window size every benchmark page has (the UI's reference size). */
export const VIEWPORT = { width: 1440, height: 900 };

/**
 * @typedef {object} Server
 * @property {string} url the one-time launch URL (its code is spent by the first page that opens it)
 * @property {string} token
 * @property {number} port
 * @property {string} origin
 * @property {import('node:child_process').ChildProcess} child
 */

/**
 * Starts `sessionscope serve CASE --json` and resolves once it has printed where it listens.
 * @param {string} casePath
 * @returns {Promise<Server>}
 */
export async function serveCase(casePath) {
  const child = spawn(process.execPath, [path.join(root, 'bin', 'sessionscope'), 'serve', casePath, '--json'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise((resolve, reject) => {
    let buf = '';
    child.stdout.on('data', (d) => {
      buf += d;
      const i = buf.indexOf('\n');
      if (i >= 0) resolve(buf.slice(0, i));
    });
    child.on('exit', (c) => reject(new Error(`sessionscope serve ${casePath} exited ${c} before it listened`)));
  });
  const info = JSON.parse(line);
  return { ...info, origin: `http://127.0.0.1:${info.port}`, child };
}

/**
 * A sign-in URL for one more page: each code is spent on first use, so every page after the first needs its own
 * (minted with the token). It names the analyst, so the page does not stop at the dialog that asks for one.
 * @param {Server} server
 */
export async function signIn(server) {
  const r = await fetch(`${server.origin}/session/code`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${server.token}` },
  });
  if (!r.ok) throw new Error(`minting a sign-in URL: HTTP ${r.status} ${await r.text()}`);
  const { result } = await r.json();
  return `${result.url}&analyst=bench`;
}

/** Chromium as the e2e specs launch it. */
export function launchBrowser() {
  return chromium.launch(launchOptions);
}
