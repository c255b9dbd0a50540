import {
  type CreateWebCallClient,
  createRetellWebClient,
  preloadRetellSdk,
  type RetellMetadataEvent,
  type RetellNodeTransitionEvent,
  type RetellUpdateEvent,
  type StartCallConfig,
  type WebCallClient,
  type WebCallClientEvent,
  type WebCallClientListener,
} from './client.ts';
import { WebCallError } from './errors.ts';
import { checkMicrophone } from './microphone.ts';
import type { CreateWebCallRequest, WebCallResponse } from './schemas.ts';
import {
  type GetAccessToken,
  loadSchemas,
  requestWebCallToken,
  type TokenRequestHeaders,
  type WebCallTokenRequest,
} from './token.ts';
import {
  EMPTY_TRANSCRIPT,
  mergeTranscriptWindow,
  type TranscriptEntry,
  type TranscriptState,
} from './transcript.ts';

/**
 * Where a call is. `ongoing` and `ended` are Retell's own `call_status` words.
 *
 * - `idle`: no call yet.
 * - `requesting`: token request, microphone check and SDK chunk load, in parallel.
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
export const CALL_STATUSES: readonly CallStatus[] = Object.freeze([
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
 * Options of a call (everything but React's `queryClient`). Read at `start()`, so they may change.
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
  /**
   * Runs the token request. The React layer routes it through a TanStack Query mutation; the default calls
   * {@link requestWebCallToken} directly.
   * @internal
   */
  requestToken?: (request: WebCallTokenRequest) => Promise<WebCallResponse>;
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
  mute(): void;
  unmute(): void;
  toggleMute(): void;
  /** Asks the client to (re)start agent audio playback; call it from a click if the browser blocked audio. */
  startAudioPlayback(): Promise<void>;
  /**
   * Agent audio samples at frame rate. Never goes through state. A call started while any audio listener
   * is subscribed asks Retell for samples (`emitRawAudioSamples`) unless `startCallOptions` says otherwise.
   */
  subscribeAudio(listener: AudioSamplesListener): () => void;
  /** The microphone's level (0…1) per animation frame during a call. Never goes through state. */
  subscribeInputLevel(listener: InputLevelListener): () => void;
  /** Chooses the microphone: before a call, for the next one; during a call, switches live. */
  setInputDevice(deviceId: string): Promise<void>;
  /** Chooses the speaker (where the browser supports `setSinkId`): before or during a call. */
  setOutputDevice(deviceId: string): Promise<void>;
  /** The agent's playback volume, 0…1 (clamped): before or during a call. */
  setVolume(volume: number): void;
  /**
   * Starts loading the SDK chunk and the token validator (never a token, never the microphone): call on
   * hover/focus of a start control. Skips the SDK with a custom `createClient`; does nothing on the server.
   */
  preload(): void;
  getOptions(): CallOptions;
  setOptions(options: CallOptions): void;
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
  });
const IDLE = IDLE_SNAPSHOT;

const DEFAULT_TOKEN_MAX_AGE_MS = 20_000;
/** The longest `ending` may last when a client never confirms it let go of a join it could not cancel. */
const ENDING_TIMEOUT_MS = 5_000;
/** With a v3 `expires_at`, ask again when less than this is left. */
const EXPIRY_MARGIN_MS = 5_000;

interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
  reject: (error: unknown) => void;
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

/** One attempt at a call, from `start()` to its terminal state. */
interface Run {
  readonly abort: AbortController;
  readonly started: Deferred;
  readonly finished: Deferred;
  client: WebCallClient | null;
  detach: (() => void) | null;
  hasStarted: boolean;
  /** `call_ready` came before `call_started` (LiveKit can subscribe the agent's track first). */
  readyEarly: boolean;
  cancelRequested: boolean;
  done: boolean;
  transcript: TranscriptState;
  endingTimer: ReturnType<typeof setTimeout> | undefined;
}

type Outcome = { kind: 'ended'; endedBy: EndedBy } | { kind: 'error'; error: WebCallError };

/** Reports an exception from user code without breaking the store. */
function report(error: unknown): void {
  if (typeof globalThis.reportError === 'function') globalThis.reportError(error);
  else
    queueMicrotask(() => {
      throw error;
    });
}

function buildBody(options: CallOptions, overrides: StartOverrides): CreateWebCallRequest {
  const body: Partial<CreateWebCallRequest> = {};
  const agentId = overrides.agentId ?? options.agentId;
  const agentVersion = overrides.agentVersion ?? options.agentVersion;
  const metadata = overrides.metadata ?? options.metadata;
  const dynamicVariables = overrides.dynamicVariables ?? options.dynamicVariables;
  if (agentId !== undefined) body.agent_id = agentId;
  if (agentVersion !== undefined) body.agent_version = agentVersion;
  if (metadata !== undefined) body.metadata = metadata;
  if (dynamicVariables !== undefined) body.retell_llm_dynamic_variables = dynamicVariables;
  // `agent_id` may be absent when the server fixes the agent; the server validates the body.
  return body as CreateWebCallRequest;
}

function startCallConfig(
  call: WebCallResponse,
  options: StartCallOptions | undefined,
  wantsAudio: boolean,
): StartCallConfig {
  const config: StartCallConfig = { ...options, accessToken: call.access_token };
  if (options?.emitRawAudioSamples === undefined && wantsAudio) config.emitRawAudioSamples = true;
  if (call.call_id !== undefined) config.callId = call.call_id;
  if (call.transport !== undefined) config.transport = call.transport;
  if (call.ice_servers !== undefined) config.iceServers = call.ice_servers;
  if (call.url !== undefined) config.url = call.url;
  return config;
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
  let options = initialOptions;
  let snapshot: CallSnapshot = IDLE;
  let run: Run | null = null;
  const listeners = new Set<() => void>();
  const audioListeners = new Set<AudioSamplesListener>();
  const inputLevelListeners = new Set<InputLevelListener>();

  function call<A extends unknown[]>(fn: ((...args: A) => void) | undefined, ...args: A): void {
    if (!fn) return;
    try {
      fn(...args);
    } catch (error) {
      report(error);
    }
  }

  function publish(next: CallSnapshot): void {
    const previous = snapshot;
    snapshot = next;
    // A throwing subscriber must not stop the others, nor leave a call half-finished.
    for (const listener of [...listeners]) call(listener);
    if (previous.status !== next.status) call(options.onStatusChange, next.status, next);
  }

  function update(patch: Partial<CallSnapshotFields>): void {
    publish({ ...snapshot, ...patch });
  }

  function isCurrent(r: Run): boolean {
    return run === r && !r.done;
  }

  /** Ends run `r`: detaches listeners, stops the client, publishes the terminal state, settles promises. */
  function finish(r: Run, outcome: Outcome): void {
    if (r.done) return;
    r.done = true;
    clearTimeout(r.endingTimer);
    r.abort.abort();
    r.detach?.();
    r.detach = null;
    const client = r.client;
    r.client = null;
    if (client) {
      try {
        client.stopCall();
      } catch {
        // Already stopped, or never started: nothing left to release.
      }
    }
    const base = { ...snapshot, isAgentTalking: false, endedAt: Date.now() };
    if (outcome.kind === 'error') {
      publish({ ...base, status: 'error', error: outcome.error, endedBy: null });
      r.started.reject(outcome.error);
      r.finished.resolve();
      if (outcome.error.code !== 'aborted') call(options.onError, outcome.error);
      return;
    }
    const ended: CallSnapshot = { ...base, status: 'ended', error: null, endedBy: outcome.endedBy };
    publish(ended);
    // No-op when the call had reached `ongoing` (the promise already resolved).
    r.started.reject(new WebCallError('aborted'));
    r.finished.resolve();
    // The ended snapshot, even if an onStatusChange already started the next call.
    call(options.onCallEnd, { endedBy: outcome.endedBy, snapshot: ended });
  }

  function attach(r: Run, client: WebCallClient): void {
    const handlers: { [E in WebCallClientEvent]: WebCallClientListener<E> } = {
      call_started: () => {
        if (!isCurrent(r)) return;
        r.hasStarted = true;
        if (r.cancelRequested) {
          finish(r, { kind: 'ended', endedBy: 'user' }); // stops the client
          return;
        }
        const started = { ...snapshot, status: 'ongoing', startedAt: Date.now() } as CallSnapshot;
        if (r.readyEarly) started.agentReady = true;
        publish(started);
        r.started.resolve();
        // A client may throw synchronously or reject; neither may escape into the SDK's emitter.
        void Promise.resolve()
          .then(() => client.startAudioPlayback())
          .catch(() => {});
        call(options.onCallStart, started);
        if (started.agentReady) call(options.onAgentReady, started);
      },
      call_ready: () => {
        if (!isCurrent(r) || snapshot.agentReady) return;
        if (snapshot.status !== 'ongoing') {
          r.readyEarly = true; // applied at call_started
          return;
        }
        update({ agentReady: true });
        call(options.onAgentReady, snapshot);
      },
      call_ended: () => {
        if (!isCurrent(r)) return;
        if (snapshot.status === 'ending' || r.cancelRequested) finish(r, { kind: 'ended', endedBy: 'user' });
        else if (r.hasStarted) finish(r, { kind: 'ended', endedBy: 'remote' });
        else
          finish(r, {
            kind: 'error',
            error: new WebCallError('connection_failed', 'The call closed before it connected.'),
          });
      },
      agent_start_talking: () => {
        if (isCurrent(r) && !snapshot.isAgentTalking) update({ isAgentTalking: true });
      },
      agent_stop_talking: () => {
        if (isCurrent(r) && snapshot.isAgentTalking) update({ isAgentTalking: false });
      },
      update: (event) => {
        if (!isCurrent(r)) return;
        const window = Array.isArray(event?.transcript) ? event.transcript : [];
        const merged = mergeTranscriptWindow(r.transcript, window);
        if (merged.entries !== r.transcript.entries) update({ transcript: merged.entries });
        r.transcript = merged;
        call(options.onTranscript, snapshot.transcript, event);
      },
      metadata: (event) => {
        if (!isCurrent(r)) return;
        update({ lastMetadata: event?.metadata });
        call(options.onMetadata, event?.metadata, event);
      },
      node_transition: (event) => {
        if (!isCurrent(r)) return;
        update({ currentNode: event });
        call(options.onNodeTransition, event);
      },
      audio: (samples) => {
        if (!isCurrent(r)) return;
        for (const listener of audioListeners) {
          try {
            listener(samples);
          } catch (error) {
            report(error);
          }
        }
      },
      audio_playback: (event) => {
        if (!isCurrent(r)) return;
        const audioBlocked = event?.canPlay === false;
        if (snapshot.audioBlocked === audioBlocked) return;
        update({ audioBlocked });
        if (audioBlocked) call(options.onAudioBlocked, snapshot);
      },
      reconnecting: () => {
        if (!isCurrent(r) || snapshot.isReconnecting) return;
        update({ isReconnecting: true });
        call(options.onReconnecting, snapshot);
      },
      reconnected: () => {
        if (!isCurrent(r) || !snapshot.isReconnecting) return;
        update({ isReconnecting: false });
        call(options.onReconnected, snapshot);
      },
      error: (payload) => {
        if (!isCurrent(r)) return;
        if (r.cancelRequested || snapshot.status === 'ending') {
          finish(r, { kind: 'ended', endedBy: 'user' });
          return;
        }
        const message = typeof payload === 'string' ? payload : undefined;
        const error = r.hasStarted
          ? new WebCallError('call_failed', message, { cause: payload })
          : new WebCallError('connection_failed', message, { cause: payload });
        finish(r, { kind: 'error', error });
      },
    };
    const events = Object.keys(handlers) as WebCallClientEvent[];
    for (const event of events) client.on(event, handlers[event] as WebCallClientListener<typeof event>);
    r.detach = () => {
      for (const event of events) client.off(event, handlers[event] as WebCallClientListener<typeof event>);
    };
  }

  async function execute(r: Run, overrides: StartOverrides): Promise<void> {
    const opts = options;
    const body = buildBody(opts, overrides);
    const requestToken = opts.requestToken ?? requestWebCallToken;
    const fetchToken = async () => {
      const response = await requestToken({
        body,
        signal: r.abort.signal,
        ...(opts.endpoint !== undefined && { endpoint: opts.endpoint }),
        ...(opts.headers !== undefined && { headers: opts.headers }),
        ...(opts.fetchOptions !== undefined && { fetchOptions: opts.fetchOptions }),
        ...(opts.timeoutMs !== undefined && { timeoutMs: opts.timeoutMs }),
        ...(opts.getAccessToken !== undefined && { getAccessToken: opts.getAccessToken }),
      });
      return { response, receivedAt: Date.now() };
    };
    const loadClient = async () => {
      try {
        return await (opts.createClient ?? createRetellWebClient)();
      } catch (error) {
        throw new WebCallError('sdk_load_failed', undefined, { cause: error });
      }
    };
    const maxAge = opts.tokenMaxAgeMs ?? DEFAULT_TOKEN_MAX_AGE_MS;
    const isStale = (token: { response: WebCallResponse; receivedAt: number }) => {
      const now = Date.now();
      const expiresAt = token.response.expires_at;
      return (
        now - token.receivedAt > maxAge || (expiresAt !== undefined && expiresAt - now < EXPIRY_MARGIN_MS)
      );
    };

    try {
      let [token, client] = await Promise.all([
        fetchToken(),
        loadClient(),
        opts.checkMicrophone === false ? undefined : checkMicrophone(opts.startCallOptions?.captureDeviceId),
      ]);
      if (!isCurrent(r)) return;
      if (isStale(token)) {
        token = await fetchToken();
        if (!isCurrent(r)) return;
      }
      const response = token.response;
      r.client = client;
      attach(r, client);
      publish({
        ...snapshot,
        status: 'connecting',
        call: response,
        callId: response.call_id ?? null,
        agentId: response.agent_id ?? body.agent_id ?? null,
      } as CallSnapshot);
      await client.startCall(startCallConfig(response, opts.startCallOptions, audioListeners.size > 0));
      // SDK 2.x resolves after emitting call_started or error. A stop() that came while connecting and saw
      // neither still has to release the client.
      if (isCurrent(r) && r.cancelRequested) finish(r, { kind: 'ended', endedBy: 'user' });
    } catch (error) {
      if (!isCurrent(r)) return;
      if (r.cancelRequested) {
        finish(r, { kind: 'ended', endedBy: 'user' });
        return;
      }
      const code = !r.client ? 'sdk_load_failed' : r.hasStarted ? 'call_failed' : 'connection_failed';
      const failure =
        error instanceof WebCallError ? error : new WebCallError(code, undefined, { cause: error });
      finish(r, { kind: 'error', error: failure });
    }
  }

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
      if (run && !run.done) return run.started.promise;
      const r: Run = {
        abort: new AbortController(),
        started: deferred(),
        finished: deferred(),
        client: null,
        detach: null,
        hasStarted: false,
        readyEarly: false,
        cancelRequested: false,
        done: false,
        transcript: EMPTY_TRANSCRIPT,
        endingTimer: undefined,
      };
      run = r;
      publish({ ...IDLE, status: 'requesting', agentId: overrides.agentId ?? options.agentId ?? null });
      if (typeof window === 'undefined') {
        // Never mint a token (a billable Retell call) from a server render.
        finish(r, {
          kind: 'error',
          error: new WebCallError('unsupported_browser', 'Voice calls run in a browser.'),
        });
        return r.started.promise;
      }
      void execute(r, overrides);
      return r.started.promise;
    },
    stop() {
      const r = run;
      if (!r || r.done) return Promise.resolve();
      switch (snapshot.status) {
        case 'requesting':
          finish(r, { kind: 'ended', endedBy: 'user' });
          break;
        case 'connecting':
          r.cancelRequested = true;
          publish({ ...snapshot, status: 'ending' } as CallSnapshot);
          // Cancel the join: the Retell adapter disconnects the connecting room, so the SDK fails the join
          // at once (→ `error` → ended). If it connects first, `call_started` hangs up. Either way, a client
          // that never answers cannot hold the call in `ending` for longer than ENDING_TIMEOUT_MS.
          try {
            r.client?.stopCall();
          } catch {
            // Nothing to cancel yet.
          }
          r.endingTimer = setTimeout(() => finish(r, { kind: 'ended', endedBy: 'user' }), ENDING_TIMEOUT_MS);
          break;
        case 'ongoing': {
          r.cancelRequested = true;
          publish({ ...snapshot, status: 'ending' } as CallSnapshot);
          try {
            r.client?.stopCall(); // Retell emits call_ended synchronously → finish
          } catch {
            // finish() below releases what is left; stop() itself never throws.
          }
          finish(r, { kind: 'ended', endedBy: 'user' });
          break;
        }
        default:
          break;
      }
      return r.finished.promise;
    },
    toggle() {
      return run && !run.done ? store.stop() : store.start();
    },
    mute() {
      if (snapshot.status !== 'ongoing' || snapshot.isMuted || !run?.client) return;
      try {
        run.client.mute();
      } catch (error) {
        report(error); // the microphone state did not change
        return;
      }
      update({ isMuted: true });
    },
    unmute() {
      if (snapshot.status !== 'ongoing' || !snapshot.isMuted || !run?.client) return;
      try {
        run.client.unmute();
      } catch (error) {
        report(error);
        return;
      }
      update({ isMuted: false });
    },
    toggleMute() {
      if (snapshot.isMuted) store.unmute();
      else store.mute();
    },
    async startAudioPlayback() {
      if (snapshot.status === 'ongoing' && run?.client) await run.client.startAudioPlayback();
    },
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
    async setInputDevice(deviceId) {
      update({ inputDeviceId: deviceId });
      const client = run && !run.done ? run.client : null;
      if (client?.setInputDevice) await client.setInputDevice(deviceId);
    },
    async setOutputDevice(deviceId) {
      update({ outputDeviceId: deviceId });
      const client = run && !run.done ? run.client : null;
      if (client?.setOutputDevice) await client.setOutputDevice(deviceId);
    },
    setVolume(volume) {
      const clamped = Math.min(1, Math.max(0, Number.isFinite(volume) ? volume : 1));
      update({ volume: clamped });
      const client = run && !run.done ? run.client : null;
      client?.setVolume?.(clamped);
    },
    preload() {
      if (typeof window === 'undefined') return;
      loadSchemas().catch(() => {});
      if (!options.createClient) preloadRetellSdk();
    },
    getOptions: () => options,
    setOptions(next) {
      options = next;
    },
  };
  return store;
}
