// One guard for effects that load data. An answer that arrives after its inputs changed, or after the view
// unmounted, is dropped: a slow answer never overwrites a newer one, and no state is set on a dead view.
// (Before this hook each view wrote the same `let live = true … return () => { live = false }` by hand.)
import { useCallback, useEffect, useState, type DependencyList } from 'react';

export interface AsyncState<T> {
  /** The last value loaded for the current inputs; undefined until it arrives (and while `load` is null). */
  value: T | undefined;
  /** The last failure for the current inputs, else undefined. */
  error: unknown;
  loading: boolean;
  /** Loads again with the same inputs (after a change the view made itself). */
  reload: () => void;
}

/**
 * Runs `load` whenever `deps` change (pass null for "nothing to load now") and keeps its latest result.
 * `deps` are the inputs `load` reads, as for useEffect.
 */
export function useAsync<T>(load: (() => Promise<T>) | null, deps: DependencyList): AsyncState<T> {
  const [state, setState] = useState<{ value: T | undefined; error: unknown; loading: boolean }>({
    value: undefined,
    error: undefined,
    loading: load !== null,
  });
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);

  useEffect(() => {
    if (!load) {
      setState({ value: undefined, error: undefined, loading: false });
      return;
    }
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (value) => {
        if (live) setState({ value, error: undefined, loading: false });
      },
      (error: unknown) => {
        if (live) setState({ value: undefined, error: error ?? new Error('failed'), loading: false });
      },
    );
    return () => {
      live = false;
    };
    // `load` is a new closure on every render; `deps` name what it reads (the react-hooks rule cannot see through
    // a forwarded dependency list, exactly as with useEffect itself).
    // eslint-disable-next-line react-hooks/exhaustive-deps -- deps are the caller's, forwarded
  }, [...deps, generation]);

  return { ...state, reload };
}
