import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { TokenRequester } from '../../../src/core/callStoreInternals.ts';
import type { WebCallResponse } from '../../../src/core/schemas.ts';
import { type CallOptions, createCallStore } from '../../../src/core/store.ts';
import { requestWebCallToken } from '../../../src/core/token.ts';
import { withTokenRequester } from '../../support/callStoreInternals.ts';
import { fakeClientFactory } from '../../support/fakeClient.ts';

// The store stays whole when the code around it misbehaves: throwing subscribers, callbacks and client
// methods, events in an unexpected order, a server render. Each case failed before its fix.

const TOKEN: WebCallResponse = { access_token: 'tok', call_id: 'c1' };

function setup(extra: CallOptions = {}, requestToken: TokenRequester = async () => TOKEN) {
  const factory = fakeClientFactory();
  const store = withTokenRequester(
    createCallStore({ createClient: factory.createClient, checkMicrophone: false, ...extra }),
    requestToken,
  );
  const toOngoing = async () => {
    void store.start();
    await vi.waitFor(() => expect(store.getSnapshot().status).toBe('connecting'));
    factory.last.connect();
  };
  return { store, factory, toOngoing };
}

const reported: unknown[] = [];
const originalReportError = globalThis.reportError;
globalThis.reportError = (error: unknown) => reported.push(error);
afterEach(() => {
  reported.length = 0;
});
afterAll(() => {
  globalThis.reportError = originalReportError;
});

describe('a throwing subscriber', () => {
  it('cannot leave a failed call half-finished: start() settles and onError fires', async () => {
    const onError = vi.fn();
    const { store, factory } = setup({ onError });
    store.subscribe(() => {
      if (store.getSnapshot().status === 'error') throw new Error('subscriber boom');
    });
    const started = store.start();
    await vi.waitFor(() => expect(store.getSnapshot().status).toBe('connecting'));
    factory.last.failToConnect();
    await expect(started).rejects.toMatchObject({ code: 'connection_failed' });
    expect(onError).toHaveBeenCalledTimes(1);
    expect(reported).toEqual([expect.objectContaining({ message: 'subscriber boom' })]);
  });

  it('cannot make stop() throw or skip onCallEnd', async () => {
    const onCallEnd = vi.fn();
    const { store, toOngoing } = setup({ onCallEnd });
    store.subscribe(() => {
      if (store.getSnapshot().status === 'ended') throw new Error('boom');
    });
    await toOngoing();
    await expect(store.stop()).resolves.toBeUndefined();
    expect(onCallEnd).toHaveBeenCalledTimes(1);
  });
});

describe('client methods that throw', () => {
  it('a synchronous throw from startAudioPlayback does not fail the call', async () => {
    const onCallStart = vi.fn();
    const { store, factory, toOngoing } = setup({ onCallStart });
    void store.start().catch(() => {});
    await vi.waitFor(() => expect(store.getSnapshot().status).toBe('connecting'));
    factory.last.startAudioPlayback = () => {
      throw new TypeError('room is undefined');
    };
    factory.last.connect();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(store.getSnapshot().status).toBe('ongoing');
    expect(onCallStart).toHaveBeenCalledTimes(1);
    void toOngoing;
  });

  it('mute() that throws is reported and leaves isMuted unchanged', async () => {
    const { store, factory, toOngoing } = setup();
    await toOngoing();
    factory.last.mute = () => {
      throw new Error('no track');
    };
    expect(() => store.mute()).not.toThrow();
    expect(store.getSnapshot().isMuted).toBe(false);
    expect(reported).toHaveLength(1);
  });

  it('stop() of an ongoing call never throws, even if stopCall does', async () => {
    const onCallEnd = vi.fn();
    const { store, factory, toOngoing } = setup({ onCallEnd });
    await toOngoing();
    factory.last.stopCall = () => {
      throw new Error('stopCall boom');
    };
    await expect(store.stop()).resolves.toBeUndefined();
    expect(store.getSnapshot()).toMatchObject({ status: 'ended', endedBy: 'user' });
    expect(onCallEnd).toHaveBeenCalledTimes(1);
    expect(factory.last.listenerCount()).toBe(0);
  });
});

it('a call_ready that arrives before call_started still marks the agent ready', async () => {
  const onAgentReady = vi.fn();
  const { store, factory } = setup({ onAgentReady });
  void store.start();
  await vi.waitFor(() => expect(store.getSnapshot().status).toBe('connecting'));
  factory.last.emit('call_ready');
  expect(store.getSnapshot().agentReady).toBe(false);
  factory.last.connect();
  expect(store.getSnapshot()).toMatchObject({ status: 'ongoing', agentReady: true });
  expect(onAgentReady).toHaveBeenCalledTimes(1);
});

it('a startCall that rejects after call_started is call_failed, not connection_failed', async () => {
  const { store, factory } = setup();
  const started = store.start();
  await vi.waitFor(() => expect(factory.clients).toHaveLength(1));
  factory.last.startCall = () => {
    factory.last.connected = true;
    factory.last.emit('call_started');
    return Promise.reject(new Error('dropped right after joining'));
  };
  await started;
  await vi.waitFor(() => expect(store.getSnapshot().status).toBe('error'));
  expect(store.getSnapshot().error?.code).toBe('call_failed');
});

it('onCallEnd gets the ended snapshot even if onStatusChange starts the next call', async () => {
  const seen: string[] = [];
  const ctx = setup({
    onStatusChange: (status) => {
      if (status === 'ended') void ctx.store.start();
    },
    onCallEnd: ({ snapshot }) => seen.push(snapshot.status),
  });
  await ctx.toOngoing();
  await ctx.store.stop();
  expect(seen).toEqual(['ended']);
  expect(ctx.store.getSnapshot().status).toBe('requesting'); // the next call did start
});

describe('a custom client whose on() throws (review finding)', () => {
  it('fails the call with connection_failed, releases the client, and never hangs in requesting', async () => {
    const onError = vi.fn();
    const { store, factory } = setup({ onError });
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      const started = store.start();
      await vi.waitFor(() => expect(factory.clients).toHaveLength(1));
      const client = factory.last;
      // Make registration throw part-way (the first listener is attached, the next one throws).
      const on = client.on.bind(client);
      let attached = 0;
      client.on = ((...args: Parameters<typeof client.on>) => {
        if (++attached > 1) throw new Error('unknown event');
        return on(...args);
      }) as typeof client.on;
      await expect(started).rejects.toMatchObject({ code: 'connection_failed' });
      expect(store.getSnapshot().status).toBe('error');
      expect(onError).toHaveBeenCalledTimes(1);
      expect(client.listenerCount()).toBe(0); // the listener that was attached is released
      expect(client.startCalls).toHaveLength(0);
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });
});

describe('token request', () => {
  it('with getAccessToken and an already-aborted signal: settles at once and never calls it', async () => {
    const getAccessToken = vi.fn(async () => TOKEN);
    const controller = new AbortController();
    controller.abort();
    await expect(
      requestWebCallToken({
        body: { agent_id: 'a' },
        signal: controller.signal,
        getAccessToken,
        timeoutMs: 50,
      }),
    ).rejects.toMatchObject({ code: 'aborted' });
    expect(getAccessToken).not.toHaveBeenCalled();
  });

  it('aborting while getAccessToken is pending rejects with aborted', async () => {
    const controller = new AbortController();
    const pending = requestWebCallToken({
      body: { agent_id: 'a' },
      signal: controller.signal,
      getAccessToken: () => new Promise(() => {}),
    });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'aborted' });
  });

  it('an HTTP error whose body arrives after the timeout keeps its status', async () => {
    const fetch = vi.fn(
      async () =>
        new Response(
          new ReadableStream({
            start(controller) {
              setTimeout(() => {
                controller.enqueue(new TextEncoder().encode('{"status":"error","message":"busy"}'));
                controller.close();
              }, 80);
            },
          }),
          { status: 503 },
        ),
    );
    await expect(
      requestWebCallToken({ body: { agent_id: 'a' }, fetch, timeoutMs: 30, endpoint: 'http://x/api' }),
    ).rejects.toMatchObject({ code: 'token_request_failed', status: 503 });
  });
});

it('start() on the server fails at once and never requests a token', async () => {
  const requestToken = vi.fn(async () => TOKEN);
  const { store } = setup({}, requestToken);
  const original = globalThis.window;
  // @ts-expect-error simulate a server render inside jsdom
  delete globalThis.window;
  try {
    await expect(store.start()).rejects.toMatchObject({ code: 'unsupported_browser' });
  } finally {
    globalThis.window = original;
  }
  expect(requestToken).not.toHaveBeenCalled();
});
