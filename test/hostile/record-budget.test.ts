// Issue 15 §3: a per-record time budget. Whatever path a record finds through an importer, one that takes longer
// than the budget does not become an event read from a computation nobody can trust to end: its records are kept
// as rejects that say how long it took. (Importers are linear; this is the backstop, tested with a slow importer.)
import { describe, expect, it } from 'vitest';
import { RecordPipeline, RECORD_BUDGET_MS, type Output } from '../../importers/pipeline.js';
import type { Importer, InputRecord } from '../../importers/types.js';
import type { NormalizedEvent, RecordRef } from '../../core/model/event.js';

function spin(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

function event(text: string): NormalizedEvent {
  return {
    ts: 1_700_000_000_000_000,
    format: 'generic',
    principal: text.slice(0, 20),
    principalType: 'unknown',
    action: 'x',
    category: 'other',
    outcome: 'success',
  } as unknown as NormalizedEvent;
}

/** Lines `a`, `SLOW a`, and `pair` (held until the next `pair`, then one event of both). */
const slowImporter: Importer = {
  id: 'generic',
  version: 't',
  title: 'slow',
  input: 'lines',
  detect: () => 0,
  createParser: () => {
    let held: InputRecord | null = null;
    return {
      push(rec, sink) {
        if (rec.text.includes('SLOW')) spin(120);
        if (rec.text.includes('pair')) {
          if (held) {
            sink.event(event(rec.text), [held, rec]);
            held = null;
          } else held = rec;
          return;
        }
        sink.event(event(rec.text), rec);
      },
      end(sink) {
        if (held) sink.reject(held, 'unpaired');
      },
    };
  },
};

function run(lines: string[], budgetMs?: number) {
  const events: { refs: RecordRef[] }[] = [];
  const rejects: { ref: RecordRef; reason: string }[] = [];
  const out: Output = {
    get accounted() {
      return events.reduce((n, e) => n + e.refs.length, 0) + rejects.length;
    },
    event(_ev, parts) {
      events.push({ refs: parts.map((p) => p.ref) });
    },
    reject(ref, reason) {
      rejects.push({ ref, reason });
    },
  };
  const p = new RecordPipeline(slowImporter, 'lines', out, { fileName: 't.log', recordBudgetMs: budgetMs });
  lines.forEach((l, i) => p.push({ ref: { line: i + 1 }, bytes: Buffer.from(l) }));
  p.end();
  expect(out.accounted).toBe(p.records);
  return { events, rejects };
}

describe('per-record time budget', () => {
  it('is generous by default (a GC pause must not flip a verdict)', () => {
    expect(RECORD_BUDGET_MS).toBeGreaterThanOrEqual(5000);
  });

  it('a record over the budget is rejected with its time; the others are read', () => {
    const r = run(['a', 'SLOW b', 'c'], 50);
    expect(r.events.map((e) => e.refs)).toEqual([[{ line: 1 }], [{ line: 3 }]]);
    expect(r.rejects).toHaveLength(1);
    expect(r.rejects[0].ref).toEqual({ line: 2 });
    expect(r.rejects[0].reason).toMatch(
      /^normalizing this record took \d+\.\d s, over the per-record budget of 0\.1 s/,
    );
  });

  it('a slow record held for a merge takes its event with it, explained for each record', () => {
    const r = run(['pair SLOW', 'x', 'pair', 'y'], 50);
    expect(r.events.map((e) => e.refs)).toEqual([[{ line: 2 }], [{ line: 4 }]]);
    expect(r.rejects.map((x) => x.ref)).toEqual([{ line: 1 }, { line: 3 }]);
    expect(r.rejects[0].reason).toMatch(/^normalizing this record took/);
    expect(r.rejects[1].reason).toMatch(/^merged with a record that took/);
  });

  it('the record that completes a merge slowly: the records merged with it are told why', () => {
    const r = run(['pair', 'pair SLOW'], 50);
    expect(r.events).toEqual([]);
    expect(r.rejects.find((x) => (x.ref as { line: number }).line === 1)!.reason).toMatch(
      /^merged with a record that took/,
    );
    expect(r.rejects.find((x) => (x.ref as { line: number }).line === 2)!.reason).toMatch(
      /^normalizing this record took/,
    );
  });

  it('without the budget in the way, the same records are events', () => {
    const r = run(['a', 'SLOW b', 'pair', 'pair SLOW'], 5000);
    expect(r.events).toHaveLength(3);
    expect(r.rejects).toEqual([]);
  });
});
