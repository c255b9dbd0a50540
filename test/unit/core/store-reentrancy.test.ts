import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CallStatus, CallStore } from '../../../src/core/store.ts';
import { flush, setupStore } from './storeHarness.ts';

// Callbacks and subscribers may call stop() or start() from inside the store's own notifications.

let ctx: ReturnType<typeof setupStore>;
afterEach(() => {
  ctx?.uninstall();
  vi.useRealTimers();
});

/** A store whose onStatusChange runs `action` the first time the call reaches `status`. */
function reenterOn(status: CallStatus, action: (store: CallStore) => unknown) {
  let fired = false;
  const holder: { store?: CallStore } = {};
  ctx = setupStore({
    onStatusChange: (next) => {
      ctx.statuses.push(next);
      if (next !== status || fired) return;
      fired = true;
      void action(holder.store as CallStore);
    },
  });
  holder.store = ctx.store;
  return ctx;
}

describe('stop() from onStatusChange', () => {
  it("at 'requesting' opens no microphone, creates no client and mints no token", async () => {
    const { store, mic, factory, tokens } = reenterOn('requesting', (s) => s.stop());
    const started = store.start();
    await expect(started).rejects.toMatchObject({ code: 'aborted' });
    await flush();
    await flush();
    expect(store.getSnapshot()).toMatchObject({ status: 'ended', endedBy: 'user' });
    expect(mic.getUserMedia).not.toHaveBeenCalled();
    expect(factory.clients).toHaveLength(0);
    expect(tokens.requestToken).not.toHaveBeenCalled();
    expect(ctx.statuses).toEqual(['requesting', 'ended']);
  });

  it("at 'connecting' never calls startCall and releases the client at once", async () => {
    const { store, factory } = reenterOn('connecting', (s) => s.stop());
    const started = store.start();
    await vi.waitFor(() => expect(ctx.tokens.requests).toHaveLength(1));
    ctx.tokens.requests[0]?.resolve({ access_token: 't', call_id: 'c' });
    await expect(started).rejects.toMatchObject({ code: 'aborted' });
    expect(store.getSnapshot()).toMatchObject({ status: 'ended', endedBy: 'user' });
    expect(factory.last.startCalls).toHaveLength(0);
    expect(factory.last.listenerCount()).toBe(0);
    expect(ctx.statuses).toEqual(['requesting', 'connecting', 'ending', 'ended']);
  });

  it("at 'ongoing': start() still resolves (the call did connect), then the call ends cleanly", async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { store, factory } = reenterOn('ongoing', (s) => s.stop());
    const started = store.start();
    await vi.waitFor(() => expect(ctx.tokens.requests).toHaveLength(1));
    ctx.tokens.requests[0]?.resolve({ access_token: 't', call_id: 'c' });
    await vi.waitFor(() => expect(store.getSnapshot().status).toBe('connecting'));
    factory.last.connect();
    await expect(started).resolves.toBeUndefined();
    expect(store.getSnapshot()).toMatchObject({ status: 'ended', endedBy: 'user' });
    expect(factory.last.connected).toBe(false);
    expect(factory.last.listenerCount()).toBe(0);
    expect(vi.getTimerCount()).toBe(0); // no agent-ready timer left behind
  });

  it('from a subscribe listener at requesting: same as onStatusChange', async () => {
    ctx = setupStore();
    ctx.store.subscribe(() => {
      if (ctx.store.getSnapshot().status === 'requesting') void ctx.store.stop();
    });
    await expect(ctx.store.start()).rejects.toMatchObject({ code: 'aborted' });
    await flush();
    expect(ctx.mic.getUserMedia).not.toHaveBeenCalled();
    expect(ctx.factory.clients).toHaveLength(0);
    // Found by the interleavings property: onStatusChange said `ended`, then a stale `requesting`.
    expect(ctx.statuses).toEqual(['requesting', 'ended']);
  });

  it('from a subscribe listener: onError and onCallEnd come after the status they follow', async () => {
    const heard: string[] = [];
    ctx = setupStore({
      onStatusChange: (status) => heard.push(status),
      onCallEnd: ({ snapshot }) => heard.push(`onCallEnd(${snapshot.status})`),
    });
    ctx.store.subscribe(() => {
      if (ctx.store.getSnapshot().status === 'ongoing') void ctx.store.stop();
    });
    void ctx.store.start();
    await ctx.toConnecting();
    ctx.factory.last.connect();
    expect(heard).toEqual(['requesting', 'connecting', 'ongoing', 'ending', 'ended', 'onCallEnd(ended)']);
    expect(ctx.factory.last.listenerCount()).toBe(0);
  });
});

describe('callbacks that stop or restart the call', () => {
  it('onCallStart stopping the call: ended, nothing left attached, no onAgentReady afterwards', async () => {
    const onAgentReady = vi.fn();
    ctx = setupStore({ onCallStart: () => void ctx.store.stop(), onAgentReady });
    void ctx.store.start();
    await ctx.toConnecting();
    ctx.factory.last.emit('call_ready');
    ctx.factory.last.connect();
    expect(ctx.store.getSnapshot()).toMatchObject({ status: 'ended', endedBy: 'user' });
    expect(ctx.factory.last.listenerCount()).toBe(0);
    expect(onAgentReady).not.toHaveBeenCalled();
  });

  it('onError starting a new call: the new call runs, the failed one is released', async () => {
    let retried = false;
    ctx = setupStore({
      onError: () => {
        if (retried) return;
        retried = true;
        void ctx.store.start();
      },
    });
    void ctx.store.start();
    await ctx.toConnecting();
    const first = ctx.factory.last;
    first.failToConnect();
    expect(ctx.store.getSnapshot().status).toBe('requesting');
    await ctx.toOngoing();
    expect(ctx.factory.clients).toHaveLength(2);
    expect(first.listenerCount()).toBe(0);
    expect(ctx.factory.last).not.toBe(first);
  });

  it("onStatusChange('ended') starting the next call: onCallEnd still gets the ended call", async () => {
    const ended: CallStatus[] = [];
    let again = true;
    ctx = setupStore({
      onStatusChange: (status) => {
        if (status === 'ended' && again) {
          again = false;
          void ctx.store.start();
        }
      },
      onCallEnd: ({ snapshot }) => ended.push(snapshot.status),
    });
    void ctx.store.start();
    await ctx.toOngoing();
    ctx.factory.last.hangUp();
    expect(ended).toEqual(['ended']);
    expect(ctx.store.getSnapshot().status).toBe('requesting');
  });

  it('onTranscript stopping the call: no transcript callback or publish after the end', async () => {
    const onTranscript = vi.fn(() => void ctx.store.stop());
    ctx = setupStore({ onTranscript });
    void ctx.store.start();
    await ctx.toOngoing();
    ctx.factory.last.emit('update', { transcript: [{ role: 'agent', content: 'Hi' }] });
    expect(ctx.store.getSnapshot().status).toBe('ended');
    expect(onTranscript).toHaveBeenCalledTimes(1);
  });
});

describe('a call started from inside a callback (review findings)', () => {
  it("onStatusChange('requesting') can still refuse it before anything is asked for", async () => {
    let restarted = false;
    ctx = setupStore({
      onError: () => {
        if (restarted) return;
        restarted = true;
        void ctx.store.start(); // an automatic retry
      },
      onStatusChange: (status) => {
        ctx.statuses.push(status);
        if (status === 'requesting' && restarted) void ctx.store.stop(); // the app refuses it
      },
    });
    void ctx.store.start();
    await ctx.toConnecting();
    const micChecks = ctx.mic.getUserMedia.mock.calls.length;
    const tokens = ctx.tokens.requestToken.mock.calls.length;
    ctx.factory.last.failToConnect();
    await flush();
    expect(ctx.store.getSnapshot()).toMatchObject({ status: 'ended', endedBy: 'user' });
    expect(ctx.mic.getUserMedia.mock.calls.length).toBe(micChecks);
    expect(ctx.tokens.requestToken.mock.calls.length).toBe(tokens); // no billable call minted
    expect(ctx.statuses.slice(-3)).toEqual(['error', 'requesting', 'ended']);
  });

  it("onStatusChange('ended') starting the next call: onCallEnd comes before the next call's statuses", async () => {
    const heard: string[] = [];
    let again = true;
    ctx = setupStore({
      onStatusChange: (status) => {
        heard.push(status);
        if (status === 'ended' && again) {
          again = false;
          void ctx.store.start();
        }
      },
      onCallEnd: () => heard.push('onCallEnd'),
    });
    void ctx.store.start();
    await ctx.toOngoing();
    ctx.factory.last.hangUp();
    expect(heard.slice(-3)).toEqual(['ended', 'onCallEnd', 'requesting']);
  });
});

describe('a custom client whose join outlives the 5 s ending cap', () => {
  it('is hung up when its join finally completes', async () => {
    ctx = setupStore();
    void ctx.store.start();
    await ctx.toConnecting();
    vi.useFakeTimers();
    const stopped = ctx.store.stop();
    await vi.advanceTimersByTimeAsync(5_000);
    await stopped;
    expect(ctx.store.getSnapshot()).toMatchObject({ status: 'ended', endedBy: 'user' });
    const client = ctx.factory.last;
    const stopsAtEnd = client.stopCalls;
    // The join completes 10 s late: the client is connected again, with nobody listening.
    client.connect();
    await vi.advanceTimersByTimeAsync(0);
    expect(client.stopCalls).toBe(stopsAtEnd + 1);
    expect(client.connected).toBe(false);
    expect(ctx.store.getSnapshot()).toMatchObject({ status: 'ended', endedBy: 'user' });
  });
});
