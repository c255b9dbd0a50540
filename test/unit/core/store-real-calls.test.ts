import { afterAll, afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { unlockAudioPlayback } from '../../../src/core/audioUnlock.ts';
import type { CallOptions } from '../../../src/core/store.ts';
import { FakeClient } from '../../support/fakeClient.ts';
import { installFakeWebAudio } from '../../support/webAudio.ts';
import { flush, setupStore } from './storeHarness.ts';

// Issue 10, the store's half: blocked audio, the iOS unlock, reconnects, a silent agent, the turn, a mute
// chosen before the call, devices, volume, unplugged devices and the input level meter.

/** A client with every optional method of the interface, each a spy. */
class FullClient extends FakeClient {
  inputTrack: MediaStreamTrack | null = { kind: 'audio', id: 'track-1' } as MediaStreamTrack;
  setInputDevice = vi.fn((_id: string) => Promise.resolve());
  setOutputDevice = vi.fn((_id: string) => Promise.resolve());
  setVolume = vi.fn((_volume: number) => {});
  getInputTrack = vi.fn(() => (this.connected ? this.inputTrack : null));
}

function setupFull(extra: CallOptions = {}) {
  const clients: FullClient[] = [];
  const ctx = setupStore({
    createClient: () => {
      const client = new FullClient();
      clients.push(client);
      return client;
    },
    ...extra,
  });
  const last = () => clients.at(-1) as FullClient;
  async function toOngoing() {
    await ctx.toConnecting();
    last().connect();
  }
  return { ...ctx, clients, last, toOngoing };
}

const reported: unknown[] = [];
const originalReportError = globalThis.reportError;
globalThis.reportError = (error: unknown) => reported.push(error);
afterAll(() => {
  globalThis.reportError = originalReportError;
});

let ctx: ReturnType<typeof setupStore>;
afterEach(() => {
  ctx?.uninstall();
  reported.length = 0;
  vi.useRealTimers();
});

describe('blocked audio', () => {
  it('an audio_playback that arrives while connecting is applied at call_started, with one onAudioBlocked', async () => {
    const onAudioBlocked = vi.fn();
    ctx = setupStore({ onAudioBlocked });
    void ctx.store.start();
    await ctx.toConnecting();
    ctx.factory.last.emit('audio_playback', { canPlay: false });
    expect(ctx.store.getSnapshot().audioBlocked).toBe(false);
    ctx.factory.last.connect();
    expect(ctx.store.getSnapshot()).toMatchObject({ status: 'ongoing', audioBlocked: true });
    expect(onAudioBlocked).toHaveBeenCalledExactlyOnceWith(ctx.store.getSnapshot());
  });

  it('startAudioPlayback() asks the client; audioBlocked clears only when the client reports canPlay: true', async () => {
    const onAudioBlocked = vi.fn();
    ctx = setupStore({ onAudioBlocked });
    void ctx.store.start();
    await ctx.toOngoing();
    const client = ctx.factory.last;
    client.emit('audio_playback', { canPlay: false });
    expect(ctx.store.getSnapshot().audioBlocked).toBe(true);
    const before = client.playbackStarts;
    await ctx.store.startAudioPlayback();
    expect(client.playbackStarts).toBe(before + 1);
    expect(ctx.store.getSnapshot().audioBlocked).toBe(true);
    client.emit('audio_playback', { canPlay: true });
    expect(ctx.store.getSnapshot().audioBlocked).toBe(false);
    client.emit('audio_playback', { canPlay: false });
    expect(onAudioBlocked).toHaveBeenCalledTimes(2);
  });

  it('a startAudioPlayback that rejects is reported, never thrown, and audioBlocked stays true', async () => {
    ctx = setupStore();
    void ctx.store.start();
    await ctx.toOngoing();
    ctx.factory.last.emit('audio_playback', { canPlay: false });
    ctx.factory.last.startAudioPlayback = () => Promise.reject(new Error('NotAllowedError'));
    await expect(ctx.store.startAudioPlayback()).resolves.toBeUndefined();
    expect(reported).toHaveLength(1);
    expect(ctx.store.getSnapshot().audioBlocked).toBe(true);
  });

  it('is false again once the call is over, and a malformed event changes nothing', async () => {
    ctx = setupStore();
    void ctx.store.start();
    await ctx.toOngoing();
    ctx.factory.last.emit('audio_playback', { canPlay: false });
    ctx.factory.last.emit('audio_playback', {} as { canPlay: boolean });
    expect(ctx.store.getSnapshot().audioBlocked).toBe(true);
    await ctx.store.stop();
    expect(ctx.store.getSnapshot()).toMatchObject({ status: 'ended', audioBlocked: false });
  });
});

describe('the iOS audio unlock', () => {
  let audio: ReturnType<typeof installFakeWebAudio>;
  beforeEach(() => {
    audio = installFakeWebAudio();
  });
  afterEach(() => audio.uninstall());

  it('start() unlocks audio synchronously, before its first await, and closes that context at the end', async () => {
    ctx = setupStore();
    void ctx.store.start();
    // Nothing awaited yet: still inside the click.
    expect(audio.contexts).toHaveLength(1);
    expect(audio.contexts[0]?.resumed).toBe(1);
    expect(audio.contexts[0]?.buffersStarted).toBe(1);
    await ctx.toOngoing();
    await ctx.store.stop();
    expect(audio.open()).toHaveLength(0);
  });

  it('start() while a call is live unlocks nothing more', async () => {
    ctx = setupStore();
    void ctx.store.start();
    void ctx.store.start();
    expect(audio.contexts).toHaveLength(1);
    await ctx.store.stop();
    expect(audio.open()).toHaveLength(0);
  });

  it('does nothing on the server or without Web Audio', () => {
    audio.uninstall();
    expect(() => unlockAudioPlayback()()).not.toThrow();
    const original = globalThis.window;
    // @ts-expect-error a server render
    delete globalThis.window;
    try {
      expect(() => unlockAudioPlayback()()).not.toThrow();
    } finally {
      globalThis.window = original;
    }
  });
});

describe('reconnects', () => {
  it('isReconnecting and its callbacks, with the status and the transcript kept', async () => {
    const onReconnecting = vi.fn();
    const onReconnected = vi.fn();
    ctx = setupStore({ onReconnecting, onReconnected });
    void ctx.store.start();
    await ctx.toOngoing();
    const client = ctx.factory.last;
    client.emit('update', { transcript: [{ role: 'agent', content: 'Hello' }] });
    const transcript = ctx.store.getSnapshot().transcript;
    client.emit('reconnecting');
    client.emit('reconnecting');
    expect(ctx.store.getSnapshot()).toMatchObject({ status: 'ongoing', isReconnecting: true });
    expect(ctx.store.getSnapshot().transcript).toBe(transcript);
    expect(onReconnecting).toHaveBeenCalledExactlyOnceWith(ctx.store.getSnapshot());
    client.emit('reconnected');
    expect(ctx.store.getSnapshot()).toMatchObject({ status: 'ongoing', isReconnecting: false });
    expect(onReconnected).toHaveBeenCalledTimes(1);
  });

  it('a call_ended while reconnecting is call_failed "The connection was lost.", not a remote hang-up', async () => {
    const onCallEnd = vi.fn();
    const onError = vi.fn();
    ctx = setupStore({ onCallEnd, onError });
    void ctx.store.start();
    await ctx.toOngoing();
    ctx.factory.last.emit('reconnecting');
    ctx.factory.last.hangUp();
    const snapshot = ctx.store.getSnapshot();
    expect(snapshot).toMatchObject({ status: 'error', isReconnecting: false });
    expect(snapshot.error).toMatchObject({
      code: 'call_failed',
      message: 'The connection was lost.',
      retryable: true,
    });
    expect(onCallEnd).not.toHaveBeenCalled();
    expect(onError).toHaveBeenCalledTimes(1);
    expect(ctx.factory.last.listenerCount()).toBe(0);
  });

  it('an SDK error while reconnecting also says the connection was lost', async () => {
    ctx = setupStore();
    void ctx.store.start();
    await ctx.toOngoing();
    ctx.factory.last.emit('reconnecting');
    ctx.factory.last.emit('error', 'ws closed');
    expect(ctx.store.getSnapshot().error).toMatchObject({
      code: 'call_failed',
      message: 'The connection was lost.',
    });
  });

  it('stop() while reconnecting: ending no longer says reconnecting (a fast-check counterexample)', async () => {
    ctx = setupStore();
    void ctx.store.start();
    await ctx.toOngoing();
    ctx.factory.last.stopCall = () => {}; // a client that lets go later
    ctx.factory.last.emit('reconnecting');
    const seen: Array<[string, boolean]> = [];
    ctx.store.subscribe(() =>
      seen.push([ctx.store.getSnapshot().status, ctx.store.getSnapshot().isReconnecting]),
    );
    await ctx.store.stop();
    expect(seen).toEqual([
      ['ending', false],
      ['ended', false],
    ]);
  });

  it('a hang-up after a reconnect that succeeded is a remote end', async () => {
    ctx = setupStore();
    void ctx.store.start();
    await ctx.toOngoing();
    ctx.factory.last.emit('reconnecting');
    ctx.factory.last.emit('reconnected');
    ctx.factory.last.hangUp();
    expect(ctx.store.getSnapshot()).toMatchObject({ status: 'ended', endedBy: 'remote' });
  });
});

describe('agentReadyTimeoutMs', () => {
  it('by default, no call_ready within 15 s ends in agent_unavailable with everything released', async () => {
    const onError = vi.fn();
    ctx = setupStore({ onError });
    void ctx.store.start();
    await ctx.toConnecting();
    vi.useFakeTimers();
    ctx.factory.last.connect();
    await vi.advanceTimersByTimeAsync(14_999);
    expect(ctx.store.getSnapshot().status).toBe('ongoing');
    await vi.advanceTimersByTimeAsync(1);
    expect(ctx.store.getSnapshot().error).toMatchObject({ code: 'agent_unavailable', retryable: true });
    expect(onError).toHaveBeenCalledTimes(1);
    expect(ctx.factory.last.connected).toBe(false);
    expect(ctx.factory.last.listenerCount()).toBe(0);
    expect(ctx.mic.liveTracks()).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a reconnect is not a silent agent: the wait pauses while reconnecting and restarts in full after', async () => {
    ctx = setupStore({ agentReadyTimeoutMs: 1_000 });
    void ctx.store.start();
    await ctx.toConnecting();
    vi.useFakeTimers();
    ctx.factory.last.connect();
    await vi.advanceTimersByTimeAsync(900);
    ctx.factory.last.emit('reconnecting');
    await vi.advanceTimersByTimeAsync(5_000); // a long reconnect: no agent_unavailable meanwhile
    expect(ctx.store.getSnapshot()).toMatchObject({ status: 'ongoing', isReconnecting: true });
    ctx.factory.last.emit('reconnected');
    await vi.advanceTimersByTimeAsync(999);
    expect(ctx.store.getSnapshot().status).toBe('ongoing');
    await vi.advanceTimersByTimeAsync(1);
    expect(ctx.store.getSnapshot().error).toMatchObject({ code: 'agent_unavailable' });
  });

  it('a call_ready in time clears the timer', async () => {
    ctx = setupStore({ agentReadyTimeoutMs: 1_000 });
    void ctx.store.start();
    await ctx.toConnecting();
    vi.useFakeTimers();
    ctx.factory.last.connect();
    ctx.factory.last.emit('call_ready');
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(ctx.store.getSnapshot()).toMatchObject({ status: 'ongoing', agentReady: true });
  });

  it('a call_ready before call_started starts no timer', async () => {
    ctx = setupStore({ agentReadyTimeoutMs: 1_000 });
    void ctx.store.start();
    await ctx.toConnecting();
    vi.useFakeTimers();
    ctx.factory.last.emit('call_ready');
    ctx.factory.last.connect();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a call that ends before call_ready (hung up, or stopped) leaves no timer behind', async () => {
    for (const end of ['hung up', 'stopped'] as const) {
      ctx = setupStore({ agentReadyTimeoutMs: 1_000 });
      void ctx.store.start();
      await ctx.toConnecting();
      vi.useFakeTimers();
      ctx.factory.last.connect();
      expect(vi.getTimerCount()).toBe(1);
      if (end === 'hung up') ctx.factory.last.hangUp();
      else await ctx.store.stop();
      expect(ctx.store.getSnapshot().status).toBe('ended');
      expect(vi.getTimerCount()).toBe(0);
      vi.useRealTimers();
    }
  });

  it('0 disables it (custom clients that never send call_ready)', async () => {
    ctx = setupStore({ agentReadyTimeoutMs: 0 });
    void ctx.store.start();
    await ctx.toConnecting();
    vi.useFakeTimers();
    ctx.factory.last.connect();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(ctx.store.getSnapshot().status).toBe('ongoing');
  });
});

describe('turn', () => {
  it("follows update.turntaking and the agent's talking events, and is null outside a call", async () => {
    ctx = setupStore();
    expect(ctx.store.getSnapshot().turn).toBeNull();
    void ctx.store.start();
    await ctx.toOngoing();
    const client = ctx.factory.last;
    expect(ctx.store.getSnapshot().turn).toBeNull();
    client.emit('update', { transcript: [], turntaking: 'agent_turn' });
    expect(ctx.store.getSnapshot().turn).toBe('agent');
    client.emit('update', { transcript: [], turntaking: 'user_turn' });
    expect(ctx.store.getSnapshot().turn).toBe('user');
    client.emit('agent_start_talking');
    expect(ctx.store.getSnapshot()).toMatchObject({ turn: 'agent', isAgentTalking: true });
    client.emit('agent_stop_talking');
    expect(ctx.store.getSnapshot()).toMatchObject({ turn: 'user', isAgentTalking: false });
    client.emit('update', { transcript: [], turntaking: 'something_new' });
    expect(ctx.store.getSnapshot().turn).toBe('user');
    await ctx.store.stop();
    expect(ctx.store.getSnapshot().turn).toBeNull();
  });
});

describe('mute before the call', () => {
  it('makes the next call start muted: the client is muted at call_started', async () => {
    ctx = setupStore();
    ctx.store.mute();
    expect(ctx.store.getSnapshot()).toMatchObject({ status: 'idle', isMuted: true });
    void ctx.store.start();
    expect(ctx.store.getSnapshot().isMuted).toBe(true);
    await ctx.toConnecting();
    expect(ctx.factory.last.mutes).toBe(0);
    ctx.factory.last.connect();
    expect(ctx.factory.last.mutes).toBe(1);
    expect(ctx.store.getSnapshot()).toMatchObject({ status: 'ongoing', isMuted: true });
    ctx.store.unmute();
    expect(ctx.factory.last.unmutes).toBe(1);
  });

  it('while connecting is applied at call_started; an unmute before then cancels it', async () => {
    ctx = setupStore();
    void ctx.store.start();
    await ctx.toConnecting();
    ctx.store.mute();
    ctx.store.unmute();
    ctx.store.mute();
    ctx.factory.last.connect();
    expect(ctx.factory.last.mutes).toBe(1);
    expect(ctx.store.getSnapshot().isMuted).toBe(true);
  });

  it('carries over to "Try again" after a failed start', async () => {
    ctx = setupStore();
    ctx.store.mute();
    void ctx.store.start();
    await ctx.toConnecting();
    ctx.factory.last.failToConnect();
    expect(ctx.store.getSnapshot()).toMatchObject({ status: 'error', isMuted: true });
    void ctx.store.start();
    await ctx.toConnecting();
    ctx.factory.last.connect();
    expect(ctx.factory.last.mutes).toBe(1);
  });

  it('a client whose mute throws at call_started leaves isMuted false (the microphone is live)', async () => {
    ctx = setupStore();
    ctx.store.mute();
    void ctx.store.start();
    await ctx.toConnecting();
    ctx.factory.last.mute = () => {
      throw new Error('no track yet');
    };
    ctx.factory.last.connect();
    expect(ctx.store.getSnapshot()).toMatchObject({ status: 'ongoing', isMuted: false });
    expect(reported).toHaveLength(1);
  });
});

describe('devices and volume', () => {
  it('chosen before the call: survive start() and override startCallOptions in startCall', async () => {
    const full = setupFull({ startCallOptions: { captureDeviceId: 'opt-mic', playbackDeviceId: 'opt-spk' } });
    ctx = full;
    await full.store.setInputDevice('mic-a');
    await full.store.setOutputDevice('spk-a');
    full.store.setVolume(0.4);
    void full.store.start();
    expect(full.store.getSnapshot()).toMatchObject({
      inputDeviceId: 'mic-a',
      outputDeviceId: 'spk-a',
      volume: 0.4,
    });
    await full.toOngoing();
    expect(full.last().startCalls[0]).toMatchObject({ captureDeviceId: 'mic-a', playbackDeviceId: 'spk-a' });
    expect(full.last().setVolume).toHaveBeenCalledExactlyOnceWith(0.4);
    await full.store.stop();
    expect(full.store.getSnapshot()).toMatchObject({
      inputDeviceId: 'mic-a',
      outputDeviceId: 'spk-a',
      volume: 0.4,
    });
  });

  it('during a call: switch live through the client; the state follows once the switch succeeded', async () => {
    const full = setupFull();
    ctx = full;
    void full.store.start();
    await full.toOngoing();
    let finishSwitch!: () => void;
    full
      .last()
      .setInputDevice.mockImplementationOnce(() => new Promise<void>((resolve) => (finishSwitch = resolve)));
    const switching = full.store.setInputDevice('mic-b');
    await flush();
    expect(full.store.getSnapshot().inputDeviceId).toBeNull();
    finishSwitch();
    await switching;
    expect(full.store.getSnapshot().inputDeviceId).toBe('mic-b');
    await full.store.setOutputDevice('spk-b');
    expect(full.last().setOutputDevice).toHaveBeenCalledWith('spk-b');
    expect(full.store.getSnapshot().outputDeviceId).toBe('spk-b');
    full.store.setVolume(2);
    expect(full.last().setVolume).toHaveBeenLastCalledWith(1);
    full.store.setVolume(0.25);
    expect(full.store.getSnapshot().volume).toBe(0.25);
  });

  it('switches run in order, so the state ends on the device switched last', async () => {
    const full = setupFull();
    ctx = full;
    void full.store.start();
    await full.toOngoing();
    const order: string[] = [];
    full.last().setInputDevice.mockImplementation(async (id: string) => {
      await new Promise((resolve) => setTimeout(resolve, id === 'slow' ? 20 : 0));
      order.push(id);
    });
    await Promise.all([full.store.setInputDevice('slow'), full.store.setInputDevice('fast')]);
    expect(order).toEqual(['slow', 'fast']);
    expect(full.store.getSnapshot().inputDeviceId).toBe('fast');
  });

  it('a switch that completes after its call ended does not claim the device for the next call', async () => {
    const full = setupFull();
    ctx = full;
    void full.store.start();
    await full.toOngoing();
    let finishSwitch!: () => void;
    full
      .last()
      .setInputDevice.mockImplementationOnce(() => new Promise<void>((resolve) => (finishSwitch = resolve)));
    const switching = full.store.setInputDevice('mic-b');
    await full.store.stop();
    void full.store.start();
    await full.toOngoing();
    expect(full.last().startCalls[0]?.captureDeviceId).toBeUndefined();
    finishSwitch();
    await switching;
    expect(full.store.getSnapshot().inputDeviceId).toBeNull(); // the second call still uses the default
  });

  it('a failed live switch is reported and changes nothing', async () => {
    const full = setupFull();
    ctx = full;
    void full.store.start();
    await full.toOngoing();
    full.last().setInputDevice.mockRejectedValueOnce(new Error('OverconstrainedError'));
    await expect(full.store.setInputDevice('mic-gone')).resolves.toBeUndefined();
    expect(full.store.getSnapshot().inputDeviceId).toBeNull();
    expect(reported).toHaveLength(1);
    full.last().setVolume.mockImplementationOnce(() => {
      throw new Error('no track');
    });
    full.store.setVolume(0.5);
    expect(full.store.getSnapshot().volume).toBe(1);
  });

  it('a client without the optional methods never throws, and the state does not claim a switch', async () => {
    ctx = setupStore();
    void ctx.store.start();
    await ctx.toOngoing();
    await expect(ctx.store.setInputDevice('mic-b')).resolves.toBeUndefined();
    await expect(ctx.store.setOutputDevice('spk-b')).resolves.toBeUndefined();
    expect(() => ctx.store.setVolume(0.3)).not.toThrow();
    expect(ctx.store.getSnapshot()).toMatchObject({ inputDeviceId: null, outputDeviceId: null, volume: 1 });
    expect(reported).toHaveLength(0);
  });

  it('a volume chosen before the call, with a client that cannot set it, reads 1 once the call starts', async () => {
    ctx = setupStore();
    ctx.store.setVolume(0.5);
    void ctx.store.start();
    await ctx.toOngoing();
    expect(ctx.store.getSnapshot().volume).toBe(1);
    expect(reported).toHaveLength(0);
  });

  it('bad input is a clear TypeError', async () => {
    ctx = setupStore();
    expect(() => ctx.store.setVolume(Number.NaN)).toThrow(TypeError);
    await expect(ctx.store.setInputDevice('')).rejects.toThrow(TypeError);
    await expect(ctx.store.setOutputDevice(undefined as unknown as string)).rejects.toThrow(TypeError);
    ctx.store.setVolume(-3);
    expect(ctx.store.getSnapshot().volume).toBe(0);
  });
});

describe('an unplugged device', () => {
  function installDevices(initial: string[]) {
    const present = new Set(initial);
    const listeners = new Set<() => void>();
    const mediaDevices = navigator.mediaDevices as unknown as Record<string, unknown>;
    mediaDevices.enumerateDevices = async () =>
      [...present].map((deviceId) => ({
        deviceId,
        kind: deviceId.startsWith('mic') ? 'audioinput' : 'audiooutput',
      }));
    mediaDevices.addEventListener = (_type: string, listener: () => void) => listeners.add(listener);
    mediaDevices.removeEventListener = (_type: string, listener: () => void) => listeners.delete(listener);
    return {
      listeners,
      unplug(id: string) {
        present.delete(id);
        for (const listener of [...listeners]) listener();
      },
    };
  }

  it('falls back to the default microphone, says so in state and onDeviceChange, and stops listening at the end', async () => {
    const onDeviceChange = vi.fn();
    const full = setupFull({ onDeviceChange });
    ctx = full;
    const devices = installDevices(['mic-a', 'mic-b', 'spk-a']);
    await full.store.setInputDevice('mic-a');
    expect(devices.listeners.size).toBe(0); // nothing listens outside a call
    void full.store.start();
    await full.toOngoing();
    await vi.waitFor(() => expect(devices.listeners.size).toBe(1));
    devices.unplug('mic-b'); // not ours: nothing happens
    await flush();
    expect(onDeviceChange).not.toHaveBeenCalled();
    devices.unplug('mic-a');
    await vi.waitFor(() => expect(onDeviceChange).toHaveBeenCalledTimes(1));
    expect(onDeviceChange).toHaveBeenCalledWith({
      kind: 'audioinput',
      deviceId: 'default',
      reason: 'unplugged',
    });
    expect(full.store.getSnapshot().inputDeviceId).toBe('default');
    expect(full.last().setInputDevice).toHaveBeenCalledWith('default');
    await full.store.stop();
    expect(devices.listeners.size).toBe(0);
  });

  it('a fallback switch that fails is reported, and neither the state nor onDeviceChange claim it', async () => {
    const onDeviceChange = vi.fn();
    const reported = vi.fn();
    vi.stubGlobal('reportError', reported);
    onTestFinished(() => {
      vi.unstubAllGlobals();
    });
    const full = setupFull({ onDeviceChange });
    ctx = full;
    const devices = installDevices(['mic-a']);
    await full.store.setInputDevice('mic-a');
    void full.store.start();
    await full.toOngoing();
    await vi.waitFor(() => expect(devices.listeners.size).toBe(1));
    const failure = new Error('OverconstrainedError');
    vi.mocked(full.last().setInputDevice as (id: string) => Promise<void>).mockRejectedValueOnce(failure);
    devices.unplug('mic-a');
    await vi.waitFor(() => expect(reported).toHaveBeenCalledWith(failure));
    expect(onDeviceChange).not.toHaveBeenCalled();
    expect(full.store.getSnapshot().inputDeviceId).toBe('mic-a');
  });

  it('does the same for the speaker, including one chosen in startCallOptions', async () => {
    const onDeviceChange = vi.fn();
    const full = setupFull({ onDeviceChange, startCallOptions: { playbackDeviceId: 'spk-a' } });
    ctx = full;
    const devices = installDevices(['spk-a']);
    void full.store.start();
    await full.toOngoing();
    await vi.waitFor(() => expect(devices.listeners.size).toBe(1));
    devices.unplug('spk-a');
    await vi.waitFor(() => expect(onDeviceChange).toHaveBeenCalledTimes(1));
    expect(onDeviceChange).toHaveBeenCalledWith({
      kind: 'audiooutput',
      deviceId: 'default',
      reason: 'unplugged',
    });
    expect(full.store.getSnapshot().outputDeviceId).toBe('default');
  });
});

describe('subscribeInputLevel', () => {
  let audio: ReturnType<typeof installFakeWebAudio>;
  beforeEach(() => {
    audio = installFakeWebAudio(0.25);
  });
  afterEach(() => audio.uninstall());

  /** Runs `n` animation frames. */
  async function frames(n: number) {
    for (let i = 0; i < n; i++) await vi.advanceTimersByTimeAsync(16);
  }

  it('measures the microphone once per frame while ongoing and someone listens; closes everything after', async () => {
    const full = setupFull();
    ctx = full;
    const levels: number[] = [];
    const unsubscribe = full.store.subscribeInputLevel((level) => levels.push(level));
    void full.store.start();
    await full.toConnecting();
    vi.useFakeTimers({
      toFake: ['requestAnimationFrame', 'cancelAnimationFrame', 'setTimeout', 'clearTimeout'],
    });
    await frames(3);
    expect(levels).toEqual([]); // not before the call is ongoing
    full.last().connect();
    full.last().emit('call_ready');
    await vi.waitFor(() => expect(vi.getTimerCount()).toBe(1)); // the meter's frame (loaded on demand)
    const before = levels.length;
    await frames(5);
    expect(levels.length - before).toBe(5); // one level per frame
    expect(levels[0]).toBeCloseTo(Math.min(1, Math.sqrt(0.25) * 1.5));
    const meterContexts = audio.contexts.filter((context) => context.sources > 0);
    expect(meterContexts).toHaveLength(1);
    unsubscribe();
    expect(vi.getTimerCount()).toBe(0);
    expect(meterContexts[0]?.state).toBe('closed');
    const atUnsubscribe = levels.length;
    await frames(3);
    expect(levels).toHaveLength(atUnsubscribe);
  });

  it('stops when the call ends, and starts again for a listener that arrives during the next call', async () => {
    const full = setupFull({ agentReadyTimeoutMs: 0 });
    ctx = full;
    const levels: number[] = [];
    full.store.subscribeInputLevel((level) => levels.push(level));
    void full.store.start();
    await full.toOngoing();
    vi.useFakeTimers({ toFake: ['requestAnimationFrame', 'cancelAnimationFrame'] });
    await vi.waitFor(() => expect(vi.getTimerCount()).toBe(1));
    await frames(2);
    full.last().hangUp();
    expect(vi.getTimerCount()).toBe(0);
    expect(audio.open()).toHaveLength(0);
    vi.useRealTimers();
    void full.store.start();
    await full.toOngoing();
    const second: number[] = [];
    vi.useFakeTimers({ toFake: ['requestAnimationFrame', 'cancelAnimationFrame'] });
    full.store.subscribeInputLevel((level) => second.push(level));
    await vi.waitFor(() => expect(vi.getTimerCount()).toBe(1));
    const before = second.length;
    await frames(2);
    expect(second.length - before).toBe(2);
  });

  it('a client without getInputTrack measures nothing and never throws', async () => {
    ctx = setupStore({ agentReadyTimeoutMs: 0 });
    const levels: number[] = [];
    ctx.store.subscribeInputLevel((level) => levels.push(level));
    void ctx.store.start();
    await ctx.toOngoing();
    vi.useFakeTimers({ toFake: ['requestAnimationFrame', 'cancelAnimationFrame'] });
    await frames(3);
    expect(levels).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
    expect(audio.contexts.filter((context) => context.sources > 0)).toHaveLength(0);
  });

  it('a throwing level listener is reported and does not stop the others', async () => {
    const full = setupFull({ agentReadyTimeoutMs: 0 });
    ctx = full;
    const levels: number[] = [];
    full.store.subscribeInputLevel(() => {
      throw new Error('listener boom');
    });
    full.store.subscribeInputLevel((level) => levels.push(level));
    void full.store.start();
    await full.toOngoing();
    vi.useFakeTimers({ toFake: ['requestAnimationFrame', 'cancelAnimationFrame'] });
    await vi.waitFor(() => expect(vi.getTimerCount()).toBe(1));
    const before = levels.length;
    await frames(2);
    expect(levels.length - before).toBe(2);
    expect(reported.length).toBeGreaterThanOrEqual(2);
  });
});
