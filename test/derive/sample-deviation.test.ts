// The deviation flag on the bundled sample incident: every event that shows something new for its identity —
// here, every call from the attacker's addresses by an identity whose window deviates — not only the first event of
// each new thing (the first call from a new address used to carry the flag, the forty after it did not).
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';
import { caseFrom, type TestCase } from './case.js';
import type { DeviationResult, EventJson } from './types.js';

const ATTACKER = ['198.51.100.23', '203.0.113.66'];

describe('deviation flags on the sample incident', () => {
  let c: TestCase;
  beforeAll(async () => {
    c = await caseFrom([path.join(ROOT, 'samples', 'evidence')]);
  });
  afterAll(() => c?.close());

  it('flags every event from a new address of each identity that deviates on it', async () => {
    const dev = await c.api<DeviationResult>('deviations.list', { min_score: 25 });
    const onNewAddress = dev.deviations.filter((d) =>
      d.details.some(
        (r) => (r.code === 'new_network' || r.code === 'new_ip') && ATTACKER.some((a) => r.text.includes(a)),
      ),
    );
    expect(onNewAddress.map((d) => d.identity)).toEqual(
      expect.arrayContaining(['acme-release-bot', 'arn:aws:iam::111122223333:user/backup-svc']),
    );
    let checked = 0;
    for (const d of onNewAddress) {
      const events = await c.api<EventJson[]>('events.list', {
        filter: { identity: String(d.identity_id) },
        limit: 100000,
      });
      const fromThere = events.filter(
        (e) => e.src_ip !== null && ATTACKER.includes(e.src_ip) && e.ts >= dev.baseline_until!,
      );
      for (const e of fromThere) expect(e.flags, `${d.identity}: ${e.action} at ${e.ts}`).toContain('deviation');
      checked += fromThere.length;
    }
    expect(checked).toBeGreaterThanOrEqual(27);
  });

  it('leaves the baseline and the routine alone', async () => {
    const dev = await c.api<DeviationResult>('deviations.list', {});
    const flagged = await c.api<EventJson[]>('events.list', { filter: { flags: ['deviation'] }, limit: 100000 });
    expect(flagged.length).toBeGreaterThan(0);
    expect(flagged.filter((e) => e.ts < dev.baseline_until!)).toEqual([]);
  });
});
