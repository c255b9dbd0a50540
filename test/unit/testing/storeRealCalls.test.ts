import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCallStore } from '../../../src/core/store.ts';
import {
  createTestWebCallOptions,
  type SimulatedScript,
  type TestWebCallOptionsInput,
} from '../../../src/testing/index.ts';
import { ROUND_TIMING } from './record.ts';

// The simulated client's failure injections seen through the call store, as a UI built on it sees them.

const script: SimulatedScript = [
  { role: 'agent', text: 'one two three four five six seven eight nine ten' },
  { role: 'user', text: 'yes' },
  { role: 'agent', text: 'Bye now', endCall: true },
];

function setup(input: TestWebCallOptionsInput = {}) {
  const options = createTestWebCallOptions({ script, timing: ROUND_TIMING, ...input });
  const callbacks = {
    onAudioBlocked: vi.fn(),
    onReconnecting: vi.fn(),
    onReconnected: vi.fn(),
  };
  const store = createCallStore({ ...options, ...callbacks, agentReadyTimeoutMs: 0 });
  return { store, callbacks, client: () => options.createClient.last };
}

/** Calls `fn` inside a click, as a `StartAudioButton` does. */
function inClick(fn: () => unknown) {
  const button = document.createElement('button');
  button.addEventListener('click', () => void fn());
  button.click();
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('a call store driving the simulated client’s real-call failures', () => {
  it('blockAudio: audioBlocked while ongoing (the store’s own unlock is no click), cleared by a click', async () => {
    const { store, callbacks } = setup({ failure: { blockAudio: true } });
    void store.start();
    await vi.advanceTimersByTimeAsync(500);
    expect(store.getSnapshot()).toMatchObject({ status: 'ongoing', audioBlocked: true });
    expect(callbacks.onAudioBlocked).toHaveBeenCalledTimes(1);
    inClick(() => store.startAudioPlayback());
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getSnapshot().audioBlocked).toBe(false);
    await store.stop();
  });

  it('connectionDrop: isReconnecting during the drop, the transcript kept and grown after it', async () => {
    const { store, callbacks } = setup({ failure: { connectionDrop: { afterMs: 700, lastsMs: 500 } } });
    void store.start();
    await vi.advanceTimersByTimeAsync(799); // the agent has said 2 words (600, 700)
    const before = store.getSnapshot().transcript;
    expect(before.at(-1)?.content).toBe('one two');
    await vi.advanceTimersByTimeAsync(1);
    expect(store.getSnapshot()).toMatchObject({ status: 'ongoing', isReconnecting: true });
    expect(callbacks.onReconnecting).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(400);
    expect(store.getSnapshot().transcript).toBe(before); // nothing arrives while dropped
    await vi.advanceTimersByTimeAsync(100);
    expect(store.getSnapshot()).toMatchObject({ status: 'ongoing', isReconnecting: false });
    expect(callbacks.onReconnected).toHaveBeenCalledTimes(1);
    const after = store.getSnapshot().transcript;
    expect(after).toHaveLength(1);
    expect(after[0]?.id).toBe(before[0]?.id);
    expect(after[0]?.content).toMatch(/^one two three four five six seven/); // the latest window, at once
    await store.stop();
  });

  it('setVolume and setInputDevice reach the simulated client during a call', async () => {
    const { store, client } = setup();
    void store.start();
    await vi.advanceTimersByTimeAsync(200);
    store.setVolume(0.25);
    await store.setInputDevice('usb-mic');
    expect(client()?.volume).toBe(0.25);
    expect(client()?.inputDeviceId).toBe('usb-mic');
    await store.stop();
  });
});
