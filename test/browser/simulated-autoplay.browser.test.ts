import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { createSimulatedClient, type SimulatedClient } from '../../src/testing/index.ts';

// The simulated client's voice under Chromium's real autoplay policy. Calls start from page script (never
// from a test-runner click, which would count as a user gesture). Under
// `--autoplay-policy=document-user-activation-required` its AudioContext stays suspended: blocked audio,
// until a real click calls startAudioPlayback(). Under the default browser project's
// `no-user-gesture-required` the context starts at once and nothing is reported; each test checks what
// this browser allows first and asserts the matching behaviour.
//
// Measured with the policy on (Chromium 14x): once the page captures the microphone, Chromium lets any
// AudioContext start without a gesture, so a blocked state clears as soon as something calls
// startAudioPlayback() after the microphone opened.

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether an AudioContext may start now without a gesture (decided by the browser, not by us). */
async function audioMayStart(): Promise<boolean> {
  const probe = new AudioContext();
  await Promise.race([probe.resume(), wait(300)]);
  const running = probe.state === 'running';
  await probe.close();
  return running;
}

function clickToListen(client: SimulatedClient) {
  const button = document.createElement('button');
  button.textContent = 'Tap to hear the agent';
  button.addEventListener('click', () => void client.startAudioPlayback());
  document.body.append(button);
  return button;
}

let client: SimulatedClient | undefined;
const getUserMedia = navigator.mediaDevices.getUserMedia;
afterEach(() => {
  client?.stopCall();
  navigator.mediaDevices.getUserMedia = getUserMedia;
  document.body.replaceChildren();
});

describe('simulated client: a suspended AudioContext is blocked audio (Chromium)', () => {
  it('without a microphone capture: blocked until a real click, never retried on its own', async () => {
    const allowed = await audioMayStart();
    navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('denied', 'NotAllowedError'));
    const simulated = createSimulatedClient({ audio: 'on', timing: { connectMs: 50, readyMs: 50 } });
    client = simulated;
    const reports: boolean[] = [];
    simulated.on('audio_playback', ({ canPlay }) => reports.push(canPlay));
    await simulated.startCall({ accessToken: 'simulated' });
    await wait(400);
    if (allowed) {
      expect(reports).toEqual([]);
      expect(simulated.audioBlocked).toBe(false);
      return;
    }
    expect(reports).toEqual([false]);
    expect(simulated.audioBlocked).toBe(true);
    await simulated.startAudioPlayback(); // from script, as the store does at call_started: refused
    await wait(1_000);
    expect(reports).toEqual([false]);
    await userEvent.click(clickToListen(simulated));
    await expect.poll(() => reports).toEqual([false, true]);
    expect(simulated.audioBlocked).toBe(false);
  });

  it('with the microphone open: its reports follow what the browser allows', async () => {
    const allowed = await audioMayStart();
    const simulated = createSimulatedClient({ audio: 'on', timing: { connectMs: 50, readyMs: 50 } });
    client = simulated;
    const reports: boolean[] = [];
    simulated.on('audio_playback', ({ canPlay }) => reports.push(canPlay));
    await simulated.startCall({ accessToken: 'simulated' });
    await wait(400);
    if (allowed) {
      expect(reports).toEqual([]);
      return;
    }
    expect(reports).toEqual([false]); // the context was created before the microphone opened
    expect(simulated.getInputTrack?.()?.readyState).toBe('live');
    await simulated.startAudioPlayback(); // no click
    await wait(300);
    const mayStartNow = await audioMayStart();
    expect(simulated.audioBlocked).toBe(!mayStartNow);
    expect(reports).toEqual(mayStartNow ? [false, true] : [false]);
  });
});
