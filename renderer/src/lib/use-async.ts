// The one guard for effects that load data (the lint refuses a hand-written one: eslint.config.js). An answer that
// arrives after its inputs changed, after a reload, or after the view unmounted is dropped: a slow answer never
// overwrites a newer one, and no state is set on a dead view.
import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';

export interface AsyncState<T> {
  /**
   * The last value loaded; undefined until one arrives (and while `load` is null). It stays while newer inputs
   * load — a view that must not show it then reads `loading` — and is dropped by a failure unless `keepOnError`.
   */
  value: T | undefined;
  /** The failure of the last load that finished, else undefined; it stays until a newer load succeeds. */
  error: unknown;
  /** A load for the current inputs is under way (a view that hides old answers meanwhile reads this). */
  loading: boolean;
  /** Loads again with the same inputs (after a change the view made itself). */
  reload: () => void;
}

export interface AsyncOptions {
  /** A failure leaves the last value in place (a view that shows its error beside what it loaded before). */
  keepOnError?: boolean;
}

/**
 * Runs `load` whenever `deps` change (pass null for "nothing to load now") and keeps its latest result.
 * `deps` are the inputs `load` reads, as for useEffect.
 */
export function useAsync<T>(
  load: (() => Promise<T>) | null,
  deps: DependencyList,
  options: AsyncOptions = {},
): AsyncState<T> {
  const [state, setState] = useState<{ value: T | undefined; error: unknown; loading: boolean }>({
    value: undefined,
    error: undefined,
    loading: load !== null,
  });
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  // Each run of the effect takes the next ticket; only the answer holding the latest ticket may set state. The
  // cleanup (inputs changed, reload, unmount) moves the counter on, so every earlier answer is stale from then.
  const latest = useRef({ ticket: 0 });
  const keepOnError = options.keepOnError === true;

  useEffect(() => {
    const counter = latest.current;
    const ticket = ++counter.ticket;
    if (!load) {
      setState({ value: undefined, error: undefined, loading: false });
      return;
    }
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (value) => {
        if (ticket === counter.ticket) setState({ value, error: undefined, loading: false });
      },
      (error: unknown) => {
        if (ticket === counter.ticket)
          setState((s) => ({
            value: keepOnError ? s.value : undefined,
            error: error ?? new Error('failed'),
            loading: false,
          }));
      },
    );
    return () => {
      counter.ticket++;
    };
    // `load` is a new closure on every render; `deps` name what it reads (the react-hooks rule cannot see through
    // a forwarded dependency list, exactly as with useEffect itself).
    // eslint-disable-next-line react-hooks/exhaustive-deps -- deps are the caller's, forwarded
  }, [...deps, generation]);

  return { ...state, reload };
}
