import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RetellUpdateEvent } from '../../../src/core/client.ts';
import {
  createSimulatedClient,
  DEFAULT_SCRIPT,
  SDK_START_ERROR,
  type SimulatedClientOptions,
  type SimulatedScript,
  simulatedCallDurationMs,
  simulatedClientFactory,
} from '../../../src/testing/index.ts';
import { ROUND_TIMING, record } from './record.ts';

const timing = ROUND_TIMING;

const script: SimulatedScript = [
  {
    role: 'agent',
    text: 'Hello there friend',
    node: { id: 'greet', name: 'Greeting' },
    metadata: { step: 1 },
  },
  { role: 'user', text: 'Hi you' },
  { role: 'agent', text: 'Bye now', node: { id: 'end', name: 'End', transitionType: 'llm' }, endCall: true },
];

function simulate(options: SimulatedClientOptions = {}) {
  const client = createSimulatedClient({ audio: 'off', script, timing, ...options });
  const log = record(client);
  return { client, log };
}

const updates = (log: ReturnType<typeof record>) =>
  log.of('update').map((e) => e.args[0] as RetellUpdateEvent);

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('createSimulatedClient: a scripted call', () => {
  it('plays call_started, call_ready, the turns and an agent hang-up, on schedule', async () => {
    const { client, log } = simulate();
    expect(client.state).toBe('idle');
    let resolved = false;
    const started = client.startCall({ accessToken: 'tok' }).then(() => {
      resolved = true;
    });
    expect(client.state).toBe('connecting');
    await vi.advanceTimersByTimeAsync(99);
    expect(log.names()).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(log.names()).toEqual(['call_started']);
    await started;
    expect(resolved).toBe(true);
    expect(client.state).toBe('connected');

    await vi.advanceTimersByTimeAsync(10_000);
    expect(log.names()).toEqual([
      'call_started',
      'call_ready',
      'node_transition',
      'metadata',
      'agent_start_talking',
      'update',
      'update',
      'update',
      'agent_stop_talking',
      'update',
      'update',
      'node_transition',
      'agent_start_talking',
      'update',
      'update',
      'agent_stop_talking',
      'call_ended',
    ]);
    const at = (name: string, nth = 0) => log.events.filter((e) => e.event === name)[nth]?.at;
    expect(at('call_started')).toBe(100);
    expect(at('call_ready')).toBe(300);
    expect(at('agent_start_talking')).toBe(600);
    expect(log.of('update').map((e) => e.at)).toEqual([600, 700, 800, 1300, 1500, 2100, 2200]);
    expect(at('agent_stop_talking')).toBe(900);
    expect(at('agent_start_talking', 1)).toBe(2100);
    expect(at('agent_stop_talking', 1)).toBe(2300);
    expect(at('call_ended')).toBe(2800);
    expect(simulatedCallDurationMs({ script, timing })).toBe(2800);
    expect(client.state).toBe('ended');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('emits update windows in Retell shape: cumulative content, turntaking on the turn’s first update', async () => {
    const { client, log } = simulate();
    void client.startCall({ accessToken: 'tok' });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(updates(log)).toEqual([
      {
        event_type: 'update',
        transcript: [{ role: 'agent', content: 'Hello' }],
        turntaking: 'agent_turn',
      },
      { event_type: 'update', transcript: [{ role: 'agent', content: 'Hello there' }] },
      { event_type: 'update', transcript: [{ role: 'agent', content: 'Hello there friend' }] },
      {
        event_type: 'update',
        transcript: [
          { role: 'agent', content: 'Hello there friend' },
          { role: 'user', content: 'Hi' },
        ],
        turntaking: 'user_turn',
      },
      {
        event_type: 'update',
        transcript: [
          { role: 'agent', content: 'Hello there friend' },
          { role: 'user', content: 'Hi you' },
        ],
      },
      {
        event_type: 'update',
        transcript: [
          { role: 'agent', content: 'Hello there friend' },
          { role: 'user', content: 'Hi you' },
          { role: 'agent', content: 'Bye' },
        ],
        turntaking: 'agent_turn',
      },
      {
        event_type: 'update',
        transcript: [
          { role: 'agent', content: 'Hello there friend' },
          { role: 'user', content: 'Hi you' },
          { role: 'agent', content: 'Bye now' },
        ],
      },
    ]);
    expect(client.transcript).toEqual([
      { role: 'agent', content: 'Hello there friend' },
      { role: 'user', content: 'Hi you' },
      { role: 'agent', content: 'Bye now' },
    ]);
  });

  it('slides a window of at most 5 utterances over a longer conversation, each a fresh copy', async () => {
    const client = createSimulatedClient({ audio: 'off', timing: { connectMs: 10 } });
    const log = record(client);
    void client.startCall({ accessToken: 'tok' });
    await vi.advanceTimersByTimeAsync(simulatedCallDurationMs() ?? 0);
    expect(client.state).toBe('ended');
    const windows = updates(log).map((u) => u.transcript ?? []);
    expect(Math.max(...windows.map((w) => w.length))).toBe(5);
    expect(DEFAULT_SCRIPT.length).toBeGreaterThan(5);
    const last = windows.at(-1) ?? [];
    expect(last.map((u) => u.content)).toEqual(DEFAULT_SCRIPT.slice(-5).map((t) => t.text));
    // Each update grows the newest utterance by one word (cumulative content, never a delta); a turn's
    // first update carries turntaking.
    let turn = -1;
    let words = 0;
    for (const update of updates(log)) {
      if (update.turntaking) {
        turn++;
        words = 0;
        expect(update.turntaking).toBe(DEFAULT_SCRIPT[turn]?.role === 'agent' ? 'agent_turn' : 'user_turn');
      }
      words++;
      const expected = DEFAULT_SCRIPT[turn]?.text.split(' ').slice(0, words).join(' ');
      expect(update.transcript?.at(-1)).toEqual({ role: DEFAULT_SCRIPT[turn]?.role, content: expected });
    }
    expect(turn).toBe(DEFAULT_SCRIPT.length - 1);
    // Windows never share objects with each other (consumers may keep them).
    expect(windows[0]?.[0]).not.toBe(windows[1]?.[0]);
    // Every update's first utterance appears in order in the full transcript.
    expect(client.transcript.map((u) => u.content)).toEqual(DEFAULT_SCRIPT.map((t) => t.text));
  });

  it('honours windowSize', async () => {
    const { client, log } = simulate({ windowSize: 2 });
    void client.startCall({ accessToken: 'tok' });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(updates(log).at(-1)?.transcript).toEqual([
      { role: 'user', content: 'Hi you' },
      { role: 'agent', content: 'Bye now' },
    ]);
  });

  it('tracks agent talking and sends node transitions with the former node', async () => {
    const { client, log } = simulate();
    void client.startCall({ accessToken: 'tok' });
    await vi.advanceTimersByTimeAsync(600);
    expect(client.isAgentTalking).toBe(true);
    await vi.advanceTimersByTimeAsync(300);
    expect(client.isAgentTalking).toBe(false);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(log.of('node_transition').map((e) => e.args[0])).toEqual([
      { event_type: 'node_transition', new_node_id: 'greet', new_node_name: 'Greeting' },
      {
        event_type: 'node_transition',
        former_node_id: 'greet',
        former_node_name: 'Greeting',
        new_node_id: 'end',
        new_node_name: 'End',
        transition_type: 'llm',
      },
    ]);
    expect(log.of('metadata').map((e) => e.args[0])).toEqual([
      { event_type: 'metadata', metadata: { step: 1 } },
    ]);
  });

  it('waits after the last turn when the script does not end the call', async () => {
    const { client, log } = simulate({ script: [{ role: 'agent', text: 'Still here' }] });
    void client.startCall({ accessToken: 'tok' });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(client.state).toBe('connected');
    expect(log.names().at(-1)).toBe('agent_stop_talking');
    expect(vi.getTimerCount()).toBe(0);
    client.stopCall();
    expect(log.names().at(-1)).toBe('call_ended');
  });

  it('uses per-turn delays in place of the gaps', async () => {
    const { client, log } = simulate({
      script: [
        { role: 'agent', text: 'One', delayMs: 50 },
        { role: 'user', text: 'Two', delayMs: 2000 },
      ],
    });
    void client.startCall({ accessToken: 'tok' });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(log.of('update').map((e) => e.at)).toEqual([350, 2450]);
  });

  it('is usable as createClient as it is, and as a factory that remembers its clients', () => {
    const plain = createSimulatedClient();
    expect(plain.state).toBe('idle');
    const createClient = simulatedClientFactory({ audio: 'off' });
    expect(createClient.last).toBeUndefined();
    const a = createClient();
    const b = createClient();
    expect(createClient.clients).toEqual([a, b]);
    expect(createClient.last).toBe(b);
    expect(createClient.options).toEqual({ audio: 'off' });
  });

  it('can start again after a call ended, with a fresh transcript', async () => {
    const { client } = simulate();
    void client.startCall({ accessToken: 'one' });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(client.state).toBe('ended');
    void client.startCall({ accessToken: 'two' });
    expect(client.transcript).toEqual([]);
    await vi.advanceTimersByTimeAsync(700);
    expect(client.transcript).toEqual([{ role: 'agent', content: 'Hello there' }]);
    expect(client.startCalls.map((c) => c.accessToken)).toEqual(['one', 'two']);
    client.stopCall();
  });

  it('keeps playing when a listener throws, and reports the error', async () => {
    const reported: unknown[] = [];
    vi.stubGlobal('reportError', (error: unknown) => reported.push(error));
    const { client, log } = simulate();
    client.on('call_ready', () => {
      throw new Error('listener bug');
    });
    void client.startCall({ accessToken: 'tok' });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(reported).toEqual([new Error('listener bug')]);
    expect(log.names().at(-1)).toBe('call_ended');
    vi.unstubAllGlobals();
  });
});

describe('createSimulatedClient: stopCall', () => {
  it('emits call_ended synchronously when connected, and leaves no timer running', async () => {
    const baseline = vi.getTimerCount();
    const { client, log } = simulate();
    void client.startCall({ accessToken: 'tok', emitRawAudioSamples: true });
    await vi.advanceTimersByTimeAsync(650);
    expect(vi.getTimerCount()).toBeGreaterThan(baseline);
    client.stopCall();
    expect(log.names().at(-1)).toBe('call_ended');
    expect(client.state).toBe('ended');
    expect(client.isAgentTalking).toBe(false);
    expect(vi.getTimerCount()).toBe(baseline);
    const count = log.events.length;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(log.events.length).toBe(count);
  });

  it('is a silent cancel while connecting: no event, startCall resolves', async () => {
    const { client, log } = simulate();
    const started = client.startCall({ accessToken: 'tok' });
    await vi.advanceTimersByTimeAsync(50);
    client.stopCall();
    await expect(started).resolves.toBeUndefined();
    expect(log.names()).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('does nothing before a call and after it ended (idempotent)', async () => {
    const { client, log } = simulate();
    client.stopCall();
    void client.startCall({ accessToken: 'tok' });
    await vi.advanceTimersByTimeAsync(150);
    client.stopCall();
    client.stopCall();
    expect(log.of('call_ended')).toHaveLength(1);
  });

  it('ends the call in progress when startCall is called again', async () => {
    const { client, log } = simulate();
    void client.startCall({ accessToken: 'one' });
    await vi.advanceTimersByTimeAsync(150);
    void client.startCall({ accessToken: 'two' });
    expect(log.names()).toEqual(['call_started', 'call_ended']);
    await vi.advanceTimersByTimeAsync(100);
    expect(log.names()).toEqual(['call_started', 'call_ended', 'call_started']);
    client.stopCall();
  });
});

describe('createSimulatedClient: timing.joinWaitMs (LiveKit’s back-off, acted out)', () => {
  it('says until when it waits, says when the wait is over, then connects after connectMs', async () => {
    const { client, log } = simulate({ timing: { ...timing, joinWaitMs: 2_500 } });
    const t0 = Date.now();
    void client.startCall({ accessToken: 'tok' });
    expect(log.of('join_wait').map((e) => e.args[0])).toEqual([{ until: t0 + 2_500 }]);
    expect(client.state).toBe('connecting');
    await vi.advanceTimersByTimeAsync(2_500);
    expect(log.of('join_wait').map((e) => [e.at, e.args[0]])).toEqual([
      [0, { until: t0 + 2_500 }],
      [2_500, { until: null }],
    ]);
    expect(log.names()).not.toContain('call_started');
    await vi.advanceTimersByTimeAsync(timing.connectMs);
    expect(log.of('call_started').map((e) => e.at)).toEqual([2_500 + timing.connectMs]);
    expect(simulatedCallDurationMs({ script, timing: { ...timing, joinWaitMs: 2_500 } })).toBe(2_800 + 2_500);
    client.stopCall();
  });

  it('stopCall during the wait: nothing more is emitted, no timer is left', async () => {
    const { client, log } = simulate({ timing: { ...timing, joinWaitMs: 5_000 } });
    const started = client.startCall({ accessToken: 'tok' });
    await vi.advanceTimersByTimeAsync(1_000);
    client.stopCall();
    await expect(started).resolves.toBeUndefined();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(log.names()).toEqual(['join_wait']);
  });

  it('0 (the default) emits no join_wait', async () => {
    const { client, log } = simulate();
    void client.startCall({ accessToken: 'tok' });
    await vi.advanceTimersByTimeAsync(timing.connectMs);
    expect(log.names()).toEqual(['call_started']);
    client.stopCall();
  });
});

describe('createSimulatedClient: audio samples', () => {
  it('emits none without emitRawAudioSamples', async () => {
    const { client, log } = simulate();
    void client.startCall({ accessToken: 'tok' });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(log.of('audio')).toHaveLength(0);
  });

  it('emits 1024-sample frames at ~60 fps from call_ready, loud only while the agent talks', async () => {
    const { client, log } = simulate();
    void client.startCall({ accessToken: 'tok', emitRawAudioSamples: true });
    await vi.advanceTimersByTimeAsync(300);
    expect(log.of('audio')).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(290); // call_ready at 300; the agent starts at 600
    const quiet = log.of('audio');
    expect(quiet.length).toBeGreaterThanOrEqual(15);
    expect(quiet.length).toBeLessThanOrEqual(20);
    const peak = (samples: Float32Array) => Math.max(...Array.from(samples, Math.abs));
    for (const frame of quiet) {
      expect(frame.args[0]).toBeInstanceOf(Float32Array);
      expect(frame.args[0]).toHaveLength(1024);
      expect(peak(frame.args[0])).toBe(0);
    }
    const before = log.of('audio').length;
    await vi.advanceTimersByTimeAsync(200); // the agent is talking
    const talking = log.of('audio').slice(before + 3);
    expect(talking.length).toBeGreaterThan(5);
    for (const frame of talking) expect(peak(frame.args[0])).toBeGreaterThan(0.1);
    client.stopCall();
    const count = log.of('audio').length;
    await vi.advanceTimersByTimeAsync(1000);
    expect(log.of('audio')).toHaveLength(count);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('falls back to a 16 ms interval where there is no requestAnimationFrame', async () => {
    const raf = globalThis.requestAnimationFrame;
    vi.stubGlobal('requestAnimationFrame', undefined);
    try {
      const { client, log } = simulate();
      void client.startCall({ accessToken: 'tok', emitRawAudioSamples: true });
      await vi.advanceTimersByTimeAsync(300 + 160);
      expect(log.of('audio')).toHaveLength(10);
      client.stopCall();
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.unstubAllGlobals();
      expect(globalThis.requestAnimationFrame).toBe(raf);
    }
  });
});

describe('createSimulatedClient: failure injection', () => {
  it("connect: 'error' emits the SDK's string, no call_ended, and startCall resolves", async () => {
    const { client, log } = simulate({ failure: { connect: 'error' } });
    const started = client.startCall({ accessToken: 'tok' });
    await vi.advanceTimersByTimeAsync(100);
    await expect(started).resolves.toBeUndefined();
    expect(log.events.map((e) => [e.event, ...e.args])).toEqual([['error', SDK_START_ERROR]]);
    expect(SDK_START_ERROR).toBe('Error starting call');
    client.stopCall(); // what a caller does next: still no call_ended
    await vi.advanceTimersByTimeAsync(10_000);
    expect(log.names()).toEqual(['error']);
    expect(client.state).toBe('ended');
    expect(vi.getTimerCount()).toBe(0);
  });

  it("connect: 'hang' never connects, until stopCall cancels it", async () => {
    const { client, log } = simulate({ failure: { connect: 'hang' } });
    let settled = false;
    const started = client.startCall({ accessToken: 'tok' }).then(() => {
      settled = true;
    });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(settled).toBe(false);
    expect(client.state).toBe('connecting');
    expect(log.names()).toEqual([]);
    client.stopCall();
    await started;
    expect(log.names()).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('midCall (default) drops the call with call_ended, as SDK 2.0.8 does when the room closes', async () => {
    const { client, log } = simulate({ failure: { midCall: { afterMs: 650 } } });
    void client.startCall({ accessToken: 'tok' });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(log.names()).toEqual([
      'call_started',
      'call_ready',
      'node_transition',
      'metadata',
      'agent_start_talking',
      'update',
      'update',
      'call_ended',
    ]);
    expect(log.of('call_ended')[0]?.at).toBe(750);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("midCall emit: 'error' sends error after call_started and no call_ended", async () => {
    const { client, log } = simulate({ failure: { midCall: { afterMs: 300, emit: 'error' } } });
    void client.startCall({ accessToken: 'tok' });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(log.names()).toEqual(['call_started', 'call_ready', 'error']);
    expect(log.of('error')[0]?.at).toBe(400);
    expect(log.of('error')[0]?.args).toEqual([SDK_START_ERROR]);
    expect(client.state).toBe('ended');
    client.stopCall();
    expect(log.names()).not.toContain('call_ended');

    const custom = simulate({
      failure: { midCall: { afterMs: 0, emit: 'error', error: new Error('boom') } },
    });
    void custom.client.startCall({ accessToken: 'tok' });
    await vi.advanceTimersByTimeAsync(1000);
    expect(custom.log.of('error')[0]?.args).toEqual([new Error('boom')]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('agentHangsUp afterTurn ends the call after that turn and the hang-up delay', async () => {
    const { client, log } = simulate({ failure: { agentHangsUp: { afterTurn: 0 } } });
    void client.startCall({ accessToken: 'tok' });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(log.names().slice(-2)).toEqual(['agent_stop_talking', 'call_ended']);
    expect(log.of('call_ended')[0]?.at).toBe(900 + 500);
    expect(simulatedCallDurationMs({ script, timing, failure: { agentHangsUp: { afterTurn: 0 } } })).toBe(
      1400,
    );
    expect(vi.getTimerCount()).toBe(0);
  });

  it('agentHangsUp afterMs ends the call at that time after call_started', async () => {
    const { client, log } = simulate({ failure: { agentHangsUp: { afterMs: 1000 } } });
    void client.startCall({ accessToken: 'tok' });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(log.of('call_ended').map((e) => e.at)).toEqual([1100]);
    expect(client.state).toBe('ended');
  });

  it('simulatedCallDurationMs counts agentHangsUp afterMs from call_started, when it comes first', async () => {
    const { client, log } = simulate({ failure: { agentHangsUp: { afterMs: 1000 } } });
    void client.startCall({ accessToken: 'tok' });
    await vi.advanceTimersByTimeAsync(10_000);
    const duration = simulatedCallDurationMs({
      script,
      timing,
      failure: { agentHangsUp: { afterMs: 1000 } },
    });
    expect(duration).toBe(log.of('call_ended')[0]?.at);
    expect(duration).toBe(1100);
    // The script ends first (2800 ms): afterMs never fires.
    expect(simulatedCallDurationMs({ script, timing, failure: { agentHangsUp: { afterMs: 60_000 } } })).toBe(
      2800,
    );
    // A script that never ends the call: afterMs is the only end.
    const open: SimulatedScript = [{ role: 'agent', text: 'Hello' }];
    expect(simulatedCallDurationMs({ script: open, timing })).toBeNull();
    expect(
      simulatedCallDurationMs({ script: open, timing, failure: { agentHangsUp: { afterMs: 5000 } } }),
    ).toBe(5100);
  });

  it('hangUp() and fail() act now, and only on a connected call', async () => {
    const { client, log } = simulate();
    client.hangUp();
    client.fail();
    expect(log.names()).toEqual([]);
    void client.startCall({ accessToken: 'tok' });
    await vi.advanceTimersByTimeAsync(650);
    client.hangUp();
    expect(log.names().at(-1)).toBe('call_ended');
    client.fail({ emit: 'error' });
    expect(log.names()).not.toContain('error');

    const second = simulate();
    void second.client.startCall({ accessToken: 'tok' });
    await vi.advanceTimersByTimeAsync(150);
    second.client.fail({ emit: 'error', error: 'lost' });
    expect(second.log.names()).toEqual(['call_started', 'error']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('delays each phase as told', async () => {
    const { client, log } = simulate({ timing: { ...timing, connectMs: 5000, readyMs: 3000 } });
    void client.startCall({ accessToken: 'tok' });
    await vi.advanceTimersByTimeAsync(4999);
    expect(log.names()).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(log.names()).toEqual(['call_started']);
    await vi.advanceTimersByTimeAsync(3000);
    expect(log.names()).toEqual(['call_started', 'call_ready']);
    client.stopCall();
  });
});

describe('createSimulatedClient: mute and playback', () => {
  it('tracks mute without audio, and startAudioPlayback resolves', async () => {
    const { client } = simulate();
    await expect(client.startAudioPlayback()).resolves.toBeUndefined();
    void client.startCall({ accessToken: 'tok' });
    await vi.advanceTimersByTimeAsync(150);
    client.mute();
    expect(client.isMuted).toBe(true);
    client.unmute();
    expect(client.isMuted).toBe(false);
    await expect(client.startAudioPlayback()).resolves.toBeUndefined();
    expect(client.usesAudio).toBe(false);
    client.stopCall();
  });

  it('runs without audio in jsdom when audio is auto (no AudioContext)', async () => {
    const client = createSimulatedClient({ script, timing });
    void client.startCall({ accessToken: 'tok' });
    expect(client.usesAudio).toBe(false);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(client.state).toBe('ended');
  });
});
