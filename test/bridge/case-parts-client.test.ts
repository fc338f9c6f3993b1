// The renderer's side of the case's parts: the bridge client names the session's analyst on every call and
// fetches only reports this window made; the coverage Gantt's scale and gap keys; the analyst-name rule.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BridgeTransport } from '../../renderer/src/transport/bridge';
import { ApiError } from '../../renderer/src/transport/types';
import { analystProblem } from '../../renderer/src/app/analyst';
import { coverageScale, gapKey, parseGapKey, ticks } from '../../renderer/src/views/case/coverage/model';
import { startBridge, type Bridge } from '../../bridge/server.js';
import { analystFromHeader } from '../../bridge/analyst.js';
import { tempDir } from '../helpers.js';

let tmp: ReturnType<typeof tempDir>;
let bridge: Bridge;

beforeAll(async () => {
  tmp = tempDir('ss-client-');
  mkdirSync(path.join(tmp.dir, 'r'));
  writeFileSync(path.join(tmp.dir, 'r', 'index.html'), '<!doctype html>');
  bridge = await startBridge({ allowedRoots: [tmp.dir], rendererDir: path.join(tmp.dir, 'r'), analyst: 'host' });
});
afterAll(async () => {
  await bridge.close();
  tmp.cleanup();
});

describe('BridgeTransport and the analyst', () => {
  it('sends the session analyst with every call once named', async () => {
    const t = new BridgeTransport(bridge.token, bridge.origin);
    await t.call('case.create', { path: path.join(tmp.dir, 'c.sscase'), name: 'c' });
    t.setAnalyst('Ørjan Ødegård-Łukasz');
    await t.call('layers.create', { name: 'named' });
    const rows = await t.call('audit.list', {});
    const by = Object.fromEntries(rows.map((r) => [r.method, r.analyst]));
    expect(by['case.create']).toBe('host');
    expect(by['layers.create']).toBe('Ørjan Ødegård-Łukasz');
    expect((await t.call('case.current'))?.analyst).toBe('Ørjan Ødegård-Łukasz');
  });

  it('fetches only a report this window made, with the reason otherwise', async () => {
    const t = new BridgeTransport(bridge.token, bridge.origin);
    const err = await t.reportFile(path.join(tmp.dir, 'c.sscase')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('NOT_FOUND');
    const html = path.join(tmp.dir, 'c-report.html');
    await t.call('report.generate', { html });
    const blob = await t.reportFile(html);
    expect(blob.type).toMatch(/^text\/html;\s?charset=utf-8$/);
    expect(await blob.text()).toMatch(/^<!doctype html>/i);
  });

  it('page and bridge agree on which names are usable', () => {
    for (const name of [
      'Ana',
      '  Dana Scully ',
      'Zoë',
      'x'.repeat(80),
      '',
      '   ',
      'a\u0000b',
      'a\u200bb',
      'x'.repeat(81),
    ]) {
      const page = analystProblem(name) === null;
      const bridgeOk = !(analystFromHeader(encodeURIComponent(name)) instanceof Error);
      expect([name, page]).toEqual([name, bridgeOk]);
    }
  });
});

describe('the coverage Gantt geometry', () => {
  const cov = {
    identities: [],
    sources: [
      { format: 'cloudtrail', events: 3, from: '2026-03-10T00:00:00Z', to: '2026-03-10T10:00:00Z', gaps: [] },
      { format: 'okta', events: 0, from: null, to: null, gaps: [] },
    ],
    tamper: [
      {
        event: 1,
        ts: '2026-03-10T12:00:00Z',
        format: 'cloudtrail',
        identity: null,
        identity_id: null,
        action: 'StopLogging',
        outcome: 'success',
      },
    ],
  };
  it('spans every source and tampering event; positions are percentages of it', () => {
    const s = coverageScale(cov)!;
    expect([new Date(s.from).toISOString(), new Date(s.to).toISOString()]).toEqual([
      '2026-03-10T00:00:00.000Z',
      '2026-03-10T12:00:00.000Z',
    ]);
    expect(s.pct(Date.parse('2026-03-10T06:00:00Z'))).toBe(50);
    expect(s.pct(0)).toBe(0);
    expect(ticks(s, 4).map((m) => new Date(m).toISOString().slice(11, 16))).toEqual([
      '00:00',
      '03:00',
      '06:00',
      '09:00',
      '12:00',
    ]);
    expect(coverageScale({ identities: [], sources: [], tamper: [] })).toBeNull();
  });
  it('names a gap in the route by source and index', () => {
    expect(parseGapKey(gapKey('entra-audit', 3))).toEqual({ format: 'entra-audit', index: 3 });
    expect(parseGapKey('nonsense')).toBeNull();
    expect(parseGapKey(undefined)).toBeNull();
  });
});
