import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RetellUpdateEvent } from '../../../src/core/client.ts';
import {
  canUseSimulatedAudio,
  createSimulatedClient,
  type SimulatedClientOptions,
  type SimulatedScript,
} from '../../../src/testing/index.ts';
import { installFakeMicrophone } from '../../support/media.ts';
import { installFakeAudioContext, levels } from './fakeAudio.ts';
import { ROUND_TIMING, record } from './record.ts';

const timing = ROUND_TIMING;

// Agent "Hi" 600–700; the user turn listens from 1100.
const script: SimulatedScript = [
  { role: 'agent', text: 'Hi' },
  { role: 'user', text: 'one two three' },
  { role: 'agent', text: 'Done', endCall: true },
];

let mic: ReturnType<typeof installFakeMicrophone>;
let audio: ReturnType<typeof installFakeAudioContext>;

beforeEach(() => {
  vi.useFakeTimers();
  mic = installFakeMicrophone();
  audio = installFakeAudioContext();
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  mic.uninstall();
});

function simulate(options: SimulatedClientOptions = {}) {
  const client = createSimulatedClient({ audio: 'on', script, timing, ...options });
  const log = record(client);
  return { client, log };
}

const userContents = (log: ReturnType<typeof record>) =>
  log
    .of('update')
    .map((e) => (e.args[0] as RetellUpdateEvent).transcript?.at(-1))
    .filter((u) => u?.role === 'user')
    .map((u) => u?.content);

describe('simulated client with audio', () => {
  it("is what audio: 'auto' picks where AudioContext and getUserMedia exist", () => {
    expect(canUseSimulatedAudio()).toBe(true);
    const client = createSimulatedClient({ script, timing });
    void client.startCall({ accessToken: 'tok' });
    expect(client.usesAudio).toBe(true);
    client.stopCall();
    mic.uninstall();
    expect(canUseSimulatedAudio()).toBe(false);
  });

  it('speaks with a synthesized voice and opens the microphone after call_started', async () => {
    const { client } = simulate();
    void client.startCall({ accessToken: 'tok', captureDeviceId: 'mic-2' });
    const context = audio.last;
    expect(context.oscillators.length).toBeGreaterThan(0);
    expect(context.oscillators.every((o) => o.started)).toBe(true);
    expect(mic.getUserMedia).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(100);
    expect(mic.getUserMedia).toHaveBeenCalledTimes(1);
    expect(mic.getUserMedia.mock.calls[0]?.[0]).toMatchObject({
      audio: { deviceId: { exact: 'mic-2' }, echoCancellation: true },
    });
    const before = context.automationCount();
    await vi.advanceTimersByTimeAsync(550); // the agent says "Hi" at 600
    expect(context.automationCount()).toBeGreaterThan(before);
    client.stopCall();
  });

  it('sends the voice analyser as audio samples', async () => {
    const { client, log } = simulate();
    levels.voice = 0.25;
    void client.startCall({ accessToken: 'tok', emitRawAudioSamples: true });
    await vi.advanceTimersByTimeAsync(400);
    const frames = log.of('audio');
    expect(frames.length).toBeGreaterThan(3);
    expect(frames[0]?.args[0]).toHaveLength(1024);
    expect(frames[0]?.args[0][0]).toBeCloseTo(0.25);
    client.stopCall();
  });

  it('moves a user turn along when the microphone hears speech and then silence', async () => {
    const { client, log } = simulate();
    void client.startCall({ accessToken: 'tok' });
    await vi.advanceTimersByTimeAsync(3000);
    expect(userContents(log)).toEqual([]); // no speech: the turn waits
    expect(client.turnIndex).toBe(1);
    levels.mic = 0.1;
    await vi.advanceTimersByTimeAsync(700);
    expect(userContents(log)).toEqual(['one', 'one two']);
    levels.mic = 0;
    await vi.advanceTimersByTimeAsync(850);
    expect(userContents(log)).toEqual(['one', 'one two']); // still within the 900 ms of silence
    await vi.advanceTimersByTimeAsync(50);
    expect(userContents(log)).toEqual(['one', 'one two', 'one two three']);
    const turntaking = log.of('update').map((e) => (e.args[0] as RetellUpdateEvent).turntaking);
    expect(turntaking.filter(Boolean)).toEqual(['agent_turn', 'user_turn']);
    await vi.advanceTimersByTimeAsync(400);
    expect(client.isAgentTalking).toBe(true);
    await vi.advanceTimersByTimeAsync(2000);
    expect(log.names().at(-1)).toBe('call_ended');
    expect(mic.liveTracks()).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('ignores noise below the speech threshold', async () => {
    const { client, log } = simulate({ speechThreshold: 0.2 });
    void client.startCall({ accessToken: 'tok' });
    levels.mic = 0.1;
    await vi.advanceTimersByTimeAsync(5000);
    expect(userContents(log)).toEqual([]);
    client.stopCall();
  });

  it('does not hear a muted user: the turn falls back to the script after userTurnTimeoutMs', async () => {
    const { client, log } = simulate({ timing: { ...timing, userTurnTimeoutMs: 2000 } });
    void client.startCall({ accessToken: 'tok' });
    await vi.advanceTimersByTimeAsync(1000);
    client.mute();
    expect(mic.tracks[0]).toMatchObject({ enabled: false });
    levels.mic = 0.5;
    await vi.advanceTimersByTimeAsync(2050);
    expect(userContents(log)).toEqual([]);
    await vi.advanceTimersByTimeAsync(50); // timeout at 1100 + 2000: the simulator speaks the line
    expect(userContents(log)).toEqual(['one']);
    await vi.advanceTimersByTimeAsync(400);
    expect(userContents(log)).toEqual(['one', 'one two', 'one two three']);
    client.unmute();
    expect(mic.tracks[0]).toMatchObject({ enabled: true });
    client.stopCall();
  });

  it('ends a user turn that goes on past maxUserSpeechMs', async () => {
    const { client, log } = simulate({ timing: { ...timing, maxUserSpeechMs: 1000 } });
    void client.startCall({ accessToken: 'tok' });
    levels.mic = 0.3;
    await vi.advanceTimersByTimeAsync(1100 + 1200);
    expect(userContents(log).at(-1)).toBe('one two three');
    client.stopCall();
  });

  it('runs user turns on timers when the microphone is denied (the call goes on, like SDK 2.0.8)', async () => {
    mic.deny('NotAllowedError');
    const { client, log } = simulate();
    void client.startCall({ accessToken: 'tok' });
    await vi.advanceTimersByTimeAsync(1100);
    expect(userContents(log)).toEqual(['one']);
    await vi.advanceTimersByTimeAsync(5000);
    expect(log.names().at(-1)).toBe('call_ended');
  });

  it('releases the microphone, the voice and the AudioContext on stopCall', async () => {
    const { client } = simulate();
    void client.startCall({ accessToken: 'tok', emitRawAudioSamples: true });
    await vi.advanceTimersByTimeAsync(1500);
    expect(mic.liveTracks()).toHaveLength(1);
    client.stopCall();
    const context = audio.last;
    expect(mic.liveTracks()).toHaveLength(0);
    expect(context.state).toBe('closed');
    expect(context.oscillators.every((o) => o.stopped)).toBe(true);
    expect(context.nodes.every((n) => n.disconnected)).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it.each([
    ['an agent hang-up', { failure: { agentHangsUp: { afterMs: 1500 } } }],
    ['a mid-call drop', { failure: { midCall: { afterMs: 1500 } } }],
    ['a mid-call error', { failure: { midCall: { afterMs: 1500, emit: 'error' } } }],
  ] as const)('releases everything after %s', async (_, options) => {
    const { client } = simulate(options);
    void client.startCall({ accessToken: 'tok', emitRawAudioSamples: true });
    await vi.advanceTimersByTimeAsync(1500);
    expect(mic.liveTracks()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(100);
    expect(client.state).toBe('ended');
    expect(mic.liveTracks()).toHaveLength(0);
    expect(audio.last.state).toBe('closed');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('closes the AudioContext after a failed connect, without asking for the microphone', async () => {
    const { client } = simulate({ failure: { connect: 'error' } });
    void client.startCall({ accessToken: 'tok' });
    await vi.advanceTimersByTimeAsync(100);
    expect(audio.last.state).toBe('closed');
    expect(mic.getUserMedia).not.toHaveBeenCalled();
  });

  it('stops a microphone that opens only after the call ended, and builds no node on the closed context', async () => {
    mic.hold();
    const { client } = simulate();
    void client.startCall({ accessToken: 'tok' });
    await vi.advanceTimersByTimeAsync(150);
    client.stopCall();
    const context = audio.last;
    expect(context.state).toBe('closed');
    const nodes = context.nodes.length;
    mic.releaseHeld();
    await vi.advanceTimersByTimeAsync(0);
    expect(mic.tracks).toHaveLength(1);
    expect(mic.liveTracks()).toHaveLength(0);
    // Chromium warns once per node built on a closed context (the bench's simulated soak saw 3 per call).
    expect(context.streams).toHaveLength(0);
    expect(context.nodes.length).toBe(nodes);
  });

  it('resumes the AudioContext on startAudioPlayback', async () => {
    const { client } = simulate();
    void client.startCall({ accessToken: 'tok' });
    const context = audio.last;
    context.state = 'suspended';
    const resumes = context.resumes;
    await client.startAudioPlayback();
    expect(context.resumes).toBe(resumes + 1);
    expect(context.state).toBe('running');
    client.stopCall();
  });
});
