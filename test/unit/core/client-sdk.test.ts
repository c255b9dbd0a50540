import { createRequire } from 'node:module';
import { RoomEvent, Track } from 'livekit-client';
import { RetellWebClient } from 'retell-client-js-sdk';
import { describe, expect, it, vi } from 'vitest';
import {
  LIVEKIT_AUDIO_KIND,
  LIVEKIT_MICROPHONE_SOURCE,
  LIVEKIT_ROOM_EVENTS,
  type LiveKitRoomLike,
} from '../../../src/core/liveKitRoom.ts';
import { type RetellSdkLike, wrapRetellSdk } from '../../../src/core/retellAdapter.ts';

// The default adapter relies on private parts of retell-client-js-sdk 2.0.8 (its `room`) and on
// livekit-client's event names and engine methods, without importing livekit-client. These tests run the
// real installed packages, so an SDK or LiveKit release that changes them fails here.

const require = createRequire(import.meta.url);

type Internals = { room?: LiveKitRoomLike & { listenerCount(event: string): number }; connected?: boolean };

describe('the installed packages the adapter relies on', () => {
  it('retell-client-js-sdk is 2.0.8 (package.json pins ~2.0.8)', () => {
    expect(require('retell-client-js-sdk/package.json').version).toBe('2.0.8');
  });

  it('the adapter’s LiveKit event names are RoomEvent’s', () => {
    expect(LIVEKIT_ROOM_EVENTS).toEqual({
      audioPlaybackStatusChanged: RoomEvent.AudioPlaybackStatusChanged,
      reconnecting: RoomEvent.Reconnecting,
      signalReconnecting: RoomEvent.SignalReconnecting,
      reconnected: RoomEvent.Reconnected,
      trackSubscribed: RoomEvent.TrackSubscribed,
      disconnected: RoomEvent.Disconnected,
    });
    expect(LIVEKIT_MICROPHONE_SOURCE).toBe(Track.Source.Microphone);
    expect(LIVEKIT_AUDIO_KIND).toBe(Track.Kind.Audio);
  });
});

describe('the adapter around the real RetellWebClient 2.0.8 (no network: the join fails)', () => {
  it('finds sdk.room synchronously after startCall, listens to it, and lets go after the failed join', async () => {
    const sdk = new RetellWebClient();
    const internals = sdk as unknown as Internals;
    const client = wrapRetellSdk(sdk as unknown as RetellSdkLike);
    const events: string[] = [];
    for (const name of ['audio_playback', 'error', 'call_started', 'call_ended'] as const) {
      client.on(name, () => events.push(name));
    }

    const joining = client.startCall({ accessToken: 'not-a-real-token' });
    const room = internals.room;
    expect(room).toBeDefined();
    if (!room) return;
    // What the adapter feature-detects exists on the real objects (else it would silently do nothing).
    expect(typeof room.on).toBe('function');
    expect(typeof room.off).toBe('function');
    expect(typeof room.switchActiveDevice).toBe('function');
    expect(typeof room.localParticipant?.getTrackPublication).toBe('function');
    expect(room.remoteParticipants).toBeInstanceOf(Map);
    expect(room.canPlaybackAudio).toBe(true);
    const engine = room.engine as Record<string, unknown>;
    expect(typeof engine.cleanupPeerConnections).toBe('function');
    expect(typeof engine.cleanupLossyDataStats).toBe('function');
    expect(typeof engine.cleanupClient).toBe('function');
    const cleanup = vi.spyOn(engine as { cleanupPeerConnections(): Promise<void> }, 'cleanupPeerConnections');
    // LiveKit's `engine` is a plain own property the adapter can watch (to catch engines it swaps in).
    expect(Object.getOwnPropertyDescriptor(room, 'engine')?.get).toBeTypeOf('function');

    // One listener of ours per event, beside the SDK's own (it listens to none but these two).
    const count = () =>
      Object.fromEntries(
        Object.values(LIVEKIT_ROOM_EVENTS).map((event) => [event, room.listenerCount(event)]),
      );
    const during = count();

    await joining;
    expect(internals.connected).toBe(false);
    expect(events).toEqual(['audio_playback', 'error']); // 2.0.8: error, no call_ended, startCall resolves
    const after = count();
    for (const event of Object.values(LIVEKIT_ROOM_EVENTS)) {
      expect((during[event] ?? 0) - (after[event] ?? 0), event).toBe(1);
      if (event !== RoomEvent.Disconnected && event !== RoomEvent.TrackSubscribed)
        expect(after[event]).toBe(0);
    }
    // The engine kept at startCall is cleaned (jsdom fails before LiveKit swaps engines; Chromium swaps
    // them, see test/browser/peer-connections.browser.test.tsx).
    await vi.waitFor(() => expect(cleanup).toHaveBeenCalledTimes(1));
    expect(Object.getOwnPropertyDescriptor(room, 'engine')).toMatchObject({ writable: true });
    client.stopCall();
  });

  it('sees each join of the real Room (for LiveKit’s back-off): connect is wrapped, sdk.room stays a plain field', async () => {
    const sdk = new RetellWebClient();
    const internals = sdk as unknown as Internals;
    const client = wrapRetellSdk(sdk as unknown as RetellSdkLike);
    const joining = client.startCall({ accessToken: 'not-a-real-token' });
    const room = internals.room as unknown as { connect: { name: string } };
    // The SDK called the adapter's wrapper, installed on the room the moment the SDK assigned it.
    expect(room.connect.name).toBe('watchedConnect');
    expect(Object.getOwnPropertyDescriptor(sdk, 'room')).toMatchObject({ writable: true, value: room });
    await joining;
    client.stopCall();
  });

  it('stopCall while the real SDK is joining disconnects the room and removes the listeners', async () => {
    const sdk = new RetellWebClient();
    const internals = sdk as unknown as Internals;
    const client = wrapRetellSdk(sdk as unknown as RetellSdkLike);
    const joining = client.startCall({ accessToken: 'not-a-real-token' });
    const room = internals.room;
    if (!room) throw new Error('no room');
    const disconnect = vi.spyOn(room as { disconnect(): Promise<void> }, 'disconnect');
    client.stopCall();
    expect(disconnect).toHaveBeenCalledTimes(1);
    expect(room.listenerCount(RoomEvent.Reconnecting)).toBe(0);
    await joining;
    expect(internals.connected).toBe(false);
  });
});
