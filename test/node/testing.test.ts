import { describe, expect, it, vi } from 'vitest';

describe('retell-web-call-react/testing in plain Node', () => {
  it('imports without DOM globals and runs a timer-only call', async () => {
    expect(typeof window).toBe('undefined');
    expect(typeof document).toBe('undefined');
    expect(typeof globalThis.AudioContext).toBe('undefined');
    expect(typeof globalThis.requestAnimationFrame).toBe('undefined');

    const testing = await import('../../src/testing/index.ts');
    expect(testing.canUseSimulatedAudio()).toBe(false);

    vi.useFakeTimers();
    try {
      const script = [
        { role: 'agent', text: 'Hello from Node', metadata: { ok: true } },
        { role: 'user', text: 'Hi' },
        { role: 'agent', text: 'Bye', endCall: true },
      ] as const;
      const client = testing.createSimulatedClient({ script });
      const events: string[] = [];
      let lastContent = '';
      let audioFrames = 0;
      for (const name of [
        'call_started',
        'call_ready',
        'agent_start_talking',
        'agent_stop_talking',
        'metadata',
        'call_ended',
      ] as const) {
        client.on(name, () => events.push(name));
      }
      client.on('update', (event) => {
        lastContent = event.transcript?.at(-1)?.content ?? '';
      });
      client.on('audio', () => audioFrames++);

      const started = client.startCall({ accessToken: 'tok', emitRawAudioSamples: true });
      expect(client.usesAudio).toBe(false);
      await vi.advanceTimersByTimeAsync(testing.simulatedCallDurationMs({ script }) ?? 0);
      await started;
      expect(events).toEqual([
        'call_started',
        'call_ready',
        'metadata',
        'agent_start_talking',
        'agent_stop_talking',
        'agent_start_talking',
        'agent_stop_talking',
        'call_ended',
      ]);
      expect(lastContent).toBe('Bye');
      expect(audioFrames).toBeGreaterThan(60); // setInterval(16) without requestAnimationFrame
      expect(client.transcript.map((u) => u.content)).toEqual(['Hello from Node', 'Hi', 'Bye']);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('makes test options whose token resolves in Node', async () => {
    const { createTestWebCallOptions } = await import('../../src/testing/index.ts');
    const options = createTestWebCallOptions();
    const response = await options.getAccessToken({
      body: { agent_id: 'agent_node' },
      signal: new AbortController().signal,
    });
    expect(response).toMatchObject({
      call_type: 'web_call',
      agent_id: 'agent_node',
      call_status: 'registered',
    });
  });
});
