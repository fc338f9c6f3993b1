// The test probe is off unless a reader asked for it before the page loaded: without `window.__ssProbe`
// publishProbe keeps nothing (the app never leaves a view's internals on `window`) and views skip measuring.
import { afterEach, describe, expect, it } from 'vitest';
import { probing, publishProbe } from '../../renderer/src/lib/test-probe';

const g = globalThis as unknown as { window?: { __ssProbe?: Record<string, unknown> } };

afterEach(() => {
  delete g.window;
});

describe('publishProbe', () => {
  it('keeps nothing when no reader asked for probes', () => {
    g.window = {};
    expect(probing()).toBe(false);
    publishProbe('grid', { firstRowsMs: 12 });
    expect(g.window).toEqual({});
  });

  it('publishes under its key when a reader asked, the latest value winning', () => {
    g.window = { __ssProbe: {} };
    expect(probing()).toBe(true);
    publishProbe('grid', { firstRowsMs: 12 });
    publishProbe('grid', { firstRowsMs: 7 });
    expect(g.window.__ssProbe).toEqual({ grid: { firstRowsMs: 7 } });
  });
});
