/*
 * The browser-client surface the call store needs: the part of `RetellWebClient` (retell-client-js-sdk 2.x)
 * we use, typed. The real SDK is loaded with `import()` only when a call starts (or on `preloadRetellSdk()`),
 * so its ~150 kB gzip (livekit-client) never sits in the initial bundle.
 */

import { lazyImport } from './lazy.ts';

/**
 * One utterance of Retell's `update` window.
 *
 * @example
 * ```ts
 * const utterance: RetellUtterance = { role: 'agent', content: 'Hi! How can I help?' };
 * ```
 */
export interface RetellUtterance {
  role: 'agent' | 'user' | 'transfer_target' | (string & {});
  content: string;
  metadata?: {
    is_backchannel?: boolean;
    response_id?: number;
    interrupt_id?: number;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/**
 * Retell's `update` event: a sliding window of the last few utterances, the last one growing in place.
 *
 * @example
 * ```ts
 * client.on('update', (event: RetellUpdateEvent) => {
 *   console.log(event.turntaking, event.transcript?.at(-1)?.content);
 * });
 * ```
 */
export interface RetellUpdateEvent {
  event_type?: 'update';
  transcript?: RetellUtterance[];
  turntaking?: 'agent_turn' | 'user_turn' | (string & {});
  [key: string]: unknown;
}

/**
 * Retell's `metadata` event: data your custom LLM sent with `response_type: "metadata"`.
 *
 * @example
 * ```tsx
 * const onMetadata = (_metadata: unknown, event: RetellMetadataEvent) => showOrder(event.metadata);
 * <WebCallProvider agentId="agent_123" onMetadata={onMetadata}>…</WebCallProvider>
 * ```
 */
export interface RetellMetadataEvent {
  event_type?: 'metadata';
  metadata?: unknown;
  [key: string]: unknown;
}

/**
 * Retell's `node_transition` event (conversation-flow agents).
 *
 * @example
 * ```tsx
 * const onNodeTransition = (event: RetellNodeTransitionEvent) => setStep(event.new_node_name);
 * <WebCallProvider agentId="agent_123" onNodeTransition={onNodeTransition}>…</WebCallProvider>
 * ```
 */
export interface RetellNodeTransitionEvent {
  event_type?: 'node_transition';
  former_node_id?: string;
  former_node_name?: string;
  new_node_id?: string;
  new_node_name?: string;
  transition_type?: string;
  [key: string]: unknown;
}

/**
 * The events a browser client emits and their payloads.
 *
 * @example
 * ```ts
 * type UpdateArgs = WebCallClientEvents['update']; // [event: RetellUpdateEvent]
 * client.on('audio', (samples) => meter.push(samples)); // samples: Float32Array
 * ```
 */
export interface WebCallClientEvents {
  call_started: [];
  call_ready: [];
  call_ended: [];
  agent_start_talking: [];
  agent_stop_talking: [];
  update: [event: RetellUpdateEvent];
  metadata: [event: RetellMetadataEvent];
  node_transition: [event: RetellNodeTransitionEvent];
  /** Float32 analyser snapshots of the agent's audio, every animation frame, with `emitRawAudioSamples`. */
  audio: [samples: Float32Array];
  /** Retell 2.x only ever sends the string `"Error starting call"` here. */
  error: [error: unknown];
  /**
   * Whether the browser lets the agent's audio play (autoplay policy). `canPlay: false` means the user hears
   * nothing until `startAudioPlayback()` runs inside a click. May arrive before `call_started`.
   */
  audio_playback: [event: { canPlay: boolean }];
  /** The connection dropped and the client is trying to restore it (the call is still on). */
  reconnecting: [];
  /** The connection came back after `reconnecting`. */
  reconnected: [];
  /**
   * Before joining, the client waits until `until` (epoch ms) before it dials: LiveKit's back-off after
   * failed joins. `{ until: null }` when the wait is over. Emitted from inside `startCall`, before `call_started`.
   */
  join_wait: [event: { until: number | null }];
}

/**
 * Name of a {@link WebCallClientEvents} event.
 *
 * @example
 * ```ts
 * const lifecycle: WebCallClientEvent[] = ['call_started', 'call_ready', 'call_ended'];
 * ```
 */
export type WebCallClientEvent = keyof WebCallClientEvents;

/**
 * A listener for event `E`.
 *
 * @example
 * ```ts
 * const onUpdate: WebCallClientListener<'update'> = (event) => console.log(event.transcript);
 * client.on('update', onUpdate);
 * client.off('update', onUpdate);
 * ```
 */
export type WebCallClientListener<E extends WebCallClientEvent> = (...args: WebCallClientEvents[E]) => void;

/**
 * What `startCall` receives: the token plus the audio options; extra v3 fields are forwarded as they came.
 *
 * @example
 * ```ts
 * const config: StartCallConfig = { accessToken: call.access_token, sampleRate: 24000 };
 * await client.startCall(config);
 * ```
 */
export interface StartCallConfig {
  accessToken: string;
  sampleRate?: number;
  captureDeviceId?: string;
  playbackDeviceId?: string;
  emitRawAudioSamples?: boolean;
  /** v3 responses (SDK 3.x): forwarded untouched; SDK 2.x ignores them. */
  callId?: string;
  transport?: string;
  iceServers?: unknown[];
  [key: string]: unknown;
}

/**
 * The browser-client interface the call store drives: `RetellWebClient`'s surface, typed. Implement it to
 * plug in another transport, a fake for tests, or the simulated client from `retell-web-call-react/testing`.
 *
 * @example
 * ```ts
 * const createClient = async (): Promise<WebCallClient> => new MyClient();
 * <WebCallProvider agentId="agent_123" createClient={createClient}>…</WebCallProvider>
 * ```
 */
export interface WebCallClient {
  startCall(config: StartCallConfig): Promise<unknown>;
  stopCall(): void;
  mute(): void;
  unmute(): void;
  startAudioPlayback(): Promise<unknown>;
  on<E extends WebCallClientEvent>(event: E, listener: WebCallClientListener<E>): unknown;
  off<E extends WebCallClientEvent>(event: E, listener: WebCallClientListener<E>): unknown;
  /** Optional: switch the microphone during a call (`'default'` for the system default). */
  setInputDevice?(deviceId: string): Promise<unknown> | undefined;
  /** Optional: switch the speaker during a call, where the browser supports `setSinkId`. */
  setOutputDevice?(deviceId: string): Promise<unknown> | undefined;
  /** Optional: the agent's playback volume, 0…1. */
  setVolume?(volume: number): void;
  /** Optional: the live microphone track of the call (for the input level meter), or null. */
  getInputTrack?(): MediaStreamTrack | null;
}

/**
 * Makes the browser client for one call. May be async (the default one imports the SDK on demand).
 *
 * @example
 * ```ts
 * const createClient: CreateWebCallClient = async () => {
 *   const client = await createRetellWebClient();
 *   client.on('error', (error) => report(error));
 *   return client;
 * };
 * ```
 */
export type CreateWebCallClient = () => WebCallClient | Promise<WebCallClient>;

/**
 * Imports the Retell adapter chunk (the adapter and `retell-client-js-sdk` with livekit-client) once; a failed
 * import is forgotten so the next call retries.
 */
const loadRetellAdapter = lazyImport(() => import('./retellAdapter.ts'));

/**
 * Starts downloading the Retell SDK chunk without creating a call or a token: call it on hover or focus of a
 * call button. Safe on the server (does nothing) and safe to call often; a failure is ignored here and
 * reported by the next `start()`.
 *
 * @example
 * ```tsx
 * <a onPointerEnter={preloadRetellSdk} href="#talk">Talk to us</a>
 * ```
 */
export function preloadRetellSdk(): void {
  if (typeof window === 'undefined') return;
  loadRetellAdapter().catch(() => {});
}

/**
 * The default {@link CreateWebCallClient}: lazily imports `retell-client-js-sdk` (2.0.8) and wraps a new
 * `RetellWebClient`. Beyond the SDK, the wrapper reads the LiveKit room the SDK creates:
 * - `audio_playback { canPlay }` from LiveKit's playback status (the current value as soon as the room
 *   exists, then each change; it can come before `call_started`), `reconnecting` / `reconnected` from its
 *   reconnects (one each per drop);
 * - `setInputDevice`, and `setOutputDevice` where the browser has `HTMLMediaElement.prototype.setSinkId`
 *   (the method is absent elsewhere), switch live during a call and do nothing before one;
 *   `setVolume(0…1)` sets the agent's volume, now and for tracks subscribed later (a `RangeError` outside
 *   0…1); `getInputTrack()` is the published microphone track, or null;
 * - `join_wait { until }` before LiveKit dials when earlier joins to Retell's LiveKit project failed in this page
 *   (LiveKit then waits 0.5 s, doubling per failure up to 15 s; a call that connects resets it), and
 *   `join_wait { until: null }` when the wait is over;
 * - `startCall` rejects with `incompatible_token` for a token whose `transport` is not LiveKit's (a v3
 *   `'gateway'` call), before the SDK dials anything;
 * - `stopCall()`, a failed join and a dropped room remove every room listener, disconnect the room and close
 *   the peer connection livekit-client leaves open after a failed join.
 *
 * @example
 * ```ts
 * const client = await createRetellWebClient();
 * client.on('audio_playback', ({ canPlay }) => showTapToListen(!canPlay));
 * ```
 */
export async function createRetellWebClient(): Promise<WebCallClient> {
  const { createRetellAdapter } = await loadRetellAdapter();
  return createRetellAdapter();
}
