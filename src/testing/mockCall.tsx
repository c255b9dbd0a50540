'use client';
import { type ReactNode, useRef, useState } from 'react';
import { WebCallError, type WebCallErrorCode } from '../core/errors.ts';
import {
  type AudioSamplesListener,
  type CallSnapshot,
  type CallSnapshotFields,
  type CallStatus,
  type CallStore,
  type EndedBy,
  IDLE_SNAPSHOT,
  type InputLevelListener,
} from '../core/store.ts';
import { WebCallContext } from '../react/internal/context.ts';
import { useIsomorphicLayoutEffect } from '../react/internal/useIsomorphicLayoutEffect.ts';

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
  | 'setInputDevice'
  | 'setOutputDevice'
  | 'setVolume'
  | 'preload';

/**
 * A consistent {@link CallSnapshot} from a few fields: `error` only in `'error'` (a code becomes a
 * `WebCallError`), `endedBy` only in `'ended'` (default `'user'`), `startedAt` filled in for `'ongoing'` and
 * `'ending'`, `endedAt` for `'ended'` and `'error'`. Timestamps a status does not have are `null` unless
 * given: `idle`, `requesting` and `connecting` have neither, `ongoing` and `ending` no `endedAt`.
 *
 * @example
 * ```ts
 * mockCallSnapshot({ status: 'ongoing', isMuted: true });
 * mockCallSnapshot({ status: 'error', error: 'token_request_failed' });
 * ```
 */
export function mockCallSnapshot(state: MockCallState = {}): CallSnapshot {
  return nextSnapshot(IDLE_SNAPSHOT, state);
}

/** Whether a call in `status` has a `startedAt` / an `endedAt` carried over from before. */
const HAS_STARTED: ReadonlySet<CallStatus> = new Set(['ongoing', 'ending', 'ended', 'error']);
const HAS_ENDED: ReadonlySet<CallStatus> = new Set(['ended', 'error']);

/**
 * `previous` with `state` applied: fields not in `state` carry over, except `error`/`endedBy` outside their
 * status and timestamps the new status does not have (see {@link mockCallSnapshot}).
 */
function nextSnapshot(previous: CallSnapshot, state: MockCallState): CallSnapshot {
  const { status = previous.status, error, endedBy, startedAt, endedAt, ...fields } = state;
  const base = {
    ...previous,
    ...fields,
    startedAt: startedAt !== undefined ? startedAt : HAS_STARTED.has(status) ? previous.startedAt : null,
    endedAt: endedAt !== undefined ? endedAt : HAS_ENDED.has(status) ? previous.endedAt : null,
  };
  // Every branch below sets status, error and endedBy itself.
  if (status === 'error') {
    const value = (error !== undefined ? error : previous.error) ?? 'call_failed';
    return {
      ...base,
      status,
      endedBy: null,
      error: typeof value === 'string' ? new WebCallError(value) : value,
      endedAt: base.endedAt ?? Date.now(),
    };
  }
  if (status === 'ended') {
    return {
      ...base,
      status,
      error: null,
      endedBy: (endedBy !== undefined ? endedBy : previous.endedBy) ?? 'user',
      endedAt: base.endedAt ?? Date.now(),
    };
  }
  const started =
    status === 'ongoing' || status === 'ending' ? (base.startedAt ?? Date.now()) : base.startedAt;
  return { ...base, status, error: null, endedBy: null, startedAt: started };
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
  /**
   * Publishes a new snapshot: the current one with `state` applied. Fields not in `state` carry over, except
   * those the new status cannot have (`error`, `endedBy`, and timestamps; see {@link mockCallSnapshot}).
   */
  set(state: MockCallState): void;
  /** Sends agent audio samples to the subscribed audio listeners (`AudioLevel`). */
  emitAudio(samples: Float32Array): void;
  /** Sends a microphone level (0…1) to the subscribed input-level listeners (`AudioLevel source="user"`). */
  emitInputLevel(level: number): void;
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
  const inputLevelListeners = new Set<InputLevelListener>();
  const calls: MockCallStore['calls'] = [];
  const record = (action: MockCallAction, ...args: unknown[]) => {
    calls.push({ action, args });
    onAction?.(action, ...args);
  };
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
    setInputDevice: async (deviceId) => record('setInputDevice', deviceId),
    setOutputDevice: async (deviceId) => record('setOutputDevice', deviceId),
    setVolume: (volume) => record('setVolume', volume),
    preload: () => record('preload'),
    subscribeAudio(listener) {
      audioListeners.add(listener);
      return () => {
        audioListeners.delete(listener);
      };
    },
    subscribeInputLevel(listener) {
      inputLevelListeners.add(listener);
      return () => {
        inputLevelListeners.delete(listener);
      };
    },
    set(state) {
      snapshot = nextSnapshot(snapshot, state);
      for (const listener of [...listeners]) listener();
    },
    emitAudio(samples) {
      for (const listener of [...audioListeners]) listener(samples);
    },
    emitInputLevel(level) {
      for (const listener of [...inputLevelListeners]) listener(level);
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
 * Without `store`, the provider makes one store on mount and keeps it: re-rendering with an equal `state`
 * (even a new inline object) changes nothing, and a different `state` is applied to that store.
 *
 * @example
 * ```tsx
 * <MockWebCallProvider state={{ status: 'ongoing', isAgentTalking: true, transcript }}>
 *   <CallPanel />
 * </MockWebCallProvider>
 * ```
 */
export function MockWebCallProvider({ store, state, children }: MockWebCallProviderProps) {
  const [own] = useState(() => createMockCallStore(state));
  const applied = useRef<MockCallState>(state ?? {});
  useIsomorphicLayoutEffect(() => {
    const last = applied.current;
    const next = state ?? {};
    if (shallowEqual(last, next)) return;
    applied.current = next;
    // The prop describes the whole state: fields it no longer names go back to their defaults.
    const dropped: Record<string, unknown> = {};
    for (const key of Object.keys(last)) {
      if (!(key in next)) dropped[key] = IDLE_SNAPSHOT[key as keyof typeof IDLE_SNAPSHOT];
    }
    own.set({ ...dropped, ...next });
  });
  return <WebCallContext.Provider value={store ?? own}>{children}</WebCallContext.Provider>;
}

function shallowEqual(a: MockCallState, b: MockCallState): boolean {
  const keys = Object.keys(a) as Array<keyof MockCallState>;
  return keys.length === Object.keys(b).length && keys.every((key) => key in b && Object.is(a[key], b[key]));
}
