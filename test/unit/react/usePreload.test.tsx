import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RETELL_LIVEKIT_ORIGIN } from '../../../src/core/preconnect.ts';
import { loadCallEngine } from '../../../src/core/store.ts';
import { CallButton, CallPanel, type PreloadMode, WebCallProvider } from '../../../src/index.ts';
import { createMockCallStore, MockWebCallProvider } from '../../../src/testing/index.ts';

const sdkLoads = vi.hoisted(() => ({ count: 0 }));
vi.mock('retell-client-js-sdk', () => {
  sdkLoads.count++;
  return { RetellWebClient: class {} };
});

/** A controllable IntersectionObserver: `show(visible)` reports every observed element. */
class FakeIntersectionObserver {
  static instances: FakeIntersectionObserver[] = [];
  readonly elements: Element[] = [];
  disconnected = false;
  constructor(private readonly callback: IntersectionObserverCallback) {
    FakeIntersectionObserver.instances.push(this);
  }
  observe(element: Element) {
    this.elements.push(element);
  }
  unobserve() {}
  takeRecords() {
    return [];
  }
  disconnect() {
    this.disconnected = true;
  }
  show(visible: boolean) {
    if (this.disconnected) return;
    const entries = this.elements.map((target) => ({ target, isIntersecting: visible }));
    act(() => this.callback(entries as unknown as IntersectionObserverEntry[], this as never));
  }
}
const observers = () => FakeIntersectionObserver.instances;
const liveObservers = () => observers().filter((o) => !o.disconnected);

/** A controllable requestIdleCallback: `runIdle()` runs what is pending. */
let idle: Map<number, { run: () => void; timeout: number | undefined }>;
let nextIdle = 1;
function runIdle() {
  const pending = [...idle.values()];
  idle.clear();
  act(() => {
    for (const task of pending) task.run();
  });
}

const preconnectLinks = () =>
  [...document.head.querySelectorAll<HTMLLinkElement>('link[rel="preconnect"]')].filter(
    (link) => link.href.replace(/\/$/, '') === RETELL_LIVEKIT_ORIGIN,
  );
/**
 * The preconnect links once intent's preconnect has run: the helper comes with the call engine (a microtask
 * after intent once the engine is loaded, as with the default preload; after its chunk otherwise).
 */
async function settledPreconnectLinks() {
  await loadCallEngine().catch(() => {});
  await new Promise((resolve) => setTimeout(resolve, 0));
  return preconnectLinks();
}
const preloads = (store: ReturnType<typeof createMockCallStore>) =>
  store.calls.filter((c) => c.action === 'preload').length;

function renderButton(preload?: PreloadMode, store = createMockCallStore()) {
  render(
    <MockWebCallProvider store={store}>
      <CallButton preload={preload} />
    </MockWebCallProvider>,
  );
  return { store, button: screen.getByRole('button') };
}

beforeEach(() => {
  FakeIntersectionObserver.instances = [];
  idle = new Map();
  vi.stubGlobal('IntersectionObserver', FakeIntersectionObserver);
  vi.stubGlobal('requestIdleCallback', (run: () => void, options?: IdleRequestOptions) => {
    const id = nextIdle++;
    idle.set(id, { run, timeout: options?.timeout });
    return id;
  });
  vi.stubGlobal('cancelIdleCallback', (id: number) => idle.delete(id));
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  for (const link of document.head.querySelectorAll('link[rel="preconnect"]')) link.remove();
});

describe('CallButton preload="intent" (the default)', () => {
  it.each([
    ['pointer enter', (b: HTMLElement) => fireEvent.pointerEnter(b)],
    ['pointer down', (b: HTMLElement) => fireEvent.pointerDown(b)],
    ['focus', (b: HTMLElement) => fireEvent.focus(b)],
  ])('preloads and preconnects to LiveKit on %s, never starting a call', async (_name, intent) => {
    const { store, button } = renderButton();
    intent(button);
    expect(preloads(store)).toBe(1);
    expect(store.calls.map((c) => c.action)).toEqual(['preload']);
    const links = await settledPreconnectLinks();
    expect(links).toHaveLength(1);
    const [link] = links;
    expect(link?.crossOrigin).toBe('anonymous');
  });

  it('adds the preconnect link once however often the user shows intent', async () => {
    const { store, button } = renderButton();
    for (let i = 0; i < 5; i++) {
      fireEvent.pointerEnter(button);
      fireEvent.pointerDown(button);
    }
    expect(preloads(store)).toBe(10);
    expect(await settledPreconnectLinks()).toHaveLength(1);
  });

  it('does not preconnect to Retell when the call uses a custom client', async () => {
    render(
      <WebCallProvider agentId="agent_1" createClient={() => ({}) as never}>
        <CallButton />
      </WebCallProvider>,
    );
    fireEvent.pointerDown(screen.getByRole('button'));
    expect(await settledPreconnectLinks()).toHaveLength(0);
  });

  it('lets a user handler cancel the preload with preventDefault', () => {
    const store = createMockCallStore();
    render(
      <MockWebCallProvider store={store}>
        <CallButton onPointerDown={(e) => e.preventDefault()} />
      </MockWebCallProvider>,
    );
    fireEvent.pointerDown(screen.getByRole('button'));
    expect(preloads(store)).toBe(0);
  });

  it('watches nothing on screen and puts no preload attribute on the button', () => {
    const { button } = renderButton('intent');
    expect(observers()).toHaveLength(0);
    expect(button).not.toHaveAttribute('preload');
  });

  it('loads only the call engine at the first idle moment: no SDK, no token, no preconnect', async () => {
    const { store } = renderButton('intent');
    expect([...idle.values()].map((t) => t.timeout)).toEqual([2000]);
    const loadsBefore = sdkLoads.count;
    runIdle();
    expect(preloads(store)).toBe(0);
    expect(sdkLoads.count).toBe(loadsBefore);
    expect(await settledPreconnectLinks()).toHaveLength(0);
  });

  it('does not load the call engine ahead when the user asked to save data, nor after unmount', () => {
    vi.stubGlobal('navigator', Object.assign(Object.create(navigator), { connection: { saveData: true } }));
    renderButton('intent');
    expect(idle.size).toBe(0);
    cleanup();
    vi.unstubAllGlobals();
    vi.stubGlobal('requestIdleCallback', (run: () => void, options?: IdleRequestOptions) => {
      const id = nextIdle++;
      idle.set(id, { run, timeout: options?.timeout });
      return id;
    });
    vi.stubGlobal('cancelIdleCallback', (id: number) => idle.delete(id));
    renderButton('intent');
    expect(idle.size).toBe(1);
    cleanup();
    expect(idle.size).toBe(0);
  });
});

describe('CallButton preload="none"', () => {
  it('loads nothing on hover, pointer down or focus; the click still starts the call', async () => {
    const { store, button } = renderButton('none');
    fireEvent.pointerEnter(button);
    fireEvent.pointerDown(button);
    fireEvent.focus(button);
    expect(preloads(store)).toBe(0);
    expect(await settledPreconnectLinks()).toHaveLength(0);
    fireEvent.click(button);
    expect(store.calls.map((c) => c.action)).toEqual(['start']);
  });
});

describe('CallButton preload="visible"', () => {
  it('preloads once the button is on screen and the browser is idle, then stops watching', async () => {
    const { store, button } = renderButton('visible');
    expect(observers()).toHaveLength(1);
    expect(observers()[0]?.elements).toEqual([button]);
    expect(preloads(store)).toBe(0);

    observers()[0]?.show(false);
    expect(idle.size).toBe(0);
    observers()[0]?.show(true);
    expect(liveObservers()).toHaveLength(0);
    expect([...idle.values()].map((t) => t.timeout)).toEqual([2000]);
    expect(preloads(store)).toBe(0);

    runIdle();
    expect(preloads(store)).toBe(1);
    expect(await settledPreconnectLinks()).toHaveLength(1);
    expect(store.calls.map((c) => c.action)).toEqual(['preload']);
  });

  it('still preloads on intent before it is seen', () => {
    const { store, button } = renderButton('visible');
    fireEvent.pointerDown(button);
    expect(preloads(store)).toBe(1);
  });

  it('does nothing on its own when the user asked to save data', () => {
    vi.stubGlobal('navigator', { ...navigator, connection: { saveData: true } });
    const { store, button } = renderButton('visible');
    expect(observers()).toHaveLength(0);
    expect(idle.size).toBe(0);
    fireEvent.pointerDown(button); // intent is the user's own request
    expect(preloads(store)).toBe(1);
  });

  it('leaves nothing running when unmounted before it is seen or before the idle moment', () => {
    const first = renderButton('visible');
    cleanup();
    expect(liveObservers()).toHaveLength(0);
    expect(preloads(first.store)).toBe(0);

    const second = renderButton('visible');
    observers()[1]?.show(true);
    expect(idle.size).toBe(1);
    cleanup();
    expect(idle.size).toBe(0);
    expect(preloads(second.store)).toBe(0);
  });

  it('without IntersectionObserver counts as visible; without requestIdleCallback waits 200 ms', () => {
    vi.useFakeTimers();
    try {
      vi.stubGlobal('IntersectionObserver', undefined);
      vi.stubGlobal('requestIdleCallback', undefined);
      const { store } = renderButton('visible');
      act(() => vi.advanceTimersByTime(199));
      expect(preloads(store)).toBe(0);
      act(() => vi.advanceTimersByTime(1));
      expect(preloads(store)).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('follows a change of the prop: from intent to visible starts watching, back stops it', () => {
    const store = createMockCallStore();
    const view = (preload: PreloadMode) => (
      <MockWebCallProvider store={store}>
        <CallButton preload={preload} />
      </MockWebCallProvider>
    );
    const { rerender } = render(view('intent'));
    expect(observers()).toHaveLength(0);
    rerender(view('visible'));
    expect(liveObservers()).toHaveLength(1);
    rerender(view('intent'));
    expect(liveObservers()).toHaveLength(0);
  });

  it('keeps the forwarded ref working', () => {
    const ref = { current: null as HTMLButtonElement | null };
    render(
      <MockWebCallProvider store={createMockCallStore()}>
        <CallButton ref={ref} preload="visible" />
      </MockWebCallProvider>,
    );
    expect(ref.current).toBe(screen.getByRole('button'));
    expect(observers()[0]?.elements).toEqual([ref.current]);
  });
});

describe('preload on WebCallProvider and CallPanel', () => {
  it('CallPanel passes preload="visible" to its CallButton', () => {
    const store = createMockCallStore();
    render(
      <MockWebCallProvider store={store}>
        <CallPanel preload="visible" />
      </MockWebCallProvider>,
    );
    expect(observers()).toHaveLength(1);
    expect(observers()[0]?.elements[0]).toHaveClass('rwc-call-button');
    observers()[0]?.show(true);
    runIdle();
    expect(preloads(store)).toBe(1);
  });

  it("a provider's preload is the default of the controls inside; their own prop wins", async () => {
    render(
      <WebCallProvider agentId="agent_1" preload="visible">
        <CallButton />
        <CallPanel />
        <CallButton preload="intent" />
      </WebCallProvider>,
    );
    expect(observers()).toHaveLength(2); // the first CallButton and the panel's
    for (const observer of observers()) observer.show(true);
    runIdle();
    // The real store preloads the SDK (mocked here) and the page preconnects to Retell's LiveKit host.
    await vi.waitFor(() => expect(sdkLoads.count).toBe(1));
    expect(await settledPreconnectLinks()).toHaveLength(1);
  });

  it('preload="none" on the provider turns intent off for the controls inside', async () => {
    render(
      <WebCallProvider agentId="agent_1" preload="none">
        <CallButton />
      </WebCallProvider>,
    );
    fireEvent.pointerDown(screen.getByRole('button'));
    expect(await settledPreconnectLinks()).toHaveLength(0);
  });
});

describe('preload="visible" over any sequence of events (property)', () => {
  type Step = 'seen' | 'unseen' | 'idle' | 'hover' | 'unmount';
  const step = fc.constantFrom<Step>('seen', 'unseen', 'idle', 'hover', 'unmount');

  it('preloads once per hover plus once after the first sighting and an idle moment; nothing left after unmount', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 12 }), async (steps) => {
        cleanup();
        FakeIntersectionObserver.instances = [];
        idle.clear();
        for (const link of document.head.querySelectorAll('link[rel="preconnect"]')) link.remove();
        const { store, button } = renderButton('visible');
        // The model: watching → (seen) → idle pending → (idle) → preloaded.
        let watching = true;
        let pending = false;
        let mounted = true;
        let expected = 0;
        for (const s of steps) {
          if (!mounted) break;
          if (s === 'seen') {
            observers()[0]?.show(true);
            if (watching) [watching, pending] = [false, true];
          } else if (s === 'unseen') observers()[0]?.show(false);
          else if (s === 'idle') {
            runIdle();
            if (pending) [pending, expected] = [false, expected + 1];
          } else if (s === 'hover') {
            fireEvent.pointerEnter(button);
            expected++;
          } else {
            cleanup();
            mounted = false;
          }
          expect(preloads(store)).toBe(expected);
          expect(liveObservers()).toHaveLength(watching && mounted ? 1 : 0);
          expect(idle.size).toBe(pending && mounted ? 1 : 0);
        }
        expect(await settledPreconnectLinks()).toHaveLength(expected > 0 ? 1 : 0);
        cleanup();
        expect(liveObservers()).toHaveLength(0);
        expect(idle.size).toBe(0);
      }),
      { seed: Number(process.env.FC_SEED ?? Date.now() % 2 ** 31), numRuns: 60 },
    );
  }, 60_000);
});
