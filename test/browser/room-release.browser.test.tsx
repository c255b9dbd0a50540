import { RetellWebClient } from 'retell-client-js-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import { type RetellSdkLike, wrapRetellSdk } from '../../src/core/retellAdapter.ts';

// Issue 12's heap figures: livekit-client 2.23's Room constructor adds a `devicechange` listener to
// navigator.mediaDevices and registers the room with a FinalizationRegistry; both closures keep the
// constructor's `this`, so every room (engine, signal client, last error and its stack) stayed reachable for
// the page's life (livekit/client-sdk-js#2008). The default adapter removes the listener and unregisters the
// room once the call is released. Counted here with the real SDK in Chromium, LiveKit's socket refused, and
// forced garbage collections (CDP). Own file: LiveKit's join back-off grows with every failed join in a page.

/** The `devicechange` listeners on navigator.mediaDevices added from now on and not removed. */
function trackDeviceChangeListeners() {
  const media = navigator.mediaDevices;
  const live = new Set<EventListenerOrEventListenerObject>();
  const add = media.addEventListener;
  const remove = media.removeEventListener;
  media.addEventListener = function (
    this: MediaDevices,
    ...args: Parameters<MediaDevices['addEventListener']>
  ) {
    const [type, listener] = args;
    if (type === 'devicechange' && listener) live.add(listener);
    return add.apply(this, args);
  } as MediaDevices['addEventListener'];
  media.removeEventListener = function (
    this: MediaDevices,
    ...args: Parameters<MediaDevices['removeEventListener']>
  ) {
    const [type, listener] = args;
    if (type === 'devicechange' && listener) live.delete(listener);
    return remove.apply(this, args);
  } as MediaDevices['removeEventListener'];
  return {
    count: () => live.size,
    restore() {
      Reflect.deleteProperty(media, 'addEventListener');
      Reflect.deleteProperty(media, 'removeEventListener');
    },
  };
}

/** Every RTCPeerConnection the page creates from now on, held weakly (a strong list would hold the rooms). */
function trackPeers() {
  const peers: WeakRef<RTCPeerConnection>[] = [];
  const Original = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Original {
    constructor(...args: ConstructorParameters<typeof RTCPeerConnection>) {
      super(...args);
      peers.push(new WeakRef(this));
    }
  } as typeof RTCPeerConnection;
  return {
    restore() {
      window.RTCPeerConnection = Original;
      for (const pc of peers) pc.deref()?.close(); // the bare SDK's (the adapter closed its own)
    },
  };
}

/** Rooms still alive after a full garbage collection. */
async function aliveAfterGc(rooms: WeakRef<object>[]): Promise<number> {
  await commands.collectGarbage();
  return rooms.filter((room) => room.deref() !== undefined).length;
}

/** One failed call through `start`, then stop; only a weak reference to its room is kept. */
async function failedCallRoom(
  start: (sdk: RetellWebClient) => { startCall: () => Promise<unknown>; stopCall: () => void },
): Promise<WeakRef<object>> {
  const sdk = new RetellWebClient();
  const client = start(sdk);
  await client.startCall();
  const room = (sdk as unknown as { room?: object }).room;
  if (!room) throw new Error('the SDK built no room');
  client.stopCall();
  return new WeakRef(room);
}

const ADAPTER_CALLS = 2;

let listeners: ReturnType<typeof trackDeviceChangeListeners>;
let peers: ReturnType<typeof trackPeers>;
beforeAll(async () => {
  listeners = trackDeviceChangeListeners();
  peers = trackPeers();
  await commands.interceptLivekit('close');
});
afterAll(() => {
  listeners.restore();
  peers.restore();
});

describe('LiveKit rooms after failed real-SDK joins (Chromium, forced GC)', () => {
  it('the bare SDK keeps its room: the devicechange listener stays, the room survives GC (the leak is real)', async () => {
    const before = listeners.count();
    const room = await failedCallRoom((sdk) => ({
      startCall: () => sdk.startCall({ accessToken: 'refused-bare' }),
      stopCall: () => sdk.stopCall(),
    }));
    expect(listeners.count() - before).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await aliveAfterGc([room])).toBe(1);
    expect(listeners.count() - before).toBe(1);
  }, 30_000);

  it(`the default adapter: ${ADAPTER_CALLS} failed calls leave no devicechange listener and no room`, async () => {
    const before = listeners.count();
    const rooms: WeakRef<object>[] = [];
    for (let i = 0; i < ADAPTER_CALLS; i++) {
      rooms.push(
        await failedCallRoom((sdk) => {
          const client = wrapRetellSdk(sdk as unknown as RetellSdkLike);
          return {
            startCall: () => client.startCall({ accessToken: `refused-adapter-${i}` }),
            stopCall: () => client.stopCall(),
          };
        }),
      );
    }
    await expect.poll(() => listeners.count() - before, { timeout: 10_000 }).toBe(0);
    // A failed join leaves LiveKit's signal connect timeout pending (websocketTimeout, 15 s), which holds its
    // room until it fires: transient, so wait it out.
    await expect.poll(() => aliveAfterGc(rooms), { timeout: 25_000, interval: 1000 }).toBe(0);
  }, 60_000);
});
