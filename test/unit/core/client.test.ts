import { EventEmitter } from 'eventemitter3';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WebCallClient } from '../../../src/core/client.ts';
import { isWebCallError } from '../../../src/core/errors.ts';

// A stand-in for the LiveKit Room that retell-client-js-sdk 2.0.8 creates in startCall(): LiveKit's event
// names, its engine swap after a failed join, and the methods the adapter feature-detects.
class FakeEngine {
  cleanupLossyDataStats = vi.fn();
  cleanupPeerConnections = vi.fn(async () => {});
  cleanupClient = vi.fn(async () => {});
}

class FakeTrack {
  setVolume = vi.fn();
  mediaStreamTrack = { id: 'mic-track' } as unknown as MediaStreamTrack;
  constructor(readonly kind: 'audio' | 'video') {}
}

class FakeRoom extends EventEmitter {
  canPlaybackAudio = true;
  engine: FakeEngine = new FakeEngine();
  readonly firstEngine = this.engine;
  readonly regionEngines: FakeEngine[] = [];
  remoteParticipants = new Map<string, { audioTrackPublications: Map<string, { track?: FakeTrack }> }>();
  microphone: FakeTrack | undefined;
  localParticipant = {
    getTrackPublication: (source: string) =>
      source === 'microphone' && this.microphone ? { track: this.microphone } : undefined,
  };
  switchActiveDevice = vi.fn(async (_kind: string, _id: string, _exact?: boolean) => true as boolean);
  private rejectJoin: ((error: Error) => void) | null = null;
  disconnect = vi.fn(async () => {
    this.rejectJoin?.(new Error('Client initiated disconnect'));
  });
  connect(outcome: Outcome): Promise<void> {
    if (outcome === 'ok') return Promise.resolve();
    if (outcome === 'fail')
      return this.failJoin(Promise.reject(new Error('could not establish signal connection')));
    if (outcome === 'failover') {
      // LiveKit Cloud: the first region fails, the room swaps in a new engine for the next region (which
      // builds its own peer connection), and that one fails too.
      return this.failJoin(
        Promise.resolve().then(() => {
          this.engine = new FakeEngine();
          this.regionEngines.push(this.engine);
          throw new Error('could not establish signal connection (second region)');
        }),
      );
    }
    return this.failJoin(
      new Promise<void>((_, reject) => {
        this.rejectJoin = reject;
      }),
    );
  }
  /** LiveKit swaps in a new engine after a failed join and reports the room disconnected. */
  private async failJoin(join: Promise<void>) {
    try {
      await join;
    } catch (error) {
      this.engine = new FakeEngine();
      if (failedJoinReportsDisconnect) this.emit('disconnected');
      throw error;
    }
  }
  /** Listeners other than the SDK's own `disconnected` and `trackSubscribed`. */
  adapterListeners() {
    return this.eventNames().reduce((sum, name) => sum + this.listenerCount(name), 0) - 2;
  }
}

type Outcome = 'ok' | 'fail' | 'hang' | 'failover';
let nextOutcome: Outcome = 'ok';
/** livekit-client 2.23 emits `disconnected` after a failed join; the adapter must not depend on it. */
let failedJoinReportsDisconnect = true;
const rooms: FakeRoom[] = [];
// biome-ignore lint/suspicious/noExplicitAny: the mocked SDK instances, inspected by the tests
const instances: any[] = [];

// retell-client-js-sdk 2.0.8's RetellWebClient, as far as the adapter sees it (see research/retell.md §8).
vi.mock('retell-client-js-sdk', () => {
  class RetellWebClient extends EventEmitter {
    room: FakeRoom | undefined;
    connected = false;
    constructor() {
      super();
      instances.push(this);
    }
    startCall = vi.fn(async (_config: unknown) => {
      const room = new FakeRoom();
      this.room = room;
      rooms.push(room);
      room.on('disconnected', () => this.stopCall());
      room.on('trackSubscribed', (track: FakeTrack) => track.kind);
      try {
        await room.connect(nextOutcome);
        this.connected = true;
        this.emit('call_started');
      } catch {
        this.emit('error', 'Error starting call');
        this.stopCall();
      }
    });
    stopCall = vi.fn(() => {
      if (!this.connected) return;
      this.connected = false;
      this.emit('call_ended');
      void this.room?.disconnect();
      this.room = undefined;
    });
    mute = vi.fn();
    unmute = vi.fn();
    startAudioPlayback = vi.fn(async () => {});
  }
  return { RetellWebClient };
});

const { createRetellWebClient } = await import('../../../src/core/client.ts');

/** Lets every pending promise step run (the adapter cleans the engine once the join settled). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

async function newClient() {
  const client = await createRetellWebClient();
  const events: Array<[string, ...unknown[]]> = [];
  for (const name of [
    'audio_playback',
    'reconnecting',
    'reconnected',
    'call_started',
    'call_ended',
    'error',
  ] as const) {
    client.on(name, ((...args: unknown[]) => events.push([name, ...args])) as never);
  }
  return { client, sdk: instances.at(-1), events, names: () => events.map(([name]) => name) };
}

async function connected(client: WebCallClient) {
  nextOutcome = 'ok';
  await client.startCall({ accessToken: 't' });
  const room = rooms.at(-1);
  if (!room) throw new Error('no room');
  return room;
}

beforeEach(() => {
  rooms.length = 0;
  nextOutcome = 'ok';
  failedJoinReportsDisconnect = true;
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('createRetellWebClient (the SDK adapter)', () => {
  it('forwards every call and listener to the SDK', async () => {
    const { client, sdk } = await newClient();
    await client.startCall({ accessToken: 't', sampleRate: 24000 });
    expect(sdk.startCall).toHaveBeenCalledWith({ accessToken: 't', sampleRate: 24000 });
    client.mute();
    client.unmute();
    await client.startAudioPlayback();
    expect([sdk.mute.mock.calls.length, sdk.unmute.mock.calls.length]).toEqual([1, 1]);
    expect(sdk.startAudioPlayback).toHaveBeenCalledTimes(1);
    const listener = vi.fn();
    client.on('call_started', listener);
    expect(sdk.listeners('call_started')).toContain(listener);
    client.off('call_started', listener);
    expect(sdk.listeners('call_started')).not.toContain(listener);
  });

  it('imports the SDK once and makes a new client per call', async () => {
    const a = await createRetellWebClient();
    const b = await createRetellWebClient();
    expect(a).not.toBe(b);
  });
});

describe('LiveKit events → client events', () => {
  it('audio_playback: the room’s current value while connecting (before call_started), then each change', async () => {
    const { client, names, events } = await newClient();
    nextOutcome = 'hang';
    const joining = client.startCall({ accessToken: 't' });
    const room = rooms[0] as FakeRoom;
    // Emitted synchronously inside startCall, before any await: the store sees it while connecting.
    expect(events).toEqual([['audio_playback', { canPlay: true }]]);
    room.canPlaybackAudio = false;
    room.emit('audioPlaybackChanged', false);
    room.emit('audioPlaybackChanged', false); // LiveKit re-reports; the client does not
    room.canPlaybackAudio = true;
    room.emit('audioPlaybackChanged', true);
    expect(events.filter(([n]) => n === 'audio_playback')).toEqual([
      ['audio_playback', { canPlay: true }],
      ['audio_playback', { canPlay: false }],
      ['audio_playback', { canPlay: true }],
    ]);
    client.stopCall();
    await joining;
    expect(names()).not.toContain('call_started');
  });

  it('audio_playback: LiveKit’s playback check during the join (blocked) arrives while connecting', async () => {
    const { client, events } = await newClient();
    nextOutcome = 'hang';
    const original = FakeRoom.prototype.connect;
    const spy = vi.spyOn(FakeRoom.prototype, 'connect').mockImplementation(function (
      this: FakeRoom,
      outcome,
    ) {
      queueMicrotask(() => {
        this.canPlaybackAudio = false; // the AudioContext stayed suspended (autoplay policy)
        this.emit('audioPlaybackChanged', false);
      });
      return original.call(this, outcome);
    });
    const joining = client.startCall({ accessToken: 't' });
    await Promise.resolve();
    expect(events).toEqual([
      ['audio_playback', { canPlay: true }],
      ['audio_playback', { canPlay: false }],
    ]);
    spy.mockRestore();
    client.stopCall();
    await joining;
  });

  it('audio_playback: a room already blocked when the adapter looks reports canPlay false only', async () => {
    const { client, events } = await newClient();
    nextOutcome = 'hang';
    const original = FakeRoom.prototype.connect;
    const spy = vi.spyOn(FakeRoom.prototype, 'connect').mockImplementation(function (
      this: FakeRoom,
      outcome,
    ) {
      this.canPlaybackAudio = false;
      return original.call(this, outcome);
    });
    const joining = client.startCall({ accessToken: 't' });
    expect(events).toEqual([['audio_playback', { canPlay: false }]]);
    spy.mockRestore();
    client.stopCall();
    await joining;
  });

  it('reconnecting / signalReconnecting → one reconnecting; reconnected → one reconnected', async () => {
    const { client, names } = await newClient();
    const room = await connected(client);
    room.emit('reconnected'); // no drop yet: nothing to report
    room.emit('signalReconnecting');
    room.emit('reconnecting');
    room.emit('reconnecting');
    room.emit('reconnected');
    room.emit('reconnected');
    room.emit('reconnecting');
    room.emit('reconnected');
    expect(names().filter((n) => n.startsWith('reconnect'))).toEqual([
      'reconnecting',
      'reconnected',
      'reconnecting',
      'reconnected',
    ]);
  });

  it('a listener that throws is reported and cannot break LiveKit’s emitter', async () => {
    const reported = vi.fn();
    vi.stubGlobal('reportError', reported);
    const { client } = await newClient();
    const room = await connected(client);
    client.on('reconnecting', () => {
      throw new Error('listener bug');
    });
    expect(() => room.emit('reconnecting')).not.toThrow();
    expect(reported).toHaveBeenCalledWith(expect.objectContaining({ message: 'listener bug' }));
  });
});

describe('devices, volume, input track', () => {
  it('setInputDevice switches the room’s microphone live; before a call it does nothing', async () => {
    const { client } = await newClient();
    await expect(client.setInputDevice?.('usb-mic')).resolves.toBeUndefined();
    const room = await connected(client);
    await client.setInputDevice?.('usb-mic');
    expect(room.switchActiveDevice).toHaveBeenCalledWith('audioinput', 'usb-mic', true);
    room.switchActiveDevice.mockRejectedValueOnce(new Error('OverconstrainedError'));
    await expect(client.setInputDevice?.('gone')).rejects.toThrow('OverconstrainedError');
    // LiveKit reports a failed switch by answering false, without throwing.
    room.switchActiveDevice.mockResolvedValueOnce(false);
    await expect(client.setInputDevice?.('unplugged-mic')).rejects.toThrow(/Could not switch the audioinput/);
    // The system default is asked for loosely: Firefox and Safari list no device with the id 'default'.
    await client.setInputDevice?.('default');
    expect(room.switchActiveDevice).toHaveBeenLastCalledWith('audioinput', 'default', false);
  });

  it('setOutputDevice exists only where audio elements have setSinkId, and switches the room’s speaker', async () => {
    const had = 'setSinkId' in HTMLMediaElement.prototype;
    expect(had).toBe(false); // jsdom
    expect((await newClient()).client.setOutputDevice).toBeUndefined();
    Object.defineProperty(HTMLMediaElement.prototype, 'setSinkId', { value: vi.fn(), configurable: true });
    try {
      const { client } = await newClient();
      const room = await connected(client);
      await client.setOutputDevice?.('headphones');
      expect(room.switchActiveDevice).toHaveBeenCalledWith('audiooutput', 'headphones', true);
    } finally {
      delete (HTMLMediaElement.prototype as { setSinkId?: unknown }).setSinkId;
    }
  });

  it('setVolume sets every remote audio track now and those subscribed later, before or during a call', async () => {
    const { client } = await newClient();
    client.setVolume?.(0.3); // before the call: remembered
    const room = await connected(client);
    const early = new FakeTrack('audio');
    room.remoteParticipants.set('agent', { audioTrackPublications: new Map([['a', { track: early }]]) });
    room.emit('trackSubscribed', early);
    expect(early.setVolume).toHaveBeenLastCalledWith(0.3);
    client.setVolume?.(0.8);
    expect(early.setVolume).toHaveBeenLastCalledWith(0.8);
    const late = new FakeTrack('audio');
    const video = new FakeTrack('video');
    room.emit('trackSubscribed', late);
    room.emit('trackSubscribed', video);
    expect(late.setVolume).toHaveBeenCalledWith(0.8);
    expect(video.setVolume).not.toHaveBeenCalled();
  });

  it('setVolume accepts exactly the numbers from 0 to 1 (RangeError otherwise)', async () => {
    const { client } = await newClient();
    await connected(client);
    fc.assert(
      fc.property(
        fc.oneof(fc.double(), fc.double({ min: 0, max: 1 }), fc.constantFrom(0, 1, -0)),
        (value) => {
          const valid = value >= 0 && value <= 1;
          if (valid) expect(() => client.setVolume?.(value)).not.toThrow();
          else expect(() => client.setVolume?.(value)).toThrow(RangeError);
        },
      ),
      { seed: 7, numRuns: 300 },
    );
  });

  it('getInputTrack is the published microphone track; null before a call and after it', async () => {
    const { client } = await newClient();
    expect(client.getInputTrack?.()).toBeNull();
    const room = await connected(client);
    expect(client.getInputTrack?.()).toBeNull(); // not published yet
    room.microphone = new FakeTrack('audio');
    expect(client.getInputTrack?.()).toBe(room.microphone.mediaStreamTrack);
    client.stopCall();
    expect(client.getInputTrack?.()).toBeNull();
  });
});

describe('clean-up: listeners, room, engine', () => {
  it('stopCall removes every room listener of the adapter and disconnects the room', async () => {
    const { client, names } = await newClient();
    const room = await connected(client);
    expect(room.adapterListeners()).toBeGreaterThan(0);
    client.stopCall();
    expect(names().at(-1)).toBe('call_ended');
    expect(room.adapterListeners()).toBe(0);
    expect(room.disconnect).toHaveBeenCalled();
    room.emit('reconnecting');
    room.emit('audioPlaybackChanged', false);
    expect(names().filter((n) => n === 'reconnecting' || n === 'audio_playback')).toEqual(['audio_playback']);
  });

  it('a failed join releases everything by itself: listeners, and the first engine LiveKit swapped out', async () => {
    const { client, names } = await newClient();
    nextOutcome = 'fail';
    await client.startCall({ accessToken: 'bad' });
    const room = rooms[0] as FakeRoom;
    expect(names()).toEqual(['audio_playback', 'error']);
    expect(room.adapterListeners()).toBe(0);
    expect(room.engine).not.toBe(room.firstEngine); // LiveKit's swap
    await settle();
    const engine = room.firstEngine;
    expect(engine.cleanupLossyDataStats).toHaveBeenCalledTimes(1);
    expect(engine.cleanupPeerConnections).toHaveBeenCalledTimes(1);
    expect(engine.cleanupClient).toHaveBeenCalledTimes(1);
    client.stopCall(); // the store's own stop afterwards: nothing twice
    await settle();
    expect(engine.cleanupPeerConnections).toHaveBeenCalledTimes(1);
  });

  it('a failed join across regions cleans every engine LiveKit swapped in and forgot', async () => {
    const { client } = await newClient();
    nextOutcome = 'failover';
    await client.startCall({ accessToken: 'bad' });
    const room = rooms[0] as FakeRoom;
    await settle();
    const [second] = room.regionEngines;
    expect(room.firstEngine.cleanupPeerConnections).toHaveBeenCalledTimes(1);
    expect(second?.cleanupPeerConnections).toHaveBeenCalledTimes(1);
    expect(room.engine.cleanupPeerConnections).toHaveBeenCalledTimes(1); // the fresh one: nothing to do
    // The room's `engine` is a plain property again once the adapter let go.
    expect(Object.getOwnPropertyDescriptor(room, 'engine')).toMatchObject({
      writable: true,
      value: room.engine,
    });
  });

  it('a failed join that the room does not report as a disconnect is released all the same', async () => {
    const { client } = await newClient();
    nextOutcome = 'fail';
    failedJoinReportsDisconnect = false;
    await client.startCall({ accessToken: 'bad' });
    const room = rooms[0] as FakeRoom;
    expect(room.adapterListeners()).toBe(0);
    await settle();
    expect(room.firstEngine.cleanupPeerConnections).toHaveBeenCalledTimes(1);
  });

  it('stop while joining disconnects at once, and cleans the engine only after the join has failed', async () => {
    const { client } = await newClient();
    nextOutcome = 'hang';
    const order: string[] = [];
    const joining = client.startCall({ accessToken: 't' }).then(() => order.push('join settled'));
    const room = rooms[0] as FakeRoom;
    room.firstEngine.cleanupPeerConnections.mockImplementation(async () => {
      order.push('engine cleaned');
    });
    client.stopCall();
    expect(room.disconnect).toHaveBeenCalledTimes(1);
    expect(room.adapterListeners()).toBe(0);
    await joining;
    await settle();
    expect(order).toEqual(['join settled', 'engine cleaned']);
  });

  it('a room that drops (remote hang-up) releases the adapter’s listeners too', async () => {
    const { client, names } = await newClient();
    const room = await connected(client);
    room.emit('disconnected'); // the SDK's own listener turns this into stopCall → call_ended
    expect(names().at(-1)).toBe('call_ended');
    expect(room.adapterListeners()).toBe(0);
  });

  it('an engine without the clean-up methods (another livekit-client) is left alone, nothing throws', async () => {
    const { client } = await newClient();
    nextOutcome = 'fail';
    const joining = client.startCall({ accessToken: 'bad' });
    const room = rooms[0] as FakeRoom;
    Object.assign(room.firstEngine, {
      cleanupLossyDataStats: undefined,
      cleanupPeerConnections: () => {
        throw new Error('boom');
      },
      cleanupClient: 'not a function',
    });
    await joining;
    await settle();
    client.stopCall();
  });

  it('starting a new call on the same client releases the previous room first', async () => {
    const { client } = await newClient();
    const first = await connected(client);
    nextOutcome = 'hang';
    const joining = client.startCall({ accessToken: 't2' });
    expect(first.adapterListeners()).toBe(0);
    client.stopCall();
    await joining;
  });
});

describe('incompatible_token', () => {
  it('a v3 gateway token is refused before the SDK dials anything', async () => {
    const { client, sdk } = await newClient();
    const error = await client.startCall({ accessToken: 't', transport: 'gateway' }).catch((e: unknown) => e);
    expect(isWebCallError(error) && error.code).toBe('incompatible_token');
    expect(error).toMatchObject({ retryable: false, cause: { transport: 'gateway' } });
    expect((error as Error).message).toMatch(/\/v2\/create-web-call/);
    expect(sdk.startCall).not.toHaveBeenCalled();
    expect(rooms).toEqual([]);
  });

  it('the call store shows it as incompatible_token (not retryable), with nothing dialled', async () => {
    const { createCallStore } = await import('../../../src/core/store.ts');
    const onError = vi.fn();
    const store = createCallStore({
      agentId: 'agent_1',
      checkMicrophone: false,
      onError,
      getAccessToken: async () =>
        ({ access_token: 'v3-token', call_id: 'call_1', transport: 'gateway' }) as never,
    });
    await expect(store.start()).rejects.toMatchObject({ code: 'incompatible_token' });
    expect(store.getSnapshot()).toMatchObject({
      status: 'error',
      error: { code: 'incompatible_token', retryable: false },
    });
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'incompatible_token' }));
    expect(instances.at(-1)?.startCall).not.toHaveBeenCalled();
    expect(rooms).toEqual([]);
  });

  it('every transport other than LiveKit is refused; no transport, LiveKit’s, or a non-string reach the SDK', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.constantFrom('gateway', 'livekit', 'LiveKit', 'webrtc', ''),
          fc.constantFrom(undefined, null, 3),
        ),
        async (transport) => {
          const { client, sdk } = await newClient();
          const config = { accessToken: 't', ...(transport !== undefined && { transport }) } as never;
          const result = await client.startCall(config).then(
            () => 'joined',
            (e: unknown) => (isWebCallError(e) ? e.code : 'other'),
          );
          const refused = typeof transport === 'string' && transport !== 'livekit';
          expect(result).toBe(refused ? 'incompatible_token' : 'joined');
          expect(sdk.startCall).toHaveBeenCalledTimes(refused ? 0 : 1);
          client.stopCall();
        },
      ),
      { seed: 11, numRuns: 100 },
    );
  });
});
