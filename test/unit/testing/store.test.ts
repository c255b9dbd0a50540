import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WebCallError } from '../../../src/core/errors.ts';
import { type CallStatus, createCallStore } from '../../../src/core/store.ts';
import { v2WebCallResponseSchema } from '../../../src/server/schemas.ts';
import {
  createSimulatedWebCallResponse,
  createTestWebCallOptions,
  type SimulatedScript,
  simulatedCallDurationMs,
  type TestWebCallOptionsInput,
} from '../../../src/testing/index.ts';
import { ROUND_TIMING } from './record.ts';

const timing = ROUND_TIMING;

const script: SimulatedScript = [
  { role: 'agent', text: 'Hello there friend', node: { id: 'greet', name: 'Greeting' }, metadata: { n: 1 } },
  { role: 'user', text: 'Hi you' },
  { role: 'agent', text: 'Bye now', endCall: true },
];

function setup(input: TestWebCallOptionsInput = {}) {
  const options = createTestWebCallOptions({ script, timing, ...input });
  const statuses: CallStatus[] = [];
  const onError = vi.fn();
  const store = createCallStore({ ...options, onError, onStatusChange: (s) => statuses.push(s) });
  return { options, store, statuses, onError, client: () => options.createClient.last };
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('a call store driving the simulated client', () => {
  it('goes ongoing, grows the transcript, and ends remotely when the agent hangs up', async () => {
    const baseline = vi.getTimerCount();
    const { store, statuses, client } = setup();
    const samples: Float32Array[] = [];
    const unsubscribe = store.subscribeAudio((s) => samples.push(s));
    const started = store.start({ agentId: 'agent_abc', metadata: { user: 'u1' } });
    expect(store.getSnapshot().status).toBe('requesting');
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getSnapshot().status).toBe('connecting');
    expect(store.getSnapshot().callId).toBe('call_simulated_1');
    expect(store.getSnapshot().agentId).toBe('agent_abc');
    expect(v2WebCallResponseSchema.safeParse(store.getSnapshot().call).success).toBe(true);
    expect(store.getSnapshot().call).toMatchObject({ metadata: { user: 'u1' }, call_status: 'registered' });
    expect(client()?.startCalls[0]).toMatchObject({
      accessToken: 'simulated_access_token_call_simulated_1',
      callId: 'call_simulated_1',
      emitRawAudioSamples: true,
    });

    await vi.advanceTimersByTimeAsync(100);
    await expect(started).resolves.toBeUndefined();
    expect(store.getSnapshot()).toMatchObject({ status: 'ongoing', agentReady: false });
    await vi.advanceTimersByTimeAsync(200);
    expect(store.getSnapshot().agentReady).toBe(true);

    await vi.advanceTimersByTimeAsync(300);
    expect(store.getSnapshot()).toMatchObject({
      isAgentTalking: true,
      lastMetadata: { n: 1 },
      currentNode: { new_node_id: 'greet', new_node_name: 'Greeting' },
      transcript: [{ role: 'agent', content: 'Hello' }],
    });
    const firstId = store.getSnapshot().transcript[0]?.id;
    await vi.advanceTimersByTimeAsync(200);
    expect(store.getSnapshot().transcript).toEqual([
      { id: firstId, role: 'agent', content: 'Hello there friend' },
    ]);
    await vi.advanceTimersByTimeAsync(100);
    expect(store.getSnapshot().isAgentTalking).toBe(false);
    expect(samples.length).toBeGreaterThan(30);

    await vi.advanceTimersByTimeAsync(10_000);
    const snapshot = store.getSnapshot();
    expect(snapshot).toMatchObject({ status: 'ended', endedBy: 'remote', isAgentTalking: false });
    expect(snapshot.transcript.map(({ role, content }) => ({ role, content }))).toEqual([
      { role: 'agent', content: 'Hello there friend' },
      { role: 'user', content: 'Hi you' },
      { role: 'agent', content: 'Bye now' },
    ]);
    expect(statuses).toEqual(['requesting', 'connecting', 'ongoing', 'ended']);
    expect(client()?.listenerCount()).toBe(0);
    expect(vi.getTimerCount()).toBe(baseline);
    unsubscribe();
  });

  it('ends by the user on stop(), leaving nothing running', async () => {
    const baseline = vi.getTimerCount();
    const { store, client } = setup();
    store.subscribeAudio(() => {});
    void store.start();
    await vi.advanceTimersByTimeAsync(700);
    expect(store.getSnapshot().status).toBe('ongoing');
    await store.stop();
    expect(store.getSnapshot()).toMatchObject({ status: 'ended', endedBy: 'user' });
    expect(client()?.state).toBe('ended');
    expect(client()?.listenerCount()).toBe(0);
    expect(vi.getTimerCount()).toBe(baseline);
  });

  it('reports a failed connect as connection_failed, the SDK’s text kept in cause', async () => {
    const { store, onError, statuses } = setup({ failure: { connect: 'error' } });
    const started = store.start();
    await vi.advanceTimersByTimeAsync(100);
    await expect(started).rejects.toMatchObject({
      code: 'connection_failed',
      message: 'Could not connect the call.',
      cause: 'Error starting call',
    });
    expect(store.getSnapshot().status).toBe('error');
    expect(onError).toHaveBeenCalledTimes(1);
    expect(statuses).toEqual(['requesting', 'connecting', 'error']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('stays connecting while the connection hangs (for "still connecting…" UIs)', async () => {
    const { store, client } = setup({ failure: { connect: 'hang' } });
    const started = store.start();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(store.getSnapshot().status).toBe('connecting');
    expect(vi.getTimerCount()).toBe(0);
    // stop() while connecting cancels the join (the store calls the client's stopCall()), which settles it.
    await store.stop();
    await expect(started).rejects.toMatchObject({ code: 'aborted' });
    expect(store.getSnapshot()).toMatchObject({ status: 'ended', endedBy: 'user' });
    expect(client()?.state).toBe('ended');
  });

  it('ends by the user when stopped while connecting, once the connection completes', async () => {
    const { store, client } = setup();
    void store.start();
    await vi.advanceTimersByTimeAsync(50);
    const stopped = store.stop();
    await vi.advanceTimersByTimeAsync(50);
    await stopped;
    expect(store.getSnapshot()).toMatchObject({ status: 'ended', endedBy: 'user' });
    expect(client()?.state).toBe('ended');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('reports a mid-call error as call_failed', async () => {
    const { store, onError } = setup({ failure: { midCall: { afterMs: 1000, emit: 'error' } } });
    void store.start();
    await vi.advanceTimersByTimeAsync(2000);
    expect(store.getSnapshot().status).toBe('error');
    expect(store.getSnapshot().error?.code).toBe('call_failed');
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'call_failed' }));
    expect(vi.getTimerCount()).toBe(0);
  });

  it('shows a dropped call (SDK 2.0.8: call_ended) as ended remotely', async () => {
    const { store } = setup({ failure: { midCall: { afterMs: 1000 } } });
    void store.start();
    await vi.advanceTimersByTimeAsync(2000);
    expect(store.getSnapshot()).toMatchObject({ status: 'ended', endedBy: 'remote' });
  });

  it('ends remotely when the test hangs up for the agent', async () => {
    const { store, client } = setup({ script: [{ role: 'agent', text: 'Waiting for you' }] });
    void store.start();
    await vi.advanceTimersByTimeAsync(5000);
    expect(store.getSnapshot().status).toBe('ongoing');
    client()?.hangUp();
    expect(store.getSnapshot()).toMatchObject({ status: 'ended', endedBy: 'remote' });
  });

  it('passes mute to the client', async () => {
    const { store, client } = setup();
    void store.start();
    await vi.advanceTimersByTimeAsync(200);
    store.mute();
    expect(client()?.isMuted).toBe(true);
    store.unmute();
    expect(client()?.isMuted).toBe(false);
    await store.stop();
  });

  it('can fail and delay the token request', async () => {
    const failing = setup({ tokenError: new WebCallError('token_request_failed', 'nope', { status: 500 }) });
    await expect(failing.store.start()).rejects.toMatchObject({ code: 'token_request_failed', status: 500 });
    expect(failing.options.createClient.last?.startCalls ?? []).toHaveLength(0);

    const slow = setup({ tokenDelayMs: 1000 });
    void slow.store.start();
    await vi.advanceTimersByTimeAsync(999);
    expect(slow.store.getSnapshot().status).toBe('requesting');
    await vi.advanceTimersByTimeAsync(1);
    expect(slow.store.getSnapshot().status).toBe('connecting');
    await vi.advanceTimersByTimeAsync(100);
    await slow.store.stop();

    const cancelled = setup({ tokenDelayMs: 1000 });
    void cancelled.store.start();
    await cancelled.store.stop();
    expect(cancelled.store.getSnapshot()).toMatchObject({ status: 'ended', endedBy: 'user' });
    await vi.advanceTimersByTimeAsync(0); // the token request's own timeout is cleared once it settles
    expect(vi.getTimerCount()).toBe(0);
  });

  it('plays the default script to the end in exactly simulatedCallDurationMs (the documented pattern)', async () => {
    const options = createTestWebCallOptions();
    const store = createCallStore(options);
    void store.start();
    const duration = simulatedCallDurationMs(options.createClient.options) ?? 0;
    expect(duration).toBeGreaterThan(10_000);
    await vi.advanceTimersByTimeAsync(duration - 1);
    expect(store.getSnapshot().status).toBe('ongoing');
    await vi.advanceTimersByTimeAsync(1);
    expect(store.getSnapshot()).toMatchObject({ status: 'ended', endedBy: 'remote' });
    expect(store.getSnapshot().transcript).toHaveLength(7);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('makes fake tokens shaped like a create-web-call v2 response', () => {
    const response = createSimulatedWebCallResponse({ call_id: 'call_x', agent_id: 'agent_y' });
    expect(v2WebCallResponseSchema.parse(response)).toEqual({
      call_type: 'web_call',
      access_token: 'simulated_access_token_call_x',
      call_id: 'call_x',
      agent_id: 'agent_y',
      agent_version: 0,
      call_status: 'registered',
      agent_name: 'Simulated agent',
    });
    expect(createSimulatedWebCallResponse().call_id).not.toBe(createSimulatedWebCallResponse().call_id);
  });

  it('uses the configured agent when the request names none, and merges response overrides', async () => {
    const { store } = setup({ agentId: 'agent_fixed', response: { agent_name: 'Ada' } });
    void store.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getSnapshot().call).toMatchObject({ agent_id: 'agent_fixed', agent_name: 'Ada' });
    await vi.advanceTimersByTimeAsync(100);
    await store.stop();
  });
});
