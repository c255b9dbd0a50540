/*
 * The default browser client: retell-client-js-sdk 2.0.8's `RetellWebClient`, wrapped. Loaded with
 * `import()` together with the SDK (see `createRetellWebClient` in client.ts), so nothing here costs the
 * initial bundle. On top of the SDK it reports what LiveKit knows and the SDK ignores (blocked playback,
 * reconnects), switches devices and volume live, refuses tokens the SDK cannot join, and releases what
 * LiveKit would keep after a call: the peer connection a failed join leaves open, and the room itself (its
 * page-wide hooks, see `catchRoomHooks`), so each call's room can be garbage-collected.
 */

import { RetellWebClient } from 'retell-client-js-sdk';
import { report } from './callRun.ts';
import type { StartCallConfig, WebCallClient, WebCallClientEvent, WebCallClientEvents } from './client.ts';
import { WebCallError } from './errors.ts';
import { createJoinBackoff, type JoinBackoff } from './liveKitBackoff.ts';
import {
  bridgeRoom,
  catchRoomHooks,
  type LiveKitEngineLike,
  type LiveKitRoomLike,
  microphoneTrack,
  type RoomBridge,
  releaseEngine,
  watchEngines,
  watchJoins,
} from './liveKitRoom.ts';
import { assertVolume } from './volume.ts';

/** The public surface of `RetellWebClient` plus the two private fields 2.0.8 is known to have. @internal */
export interface RetellSdkLike {
  startCall(config: StartCallConfig): Promise<unknown>;
  stopCall(): void;
  mute(): void;
  unmute(): void;
  startAudioPlayback(): Promise<unknown>;
  on(event: string, listener: (...args: never[]) => void): unknown;
  off(event: string, listener: (...args: never[]) => void): unknown;
  emit(event: string, ...args: unknown[]): unknown;
}

/** Private in the SDK's types; 2.0.8 sets `room` synchronously in `startCall()`. */
interface RetellSdkInternals {
  room?: LiveKitRoomLike;
  connected?: boolean;
}

/** One call's hold on the room, from `startCall` until released. */
interface CallResources {
  readonly room: LiveKitRoomLike | undefined;
  /**
   * The engine kept right after `startCall`, and every one the room switched to since: after a failed join
   * (and on each region failover) LiveKit swaps in a new engine and forgets the old one, peer connection
   * and all.
   */
  readonly engines: Set<LiveKitEngineLike>;
  unwatchEngines: () => void;
  /** Puts LiveKit's own `room.connect` back, so the room no longer reaches this call. */
  readonly unwatchJoins: () => void;
  /** Lets go of what the room hooked onto the page (see `catchRoomHooks`). */
  readonly releaseHooks: () => void;
  /** Settles (never rejects) when the SDK's `startCall` has. */
  readonly joined: Promise<void>;
  bridge: RoomBridge | null;
  /** Emits `join_wait { until: null }` when LiveKit's back-off before this join is over. */
  joinWaitTimer: ReturnType<typeof setTimeout> | undefined;
  released: boolean;
}

/**
 * LiveKit's join back-off as seen from this page: every adapter feeds it, like LiveKit's own module
 * singleton (which is not exported, so it can be neither read nor reset).
 */
const pageJoinBackoff = createJoinBackoff();

/** The only transport SDK 2.x can join: it always dials LiveKit. */
const JOINABLE_TRANSPORT = 'livekit';

/**
 * Throws `incompatible_token` for a token SDK 2.x cannot join: a v3 response's `transport` other than
 * `'livekit'` (today `'gateway'`). Without it the SDK would dial LiveKit and fail as `connection_failed`.
 * @internal
 */
export function assertJoinable(config: StartCallConfig): void {
  const transport = config.transport;
  if (typeof transport !== 'string' || transport === JOINABLE_TRANSPORT) return;
  throw new WebCallError(
    'incompatible_token',
    `The server created a "${transport}" call, which retell-client-js-sdk 2.x cannot join (it only joins LiveKit calls). Create the call with /v2/create-web-call, or use a browser client that supports "${transport}" calls.`,
    { cause: { transport } },
  );
}

/** Whether this browser can route audio elements to a chosen speaker. */
function canSwitchOutput(): boolean {
  return typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;
}

/**
 * Calls `onRoom` with the room the SDK assigns to its `room` field during `startSync()` (2.0.8 does so
 * inside `startCall()`, before it calls `room.connect`), then leaves the field a plain property again.
 */
function catchRoomAssignment<T>(sdk: object, onRoom: (room: object) => void, startSync: () => T): T {
  const descriptor = Object.getOwnPropertyDescriptor(sdk, 'room');
  if (descriptor && (!descriptor.configurable || !('value' in descriptor))) return startSync();
  let current: unknown = descriptor?.value;
  const get = () => current;
  Object.defineProperty(sdk, 'room', {
    configurable: true,
    enumerable: true,
    get,
    set(next: unknown) {
      current = next;
      if (next && typeof next === 'object') onRoom(next);
    },
  });
  try {
    return startSync();
  } finally {
    if (Object.getOwnPropertyDescriptor(sdk, 'room')?.get === get) {
      Object.defineProperty(sdk, 'room', {
        configurable: true,
        enumerable: true,
        writable: true,
        value: current,
      });
    }
  }
}

/**
 * Wraps an SDK instance as a {@link WebCallClient}. The extra events are emitted on the SDK's own emitter,
 * so `on`/`off` stay plain forwards. `joinBackoff` models LiveKit's back-off between joins (the page's own
 * by default).
 * @internal
 */
export function wrapRetellSdk(sdk: RetellSdkLike, joinBackoff: JoinBackoff = pageJoinBackoff): WebCallClient {
  const internals = sdk as unknown as RetellSdkInternals;
  let call: CallResources | null = null;
  let volume: number | undefined;

  const emit = <E extends WebCallClientEvent>(event: E, ...args: WebCallClientEvents[E]) => {
    try {
      sdk.emit(event, ...args);
    } catch (error) {
      report(error); // a throwing listener must not break LiveKit's own emitter
    }
  };

  function release(resources: CallResources): void {
    if (resources.released) return;
    resources.released = true;
    clearTimeout(resources.joinWaitTimer);
    if (call === resources) call = null;
    resources.bridge?.detach();
    let disconnected: unknown;
    try {
      // Cancels a join in progress at once; after a failed join or a stopCall() it finds nothing to do.
      disconnected = resources.room?.disconnect?.();
    } catch {
      disconnected = undefined;
    }
    // Only once the join has settled: cleaning the engine mid-join would race LiveKit's own steps. Then
    // nothing of this call stays reachable from the room, nor the room from the page.
    void Promise.all([resources.joined, Promise.resolve(disconnected).catch(() => {})]).then(() => {
      resources.unwatchEngines();
      resources.unwatchJoins();
      resources.releaseHooks();
      const engines = [...resources.engines];
      resources.engines.clear();
      return Promise.all(engines.map(releaseEngine));
    });
  }

  const client: WebCallClient = {
    async startCall(config) {
      assertJoinable(config);
      if (call) release(call);
      const join: { url: string | null } = { url: null };
      let unwatchJoins = () => {};
      const hooks = catchRoomHooks(() =>
        catchRoomAssignment(
          sdk,
          (created) => {
            unwatchJoins = watchJoins(
              created,
              (url) => {
                join.url = url;
              },
              (outcome) => joinBackoff.joinEnded(outcome, Date.now()),
            );
          },
          () => sdk.startCall(config),
        ),
      );
      const room = internals.room;
      const resources: CallResources = {
        room,
        engines: new Set(room?.engine ? [room.engine] : []),
        unwatchEngines: () => {},
        unwatchJoins,
        releaseHooks: () => hooks.release(room),
        joined: Promise.resolve(hooks.result).then(
          () => {},
          () => {},
        ),
        bridge: null,
        joinWaitTimer: undefined,
        released: false,
      };
      call = resources;
      if (room) {
        resources.unwatchEngines = watchEngines(room, (engine) => resources.engines.add(engine));
        resources.bridge = bridgeRoom(
          room,
          emit,
          () => volume,
          () => release(resources),
        );
      }
      // LiveKit sleeps before this join if earlier ones to the project failed: say until when.
      const joinWaitUntil = join.url === null ? null : joinBackoff.waitUntil(join.url, Date.now());
      if (joinWaitUntil !== null) {
        resources.joinWaitTimer = setTimeout(() => {
          if (!resources.released) emit('join_wait', { until: null });
        }, joinWaitUntil - Date.now());
        emit('join_wait', { until: joinWaitUntil });
      }
      try {
        await hooks.result;
      } finally {
        // 2.0.8 resolves after a failed join (having emitted `error`) with `connected` false.
        if (internals.connected === false) release(resources);
      }
    },
    stopCall() {
      try {
        sdk.stopCall(); // a connected call: call_ended, synchronously
      } finally {
        if (call) release(call);
      }
    },
    mute: () => sdk.mute(),
    unmute: () => sdk.unmute(),
    startAudioPlayback: () => sdk.startAudioPlayback(),
    on: (event, listener) => sdk.on(event, listener as (...args: never[]) => void),
    off: (event, listener) => sdk.off(event, listener as (...args: never[]) => void),
    setInputDevice: (deviceId) => switchDevice(call?.room, 'audioinput', deviceId),
    setVolume(value) {
      assertVolume(value);
      volume = value;
      call?.bridge?.setVolume(value);
    },
    getInputTrack: () => (call ? microphoneTrack(call.room) : null),
  };
  if (canSwitchOutput()) {
    client.setOutputDevice = (deviceId) => switchDevice(call?.room, 'audiooutput', deviceId);
  }
  return client;
}

/**
 * Switches the room's microphone or speaker. LiveKit answers `false` (without throwing) when the switch
 * failed: that rejects, so the store never shows a device the call is not using. `'default'` is asked for
 * loosely (not an exact `deviceId`): Firefox and Safari list no device of that id, the browser's default
 * device is what is meant.
 */
async function switchDevice(
  room: LiveKitRoomLike | undefined,
  kind: 'audioinput' | 'audiooutput',
  deviceId: string,
): Promise<void> {
  if (typeof room?.switchActiveDevice !== 'function') return;
  const switched = await room.switchActiveDevice(kind, deviceId, deviceId !== 'default');
  if (switched === false) throw new Error(`Could not switch the ${kind} to ${deviceId}.`);
}

/**
 * A new `RetellWebClient`, wrapped.
 * @internal
 */
export function createRetellAdapter(): WebCallClient {
  return wrapRetellSdk(new RetellWebClient() as unknown as RetellSdkLike);
}
