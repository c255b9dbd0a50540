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
 * the caller gets LiveKit's own promise back, unchanged.
 * @internal
 */
export function watchJoins(
  room: object,
  onJoinStarted: (url: string) => void,
  onJoinEnded: (outcome: JoinOutcome) => void,
): void {
  const target = room as { connect?: unknown };
  const descriptor = Object.getOwnPropertyDescriptor(room, 'connect');
  const connect = target.connect;
  if (typeof connect !== 'function' || (descriptor && !descriptor.writable)) return;
  target.connect = function watchedConnect(this: unknown, url: unknown, ...rest: unknown[]) {
    const joining: unknown = connect.call(this, url, ...rest);
    if (typeof url !== 'string') return joining;
    onJoinStarted(url);
    Promise.resolve(joining).then(
      () => onJoinEnded({ url, connected: true, error: undefined, attempts: 1 }),
      (error: unknown) => onJoinEnded({ url, connected: false, error, attempts: attemptsOf(room) }),
    );
    return joining;
  };
}
