import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RetellUpdateEvent } from '../../../src/core/client.ts';
import {
  createSimulatedClient,
  type SimulatedClient,
  type SimulatedClientOptions,
  type SimulatedScript,
} from '../../../src/testing/index.ts';
import { FakeAudioContext, installFakeAudioContext } from './fakeAudio.ts';
import { installMediaDevices } from './fakeMedia.ts';
import { ROUND_TIMING, record } from './record.ts';

// The simulated client's side of "real calls" (issue 10): blocked audio, reconnects, a silent agent, device
// changes, volume and the input track. Timing (ROUND_TIMING): call_started at 100, call_ready at 300, the
// agent's first word at 600 (100 ms per agent word).

const timing = ROUND_TIMING;
const script: SimulatedScript = [
  { role: 'agent', text: 'one two three four five six seven eight' },
  { role: 'user', text: 'yes' },
  { role: 'agent', text: 'Bye now', node: { id: 'end' }, metadata: { step: 2 }, endCall: true },
];

function simulate(options: SimulatedClientOptions = {}) {
  const client = createSimulatedClient({ audio: 'off', script, timing, ...options });
  const log = record(client);
  return { client, log };
}

/** Runs `fn` inside a click on a button, as a `StartAudioButton` would. */
function inClick<T>(fn: () => T): T {
  const button = document.createElement('button');
  let result: T | undefined;
  button.addEventListener('click', () => {
    result = fn();
  });
  button.click();
  return result as T;
}

const playback = (log: ReturnType<typeof record>) => log.of('audio_playback').map((e) => e.args[0].canPlay);

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('failure.blockAudio', () => {
  it('reports blocked playback while connecting and unblocks only on a click’s startAudioPlayback()', async () => {
    const { client, log } = simulate({ failure: { blockAudio: true } });
    void client.startCall({ accessToken: 'tok' });
    await vi.advanceTimersByTimeAsync(0);
    expect(log.names()).toEqual(['audio_playback']); // before call_started, like LiveKit's check
    expect(playback(log)).toEqual([false]);
    expect(client.audioBlocked).toBe(true);
    await vi.advanceTimersByTimeAsync(100);
    expect(log.names()).toEqual(['audio_playback', 'call_started']);
    // The call store's own startAudioPlayback() at call_started is no click: nothing changes.
    await client.startAudioPlayback();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(playback(log)).toEqual([false]); // and it never retries on its own
    expect(client.audioBlocked).toBe(true);
    await inClick(() => client.startAudioPlayback());
    expect(playback(log)).toEqual([false, true]);
    expect(client.audioBlocked).toBe(false);
    await inClick(() => client.startAudioPlayback());
    expect(playback(log)).toEqual([false, true]);
    client.stopCall();
  });

  it('keeps the synthesized voice silent until the click (audio mode)', async () => {
    const media = installMediaDevices();
    const audio = installFakeAudioContext();
    const { client } = simulate({ audio: 'on', volume: 0.5, failure: { blockAudio: true } });
    void client.startCall({ accessToken: 'tok' });
    await vi.advanceTimersByTimeAsync(700);
    expect(client.isAgentTalking).toBe(true);
    expect(audio.last.voiceGain()).toBe(0);
    await inClick(() => client.startAudioPlayback());
    expect(audio.last.voiceGain()).toBe(0.5);
    client.stopCall();
    media.uninstall();
  });
});

describe('autoplay policy (audio mode): a suspended AudioContext is blocked audio', () => {
  it('reports canPlay false when the browser keeps the context suspended, true after a click resumes it', async () => {
    const media = installMediaDevices();
    const audio = installFakeAudioContext();
    FakeAudioContext.autoplay = 'blocked';
    const { client, log } = simulate({ audio: 'on' });
    void client.startCall({ accessToken: 'tok' });
    const context = audio.last;
    expect(context.state).toBe('suspended');
    await vi.advanceTimersByTimeAsync(199);
    expect(playback(log)).toEqual([]); // LiveKit waits up to 200 ms for the context to start
    await vi.advanceTimersByTimeAsync(1);
    expect(playback(log)).toEqual([false]);
    const resumesBefore = context.resumes;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(context.resumes).toBe(resumesBefore); // it never retries on its own
    void client.startAudioPlayback(); // not in a click: the browser refuses
    await vi.advanceTimersByTimeAsync(300);
    expect(context.state).toBe('suspended');
    expect(playback(log)).toEqual([false]);
    await inClick(() => client.startAudioPlayback());
    expect(context.state).toBe('running');
    expect(playback(log)).toEqual([false, true]);
    client.stopCall();
    media.uninstall();
  });

  it('an allowed context reports nothing (playback is assumed possible)', async () => {
    const media = installMediaDevices();
    installFakeAudioContext();
    const { client, log } = simulate({ audio: 'on' });
    void client.startCall({ accessToken: 'tok' });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(playback(log)).toEqual([]);
    expect(client.audioBlocked).toBe(false);
    client.stopCall();
    media.uninstall();
  });
});

describe('failure.connectionDrop', () => {
  it('reconnecting … reconnected, with data held back during the drop and delivered after', async () => {
    // Dropped at 550, just before the agent's first turn (600–1400); back at 950.
    const { client, log } = simulate({ failure: { connectionDrop: { afterMs: 450, lastsMs: 400 } } });
    void client.startCall({ accessToken: 'tok' });
    await vi.advanceTimersByTimeAsync(650);
    expect(client.isReconnecting).toBe(true);
    const dropAt = log.events.findIndex((e) => e.event === 'reconnecting');
    await vi.advanceTimersByTimeAsync(400);
    expect(client.isReconnecting).toBe(false);
    const backAt = log.events.findIndex((e) => e.event === 'reconnected');
    expect(dropAt).toBeGreaterThan(-1);
    expect(backAt).toBeGreaterThan(dropAt);
    expect(log.events.slice(dropAt + 1, backAt)).toEqual([]); // nothing while the connection is down
    // After it: the agent's talking state, then the latest window (the agent said 4 words meanwhile).
    const after = log.events.slice(backAt + 1).map((e) => e.event);
    expect(after.slice(0, 2)).toEqual(['agent_start_talking', 'update']);
    const window = log.events[backAt + 2]?.args[0] as RetellUpdateEvent;
    expect(window.transcript?.at(-1)?.content).toBe('one two three four');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(log.names().at(-1)).toBe('call_ended'); // the conversation went on to the end
  });

  it('silences the agent during the drop (audio mode)', async () => {
    const media = installMediaDevices();
    const audio = installFakeAudioContext();
    const { client } = simulate({ audio: 'on', volume: 0.4, failure: { connectionDrop: { afterMs: 500 } } });
    void client.startCall({ accessToken: 'tok' });
    await vi.advanceTimersByTimeAsync(700);
    expect(audio.last.voiceGain()).toBe(0);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(audio.last.voiceGain()).toBe(0.4);
    client.stopCall();
    media.uninstall();
  });

  it('recovers: false → call_ended while reconnecting, nothing left running', async () => {
    const baseline = vi.getTimerCount();
    const { client, log } = simulate({
      failure: { connectionDrop: { afterMs: 1_000, lastsMs: 2_000, recovers: false } },
    });
    void client.startCall({ accessToken: 'tok' });
    await vi.advanceTimersByTimeAsync(3_100);
    const names = log.names();
    expect(names.slice(names.indexOf('reconnecting'))).toEqual(['reconnecting', 'call_ended']);
    expect(client.state).toBe('ended');
    expect(client.isReconnecting).toBe(false);
    expect(vi.getTimerCount()).toBe(baseline);
  });

  it('call_ready waits for the connection too (fast-check counterexample: a drop right at call_started)', async () => {
    const { client, log } = simulate({
      failure: { connectionDrop: { afterMs: 0, lastsMs: 700, recovers: true } },
    });
    void client.startCall({ accessToken: 'tok' });
    await vi.advanceTimersByTimeAsync(300); // call_ready is due at 300, the connection is down from 100 to 800
    expect(log.names()).toEqual(['call_started', 'reconnecting']);
    await vi.advanceTimersByTimeAsync(501); // (a 0 ms timer takes 1 ms)
    expect(log.names().slice(0, 4)).toEqual(['call_started', 'reconnecting', 'reconnected', 'call_ready']);
    client.stopCall();
  });

  it('dropConnection() / restoreConnection() do nothing out of place', async () => {
    const { client, log } = simulate();
    client.dropConnection(); // idle
    void client.startCall({ accessToken: 'tok' });
    client.dropConnection(); // connecting
    client.restoreConnection(); // not dropped
    await vi.advanceTimersByTimeAsync(100);
    client.dropConnection();
    client.dropConnection();
    client.restoreConnection();
    client.restoreConnection();
    expect(log.names().filter((n) => n.startsWith('reconnect'))).toEqual(['reconnecting', 'reconnected']);
    client.stopCall();
  });
});

describe('failure.agentNeverJoins', () => {
  it('call_started, then no call_ready and no turns until stopped', async () => {
    const { client, log } = simulate({ failure: { agentNeverJoins: true } });
    void client.startCall({ accessToken: 'tok' });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(log.names()).toEqual(['call_started']);
    expect(client.state).toBe('connected');
    client.stopCall();
    expect(log.names()).toEqual(['call_started', 'call_ended']);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('devices, volume and the input track', () => {
  let media: ReturnType<typeof installMediaDevices>;
  let audio: ReturnType<typeof installFakeAudioContext>;
  beforeEach(() => {
    media = installMediaDevices();
    audio = installFakeAudioContext();
  });
  afterEach(() => media.uninstall());

  it('getInputTrack is the microphone track it opened (null before that, and in timer mode)', async () => {
    const { client } = simulate({ audio: 'on' });
    expect(client.getInputTrack?.()).toBeNull();
    void client.startCall({ accessToken: 'tok' });
    expect(client.getInputTrack?.()).toBeNull();
    await vi.advanceTimersByTimeAsync(100);
    expect(client.getInputTrack?.()).toBe(media.tracks[0]);
    client.stopCall();
    expect(client.getInputTrack?.()).toBeNull();
    expect(media.liveTracks()).toEqual([]);
    const timers = simulate().client;
    void timers.startCall({ accessToken: 'tok' });
    await vi.advanceTimersByTimeAsync(100);
    expect(timers.getInputTrack?.()).toBeNull();
    timers.stopCall();
  });

  it('setInputDevice reopens the microphone on that device; a device that fails keeps the old one', async () => {
    const { client } = simulate({ audio: 'on' });
    void client.startCall({ accessToken: 'tok' });
    await vi.advanceTimersByTimeAsync(100);
    const first = media.tracks[0];
    await client.setInputDevice?.('usb-mic');
    expect(media.getUserMedia).toHaveBeenLastCalledWith({
      audio: expect.objectContaining({ deviceId: { exact: 'usb-mic' } }),
    });
    expect(first?.readyState).toBe('ended');
    expect(client.getInputTrack?.()).toBe(media.tracks[1]);
    expect(client.inputDeviceId).toBe('usb-mic');
    media.missing.add('gone');
    await expect(client.setInputDevice?.('gone')).rejects.toMatchObject({ name: 'OverconstrainedError' });
    expect(client.inputDeviceId).toBe('usb-mic');
    expect(client.getInputTrack?.()).toBe(media.tracks[1]);
    expect(media.liveTracks()).toEqual([media.tracks[1]]);
    client.stopCall();
    expect(media.liveTracks()).toEqual([]);
  });

  it('a device chosen before the call (or while the microphone opens) is the one opened', async () => {
    const { client } = simulate({ audio: 'on' });
    await client.setInputDevice?.('headset');
    void client.startCall({ accessToken: 'tok', captureDeviceId: 'laptop' });
    await vi.advanceTimersByTimeAsync(100);
    expect(client.getInputTrack?.()).toMatchObject({ deviceId: 'headset' });
    client.stopCall();

    const late = simulate({ audio: 'on' }).client;
    media.hold();
    void late.startCall({ accessToken: 'tok' });
    await vi.advanceTimersByTimeAsync(100); // getUserMedia for 'default' is in flight
    void late.setInputDevice?.('headset');
    media.release();
    await vi.advanceTimersByTimeAsync(0);
    expect(late.getInputTrack?.()).toMatchObject({ deviceId: 'headset', readyState: 'live' });
    expect(media.liveTracks()).toHaveLength(1);
    late.stopCall();
    expect(media.liveTracks()).toEqual([]);
  });

  it('unplugMicrophone: the track ends, devicechange fires, the default device takes over', async () => {
    const { client } = simulate({ audio: 'on', failure: { unplugMicrophone: { afterMs: 500 } } });
    const devicechange = vi.fn();
    media.devices.addEventListener('devicechange', devicechange);
    void client.startCall({ accessToken: 'tok', captureDeviceId: 'usb-mic' });
    await vi.advanceTimersByTimeAsync(100);
    const unplugged = media.tracks[0];
    const ended = vi.fn();
    unplugged?.addEventListener('ended', ended);
    expect(unplugged).toMatchObject({ deviceId: 'usb-mic' });
    await vi.advanceTimersByTimeAsync(500);
    expect(ended).toHaveBeenCalledTimes(1);
    expect(unplugged?.readyState).toBe('ended');
    expect(devicechange).toHaveBeenCalledTimes(1);
    expect(client.inputDeviceId).toBe('default');
    expect(client.getInputTrack?.()).toMatchObject({ deviceId: 'default', readyState: 'live' });
    client.stopCall();
    expect(media.liveTracks()).toEqual([]);
  });

  it('setVolume scales the voice (options.volume × volume) and accepts only 0…1', async () => {
    const { client } = simulate({ audio: 'on', volume: 0.2 });
    client.setVolume?.(0.5); // before the call: kept
    void client.startCall({ accessToken: 'tok' });
    expect(audio.last.voiceGain()).toBeCloseTo(0.1);
    fc.assert(
      fc.property(fc.oneof(fc.double(), fc.double({ min: 0, max: 1, noNaN: true })), (value) => {
        if (value >= 0 && value <= 1) {
          client.setVolume?.(value);
          expect(audio.last.voiceGain()).toBeCloseTo(0.2 * value);
          expect(client.volume).toBe(value);
        } else {
          const before = client.volume;
          expect(() => client.setVolume?.(value)).toThrow(RangeError);
          expect(client.volume).toBe(before);
        }
      }),
      { seed: 3, numRuns: 200 },
    );
    client.stopCall();
  });

  it('setOutputDevice routes the voice with AudioContext.setSinkId (the default as "")', async () => {
    const { client } = simulate({ audio: 'on' });
    await client.setOutputDevice?.('speakers'); // before the call: applied when it starts
    void client.startCall({ accessToken: 'tok' });
    await client.setOutputDevice?.('headphones');
    await client.setOutputDevice?.('default');
    expect(audio.last.sinkIds).toEqual(['speakers', 'headphones', '']);
    expect(client.outputDeviceId).toBe('default');
    client.stopCall();
  });
});

describe('properties: any sequence of drops, restores, clicks and stops', () => {
  type Step =
    | { kind: 'wait'; ms: number }
    | { kind: 'drop' }
    | { kind: 'restore' }
    | { kind: 'play'; click: boolean }
    | { kind: 'volume'; value: number };
  const step: fc.Arbitrary<Step> = fc.oneof(
    fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 1_500 }) }),
    fc.record({ kind: fc.constant('drop' as const) }),
    fc.record({ kind: fc.constant('restore' as const) }),
    fc.record({ kind: fc.constant('play' as const), click: fc.boolean() }),
    fc.record({ kind: fc.constant('volume' as const), value: fc.double({ min: 0, max: 1, noNaN: true }) }),
  );

  it('reconnect events alternate, nothing arrives while dropped, playback reports alternate, all released', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { maxLength: 25 }),
        fc.boolean(),
        fc.option(fc.record({ afterMs: fc.integer({ min: 0, max: 3_000 }), recovers: fc.boolean() })),
        async (steps, blockAudio, drop) => {
          vi.clearAllTimers();
          const failure: SimulatedClientOptions['failure'] = { blockAudio };
          if (drop) failure.connectionDrop = { afterMs: drop.afterMs, lastsMs: 700, recovers: drop.recovers };
          const { client, log } = simulate({ failure });
          void client.startCall({ accessToken: 'tok' });
          for (const s of steps) {
            if (s.kind === 'wait') await vi.advanceTimersByTimeAsync(s.ms);
            else if (s.kind === 'drop') client.dropConnection();
            else if (s.kind === 'restore') client.restoreConnection();
            else if (s.kind === 'play')
              await (s.click ? inClick(() => client.startAudioPlayback()) : client.startAudioPlayback());
            else client.setVolume?.(s.value);
          }
          client.stopCall();
          const endedAt = log.events.length;
          await vi.advanceTimersByTimeAsync(5_000);
          checkInvariants(client, log, endedAt);
        },
      ),
      { seed: Number(process.env.FC_SEED ?? 42), numRuns: 120 },
    );
  });

  function checkInvariants(client: SimulatedClient, log: ReturnType<typeof record>, endedAt: number) {
    const names = log.events.map((e) => e.event);
    let dropped = false;
    for (const name of names) {
      if (name === 'reconnecting') {
        expect(dropped).toBe(false);
        dropped = true;
      } else if (name === 'reconnected') {
        expect(dropped).toBe(true);
        dropped = false;
      } else if (dropped) {
        // Only the end of the call can come through a dropped connection.
        expect(['call_ended', 'error', 'audio_playback']).toContain(name);
      }
    }
    const reports = playback(log);
    reports.forEach((canPlay, i) => {
      expect(canPlay).toBe(i % 2 === 1); // false first, then alternating
    });
    expect(log.events.length).toBe(endedAt); // nothing after the end
    expect(client.state).toBe('ended');
    expect(vi.getTimerCount()).toBe(0);
  }
});
