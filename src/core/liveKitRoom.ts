/*
 * The LiveKit `Room` that retell-client-js-sdk 2.0.8 creates inside `startCall()` (`sdk.room`, private), read
 * for what the SDK ignores: blocked playback, reconnects, devices, volume, the microphone track, and the
 * engine that a failed join leaves open. Private to the lazily loaded Retell adapter chunk.
 *
 * `livekit-client` is the SDK's dependency (a caret range), not ours: it is never imported here. Its event
 * names are plain strings (a unit test compares them with the installed package's `RoomEvent`) and every
 * room, participant, track and engine method is feature-detected.
 */

import type { WebCallClientEvents } from './client.ts';
import type { JoinOutcome } from './liveKitBackoff.ts';

/** The `RoomEvent` values this bridge listens to. @internal */
export const LIVEKIT_ROOM_EVENTS = {
  audioPlaybackStatusChanged: 'audioPlaybackChanged',
  reconnecting: 'reconnecting',
  signalReconnecting: 'signalReconnecting',
  /** Both a resumed signal connection and a full reconnect end with this one (livekit-client 2.23). */
  reconnected: 'reconnected',
  trackSubscribed: 'trackSubscribed',
  disconnected: 'disconnected',
} as const;

/** LiveKit's `Track.Source.Microphone` and `Track.Kind.Audio`. @internal */
export const LIVEKIT_MICROPHONE_SOURCE = 'microphone';
/** @internal */
export const LIVEKIT_AUDIO_KIND = 'audio';

type Listener = (...args: never[]) => void;

/** A remote or local LiveKit track, as far as this bridge uses it. @internal */
export interface LiveKitTrackLike {
  kind?: string;
  mediaStreamTrack?: MediaStreamTrack;
  setVolume?(volume: number): void;
}

/** What the bridge reads of a LiveKit `Room` (all optional: feature-detected). @internal */
export interface LiveKitRoomLike {
  on?(event: string, listener: Listener): unknown;
  off?(event: string, listener: Listener): unknown;
  readonly canPlaybackAudio?: boolean;
  readonly engine?: LiveKitEngineLike;
  readonly remoteParticipants?: Map<
    string,
    { audioTrackPublications?: Map<string, { track?: LiveKitTrackLike | undefined }> }
  >;
  readonly localParticipant?: {
    getTrackPublication?(source: string): { track?: LiveKitTrackLike | undefined } | undefined;
  };
  switchActiveDevice?(
    kind: 'audioinput' | 'audiooutput',
    deviceId: string,
    exact?: boolean,
  ): Promise<unknown>;
  disconnect?(): unknown;
}

/**
 * The clean-up methods of livekit-client's `RTCEngine` (2.23). After a failed join its `close()` returns early
 * (the engine starts out marked closed), so the peer connection, its data channels and the lossy channel's
 * 1 s stats timer stay alive unless these run. @internal
 */
export interface LiveKitEngineLike {
  cleanupLossyDataStats?(): unknown;
  cleanupPeerConnections?(): unknown;
  cleanupClient?(): unknown;
}

type Emit = <E extends 'audio_playback' | 'reconnecting' | 'reconnected'>(
  event: E,
  ...args: WebCallClientEvents[E]
) => void;

/** The bridge of one call's room. @internal */
export interface RoomBridge {
  /** Applies `volume` to every remote audio track now; later tracks get it when subscribed. */
  setVolume(volume: number): void;
  /** Removes every listener this bridge added to the room. Idempotent. */
  detach(): void;
}

/**
 * Listens to `room`: playback status → `audio_playback` (the current value at once, then each change),
 * reconnecting or signal reconnecting → one `reconnecting`, reconnected → one `reconnected`, remote audio tracks
 * subscribed later → `volume()` applied, `disconnected` → `onDisconnected`.
 * @internal
 */
export function bridgeRoom(
  room: LiveKitRoomLike,
  emit: Emit,
  volume: () => number | undefined,
  onDisconnected: () => void,
): RoomBridge {
  let canPlay: boolean | undefined;
  let reconnecting = false;

  const playback = (value: unknown) => {
    if (typeof value !== 'boolean' || value === canPlay) return;
    canPlay = value;
    emit('audio_playback', { canPlay: value });
  };
  const handlers: Record<string, Listener> = {
    [LIVEKIT_ROOM_EVENTS.audioPlaybackStatusChanged]: ((value: unknown) =>
      playback(typeof value === 'boolean' ? value : room.canPlaybackAudio)) as Listener,
    [LIVEKIT_ROOM_EVENTS.reconnecting]: () => startReconnecting(),
    [LIVEKIT_ROOM_EVENTS.signalReconnecting]: () => startReconnecting(),
    [LIVEKIT_ROOM_EVENTS.reconnected]: () => stopReconnecting(),
    [LIVEKIT_ROOM_EVENTS.trackSubscribed]: ((track: LiveKitTrackLike | undefined) => {
      const value = volume();
      if (value !== undefined && track?.kind === LIVEKIT_AUDIO_KIND) track.setVolume?.(value);
    }) as Listener,
    [LIVEKIT_ROOM_EVENTS.disconnected]: () => onDisconnected(),
  };
  function startReconnecting() {
    if (reconnecting) return;
    reconnecting = true;
    emit('reconnecting');
  }
  function stopReconnecting() {
    if (!reconnecting) return;
    reconnecting = false;
    emit('reconnected');
  }

  const canListen = typeof room.on === 'function' && typeof room.off === 'function';
  if (canListen) for (const [event, handler] of Object.entries(handlers)) room.on?.(event, handler);
  let attached = canListen;
  playback(room.canPlaybackAudio);

  return {
    setVolume(value) {
      for (const participant of room.remoteParticipants?.values() ?? []) {
        for (const publication of participant.audioTrackPublications?.values() ?? []) {
          publication.track?.setVolume?.(value);
        }
      }
    },
    detach() {
      if (!attached) return;
      attached = false;
      for (const [event, handler] of Object.entries(handlers)) room.off?.(event, handler);
    },
  };
}

/** The live microphone track the room publishes, or null. @internal */
export function microphoneTrack(room: LiveKitRoomLike | undefined): MediaStreamTrack | null {
  const publication = room?.localParticipant?.getTrackPublication?.(LIVEKIT_MICROPHONE_SOURCE);
  return publication?.track?.mediaStreamTrack ?? null;
}

/**
 * Calls `onEngine` with every engine `room` switches to from now on (LiveKit replaces `room.engine` after
 * a failed join and on each region failover, and forgets the old one). Works only where `engine` is a
 * plain writable own property (livekit-client 2.x); elsewhere it watches nothing. Returns the undo.
 * @internal
 */
export function watchEngines(
  room: LiveKitRoomLike,
  onEngine: (engine: LiveKitEngineLike) => void,
): () => void {
  const descriptor = Object.getOwnPropertyDescriptor(room, 'engine');
  if (!descriptor || !('value' in descriptor) || !descriptor.writable || !descriptor.configurable) {
    return () => {};
  }
  let current: unknown = descriptor.value;
  Object.defineProperty(room, 'engine', {
    configurable: true,
    enumerable: descriptor.enumerable ?? true,
    get: () => current,
    set(next: unknown) {
      current = next;
      if (next && typeof next === 'object') onEngine(next as LiveKitEngineLike);
    },
  });
  return () => {
    Object.defineProperty(room, 'engine', {
      configurable: true,
      enumerable: descriptor.enumerable ?? true,
      writable: true,
      value: current,
    });
  };
}

/**
 * Closes what `engine` still holds: the lossy channel's stats timer, the peer connections and data
 * channels, the signal socket. Each step is feature-detected and may fail alone; after a clean disconnect
 * they all find nothing left and do nothing.
 * @internal
 */
export async function releaseEngine(engine: LiveKitEngineLike | undefined): Promise<void> {
  if (!engine) return;
  try {
    engine.cleanupLossyDataStats?.();
  } catch {
    // Keep going: the peer connections matter most.
  }
  for (const step of [engine.cleanupPeerConnections, engine.cleanupClient]) {
    if (typeof step !== 'function') continue;
    try {
      await step.call(engine);
    } catch {
      // Nothing more to release through this step.
    }
  }
}

/** Regions a failed join tried, read from LiveKit's private region provider (1 where it is not there). */
function attemptsOf(room: object): number {
  const provider = (room as { regionUrlProvider?: { attemptedRegions?: unknown } }).regionUrlProvider;
  const attempted = provider?.attemptedRegions;
  return 1 + (Array.isArray(attempted) ? attempted.length : 0);
}

/**
 * Reports every join of `room`: `onJoinStarted(url)` when `room.connect(url, …)` is called, `onJoinEnded` when
 * it settles. Wraps `connect` (an own instance property in livekit-client 2.x; a read-only one is left alone);
 * the caller gets LiveKit's own promise back, unchanged. Returns the undo, which puts LiveKit's `connect`
 * back (if nobody replaced it since), so the room no longer reaches the callbacks.
 * @internal
 */
export function watchJoins(
  room: object,
  onJoinStarted: (url: string) => void,
  onJoinEnded: (outcome: JoinOutcome) => void,
): () => void {
  const target = room as { connect?: unknown };
  const descriptor = Object.getOwnPropertyDescriptor(room, 'connect');
  const connect = target.connect;
  if (typeof connect !== 'function' || (descriptor && !descriptor.writable)) return () => {};
  const watched = function watchedConnect(this: unknown, url: unknown, ...rest: unknown[]) {
    const joining: unknown = connect.call(this, url, ...rest);
    if (typeof url !== 'string') return joining;
    onJoinStarted(url);
    Promise.resolve(joining).then(
      () => onJoinEnded({ url, connected: true, error: undefined, attempts: 1 }),
      (error: unknown) => onJoinEnded({ url, connected: false, error, attempts: attemptsOf(room) }),
    );
    return joining;
  };
  target.connect = watched;
  return () => {
    if (target.connect !== watched) return;
    if (descriptor) Object.defineProperty(room, 'connect', descriptor);
    else delete target.connect;
  };
}

/** `addEventListener`'s options as `removeEventListener` needs them: only `capture` matters. */
function captureOf(options: unknown): boolean {
  if (typeof options === 'boolean') return options;
  return (
    typeof options === 'object' && options !== null && Boolean((options as { capture?: unknown }).capture)
  );
}

// biome-ignore lint/suspicious/noExplicitAny: a wrapped method keeps whatever `this` and arguments it had.
type AnyMethod = (this: any, ...args: any[]) => unknown;

/**
 * Replaces `owner[key]` (a method) with `wrapper` until the returned undo runs; the undo puts the previous
 * property back unless someone replaced the wrapper since. Null where the property is missing, not a function
 * or not configurable: then nothing is replaced.
 */
function replaceMethod(
  owner: object,
  key: string,
  wrapper: (original: AnyMethod) => AnyMethod,
): (() => void) | null {
  const original = (owner as Record<string, unknown>)[key] as AnyMethod | undefined;
  const own = Object.getOwnPropertyDescriptor(owner, key);
  if (typeof original !== 'function' || (own && !own.configurable)) return null;
  const replacement = wrapper(original);
  try {
    Object.defineProperty(owner, key, {
      configurable: true,
      enumerable: false,
      writable: true,
      value: replacement,
    });
  } catch {
    return null; // a frozen or non-extensible owner: nothing is wrapped
  }
  return () => {
    if ((owner as Record<string, unknown>)[key] !== replacement) return;
    if (own) Object.defineProperty(owner, key, own);
    else Reflect.deleteProperty(owner, key);
  };
}

/** What {@link catchRoomHooks} caught, and the function that lets go of it. @internal */
export interface RoomHooks<T> {
  /** What `startSync` returned. */
  result: T;
  /**
   * Removes every `devicechange` listener caught, and unregisters every finalization registration caught
   * whose target is `room`. Idempotent.
   */
  release(room: object | undefined): void;
}

/**
 * Runs `startSync` (the SDK's `startCall()`, whose synchronous part builds LiveKit's `Room`) and catches what
 * it hooks onto the page: the `devicechange` listeners it adds to `navigator.mediaDevices`, and its
 * `FinalizationRegistry` registrations (given an unregister token when they have none).
 *
 * Why: livekit-client 2.23's `Room` constructor adds a `devicechange` listener meant to reach the room only
 * through a `WeakRef`, and registers the room with a `FinalizationRegistry` whose callback would remove that
 * listener once the room is collected. Both closures keep the constructor's scope, `this` included, so the
 * listener holds the room strongly from `navigator.mediaDevices`, and the registry holds it strongly through
 * its own callback (it can never be collected, so the callback never runs); `disconnect()` removes a
 * different function (`handleDeviceChange`). Every call's room (engine, signal client, the last error and its
 * stack: ~40 kB after a failed join) would stay for the page's life (livekit/client-sdk-js#2008, open).
 * A released room needs no device events: removing the listener is what LiveKit's own `disconnect()` means
 * to do, and unregistering only skips a callback whose one job was that removal.
 *
 * Feature-detected: a missing or non-configurable `navigator.mediaDevices.addEventListener` or
 * `FinalizationRegistry.prototype.register` is left alone (nothing caught there). The wrappers exist only
 * during the synchronous call, so nothing else in the page ever sees them; what was there before is put back.
 * @internal
 */
export function catchRoomHooks<T>(startSync: () => T): RoomHooks<T> {
  const listeners: { media: MediaDevices; listener: EventListenerOrEventListenerObject; capture: boolean }[] =
    [];
  const registrations: { registry: FinalizationRegistry<unknown>; target: object; token: object }[] = [];
  const media = typeof navigator === 'undefined' ? undefined : navigator.mediaDevices;
  const undoListeners =
    media && typeof media.removeEventListener === 'function'
      ? replaceMethod(
          media,
          'addEventListener',
          (original) =>
            function recordingAddEventListener(this: MediaDevices, ...args: unknown[]) {
              const [type, listener, options] = args;
              if (
                type === 'devicechange' &&
                (typeof listener === 'function' || typeof listener === 'object') &&
                listener
              ) {
                listeners.push({
                  media: this,
                  listener: listener as EventListenerOrEventListenerObject,
                  capture: captureOf(options),
                });
              }
              return Reflect.apply(original, this, args);
            },
        )
      : null;
  const registryPrototype =
    typeof FinalizationRegistry === 'function' ? FinalizationRegistry.prototype : undefined;
  const undoRegistrations = registryPrototype
    ? replaceMethod(
        registryPrototype,
        'register',
        (original) =>
          function tokenizingRegister(this: FinalizationRegistry<unknown>, ...args: unknown[]) {
            const [target, held, token] = args;
            if (token !== undefined || typeof target !== 'object' || target === null) {
              return Reflect.apply(original, this, args);
            }
            const ownToken = {};
            const registered = Reflect.apply(original, this, [target, held, ownToken]);
            registrations.push({ registry: this, target, token: ownToken });
            return registered;
          },
      )
    : null;
  let result: T;
  try {
    result = startSync();
  } finally {
    undoListeners?.();
    undoRegistrations?.();
  }
  return {
    result,
    release(room) {
      for (const { media: target, listener, capture } of listeners.splice(0)) {
        try {
          target.removeEventListener('devicechange', listener, capture);
        } catch {
          // The listener stays; nothing else to do.
        }
      }
      for (const { registry, target, token } of registrations.splice(0)) {
        if (target !== room) continue;
        try {
          registry.unregister(token);
        } catch {
          // The registration stays.
        }
      }
    },
  };
}
