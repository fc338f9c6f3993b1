// useAsync, the renderer's one guard for effects that load data: the latest inputs' answer wins whatever order the
// answers arrive in, a failure is reported (and clears or keeps the old value, as asked), reload loads again, null
// loads nothing.
import { describe, expect, it, vi } from 'vitest';
import { useAsync, type AsyncOptions } from '../../renderer/src/lib/use-async';
import { act } from 'react';
import { deferred, flush, renderHook } from './render-hook';

type Answers = Map<number, ReturnType<typeof deferred<string>>>;

/** A view that loads `n` (null: nothing) and whose answers the test settles by hand. */
function harness(options?: AsyncOptions) {
  const answers: Answers = new Map();
  const load = vi.fn((n: number) => {
    const d = deferred<string>();
    answers.set(n, d);
    return d.promise;
  });
  const hook = ({ n }: { n: number | null }) => useAsync(n === null ? null : () => load(n), [n], options);
  return { answers, load, hook };
}

describe('useAsync', () => {
  it('keeps the newest answer when an older one arrives after it', async () => {
    const { answers, hook } = harness();
    const h = await renderHook(hook, { n: 1 as number | null });
    expect(h.current()).toMatchObject({ value: undefined, loading: true });
    await h.rerender({ n: 2 });
    answers.get(2)!.resolve('two');
    await flush();
    expect(h.current()).toMatchObject({ value: 'two', error: undefined, loading: false });
    answers.get(1)!.resolve('one'); // the slow answer for the old input
    await flush();
    expect(h.current()).toMatchObject({ value: 'two', error: undefined, loading: false });
    expect(h.history.some((s) => s.value === 'one')).toBe(false);
  });

  it('drops a late failure of an older input', async () => {
    const { answers, hook } = harness();
    const h = await renderHook(hook, { n: 1 as number | null });
    await h.rerender({ n: 2 });
    answers.get(2)!.resolve('two');
    answers.get(1)!.reject(new Error('old input failed'));
    await flush();
    expect(h.current()).toMatchObject({ value: 'two', error: undefined, loading: false });
  });

  it('shows the old value while the new input loads, and reports loading', async () => {
    const { answers, hook } = harness();
    const h = await renderHook(hook, { n: 1 as number | null });
    answers.get(1)!.resolve('one');
    await flush();
    await h.rerender({ n: 2 });
    expect(h.current()).toMatchObject({ value: 'one', loading: true });
  });

  it('reports a failure and drops the value, unless asked to keep it', async () => {
    for (const keepOnError of [false, true]) {
      const { answers, hook } = harness({ keepOnError });
      const h = await renderHook(hook, { n: 1 as number | null });
      answers.get(1)!.resolve('one');
      await flush();
      await h.rerender({ n: 2 });
      const boom = new Error('no case open');
      answers.get(2)!.reject(boom);
      await flush();
      expect(h.current()).toMatchObject({ value: keepOnError ? 'one' : undefined, error: boom, loading: false });
      // The error stays while the next input loads and goes when it succeeds.
      await h.rerender({ n: 3 });
      expect(h.current()).toMatchObject({ error: boom, loading: true });
      answers.get(3)!.resolve('three');
      await flush();
      expect(h.current()).toMatchObject({ value: 'three', error: undefined, loading: false });
    }
  });

  it('reload loads the same input again and drops the answer it replaces', async () => {
    const { answers, load, hook } = harness();
    const h = await renderHook(hook, { n: 1 as number | null });
    const first = answers.get(1)!;
    await flush();
    await act(async () => h.current().reload());
    expect(load).toHaveBeenCalledTimes(2);
    const second = answers.get(1)!;
    second.resolve('fresh');
    await flush();
    first.resolve('stale');
    await flush();
    expect(h.current().value).toBe('fresh');
  });

  it('loads nothing for a null loader, and forgets the last value', async () => {
    const { answers, load, hook } = harness();
    const h = await renderHook(hook, { n: 1 as number | null });
    answers.get(1)!.resolve('one');
    await flush();
    await h.rerender({ n: null });
    expect(h.current()).toMatchObject({ value: undefined, error: undefined, loading: false });
    expect(load).toHaveBeenCalledTimes(1);
  });
});
