import { afterEach, describe, expect, it } from 'vitest';
import { createSimulatedClient, type SimulatedClient } from '../../src/testing/index.ts';
import { trackMicrophone } from './support.ts';

// The simulated client with Chromium's fake capture devices: the real microphone track, a live device
// switch, and the voice's volume as heard through its analyser.

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let client: SimulatedClient | undefined;
let mic: ReturnType<typeof trackMicrophone> | undefined;
afterEach(() => {
  client?.stopCall();
  mic?.restore();
});

describe('simulated client devices and volume (Chromium, fake media)', () => {
  it('getInputTrack is the live microphone; setInputDevice reopens it on the chosen device', async () => {
    mic = trackMicrophone();
    const simulated = createSimulatedClient({ audio: 'on', timing: { connectMs: 20, readyMs: 20 } });
    client = simulated;
    await simulated.startCall({ accessToken: 'simulated' });
    await expect.poll(() => simulated.getInputTrack?.()?.readyState).toBe('live');
    const first = simulated.getInputTrack?.();
    expect(first?.kind).toBe('audio');

    const inputs = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'audioinput');
    const other = inputs.find(
      (d) => d.deviceId && d.deviceId !== 'default' && d.deviceId !== first?.getSettings().deviceId,
    );
    expect(other, `fake devices: ${inputs.map((d) => d.deviceId).join(', ')}`).toBeDefined();
    if (!other) return;
    await simulated.setInputDevice?.(other.deviceId);
    const second = simulated.getInputTrack?.();
    expect(second?.getSettings().deviceId).toBe(other.deviceId);
    expect(second?.readyState).toBe('live');
    expect(first?.readyState).toBe('ended');

    simulated.stopCall();
    expect(mic.live()).toEqual([]);
  });

  it('setVolume(0) silences the voice the analyser hears; setVolume(1) brings it back', async () => {
    const simulated = createSimulatedClient({
      audio: 'on',
      script: [{ role: 'agent', text: 'banana banana banana banana banana banana banana banana banana' }],
      timing: { connectMs: 20, readyMs: 20, firstTurnDelayMs: 20, agentWordsPerSecond: 4 },
    });
    client = simulated;
    let peak = 0;
    simulated.on('audio', (samples) => {
      for (const sample of samples) peak = Math.max(peak, Math.abs(sample));
    });
    await simulated.startCall({ accessToken: 'simulated', emitRawAudioSamples: true });
    await expect.poll(() => simulated.isAgentTalking).toBe(true);
    simulated.setVolume?.(0);
    await wait(150);
    peak = 0;
    await wait(400);
    expect(peak).toBe(0);
    simulated.setVolume?.(1);
    await wait(100);
    peak = 0;
    await wait(400);
    expect(peak).toBeGreaterThan(0.01);
  });
});
