import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

// bench/lib/fibers.js is the React DevTools hook the bench injects before React loads. Here it runs in
// jsdom with a fresh copy of React loaded after it, and its counts are checked against known renders.
type Stats = { commits: number; fibers: number; ignoredCommits: number };
type Fibers = { read(): Stats; reset(): void; ignore: string | null };
let fibers: Fibers;
let React: typeof import('react');
let client: typeof import('react-dom/client');

beforeAll(() => {
  const source = readFileSync(join(process.cwd(), 'bench/lib/fibers.js'), 'utf8');
  new Function(source)();
  fibers = (window as unknown as { __fibers: Fibers }).__fibers;
  // React must load after the hook, as in the bench's pages: a fresh copy, apart from the one the test
  // setup already loaded.
  const require = createRequire(import.meta.url);
  for (const key of Object.keys(require.cache)) {
    if (/node_modules[\\/](react|react-dom|scheduler)[\\/]/.test(key)) delete require.cache[key];
  }
  React = require('react');
  client = require('react-dom/client');
});

function setup() {
  const h = React.createElement;
  const setters: { leaf?: (n: number) => void; timer?: (n: number) => void } = {};
  function Leaf() {
    const [n, setN] = React.useState(0);
    setters.leaf = setN;
    return h('p', null, `leaf ${n}`);
  }
  function Sibling() {
    return h('ul', null, h('li', null, 'a'), h('li', null, 'b'));
  }
  // Like CallTimer: the ticking component renders inside the timer element.
  function Elapsed() {
    const [n, setN] = React.useState(0);
    setters.timer = setN;
    return `${n} s`;
  }
  function Ticker() {
    return h('span', { role: 'timer' }, h(Elapsed));
  }
  function App() {
    return h('main', null, h(Leaf), h(Sibling), h(Ticker));
  }
  const container = document.createElement('div');
  document.body.append(container);
  const root = client.createRoot(container);
  return { root, setters, App, h };
}

describe('bench fiber counter (bench/lib/fibers.js)', () => {
  it('counts one commit per render and only the fibers that did work', () => {
    const { root, setters, App, h } = setup();
    fibers.reset();
    React.act(() => root.render(h(App)));
    // Mount: App, main, Leaf, p, Sibling, ul, 2 li, Ticker, span, Elapsed, its text: every fiber counts.
    expect(fibers.read().commits).toBe(1);
    const mounted = fibers.read().fibers;
    expect(mounted).toBe(12);

    fibers.reset();
    React.act(() => setters.leaf?.(1));
    // Leaf re-rendered and its <p> got new props; App, Sibling and Ticker bailed out.
    expect(fibers.read()).toEqual({ commits: 1, fibers: 2, ignoredCommits: 0 });

    fibers.reset();
    React.act(() => setters.leaf?.(1)); // same state: React may commit, but renders nothing
    expect(fibers.read().fibers).toBe(0);

    fibers.reset();
    React.act(() => root.render(h(App))); // a new element for App: everything below re-renders
    expect(fibers.read().commits).toBe(1);
    expect(fibers.read().fibers).toBeGreaterThan(2);
    React.act(() => root.unmount());
  });

  it('counts a commit that only renders inside the ignored selector apart', () => {
    const { root, setters, App, h } = setup();
    React.act(() => root.render(h(App)));
    fibers.ignore = '[role="timer"]';
    fibers.reset();
    React.act(() => setters.timer?.(1)); // Elapsed and its text, both inside [role="timer"]
    expect(fibers.read()).toEqual({ commits: 0, fibers: 0, ignoredCommits: 1 });
    fibers.reset();
    React.act(() => {
      setters.timer?.(2);
      setters.leaf?.(5); // batched with a render outside the timer: a real commit
    });
    expect(fibers.read()).toMatchObject({ commits: 1, ignoredCommits: 0 });
    fibers.ignore = null;
    React.act(() => root.unmount());
  });
});
