import { unlockAudioPlayback } from './audioUnlock.ts';
import { type CallPhase, type CallPhaseEvent, isFinalPhase } from './callPhase.ts';
import { type CallRun, type Deferred, phaseOf, report, stopClient } from './callRun.ts';
import {
  type CallStoreInternals,
  registerCallStoreInternals,
  type TokenRequester,
} from './callStoreInternals.ts';
import {
  type CreateWebCallClient,
  preloadRetellSdk,
  type RetellMetadataEvent,
  type RetellNodeTransitionEvent,
  type RetellUpdateEvent,
  type WebCallClient,
} from './client.ts';
import type { AudioDeviceKind } from './deviceWatch.ts';
import { createEagerError } from './eagerErrors.ts';
import type { WebCallError } from './errors.ts';
import type { InputMeterSlot } from './inputMeter.ts';
import { lazyImport } from './lazy.ts';
import type { WebCallResponse } from './schemas.ts';
import { type GetAccessToken, loadSchemas, type TokenRequestHeaders } from './token.ts';
import { EMPTY_TRANSCRIPT, type TranscriptEntry } from './transcript.ts';

/**
 * Where a call is. `ongoing` and `ended` are Retell's own `call_status` words.
 *
 * - `idle`: no call yet.
 * - `requesting`: microphone check, token request and SDK chunk load. The SDK chunk loads from the start; the
 *   token is requested once the microphone check passed, or alongside it when the browser reports the
 *   microphone permission `granted` (a token is a billable Retell call).
 * - `connecting`: `startCall` until Retell's `call_started`.
 * - `ongoing`: connected; `agentReady` turns true when the agent's audio arrives (`call_ready`).
 * - `ending`: `stop()` was called; waiting for the client to let go.
 * - `ended`: over, with `endedBy`. `error`: over, with `error`. Both have released the microphone and client.
 */
export type CallStatus = 'idle' | 'requesting' | 'connecting' | 'ongoing' | 'ending' | 'ended' | 'error';

/**
 * Who ended a call: the user (`stop()`, unmount) or the other side (agent hang-up, room closed).
 *
 * @example
 * ```ts
 * const farewell = (endedBy: EndedBy) => (endedBy === 'remote' ? 'The agent hung up.' : 'You hung up.');
 * createCallStore({ onCallEnd: ({ endedBy }) => console.log(farewell(endedBy)) });
 * ```
 */
export type EndedBy = 'user' | 'remote';

/**
 * Every {@link CallStatus}, in lifecycle order (handy for exhaustive tests, stories and label tables).
 *
 * @example
 * ```ts
 * for (const status of CALL_STATUSES) console.log(status, labels[status]);
 * ```
 */
export const CALL_STATUSES: readonly CallStatus[] = /* @__PURE__ */ Object.freeze([
  'idle',
  'requesting',
  'connecting',
  'ongoing',
  'ending',
  'ended',
  'error',
]);

/**
 * Whose turn it is to speak, from Retell's `turntaking` and the agent's talking events; `null` before the
 * call or when unknown.
 *
 * @example
 * ```tsx
 * const turn = useCallState((s) => s.turn);
 * return <p>{turn === 'user' ? 'Your turn' : turn === 'agent' ? 'Agent speaking' : ''}</p>;
 * ```
 */
export type CallTurn = 'agent' | 'user' | null;

/**
 * A device change the call had to follow (the active microphone or speaker disappeared).
 *
 * @example
 * ```ts
 * const onDeviceChange = ({ kind, reason }: DeviceChange) => toast(`${kind} ${reason}: using the default`);
 * ```
 */
export interface DeviceChange {
  kind: 'audioinput' | 'audiooutput';
  /** The device the call uses now (`'default'` after a fallback). */
  deviceId: string;
  reason: 'unplugged';
}

/**
 * Receives the microphone's level (0…1) once per animation frame, outside React.
 *
 * @example
 * ```ts
 * const unsubscribe = store.subscribeInputLevel((level) => meter.style.setProperty('--level', String(level)));
 * ```
 */
export type InputLevelListener = (level: number) => void;

/**
 * The fields every {@link CallSnapshot} has, whatever its status.
 *
 * @example
 * ```ts
 * const { callId, isMuted, transcript }: CallSnapshotFields = store.getSnapshot();
 * ```
 */
export interface CallSnapshotFields {
  /** Retell's call id, once the token response named it. */
  callId: string | null;
  /** The agent of the call (from the token response, else the requested one). */
  agentId: string | null;
  /** The parsed token response the call was started with (extra v2/v3 fields included). */
  call: WebCallResponse | null;
  isMuted: boolean;
  /** Between Retell's `agent_start_talking` and `agent_stop_talking`. */
  isAgentTalking: boolean;
  /** True from Retell's `call_ready`: the agent's audio is flowing. */
  agentReady: boolean;
  /** The merged transcript, full history, stable ids. */
  transcript: readonly TranscriptEntry[];
  /** `Date.now()` at `call_started`. */
  startedAt: number | null;
  /** `Date.now()` when the call reached `ended` or `error`. */
  endedAt: number | null;
  /** The `metadata` of the last Retell `metadata` event. */
  lastMetadata: unknown;
  /** The last `node_transition` event (conversation-flow agents). */
  currentNode: RetellNodeTransitionEvent | null;
  /** The browser refused to play the agent's audio; `startAudioPlayback()` from a click clears it. */
  audioBlocked: boolean;
  /** The connection dropped and is being restored; the status stays `ongoing`, the transcript is kept. */
  isReconnecting: boolean;
  /** Whose turn it is to speak. */
  turn: CallTurn;
  /** The microphone chosen with `setInputDevice` (or `'default'` after a fallback); null = the default. */
  inputDeviceId: string | null;
  /** The speaker chosen with `setOutputDevice`; null = the default. */
  outputDeviceId: string | null;
  /** The agent's playback volume, 0…1. @defaultValue 1 */
  volume: number;
  /**
   * While `connecting`: when (epoch ms) the client will next try to join, if it is waiting first (LiveKit
   * backs off after failed joins: 0.5 s, doubling to 15 s). Null when not waiting, and in every other status.
   */
  joinWaitUntil: number | null;
}

/**
 * An immutable picture of one call. A new object is published whenever anything changes, so compare slices
 * with `Object.is`. Discriminated on `status`: `error` is set exactly in `'error'`, `endedBy` in `'ended'`.
 *
 * @example
 * ```ts
 * if (snapshot.status === 'error') console.log(snapshot.error.code);
 * ```
 */
export type CallSnapshot = CallSnapshotFields &
  (
    | { status: 'idle' | 'requesting' | 'connecting' | 'ongoing' | 'ending'; error: null; endedBy: null }
    | { status: 'ended'; error: null; endedBy: EndedBy }
    | { status: 'error'; error: WebCallError; endedBy: null }
  );

/**
 * Audio-related `startCall` options, passed to Retell as they are.
 *
 * @example
 * ```tsx
 * const startCallOptions: StartCallOptions = { captureDeviceId: micId, sampleRate: 24000 };
 * <WebCallProvider agentId="agent_123" startCallOptions={startCallOptions}>…</WebCallProvider>
 * ```
 */
export interface StartCallOptions {
  /** Microphone sample rate. */
  sampleRate?: number;
  /** `deviceId` of the microphone to use (also used by the microphone check). */
  captureDeviceId?: string;
  /** `deviceId` of the speaker to play the agent on. */
  playbackDeviceId?: string;
  /** Emit the agent's audio samples every frame (needed by `AudioLevel`); never stored in state. */
  emitRawAudioSamples?: boolean;
}

/**
 * What a `start()` call may override for that one call.
 *
 * @example
 * ```ts
 * const overrides: StartOverrides = { agentId: 'agent_456', dynamicVariables: { name: 'Ada' } };
 * await store.start(overrides);
 * ```
 */
export interface StartOverrides {
  agentId?: string;
  agentVersion?: number;
  metadata?: Record<string, unknown>;
  dynamicVariables?: Record<string, string>;
}

/**
 * Callbacks; each fires once per event, always the one from the latest options.
 *
 * @example
 * ```ts
 * const callbacks: CallCallbacks = {
 *   onCallStart: (snapshot) => console.log('connected', snapshot.callId),
 *   onError: (error) => track(error.code),
 * };
 * const store = createCallStore({ agentId: 'agent_123', ...callbacks });
 * ```
 */
export interface CallCallbacks {
  /** Every status change, with the new snapshot. */
  onStatusChange?: (status: CallStatus, snapshot: CallSnapshot) => void;
  /** `call_started`: the call is `ongoing`. */
  onCallStart?: (snapshot: CallSnapshot) => void;
  /** `call_ready`: the agent's audio is flowing (once per call). */
  onAgentReady?: (snapshot: CallSnapshot) => void;
  /** The call ended without an error. */
  onCallEnd?: (details: { endedBy: EndedBy; snapshot: CallSnapshot }) => void;
  /** The call failed; the error is also in the snapshot. Never fires for `aborted`. */
  onError?: (error: WebCallError) => void;
  /** Every Retell `update`, with the merged transcript. */
  onTranscript?: (transcript: readonly TranscriptEntry[], event: RetellUpdateEvent) => void;
  /** Every Retell `metadata` event. */
  onMetadata?: (metadata: unknown, event: RetellMetadataEvent) => void;
  /** Every Retell `node_transition` event. */
  onNodeTransition?: (event: RetellNodeTransitionEvent) => void;
  /** The connection dropped; the call is trying to restore it. */
  onReconnecting?: (snapshot: CallSnapshot) => void;
  /** The connection came back. */
  onReconnected?: (snapshot: CallSnapshot) => void;
  /** The browser refused to play the agent's audio: show a button that calls `startAudioPlayback()`. */
  onAudioBlocked?: (snapshot: CallSnapshot) => void;
  /** The active microphone or speaker disappeared and the call fell back to the default device. */
  onDeviceChange?: (change: DeviceChange) => void;
}

/**
 * Options of a call (everything but React's `queryClient`). Read at `start()`; the React layer passes
 * its latest props on every render, so there they may change.
 *
 * @example
 * ```ts
 * const options: CallOptions = { agentId: 'agent_123', endpoint: '/api/create-web-call', timeoutMs: 10_000 };
 * const store = createCallStore(options);
 * ```
 */
export interface CallOptions extends CallCallbacks {
  /** Backend URL that answers with a create-web-call response. @defaultValue `'/api/create-web-call'` */
  endpoint?: string | URL;
  /** Sent as `agent_id`; leave it out when the server fixes the agent. */
  agentId?: string;
  /** Sent as `agent_version`. */
  agentVersion?: number;
  /** Sent as `metadata`. */
  metadata?: Record<string, unknown>;
  /** Sent as `retell_llm_dynamic_variables`. */
  dynamicVariables?: Record<string, string>;
  /**
   * Extra headers for the token request, or a function called before each token request (the stale-token
   * refetch included; captcha tokens are single-use): `headers={async () => ({ 'x-captcha-token': … })}`.
   */
  headers?: TokenRequestHeaders;
  /** Extra `fetch` options for the token request (`credentials`…). */
  fetchOptions?: Omit<RequestInit, 'method' | 'body' | 'signal'>;
  /** Token request timeout in ms. @defaultValue 15000 */
  timeoutMs?: number;
  /** Replaces the built-in token fetch. */
  getAccessToken?: GetAccessToken;
  /** Audio options for `startCall`. */
  startCallOptions?: StartCallOptions;
  /** Makes the browser client. @defaultValue lazily imported `RetellWebClient` */
  createClient?: CreateWebCallClient;
  /**
   * Open and close the microphone before joining, to report blocked or missing microphones as errors
   * (Retell's SDK hides them). @defaultValue true
   */
  checkMicrophone?: boolean;
  /**
   * A token older than this (ms since it arrived) is replaced by a fresh one before `startCall`; Retell
   * invalidates unused tokens after 30 s. @defaultValue 20000
   */
  tokenMaxAgeMs?: number;
  /**
   * A call that connected but whose agent sent no `call_ready` within this many ms ends with
   * `agent_unavailable`. `0` disables it (needed by custom clients that never send `call_ready`).
   * @defaultValue 15000
   */
  agentReadyTimeoutMs?: number;
}

/**
 * Receives the agent's raw audio samples, outside React.
 *
 * @example
 * ```ts
 * const listener: AudioSamplesListener = (samples) => meter.update(audioLevelOf(samples));
 * const unsubscribe = store.subscribeAudio(listener);
 * ```
 */
export type AudioSamplesListener = (samples: Float32Array) => void;

/**
 * One call's lifecycle, framework-free. React reads it with `useSyncExternalStore`.
 *
 * @example
 * ```ts
 * const store = createCallStore({ agentId: 'agent_123' });
 * store.subscribe(() => console.log(store.getSnapshot().status));
 * await store.start();
 * ```
 */
export interface CallStore {
  getSnapshot(): CallSnapshot;
  /** The snapshot used for server rendering and hydration: always `idle`. */
  getInitialSnapshot(): CallSnapshot;
  subscribe(listener: () => void): () => void;
  /**
   * Starts a call. Resolves when it is `ongoing`; rejects with the {@link WebCallError} that ended it (also
   * put in state), or `aborted` when `stop()` came first. Fire-and-forget is fine: the returned promise never
   * causes an unhandled rejection. While a call is live it returns that call's promise and starts nothing.
   */
  start(overrides?: StartOverrides): Promise<void>;
  /** Ends the call from any status; resolves once it is `ended`/`error` (microphone and client released). */
  stop(): Promise<void>;
  /** `stop()` if a call is live, else `start()`. */
  toggle(): Promise<void>;
  /**
   * Mutes the microphone. During a call it mutes live; before one (idle, `requesting`, `connecting`, after an
   * error) it makes the next call start muted (applied at `call_started` at the latest).
   */
  mute(): void;
  unmute(): void;
  toggleMute(): void;
  /**
   * Asks the client to (re)start agent audio playback; call it from a click when `audioBlocked` is true.
   * `audioBlocked` clears when the client then reports that it can play. A failure is reported
   * (`reportError`), never thrown.
   */
  startAudioPlayback(): Promise<void>;
  /**
   * Agent audio samples at frame rate. Never goes through state. A call started while any audio listener
   * is subscribed asks Retell for samples (`emitRawAudioSamples`) unless `startCallOptions` says otherwise.
   */
  subscribeAudio(listener: AudioSamplesListener): () => void;
  /**
   * The microphone's level (0…1) once per animation frame while a call is `ongoing`, measured from the
   * client's `getInputTrack()` with a Web Audio analyser. Never goes through state. The meter (an
   * AudioContext and a frame loop, loaded on demand) runs only while someone listens and the call is
   * ongoing; it is closed when the last listener leaves or the call ends.
   */
  subscribeInputLevel(listener: InputLevelListener): () => void;
  /**
   * Chooses the microphone. Outside a call: sets `inputDeviceId` for the next call (it overrides
   * `startCallOptions.captureDeviceId` and survives `start()`). During a call: switches live through the
   * client's `setInputDevice`; `inputDeviceId` changes once the switch succeeded. A failed switch is reported
   * (`reportError`) and changes nothing; a client without `setInputDevice` cannot switch, so nothing changes.
   * Rejects only for a device id that is not a non-empty string.
   */
  setInputDevice(deviceId: string): Promise<void>;
  /** Chooses the speaker (where the client can switch it), like {@link CallStore.setInputDevice}. */
  setOutputDevice(deviceId: string): Promise<void>;
  /**
   * The agent's playback volume, 0…1 (out-of-range numbers are clamped, `NaN` throws a `TypeError`). Outside a
   * call it is kept for the next call; during a call it goes through the client's `setVolume` (a client
   * without one keeps its volume, and so does `volume`).
   */
  setVolume(volume: number): void;
  /**
   * Starts loading what a call needs (never a token, never the microphone): the call engine, the SDK chunk
   * and the token validator, in parallel. Call on hover/focus of a start control. Skips the SDK with a
   * custom `createClient`; does nothing on the server.
   */
  preload(): void;
}

const LIVE_STATUSES: ReadonlySet<CallStatus> = new Set(['requesting', 'connecting', 'ongoing', 'ending']);

/**
 * True while a call holds (or is acquiring) resources: `requesting`, `connecting`, `ongoing`, `ending`.
 *
 * @example
 * ```ts
 * const live = useCallState((s) => isLiveStatus(s.status));
 * ```
 */
export function isLiveStatus(status: CallStatus): boolean {
  return LIVE_STATUSES.has(status);
}

/**
 * The snapshot before any call (and on the server). Frozen; spread it to build others.
 * @internal
 */
export const IDLE_SNAPSHOT: Readonly<CallSnapshotFields & { status: 'idle'; error: null; endedBy: null }> =
  Object.freeze({
    status: 'idle',
    error: null,
    endedBy: null,
    callId: null,
    agentId: null,
    call: null,
    isMuted: false,
    isAgentTalking: false,
    agentReady: false,
    transcript: EMPTY_TRANSCRIPT.entries,
    startedAt: null,
    endedAt: null,
    lastMetadata: undefined,
    currentNode: null,
    audioBlocked: false,
    isReconnecting: false,
    turn: null,
    inputDeviceId: null,
    outputDeviceId: null,
    volume: 1,
    joinWaitUntil: null,
  });
const IDLE = IDLE_SNAPSHOT;

/** The overrides of each store's last `start()`, for {@link retryCall}. */
const lastOverrides = new WeakMap<CallStore, StartOverrides>();

/**
 * Starts a new call with the same overrides as the store's last `start(overrides)`: "Try again" repeats the
 * call that failed, not a bare `start()`. Like `start()`, it returns the live call's promise while a call is
 * live. A store not made by {@link createCallStore} (a test double) gets a plain `start()`.
 *
 * @example
 * ```tsx
 * <button type="button" onClick={() => void retryCall(store)}>Try again</button>
 * ```
 * @internal
 */
export function retryCall(store: CallStore): Promise<void> {
  const overrides = lastOverrides.get(store);
  return overrides ? store.start(overrides) : store.start();
}

/**
 * The transitions a run can take before the call engine has loaded, when it can only be `requesting` (or
 * over): the `requesting` row of the transition table without `prepared`, which only the engine sends. Once
 * the engine is here its table (`callPhase.ts`) decides every move; a test checks that the two agree.
 * @internal
 */
export const TRANSITIONS_BEFORE_ENGINE: Readonly<Partial<Record<CallPhaseEvent, CallPhase>>> = {
  stop: 'ended',
  failed: 'error',
};

type CallEngine = typeof import('./callEngine.ts');
/** The call engine once its chunk has loaded: from then on `start()` runs it in the same tick. */
let loadedEngine: CallEngine | null = null;

/**
 * Loads the call engine chunk once (a failed load is forgotten, so the next call retries) and keeps it for
 * every store of the page.
 *
 * @example
 * ```ts
 * await loadCallEngine(); // a test setup: every start() from now on runs the engine synchronously
 * ```
 * @internal
 */
export const loadCallEngine: () => Promise<CallEngine> = lazyImport(() =>
  import('./callEngine.ts').then((engine) => {
    loadedEngine = engine;
    return engine;
  }),
);

/**
 * Makes `engine` the loaded call engine without a chunk load: the testing entry bundles the engine, so a
 * test that drives simulated calls with fake timers never waits for an `import()`.
 *
 * @example
 * ```ts
 * import * as callEngine from './callEngine.ts';
 * provideCallEngine(callEngine);
 * ```
 * @internal
 */
export function provideCallEngine(engine: CallEngine): void {
  loadedEngine = engine;
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => {}); // handled: callers who await still see the rejection
  return { promise, resolve, reject };
}

/**
 * What the client-event handlers (`callEvents.ts`) may read and do in the store.
 * @internal
 */
export interface CallEventsHost {
  readonly snapshot: CallSnapshot;
  readonly options: CallOptions;
  readonly audioListeners: ReadonlySet<AudioSamplesListener>;
  /** Applies a lifecycle event through the transition table; false when it means nothing now. */
  move(r: CallRun, event: CallPhaseEvent, patch?: Partial<CallSnapshotFields>, error?: WebCallError): boolean;
  /** Publishes a snapshot with `patch` applied. */
  update(patch: Partial<CallSnapshotFields>): void;
  /** Calls a user callback; what it throws is reported, never propagated. */
  call<A extends unknown[]>(fn: ((...args: A) => void) | undefined, ...args: A): void;
  /** The device the call uses: the store's choice, else `startCallOptions`, else `null` (the default). */
  chosenDevice(kind: AudioDeviceKind): string | null;
}

/**
 * What the call engine (`callEngine.ts`) may read and do in the store: the event handlers' host, and the
 * store's token requester.
 * @internal
 */
export interface CallEngineHost extends CallEventsHost {
  readonly requestToken: TokenRequester | undefined;
  /** The store's current run (the latest `start()`), or null before the first. */
  readonly run: CallRun | null;
}

/**
 * Creates the store that owns one call at a time: the state machine, the SDK listeners, the microphone
 * check and the clean-up. It holds no resources until `start()`, so creating one (during render, on the
 * server) is free. See {@link CallStore}.
 *
 * @example
 * ```ts
 * const store = createCallStore({ endpoint: '/api/create-web-call', agentId: 'agent_123' });
 * button.onclick = () => store.toggle();
 * store.subscribe(() => render(store.getSnapshot()));
 * ```
 */
export function createCallStore(initialOptions: CallOptions = {}): CallStore {
  const internals: CallStoreInternals = { options: initialOptions, requestToken: undefined };
  let snapshot: CallSnapshot = IDLE;
  let run: CallRun | null = null;
  const listeners = new Set<() => void>();
  const audioListeners = new Set<AudioSamplesListener>();
  const inputLevelListeners = new Set<InputLevelListener>();
  /** The microphone level meter; only the loaded engine ever starts one (a call is ongoing only then). */
  const inputMeter: InputMeterSlot = { current: null };

  function call<A extends unknown[]>(fn: ((...args: A) => void) | undefined, ...args: A): void {
    if (!fn) return;
    try {
      fn(...args);
    } catch (error) {
      report(error);
    }
  }

  /** Callbacks waiting for the one running now to return. */
  const told: Array<() => void> = [];
  let telling = false;

  /**
   * Runs the callbacks waiting in `told`, unless one is running already: a callback (or a subscriber) that
   * stops or restarts the call from inside another one has the callbacks of its changes run after it, so
   * `onStatusChange`, `onError` and `onCallEnd` always hear the store's changes in the order they happened.
   */
  function tell(): void {
    if (telling) return;
    telling = true;
    try {
      for (let next = told.shift(); next; next = told.shift()) next();
    } finally {
      telling = false;
    }
  }

  /** Publishes `next`; `after` runs right after its `onStatusChange`, before anything a subscriber starts. */
  function publish(next: CallSnapshot, after?: () => void): void {
    const previous = snapshot;
    snapshot = next;
    // Queued before the subscribers run: one of them may stop the call (found by the interleavings property:
    // onStatusChange said `ended`, then a stale `requesting`).
    if (previous.status !== next.status) {
      told.push(() => call(internals.options.onStatusChange, next.status, next));
    }
    if (after) told.push(after);
    // Every subscriber hears every snapshot at once. A throwing one must not stop the others.
    for (const listener of [...listeners]) call(listener);
    tell();
  }

  function update(patch: Partial<CallSnapshotFields>): void {
    publish({ ...snapshot, ...patch });
  }

  /**
   * Applies `event` to run `r` through the transition table. Returns false (and changes nothing) when the
   * event means nothing in the run's phase. `error` is the failure when the table leads to `error`.
   */
  function move(
    r: CallRun,
    event: CallPhaseEvent,
    patch: Partial<CallSnapshotFields> = {},
    error?: WebCallError,
  ) {
    const from = r.phase;
    const to = loadedEngine
      ? loadedEngine.nextPhase(from, event)
      : from === 'requesting'
        ? TRANSITIONS_BEFORE_ENGINE[event]
        : undefined;
    if (!to) return false;
    if (isFinalPhase(to)) {
      finish(
        r,
        to === 'error' ? (error ?? createEagerError('call_failed')) : null,
        from === 'ongoing' ? 'remote' : 'user',
      );
    } else {
      r.phase = to;
      syncInputMeter();
      // Only the current run is ever outside a final phase, so the snapshot is this run's.
      // Only `connecting` waits to join.
      publish({ ...snapshot, joinWaitUntil: null, ...patch, status: to } as CallSnapshot);
    }
    return true;
  }

  /**
   * Ends run `r`: releases everything it holds, publishes the final state (`error` when `error` is given,
   * else `ended` by `endedBy`), settles its promises.
   */
  function finish(r: CallRun, error: WebCallError | null, endedBy: EndedBy): void {
    r.phase = error ? 'error' : 'ended';
    r.abort.abort();
    // Listeners first, so the client's own call_ended on stopCall() below is not handled twice.
    for (const release of r.releases.splice(0)) {
      try {
        release();
      } catch (caught) {
        report(caught);
      }
    }
    if (r.client) stopClient(r.client);
    syncInputMeter();
    const base = {
      ...snapshot,
      isAgentTalking: false,
      isReconnecting: false,
      audioBlocked: false,
      turn: null,
      joinWaitUntil: null,
      // A mute chosen before the call carries over to a retry; one from inside a call ends with it.
      isMuted: snapshot.startedAt === null && snapshot.isMuted,
      endedAt: Date.now(),
    };
    const final: CallSnapshot = error
      ? { ...base, status: 'error', error, endedBy: null }
      : { ...base, status: 'ended', error: null, endedBy };
    // onError / onCallEnd right after onStatusChange, even if that one already started the next call.
    publish(final, () => {
      if (!error) call(internals.options.onCallEnd, { endedBy, snapshot: final });
      else if (error.code !== 'aborted') call(internals.options.onError, error);
    });
    // After `ended`, a no-op when the call had reached `ongoing` (the promise already resolved).
    r.started.reject(error ?? createEagerError('aborted'));
    r.finished.resolve();
  }

  /** The client of a call that is connecting or ongoing (only the loaded engine ever sets one). */
  function liveClient(): WebCallClient | null {
    const r = run;
    return r && (r.phase === 'connecting' || r.phase === 'ongoing') ? r.client : null;
  }

  /** Runs the input level meter exactly while a call is ongoing and someone listens. */
  function syncInputMeter(): void {
    loadedEngine?.syncInputMeter(inputMeter, run, inputLevelListeners);
  }

  function chooseDevice(kind: AudioDeviceKind, deviceId: string): Promise<void> {
    if (typeof deviceId !== 'string' || deviceId === '') {
      return Promise.reject(new TypeError(`Not a device id: ${String(deviceId)}`));
    }
    const client = liveClient();
    // During a call the engine switches the client; before one this is the choice for the next call.
    if (client && run && loadedEngine) return loadedEngine.switchDevice(host, run, client, kind, deviceId);
    const field = kind === 'audioinput' ? 'inputDeviceId' : 'outputDeviceId';
    if (snapshot[field] !== deviceId) update({ [field]: deviceId });
    return Promise.resolve();
  }

  function setMuted(muted: boolean): void {
    if (snapshot.isMuted === muted) return;
    const r = run;
    // Before the call connects this is the choice for the call (applied at call_started). A client that
    // threw kept its microphone state, and so does the snapshot.
    if (r && r.phase === 'ongoing' && r.client && !loadedEngine?.muteClient(r.client, muted)) return;
    update({ isMuted: muted });
  }

  const host: CallEngineHost = {
    get snapshot() {
      return snapshot;
    },
    get options() {
      return internals.options;
    },
    get requestToken() {
      return internals.requestToken;
    },
    get run() {
      return run;
    },
    audioListeners,
    move,
    update,
    call,
    // Only the engine asks (it is loaded by then); the rule lives with it.
    chosenDevice: (kind) => (loadedEngine as CallEngine).chosenDevice(host, kind),
  };

  const store: CallStore = {
    getSnapshot: () => snapshot,
    getInitialSnapshot: () => IDLE,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    start(overrides = {}) {
      if (run && !isFinalPhase(run.phase)) return run.started.promise;
      const r: CallRun = {
        phase: 'requesting',
        overrides,
        abort: new AbortController(),
        started: deferred(),
        finished: deferred(),
        client: null,
        releases: [],
      };
      run = r;
      lastOverrides.set(store, overrides);
      // The rest runs after onStatusChange('requesting'), which may stop the call: at once from a click, after
      // the running callback when a callback started the call (still in the same task).
      const begin = () => {
        if (phaseOf(r) !== 'requesting') return; // a callback stopped it already
        if (typeof window === 'undefined') {
          // Never mint a token (a billable Retell call) from a server render.
          move(r, 'failed', {}, createEagerError('unsupported_browser', 'Voice calls run in a browser.'));
          return;
        }
        const opts = internals.options;
        if (loadedEngine) {
          // No await before the engine runs: the token request starts in this tick, before the audio unlock.
          void loadedEngine.runCall(host, r, opts);
        } else {
          // The engine, the SDK and the validator load in parallel; a stop() meanwhile ends the run at once.
          store.preload();
          loadCallEngine().then(
            (engine) => {
              if (phaseOf(r) === 'requesting') void engine.runCall(host, r, opts);
            },
            (error: unknown) => {
              move(
                r,
                'failed',
                {},
                createEagerError('sdk_load_failed', 'The voice-call engine failed to load.', error),
              );
            },
          );
        }
        // Still inside the user's click (iOS Safari forgets the gesture across the token fetch), but after the
        // token request left: an AudioContext takes 5–100 ms to make.
        const release = unlockAudioPlayback();
        // A callback of the token request or the client factory may already have ended the run.
        if (isFinalPhase(r.phase)) release();
        else r.releases.push(release);
      };
      publish(
        {
          ...IDLE,
          status: 'requesting',
          agentId: overrides.agentId ?? internals.options.agentId ?? null,
          isMuted: snapshot.isMuted,
          inputDeviceId: snapshot.inputDeviceId,
          outputDeviceId: snapshot.outputDeviceId,
          volume: snapshot.volume,
        },
        begin,
      );
      return r.started.promise;
    },
    stop() {
      const r = run;
      if (!r || isFinalPhase(r.phase)) return Promise.resolve();
      const from = r.phase;
      // A call that is being hung up is no longer reconnecting (found by the interleavings property).
      if (!move(r, 'stop', { isReconnecting: false }) || phaseOf(r) !== 'ending') return r.finished.promise;
      // Only a run the loaded engine connected can be `ending`: the engine lets its client go.
      loadedEngine?.releaseStoppedCall(host, r, from);
      return r.finished.promise;
    },
    toggle() {
      return run && !isFinalPhase(run.phase) ? store.stop() : store.start();
    },
    mute() {
      setMuted(true);
    },
    unmute() {
      setMuted(false);
    },
    toggleMute() {
      setMuted(!snapshot.isMuted);
    },
    async startAudioPlayback() {
      const client = liveClient();
      if (client) await loadedEngine?.startClientAudio(client);
    },
    subscribeAudio(listener) {
      audioListeners.add(listener);
      return () => {
        audioListeners.delete(listener);
      };
    },
    subscribeInputLevel(listener) {
      const entry: InputLevelListener = (level) => listener(level); // one subscription per call
      inputLevelListeners.add(entry);
      syncInputMeter();
      return () => {
        if (!inputLevelListeners.delete(entry)) return;
        syncInputMeter();
      };
    },
    setInputDevice(deviceId) {
      return chooseDevice('audioinput', deviceId);
    },
    setOutputDevice(deviceId) {
      return chooseDevice('audiooutput', deviceId);
    },
    setVolume(volume) {
      if (typeof volume !== 'number' || Number.isNaN(volume)) {
        throw new TypeError(`Not a volume (0…1): ${String(volume)}`);
      }
      const clamped = Math.min(1, Math.max(0, volume));
      const client = liveClient();
      // A client that cannot change the agent's volume (or threw) keeps it where it is, and so does the state.
      if (client && !loadedEngine?.setClientVolume(client, clamped)) return;
      if (snapshot.volume !== clamped) update({ volume: clamped });
    },
    preload() {
      if (typeof window === 'undefined') return;
      loadCallEngine().catch(() => {}); // reported by the next start()
      loadSchemas().catch(() => {});
      if (!internals.options.createClient) preloadRetellSdk();
    },
  };
  registerCallStoreInternals(store, internals);
  return store;
}
