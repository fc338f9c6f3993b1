// Renders a hook in Node, without a DOM library: react-dom's client renders into a stub container a component
// that draws nothing (so no DOM node is ever made), and `act` flushes effects and the state they set. Enough
// for hooks; a component that renders elements needs a browser (the e2e tests).
import { act, createElement } from 'react';
import { createRoot } from 'react-dom/client';

const g = globalThis as unknown as Record<string, unknown>;
g.IS_REACT_ACT_ENVIRONMENT = true;
// What react-dom reads of the page while committing an empty tree: the current event and the focused frame.
g.window ??= { HTMLIFrameElement: class {} };

function stubContainer(): Element {
  const noop = () => {};
  const doc = { nodeType: 9, addEventListener: noop, removeEventListener: noop, defaultView: null };
  const el = { nodeType: 1, nodeName: 'DIV', tagName: 'DIV', ownerDocument: doc, childNodes: [] };
  return Object.assign(el, { addEventListener: noop, removeEventListener: noop }) as unknown as Element;
}

export interface Rendered<P, R> {
  /** What the hook returned on the latest render. */
  current(): R;
  /** Every value the hook returned, in render order. */
  history: R[];
  rerender(props: P): Promise<void>;
  unmount(): Promise<void>;
}

export async function renderHook<P, R>(hook: (props: P) => R, props: P): Promise<Rendered<P, R>> {
  const history: R[] = [];
  function Probe({ p }: { p: P }) {
    history.push(hook(p));
    return null;
  }
  const root = createRoot(stubContainer());
  await act(async () => root.render(createElement(Probe, { p: props })));
  return {
    current: () => history[history.length - 1],
    history,
    rerender: (p) => act(async () => root.render(createElement(Probe, { p }))),
    unmount: () => act(async () => root.unmount()),
  };
}

/** Flushes settled promises and the renders they cause. */
export const flush = () => act(async () => {});

/** A promise settled by hand: the test decides which answer arrives first. */
export function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
