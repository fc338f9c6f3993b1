// Browser-like navigation: every view and pivot is a URL fragment (`#/events?identity=…&ev=…`), so back and
// forward work in the browser, in Electron (Alt+←/→, the toolbar arrows) and in tests.
import { useEffect, useState } from 'react';
import type { WorkbenchView } from '../lib/contract';

/** A view: the same names the Electron shell's menu uses (core/api/contract.ts). */
export type ViewId = WorkbenchView;
const VIEWS: Record<ViewId, true> = {
  case: true,
  identities: true,
  timeline: true,
  events: true,
  graph: true,
  detections: true,
  credentials: true,
  narrative: true,
  report: true,
};
export const VIEW_IDS = Object.keys(VIEWS) as ViewId[];

export interface Route {
  view: ViewId;
  params: Record<string, string>;
}

export function parseHash(hash: string): Route {
  const h = hash.replace(/^#/, '');
  const [pathPart, query = ''] = h.split('?');
  const name = pathPart.replace(/^\//, '').split('/')[0] as ViewId;
  const view = VIEW_IDS.includes(name) ? name : 'case';
  const params: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(query)) {
    if (k === 'token' || k === 'code') continue; // never keep a credential in app state
    params[k] = v;
  }
  return { view, params };
}

export function routeHash(r: Route): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(r.params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const qs = q.toString();
  return `#/${r.view}${qs ? '?' + qs : ''}`;
}

const listeners = new Set<(r: Route) => void>();
let current: Route = typeof window !== 'undefined' ? parseHash(window.location.hash) : { view: 'case', params: {} };

if (typeof window !== 'undefined') {
  window.addEventListener('popstate', () => {
    current = parseHash(window.location.hash);
    for (const l of listeners) l(current);
  });
  window.addEventListener('hashchange', () => {
    const r = parseHash(window.location.hash);
    if (routeHash(r) === routeHash(current)) return;
    current = r;
    for (const l of listeners) l(current);
  });
}

export function navigate(r: Route, opts: { replace?: boolean } = {}): void {
  const hash = routeHash(r);
  if (hash === routeHash(current) && !opts.replace) return;
  if (opts.replace) history.replaceState(null, '', hash);
  else history.pushState(null, '', hash);
  current = r;
  for (const l of listeners) l(current);
}

export function currentRoute(): Route {
  return current;
}

export function useRoute(): Route {
  const [r, setR] = useState(current);
  useEffect(() => {
    const l = (x: Route) => setR(x);
    listeners.add(l);
    setR(current);
    return () => {
      listeners.delete(l);
    };
  }, []);
  return r;
}
