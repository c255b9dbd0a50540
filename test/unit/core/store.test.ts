import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WebCallError } from '../../../src/core/errors.ts';
import type { WebCallResponse } from '../../../src/core/schemas.ts';
import { type CallOptions, type CallStatus, createCallStore } from '../../../src/core/store.ts';
import type { WebCallTokenRequest } from '../../../src/core/token.ts';
import { patchOptions, withTokenRequester } from '../../support/callStoreInternals.ts';
import { fakeClientFactory } from '../../support/fakeClient.ts';
import { installFakeMicrophone } from '../../support/media.ts';
import { installMicrophonePermission } from '../../support/permissions.ts';

const TOKEN: WebCallResponse = {
  call_type: 'web_call',
  access_token: 'tok_1',
  call_id: 'call_1',
  agent_id: 'agent_1',
  agent_version: 1,
  call_status: 'registered',
};

/** A token requester the test controls: each request waits until resolved or rejected. */
function controlledTokens() {
  const requests: Array<{
    request: WebCallTokenRequest;
    resolve: (value: WebCallResponse) => void;
    reject: (error: unknown) => void;
  }> = [];
  const requestToken = vi.fn(
    (request: WebCallTokenRequest) =>
      new Promise<WebCallResponse>((resolve, reject) => {
        requests.push({ request, resolve, reject });
        request.signal?.addEventListener('abort', () =>
          reject(new WebCallError('aborted', undefined, { cause: request.signal?.reason })),
        );
      }),
  );
  return { requests, requestToken };
}

const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function setup(extra: CallOptions = {}, permission: PermissionState = 'granted') {
  const factory = fakeClientFactory();
  const tokens = controlledTokens();
  const mic = installFakeMicrophone();
  const micPermission = installMicrophonePermission(permission);
  const statuses: CallStatus[] = [];
  const store = withTokenRequester(
    createCallStore({
      agentId: 'agent_1',
      createClient: factory.createClient,
      onStatusChange: (status) => statuses.push(status),
      ...extra,
    }),
    tokens.requestToken,
  );
  let answered = 0;
  /** Answers the next token request (once it was made) and waits until startCall was called. */
  async function toConnecting(token: WebCallResponse = TOKEN) {
    await vi.waitFor(() => expect(tokens.requests.length).toBeGreaterThan(answered));
    tokens.requests[answered++]?.resolve(token);
    await vi.waitFor(() => expect(store.getSnapshot().status).toBe('connecting'));
  }
  async function toOngoing() {
    await toConnecting();
    factory.last.connect();
    expect(store.getSnapshot().status).toBe('ongoing');
  }
  return { store, factory, tokens, mic, micPermission, statuses, toConnecting, toOngoing };
}

describe('createCallStore', () => {
  let ctx: ReturnType<typeof setup>;
  afterEach(() => {
    ctx?.mic.uninstall();
    ctx?.micPermission.uninstall();
    vi.useRealTimers();
  });

  describe('given a successful call', () => {
    beforeEach(() => {
      ctx = setup();
    });

    it('goes idle → requesting → connecting → ongoing → ending → ended(user)', async () => {
      const { store, factory, statuses, toOngoing } = ctx;
      expect(store.getSnapshot().status).toBe('idle');
      const started = store.start();
      expect(store.getSnapshot().status).toBe('requesting');
      await toOngoing();
      await expect(started).resolves.toBeUndefined();
      expect(factory.last.startCalls[0]).toMatchObject({ accessToken: 'tok_1', callId: 'call_1' });
      const snapshot = store.getSnapshot();
      expect(snapshot).toMatchObject({ callId: 'call_1', agentId: 'agent_1', call: TOKEN });
      expect(snapshot.startedAt).toEqual(expect.any(Number));
      await store.stop();
      expect(store.getSnapshot()).toMatchObject({ status: 'ended', endedBy: 'user', error: null });
      expect(store.getSnapshot().endedAt).toEqual(expect.any(Number));
      expect(statuses).toEqual(['requesting', 'connecting', 'ongoing', 'ending', 'ended']);
    });

    it('sends the body built from the options and start() overrides', async () => {
      const { store, tokens } = ctx;
      patchOptions(store, {
        agentVersion: 3,
        metadata: { user: 'u1' },
        dynamicVariables: { name: 'Ada' },
        endpoint: '/custom',
        timeoutMs: 1234,
      });
      void store.start({ agentId: 'agent_2', metadata: { user: 'u2' } });
      await vi.waitFor(() => expect(tokens.requests).toHaveLength(1));
      expect(tokens.requests[0]?.request).toMatchObject({
        body: {
          agent_id: 'agent_2',
          agent_version: 3,
          metadata: { user: 'u2' },
          retell_llm_dynamic_variables: { name: 'Ada' },
        },
        endpoint: '/custom',
        timeoutMs: 1234,
      });
    });

    it('runs the token request, microphone check and client creation in parallel', async () => {
      const { store, tokens, mic, factory } = ctx;
      void store.start();
      await flush();
      // The token is still pending, yet the microphone was checked and the client created.
      expect(tokens.requests).toHaveLength(1);
      expect(mic.getUserMedia).toHaveBeenCalledTimes(1);
      expect(factory.clients).toHaveLength(1);
      expect(mic.liveTracks()).toHaveLength(0);
    });

    it('marks agentReady once on call_ready, even if it re-fires', async () => {
      const onAgentReady = vi.fn();
      patchOptions(ctx.store, { onAgentReady });
      void ctx.store.start();
      await ctx.toOngoing();
      expect(ctx.store.getSnapshot().agentReady).toBe(false);
      ctx.factory.last.emit('call_ready');
      ctx.factory.last.emit('call_ready');
      expect(ctx.store.getSnapshot().agentReady).toBe(true);
      expect(onAgentReady).toHaveBeenCalledTimes(1);
    });

    it('tracks agent talking, metadata and node transitions', async () => {
      const onMetadata = vi.fn();
      const onNodeTransition = vi.fn();
      patchOptions(ctx.store, { onMetadata, onNodeTransition });
      void ctx.store.start();
      await ctx.toOngoing();
      const client = ctx.factory.last;
      client.emit('agent_start_talking');
      expect(ctx.store.getSnapshot().isAgentTalking).toBe(true);
      client.emit('agent_stop_talking');
      expect(ctx.store.getSnapshot().isAgentTalking).toBe(false);
      const metadataEvent = { event_type: 'metadata' as const, metadata: { step: 2 } };
      client.emit('metadata', metadataEvent);
      expect(ctx.store.getSnapshot().lastMetadata).toEqual({ step: 2 });
      expect(onMetadata).toHaveBeenCalledWith({ step: 2 }, metadataEvent);
      const node = { event_type: 'node_transition' as const, new_node_id: 'n2', new_node_name: 'Billing' };
      client.emit('node_transition', node);
      expect(ctx.store.getSnapshot().currentNode).toBe(node);
      expect(onNodeTransition).toHaveBeenCalledExactlyOnceWith(node);
    });

    it('merges update windows into the transcript and reports each update once', async () => {
      const onTranscript = vi.fn();
      patchOptions(ctx.store, { onTranscript });
      void ctx.store.start();
      await ctx.toOngoing();
      const client = ctx.factory.last;
      client.emit('update', { event_type: 'update', transcript: [{ role: 'agent', content: 'Hello' }] });
      client.emit('update', {
        event_type: 'update',
        transcript: [
          { role: 'agent', content: 'Hello there.' },
          { role: 'user', content: 'Hi' },
        ],
      });
      expect(ctx.store.getSnapshot().transcript).toEqual([
        { id: 't0', role: 'agent', content: 'Hello there.' },
        { id: 't1', role: 'user', content: 'Hi' },
      ]);
      expect(onTranscript).toHaveBeenCalledTimes(2);
      expect(onTranscript).toHaveBeenLastCalledWith(ctx.store.getSnapshot().transcript, expect.any(Object));
    });

    it('does not publish a new snapshot for an update that changes nothing', async () => {
      void ctx.store.start();
      await ctx.toOngoing();
      const client = ctx.factory.last;
      client.emit('update', { transcript: [{ role: 'agent', content: 'Same' }] });
      const before = ctx.store.getSnapshot();
      client.emit('update', { transcript: [{ role: 'agent', content: 'Same' }] });
      expect(ctx.store.getSnapshot()).toBe(before);
    });

    it('mutes and unmutes the client live while ongoing, once per change', async () => {
      const { store, factory } = ctx;
      void store.start();
      await ctx.toOngoing();
      store.mute();
      store.mute();
      expect(store.getSnapshot().isMuted).toBe(true);
      expect(factory.last.mutes).toBe(1);
      store.toggleMute();
      expect(store.getSnapshot().isMuted).toBe(false);
      expect(factory.last.unmutes).toBe(1);
      store.unmute();
      expect(factory.last.unmutes).toBe(1);
    });

    it('ends with endedBy remote when the agent hangs up', async () => {
      const onCallEnd = vi.fn();
      patchOptions(ctx.store, { onCallEnd });
      void ctx.store.start();
      await ctx.toOngoing();
      ctx.factory.last.hangUp();
      expect(ctx.store.getSnapshot()).toMatchObject({ status: 'ended', endedBy: 'remote' });
      expect(onCallEnd).toHaveBeenCalledExactlyOnceWith({
        endedBy: 'remote',
        snapshot: ctx.store.getSnapshot(),
      });
      expect(ctx.factory.last.listenerCount()).toBe(0);
    });

    it('removes every SDK listener after each call, and a new call gets a new client', async () => {
      const { store, factory } = ctx;
      for (let i = 0; i < 3; i++) {
        void store.start();
        await ctx.toOngoing();
        expect(factory.last.listenerCount()).toBeGreaterThan(0);
        await store.stop();
        expect(factory.last.listenerCount()).toBe(0);
      }
      expect(factory.clients).toHaveLength(3);
      expect(factory.clients.every((client) => client.listenerCount() === 0)).toBe(true);
    });

    it('resets per-call state when a new call starts', async () => {
      const { store, factory } = ctx;
      void store.start();
      await ctx.toOngoing();
      factory.last.emit('update', { transcript: [{ role: 'agent', content: 'First call' }] });
      store.mute();
      await store.stop();
      void store.start();
      expect(store.getSnapshot()).toMatchObject({
        status: 'requesting',
        transcript: [],
        isMuted: false,
        startedAt: null,
        endedAt: null,
        callId: null,
      });
    });

    it('ignores events from a client of an earlier call', async () => {
      const { store, factory } = ctx;
      void store.start();
      await ctx.toOngoing();
      const old = factory.last;
      await store.stop();
      void store.start();
      await ctx.toOngoing();
      old.emit('call_ended');
      old.emit('error', 'late');
      expect(store.getSnapshot().status).toBe('ongoing');
    });

    it('calls startAudioPlayback when the call starts', async () => {
      void ctx.store.start();
      await ctx.toOngoing();
      expect(ctx.factory.last.playbackStarts).toBe(1);
    });

    it('forwards audio samples to audio listeners without publishing snapshots', async () => {
      const { store, factory } = ctx;
      const samples: Float32Array[] = [];
      const unsubscribe = store.subscribeAudio((s) => samples.push(s));
      void store.start();
      await ctx.toOngoing();
      expect(factory.last.startCalls[0]?.emitRawAudioSamples).toBe(true);
      const published = vi.fn();
      store.subscribe(published);
      for (let i = 0; i < 60; i++) factory.last.emit('audio', new Float32Array([i / 60]));
      expect(samples).toHaveLength(60);
      expect(published).not.toHaveBeenCalled();
      unsubscribe();
      factory.last.emit('audio', new Float32Array(1));
      expect(samples).toHaveLength(60);
    });

    it('does not ask for audio samples when nothing listens, unless told to', async () => {
      void ctx.store.start();
      await ctx.toOngoing();
      expect(ctx.factory.last.startCalls[0]?.emitRawAudioSamples).toBeUndefined();
    });

    it('keeps working when a callback throws, and reports the exception', async () => {
      const reported: unknown[] = [];
      const original = globalThis.reportError;
      globalThis.reportError = (error: unknown) => reported.push(error);
      try {
        patchOptions(ctx.store, {
          onStatusChange: () => {
            throw new Error('boom');
          },
        });
        void ctx.store.start();
        await ctx.toOngoing();
        expect(ctx.store.getSnapshot().status).toBe('ongoing');
        expect(reported.length).toBeGreaterThanOrEqual(3);
      } finally {
        globalThis.reportError = original;
      }
    });

    it('uses the latest callbacks set after start', async () => {
      const first = vi.fn();
      const second = vi.fn();
      patchOptions(ctx.store, { onCallStart: first });
      void ctx.store.start();
      patchOptions(ctx.store, { onCallStart: second });
      await ctx.toOngoing();
      expect(first).not.toHaveBeenCalled();
      expect(second).toHaveBeenCalledTimes(1);
    });
  });

  describe('double start', () => {
    it('returns the live call and creates no second client or token request', async () => {
      ctx = setup();
      const a = ctx.store.start();
      const b = ctx.store.start();
      expect(b).toBe(a);
      await ctx.toOngoing();
      const c = ctx.store.start();
      expect(c).toBe(a);
      await flush();
      expect(ctx.factory.clients).toHaveLength(1);
      expect(ctx.tokens.requestToken).toHaveBeenCalledTimes(1);
      expect(ctx.factory.last.startCalls).toHaveLength(1);
    });

    it('toggle() starts when idle and stops when live', async () => {
      ctx = setup();
      void ctx.store.toggle();
      expect(ctx.store.getSnapshot().status).toBe('requesting');
      await ctx.store.toggle();
      expect(ctx.store.getSnapshot()).toMatchObject({ status: 'ended', endedBy: 'user' });
    });
  });

  describe('stop()', () => {
    beforeEach(() => {
      ctx = setup();
    });

    it('is a no-op while idle', async () => {
      await ctx.store.stop();
      expect(ctx.store.getSnapshot().status).toBe('idle');
      expect(ctx.statuses).toEqual([]);
    });

    it('during requesting aborts the token request and never calls startCall', async () => {
      const { store, tokens, factory } = ctx;
      const started = store.start();
      await flush();
      await store.stop();
      expect(store.getSnapshot()).toMatchObject({ status: 'ended', endedBy: 'user' });
      expect(tokens.requests[0]?.request.signal?.aborted).toBe(true);
      await expect(started).rejects.toMatchObject({ name: 'WebCallError', code: 'aborted' });
      await flush();
      expect(factory.clients.every((client) => client.startCalls.length === 0)).toBe(true);
      expect(ctx.statuses).toEqual(['requesting', 'ended']);
    });

    it('during requesting: a late token answer starts nothing', async () => {
      const { store, tokens, factory } = ctx;
      void store.start();
      await flush();
      const pending = tokens.requests[0];
      await store.stop();
      pending?.resolve(TOKEN);
      await flush();
      expect(store.getSnapshot().status).toBe('ended');
      expect(factory.clients.every((client) => client.startCalls.length === 0)).toBe(true);
    });

    it('during requesting: a microphone prompt answered later is closed at once', async () => {
      const { store, mic } = ctx;
      mic.hold();
      void store.start();
      await flush();
      await store.stop();
      expect(store.getSnapshot().status).toBe('ended');
      mic.releaseHeld();
      await flush();
      expect(mic.tracks).toHaveLength(1);
      expect(mic.liveTracks()).toHaveLength(0);
    });

    it('during connecting: stops the call as soon as it connects', async () => {
      const { store, factory } = ctx;
      const started = store.start();
      await ctx.toConnecting();
      const stopped = store.stop();
      expect(store.getSnapshot().status).toBe('ending');
      // It asked the client to cancel the join. This fake, like SDK 2.0.8's own stopCall, ignores that until
      // connected; the real adapter also disconnects the connecting room (test/unit/core/client.test.ts).
      expect(factory.last.stopCalls).toBe(1);
      factory.last.connect();
      await stopped;
      expect(store.getSnapshot()).toMatchObject({ status: 'ended', endedBy: 'user' });
      expect(factory.last.stopCalls).toBeGreaterThanOrEqual(1);
      expect(factory.last.connected).toBe(false);
      expect(factory.last.listenerCount()).toBe(0);
      await expect(started).rejects.toMatchObject({ code: 'aborted' });
    });

    it('during connecting: a failed join ends as ended(user), not error', async () => {
      const { store, factory } = ctx;
      const onError = vi.fn();
      patchOptions(store, { onError });
      void store.start();
      await ctx.toConnecting();
      const stopped = store.stop();
      factory.last.failToConnect();
      await stopped;
      expect(store.getSnapshot()).toMatchObject({ status: 'ended', endedBy: 'user' });
      expect(onError).not.toHaveBeenCalled();
      expect(factory.last.listenerCount()).toBe(0);
    });

    it('during connecting: a join that never settles still ends within 5 s, releasing the client', async () => {
      const { store, factory } = ctx;
      void store.start();
      await ctx.toConnecting();
      vi.useFakeTimers();
      const stopped = store.stop();
      await vi.advanceTimersByTimeAsync(4_999);
      expect(store.getSnapshot().status).toBe('ending');
      await vi.advanceTimersByTimeAsync(1);
      await stopped;
      expect(store.getSnapshot()).toMatchObject({ status: 'ended', endedBy: 'user' });
      expect(factory.last.listenerCount()).toBe(0);
      expect(vi.getTimerCount()).toBe(0);
    });

    it('during ending returns the same pending promise', async () => {
      const { store } = ctx;
      void store.start();
      await ctx.toConnecting();
      const a = store.stop();
      const b = store.stop();
      expect(b).toBe(a);
    });

    it('after ended or error is a no-op', async () => {
      const { store } = ctx;
      void store.start();
      await ctx.toOngoing();
      await store.stop();
      const ended = store.getSnapshot();
      await store.stop();
      expect(store.getSnapshot()).toBe(ended);
    });
  });

  describe('failures', () => {
    it.each([
      ['token_request_failed', new WebCallError('token_request_failed', 'Nope', { status: 500 })],
      ['token_response_invalid', new WebCallError('token_response_invalid')],
      ['token_request_timeout', new WebCallError('token_request_timeout')],
      ['network_error', new WebCallError('network_error')],
    ] as const)(
      'a token failure (%s) ends in error with that code and releases everything',
      async (code, error) => {
        ctx = setup();
        const onError = vi.fn();
        patchOptions(ctx.store, { onError });
        const started = ctx.store.start();
        await flush();
        ctx.tokens.requests[0]?.reject(error);
        await expect(started).rejects.toBe(error);
        const snapshot = ctx.store.getSnapshot();
        expect(snapshot.status).toBe('error');
        expect(snapshot.error?.code).toBe(code);
        expect(onError).toHaveBeenCalledExactlyOnceWith(error);
        expect(ctx.mic.liveTracks()).toHaveLength(0);
        expect(ctx.factory.clients.every((client) => client.startCalls.length === 0)).toBe(true);
      },
    );

    it.each([
      ['NotAllowedError', 'microphone_permission_denied'],
      ['SecurityError', 'microphone_permission_denied'],
      ['NotFoundError', 'microphone_not_found'],
      ['OverconstrainedError', 'microphone_not_found'],
      ['NotReadableError', 'microphone_unavailable'],
      ['AbortError', 'microphone_unavailable'],
    ])('a microphone failure %s becomes %s and aborts the token request', async (name, code) => {
      ctx = setup();
      ctx.mic.deny(name);
      const started = ctx.store.start();
      await expect(started).rejects.toMatchObject({ code });
      expect(ctx.store.getSnapshot().error?.code).toBe(code);
      expect(ctx.tokens.requests[0]?.request.signal?.aborted).toBe(true);
      expect(ctx.factory.clients.every((client) => client.startCalls.length === 0)).toBe(true);
    });

    it('an insecure page ends in insecure_context', async () => {
      ctx = setup();
      Object.defineProperty(window, 'isSecureContext', { configurable: true, value: false });
      try {
        await expect(ctx.store.start()).rejects.toMatchObject({ code: 'insecure_context', retryable: false });
        expect(ctx.mic.getUserMedia).not.toHaveBeenCalled();
      } finally {
        Reflect.deleteProperty(window, 'isSecureContext');
      }
    });

    it('a browser without getUserMedia ends in unsupported_browser', async () => {
      ctx = setup();
      ctx.mic.uninstall();
      await expect(ctx.store.start()).rejects.toMatchObject({ code: 'unsupported_browser' });
    });

    it('skips the microphone check with checkMicrophone: false', async () => {
      ctx = setup({ checkMicrophone: false });
      void ctx.store.start();
      await ctx.toOngoing();
      expect(ctx.mic.getUserMedia).not.toHaveBeenCalled();
    });

    it('passes captureDeviceId to the microphone check', async () => {
      ctx = setup({ startCallOptions: { captureDeviceId: 'mic-2' } });
      void ctx.store.start();
      await ctx.toConnecting();
      expect(ctx.mic.getUserMedia).toHaveBeenCalledWith({ audio: { deviceId: { exact: 'mic-2' } } });
      expect(ctx.factory.last.startCalls[0]).toMatchObject({ captureDeviceId: 'mic-2' });
    });

    it('an SDK chunk that fails to load ends in sdk_load_failed (retryable)', async () => {
      ctx = setup({
        createClient: () => Promise.reject(new TypeError('Failed to fetch dynamically imported module')),
      });
      const started = ctx.store.start();
      await expect(started).rejects.toMatchObject({ code: 'sdk_load_failed', retryable: true });
      expect(ctx.tokens.requests[0]?.request.signal?.aborted).toBe(true);
    });

    it('an SDK error before call_started is connection_failed; the client is stopped and unhooked', async () => {
      ctx = setup();
      const onError = vi.fn();
      const onCallEnd = vi.fn();
      patchOptions(ctx.store, { onError, onCallEnd });
      const started = ctx.store.start();
      await ctx.toConnecting();
      ctx.factory.last.failToConnect();
      // Retell's fixed "Error starting call" is not shown: the code's own message is, the SDK's text is the cause.
      await expect(started).rejects.toMatchObject({
        code: 'connection_failed',
        message: new WebCallError('connection_failed').message,
      });
      const snapshot = ctx.store.getSnapshot();
      expect(snapshot.status).toBe('error');
      expect(snapshot.error?.message).not.toContain('Error starting call');
      expect(snapshot.error?.cause).toBe('Error starting call');
      expect(ctx.factory.last.listenerCount()).toBe(0);
      expect(ctx.factory.last.stopCalls).toBeGreaterThanOrEqual(1);
      expect(onError).toHaveBeenCalledTimes(1);
      expect(onCallEnd).not.toHaveBeenCalled();
    });

    it('an SDK error after call_started is call_failed', async () => {
      ctx = setup();
      void ctx.store.start();
      await ctx.toOngoing();
      ctx.factory.last.emit('error', 'something broke');
      expect(ctx.store.getSnapshot()).toMatchObject({ status: 'error', error: { code: 'call_failed' } });
      expect(ctx.factory.last.connected).toBe(false);
      expect(ctx.factory.last.listenerCount()).toBe(0);
    });

    it('a startCall that rejects (other SDKs) is connection_failed', async () => {
      ctx = setup();
      const started = ctx.store.start();
      await flush();
      ctx.factory.last.startCall = () => Promise.reject(new Error('ws closed'));
      ctx.tokens.requests[0]?.resolve(TOKEN);
      await expect(started).rejects.toMatchObject({ code: 'connection_failed' });
      expect(ctx.factory.last.listenerCount()).toBe(0);
    });

    it('an error during ongoing→ending still ends as ended(user)', async () => {
      ctx = setup();
      void ctx.store.start();
      await ctx.toOngoing();
      // A client whose stopCall does not emit call_ended synchronously.
      ctx.factory.last.stopCall = () => {};
      await ctx.store.stop();
      expect(ctx.store.getSnapshot()).toMatchObject({ status: 'ended', endedBy: 'user' });
    });

    it('can start again after an error', async () => {
      ctx = setup({}, 'denied');
      ctx.mic.deny('NotAllowedError');
      await expect(ctx.store.start()).rejects.toMatchObject({ code: 'microphone_permission_denied' });
      ctx.micPermission.set('granted');
      ctx.mic.grant();
      void ctx.store.start();
      await ctx.toOngoing();
      expect(ctx.store.getSnapshot()).toMatchObject({ status: 'ongoing', error: null });
    });
  });

  describe('token freshness', () => {
    it('asks for a new token when the first one is older than tokenMaxAgeMs at startCall', async () => {
      ctx = setup({ tokenMaxAgeMs: 20_000 });
      ctx.mic.hold(); // the user takes a while to answer the microphone prompt
      vi.useFakeTimers({ toFake: ['Date'] });
      void ctx.store.start();
      await flush();
      ctx.tokens.requests[0]?.resolve({ ...TOKEN, access_token: 'stale' });
      await flush();
      vi.setSystemTime(Date.now() + 25_000);
      ctx.mic.releaseHeld();
      await vi.waitFor(() => expect(ctx.tokens.requests).toHaveLength(2));
      ctx.tokens.requests[1]?.resolve({ ...TOKEN, access_token: 'fresh' });
      await vi.waitFor(() => expect(ctx.store.getSnapshot().status).toBe('connecting'));
      expect(ctx.factory.last.startCalls[0]?.accessToken).toBe('fresh');
    });

    it('keeps a token that is still fresh', async () => {
      ctx = setup();
      void ctx.store.start();
      await ctx.toConnecting();
      expect(ctx.tokens.requestToken).toHaveBeenCalledTimes(1);
    });

    it('honours a v3 expires_at that is about to pass', async () => {
      ctx = setup();
      void ctx.store.start();
      await flush();
      ctx.tokens.requests[0]?.resolve({ access_token: 'v3', call_id: 'c', expires_at: Date.now() + 1000 });
      await vi.waitFor(() => expect(ctx.tokens.requests).toHaveLength(2));
    });

    it('forwards v3 fields to startCall untouched', async () => {
      ctx = setup();
      void ctx.store.start();
      const v3 = {
        access_token: 'v3tok',
        call_id: 'call_v3',
        transport: 'gateway',
        ice_servers: [{ urls: 'stun:stun.example' }],
        expires_at: Date.now() + 60_000,
      };
      await ctx.toConnecting(v3);
      expect(ctx.factory.last.startCalls[0]).toMatchObject({
        accessToken: 'v3tok',
        callId: 'call_v3',
        transport: 'gateway',
        iceServers: [{ urls: 'stun:stun.example' }],
      });
      expect(ctx.store.getSnapshot().agentId).toBe('agent_1');
    });
  });
});
