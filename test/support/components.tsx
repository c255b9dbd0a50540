import { act, type RenderOptions, render } from '@testing-library/react';
import type { ReactElement, ReactNode } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { vi } from 'vitest';
import { WebCallError, type WebCallErrorCode } from '../../src/core/errors.ts';
import type { WebCallResponse } from '../../src/core/schemas.ts';
import {
  type AudioSamplesListener,
  type CallSnapshot,
  type CallSnapshotFields,
  type CallStatus,
  type CallStore,
  type EndedBy,
  IDLE_SNAPSHOT,
  type InputLevelListener,
} from '../../src/core/store.ts';
import type { GetAccessToken } from '../../src/core/token.ts';
import { WebCallContext } from '../../src/react/internal/context.ts';
import type { WebCallOptions } from '../../src/react/useOwnedCallStore.ts';
import { WebCallProvider } from '../../src/react/WebCallProvider.tsx';
import { fakeClientFactory } from './fakeClient.ts';

export const TOKEN: WebCallResponse = { access_token: 'tok', call_id: 'c1' };

/** A token request the test answers (or fails) when it wants, to hold a call in `requesting`. */
export function heldToken() {
  let resolve!: (value: WebCallResponse) => void;
  let reject!: (error: unknown) => void;
  const getAccessToken = vi.fn<GetAccessToken>(
    () =>
      new Promise<WebCallResponse>((res, rej) => {
        resolve = res;
        reject = rej;
      }),
  );
  return {
    getAccessToken,
    resolve: (value: WebCallResponse = TOKEN) => resolve(value),
    reject: (error: unknown) => reject(error),
  };
}

/**
 * Renders `ui` inside a real `WebCallProvider` (real store, fake SDK client, no microphone check).
 * `factory.last` is the client of the latest call.
 */
export function renderWithCall(
  ui: ReactNode,
  options: WebCallOptions = {},
  renderOptions?: Omit<RenderOptions, 'wrapper'>,
) {
  const factory = fakeClientFactory();
  const getAccessToken = vi.fn<GetAccessToken>(async () => TOKEN);
  const providerOptions: WebCallOptions = {
    createClient: factory.createClient,
    getAccessToken,
    checkMicrophone: false,
    ...options,
  };
  const wrapper = ({ children }: { children: ReactNode }) => (
    <WebCallProvider {...providerOptions}>{children}</WebCallProvider>
  );
  const result = render(ui as ReactElement, { wrapper, ...renderOptions });
  return { ...result, factory, getAccessToken };
}

/** Lets pending promises (token, client load) settle inside `act`. */
export async function settle(): Promise<void> {
  await act(async () => {
    for (let i = 0; i < 10; i++) await Promise.resolve();
  });
}

/** Any mix of snapshot fields (the test is responsible for a consistent combination). */
export type SnapshotPatch = Partial<CallSnapshotFields> & {
  status?: CallStatus;
  error?: WebCallError | null;
  endedBy?: EndedBy | null;
};

/** The idle snapshot, with `patch` applied. */
export function snapshotOf(patch: SnapshotPatch = {}): CallSnapshot {
  return { ...IDLE_SNAPSHOT, ...patch } as CallSnapshot;
}

/** An error snapshot for `code`. */
export function errorSnapshot(code: WebCallErrorCode, message?: string): CallSnapshot {
  return snapshotOf({ status: 'error', error: new WebCallError(code, message), endedAt: 1 });
}

/**
 * A `CallStore` whose snapshot the test sets directly (any status, any error), with spied actions and a
 * way to push audio frames to subscribed listeners. Provide it with {@link FakeStoreProvider}.
 */
export function createFakeStore(initial: CallSnapshot = snapshotOf()) {
  let snapshot = initial;
  const listeners = new Set<() => void>();
  const audio = new Set<AudioSamplesListener>();
  const inputLevel = new Set<InputLevelListener>();
  const store = {
    getSnapshot: () => snapshot,
    getInitialSnapshot: () => snapshotOf(),
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    start: vi.fn(async () => {}),
    stop: vi.fn(async () => {}),
    toggle: vi.fn(async () => {}),
    mute: vi.fn(),
    unmute: vi.fn(),
    toggleMute: vi.fn(),
    startAudioPlayback: vi.fn(async () => {}),
    setInputDevice: vi.fn(async () => {}),
    setOutputDevice: vi.fn(async () => {}),
    setVolume: vi.fn(),
    subscribeInputLevel(listener: InputLevelListener) {
      inputLevel.add(listener);
      return () => {
        inputLevel.delete(listener);
      };
    },
    subscribeAudio(listener: AudioSamplesListener) {
      audio.add(listener);
      return () => {
        audio.delete(listener);
      };
    },
    preload: vi.fn(),
  } satisfies CallStore;
  return {
    store,
    audioListeners: audio,
    inputLevelListeners: inputLevel,
    /** Publishes a new snapshot, `patch` applied over the current one (call inside `act`). */
    set(patch: SnapshotPatch) {
      snapshot = { ...snapshot, ...patch } as CallSnapshot;
      for (const listener of [...listeners]) listener();
    },
  };
}

/** Provides a {@link createFakeStore} store (or any `CallStore`) to `children`. */
export function FakeStoreProvider({ store, children }: { store: CallStore; children?: ReactNode }) {
  return <WebCallContext.Provider value={store}>{children}</WebCallContext.Provider>;
}

/**
 * Replaces `requestAnimationFrame`/`cancelAnimationFrame` with a queue the test flushes one frame at a time.
 * Restore with `vi.unstubAllGlobals()`.
 */
export function manualAnimationFrames() {
  let next = 1;
  const queue = new Map<number, FrameRequestCallback>();
  const request = vi.fn((callback: FrameRequestCallback) => {
    const id = next++;
    queue.set(id, callback);
    return id;
  });
  const cancel = vi.fn((id: number) => {
    queue.delete(id);
  });
  vi.stubGlobal('requestAnimationFrame', request);
  vi.stubGlobal('cancelAnimationFrame', cancel);
  return {
    request,
    cancel,
    /** Callbacks waiting for the next frame. */
    get pending() {
      return queue.size;
    },
    /** Runs the callbacks queued so far (those they queue wait for the next flush). */
    flush(time = performance.now()) {
      const callbacks = [...queue.values()];
      queue.clear();
      for (const callback of callbacks) callback(time);
    },
  };
}

/** A frame of samples: a sine of the given amplitude. */
export function tone(amplitude: number, length = 128): Float32Array {
  const samples = new Float32Array(length);
  for (let i = 0; i < length; i++) samples[i] = amplitude * Math.sin((2 * Math.PI * i) / 32);
  return samples;
}

/** Stubs `window.matchMedia` so `(prefers-reduced-motion: reduce)` matches `reduced`. */
export function stubReducedMotion(reduced: boolean) {
  const matchMedia = vi.fn((query: string) => ({
    matches: reduced && query.includes('prefers-reduced-motion'),
    media: query,
    onchange: null,
    addEventListener: vi.fn(),
    removeEventListener: vi.fn(),
    addListener: vi.fn(),
    removeListener: vi.fn(),
    dispatchEvent: vi.fn(() => false),
  }));
  vi.stubGlobal('matchMedia', matchMedia);
  return matchMedia;
}

/**
 * Hydrates `ui` over the server HTML `html` in a new container in the document. `mismatches()` lists what
 * React reported about it (recoverable errors and `console.error` calls, which it stops catching then);
 * remove the container when done.
 */
export async function hydrate(html: string, ui: ReactElement) {
  const container = document.createElement('div');
  container.innerHTML = html;
  document.body.append(container);
  const recoverable: unknown[] = [];
  const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
  await act(async () => {
    hydrateRoot(container, ui, { onRecoverableError: (error) => recoverable.push(error) });
  });
  return {
    container,
    mismatches(): unknown[] {
      const logged = consoleError.mock.calls.map((call) => call[0]);
      consoleError.mockRestore();
      return [...recoverable, ...logged];
    },
  };
}
