'use client';
import type { ReactNode } from 'react';
import { WebCallError, type WebCallErrorCode } from '../core/errors.ts';
import {
  type AudioSamplesListener,
  type CallSnapshot,
  type CallSnapshotFields,
  type CallStatus,
  type CallStore,
  type EndedBy,
  IDLE_SNAPSHOT,
} from '../core/store.ts';
import { WebCallContext } from '../react/context.ts';

/**
 * Any part of a snapshot, for {@link mockCallSnapshot}: `error` may be a `WebCallError` or just its code.
 *
 * @example
 * ```ts
 * const state: MockCallState = { status: 'error', error: 'microphone_permission_denied' };
 * ```
 */
export type MockCallState = Partial<CallSnapshotFields> & {
  status?: CallStatus;
  error?: WebCallError | WebCallErrorCode | null;
  endedBy?: EndedBy | null;
};

/**
 * The names of the store actions a mock records.
 *
 * @example
 * ```ts
 * const store = createMockCallStore({}, (action: MockCallAction) => console.log(action));
 * const actions: MockCallAction[] = store.calls.map((call) => call.action);
 * ```
 */
export type MockCallAction =
  | 'start'
  | 'stop'
  | 'toggle'
  | 'mute'
  | 'unmute'
  | 'toggleMute'
  | 'startAudioPlayback'
  | 'preload';

/**
 * A consistent {@link CallSnapshot} from a few fields: `error` only in `'error'` (a code becomes a
 * `WebCallError`), `endedBy` only in `'ended'` (default `'user'`), `startedAt` filled in for `'ongoing'`.
 *
 * @example
 * ```ts
 * mockCallSnapshot({ status: 'ongoing', isMuted: true });
 * mockCallSnapshot({ status: 'error', error: 'token_request_failed' });
 * ```
 */
export function mockCallSnapshot(state: MockCallState = {}): CallSnapshot {
  const { status = 'idle', error, endedBy, ...fields } = state;
  // Every branch below sets status, error and endedBy itself.
  const base = { ...IDLE_SNAPSHOT, ...fields };
  if (status === 'error') {
    const value = error ?? 'call_failed';
    return {
      ...base,
      status,
      endedBy: null,
      error: typeof value === 'string' ? new WebCallError(value) : value,
      endedAt: base.endedAt ?? Date.now(),
    };
  }
  if (status === 'ended') {
    return { ...base, status, error: null, endedBy: endedBy ?? 'user', endedAt: base.endedAt ?? Date.now() };
  }
  const startedAt =
    status === 'ongoing' || status === 'ending' ? (base.startedAt ?? Date.now()) : base.startedAt;
  return { ...base, status, error: null, endedBy: null, startedAt };
}

/**
 * A `CallStore` frozen in whatever state you set: actions do not change it, they are recorded in `calls`
 * (and reported to `onAction`). For stories, visual tests and unit tests of UIs in a given call state.
 *
 * @example
 * ```ts
 * const store = createMockCallStore({ status: 'ongoing' });
 * store.set({ isAgentTalking: true });
 * store.emitAudio(new Float32Array(1024).fill(0.3));
 * ```
 */
export interface MockCallStore extends CallStore {
  /** Every action called so far, in order, with its arguments. */
  readonly calls: Array<{ action: MockCallAction; args: unknown[] }>;
  /** Publishes a new snapshot: the current one with `state` applied (see {@link mockCallSnapshot}). */
  set(state: MockCallState): void;
  /** Sends agent audio samples to the subscribed audio listeners (`AudioLevel`). */
  emitAudio(samples: Float32Array): void;
}

/**
 * Creates a {@link MockCallStore}. Provide it with `<MockWebCallProvider store={…}>`.
 *
 * @example
 * ```tsx
 * const store = createMockCallStore({ status: 'error', error: 'microphone_permission_denied' });
 * render(<MockWebCallProvider store={store}><CallPanel /></MockWebCallProvider>);
 * await user.click(screen.getByRole('button', { name: 'Try again' }));
 * expect(store.calls.map((c) => c.action)).toContain('start');
 * ```
 */
export function createMockCallStore(
  initial: MockCallState = {},
  onAction?: (action: MockCallAction, ...args: unknown[]) => void,
): MockCallStore {
  let snapshot = mockCallSnapshot(initial);
  const initialSnapshot = mockCallSnapshot();
  const listeners = new Set<() => void>();
  const audioListeners = new Set<AudioSamplesListener>();
  const calls: MockCallStore['calls'] = [];
  const record = (action: MockCallAction, ...args: unknown[]) => {
    calls.push({ action, args });
    onAction?.(action, ...args);
  };
  let options = {};
  return {
    calls,
    getSnapshot: () => snapshot,
    getInitialSnapshot: () => initialSnapshot,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    start: async (...args) => record('start', ...args),
    stop: async () => record('stop'),
    toggle: async () => record('toggle'),
    mute: () => record('mute'),
    unmute: () => record('unmute'),
    toggleMute: () => record('toggleMute'),
    startAudioPlayback: async () => record('startAudioPlayback'),
    preload: () => record('preload'),
    subscribeAudio(listener) {
      audioListeners.add(listener);
      return () => {
        audioListeners.delete(listener);
      };
    },
    getOptions: () => options,
    setOptions(next) {
      options = next;
    },
    set(state) {
      const { status, error, endedBy, ...fields } = snapshot;
      snapshot = mockCallSnapshot({
        ...fields,
        status,
        ...(error && { error }),
        ...(endedBy && { endedBy }),
        ...state,
      });
      for (const listener of [...listeners]) listener();
    },
    emitAudio(samples) {
      for (const listener of [...audioListeners]) listener(samples);
    },
  };
}

/**
 * Props of {@link MockWebCallProvider}: a store, or a state to build one from.
 *
 * @example
 * ```tsx
 * const props: MockWebCallProviderProps = { state: { status: 'ongoing', isMuted: true } };
 * render(<MockWebCallProvider {...props}><MuteButton /></MockWebCallProvider>);
 * ```
 */
export interface MockWebCallProviderProps {
  /** The store to provide (keep a reference to drive it); wins over `state`. */
  store?: CallStore;
  /** The frozen state, when no `store` is given. */
  state?: MockCallState;
  children?: ReactNode;
}

/**
 * Renders its children as if inside a `WebCallProvider` whose call is in a fixed state: every hook and
 * component (`useWebCall`, `useCallState`, `CallPanel`, …) reads it. No network, SDK or microphone.
 *
 * @example
 * ```tsx
 * <MockWebCallProvider state={{ status: 'ongoing', isAgentTalking: true, transcript }}>
 *   <CallPanel />
 * </MockWebCallProvider>
 * ```
 */
export function MockWebCallProvider({ store, state, children }: MockWebCallProviderProps) {
  const value = store ?? createMockCallStoreMemo(state);
  return <WebCallContext.Provider value={value}>{children}</WebCallContext.Provider>;
}

const cache = new WeakMap<object, MockCallStore>();
const EMPTY_STATE: MockCallState = {};

/** One store per `state` object, so re-renders with the same state keep their store. */
function createMockCallStoreMemo(state: MockCallState = EMPTY_STATE): MockCallStore {
  let store = cache.get(state);
  if (!store) {
    store = createMockCallStore(state);
    cache.set(state, store);
  }
  return store;
}
