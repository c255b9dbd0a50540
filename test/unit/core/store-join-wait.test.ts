import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { flush, setupStore } from './storeHarness.ts';

// `joinWaitUntil`: while connecting, when the client will next try to join (LiveKit's back-off after failed
// joins, told by the client's `join_wait` event); null when not waiting and in every other status.

let ctx: ReturnType<typeof setupStore>;
afterEach(() => {
  ctx?.uninstall();
  vi.useRealTimers();
});

async function waiting(inMs = 4_000) {
  ctx = setupStore();
  const started = ctx.store.start();
  started.catch(() => {});
  await ctx.toConnecting();
  const until = Date.now() + inMs;
  ctx.factory.last.emit('join_wait', { until });
  expect(ctx.store.getSnapshot()).toMatchObject({ status: 'connecting', joinWaitUntil: until });
  return { until, started };
}

describe('joinWaitUntil', () => {
  it('is null before a call and while requesting', async () => {
    ctx = setupStore();
    expect(ctx.store.getSnapshot().joinWaitUntil).toBeNull();
    void ctx.store.start().catch(() => {});
    expect(ctx.store.getSnapshot()).toMatchObject({ status: 'requesting', joinWaitUntil: null });
    await ctx.store.stop();
  });

  it('follows join_wait while connecting and clears when the client says the wait is over', async () => {
    await waiting();
    ctx.factory.last.emit('join_wait', { until: null });
    expect(ctx.store.getSnapshot()).toMatchObject({ status: 'connecting', joinWaitUntil: null });
  });

  it('clears at call_started, even from a client that never says the wait is over', async () => {
    await waiting();
    ctx.factory.last.connect();
    expect(ctx.store.getSnapshot()).toMatchObject({ status: 'ongoing', joinWaitUntil: null });
    // …and an ongoing call ignores a late one.
    ctx.factory.last.emit('join_wait', { until: Date.now() + 1_000 });
    expect(ctx.store.getSnapshot().joinWaitUntil).toBeNull();
  });

  it('stop() during the wait clears it at once (ending), and the call ends with it null', async () => {
    await waiting();
    const stopping = ctx.store.stop();
    expect(ctx.store.getSnapshot()).toMatchObject({ status: 'ending', joinWaitUntil: null });
    ctx.factory.last.failToConnect(); // the cancelled join lets go (the Retell adapter disconnects the room)
    await stopping;
    expect(ctx.store.getSnapshot()).toMatchObject({ status: 'ended', joinWaitUntil: null });
  });

  it('is null in error after a failed join (SDK error), a hang-up while connecting and a rejected startCall', async () => {
    await waiting();
    ctx.factory.last.failToConnect();
    expect(ctx.store.getSnapshot()).toMatchObject({ status: 'error', joinWaitUntil: null });
    ctx.uninstall();

    await waiting();
    ctx.factory.last.emit('call_ended');
    expect(ctx.store.getSnapshot()).toMatchObject({ status: 'error', joinWaitUntil: null });
    ctx.uninstall();

    ctx = setupStore({
      createClient: () => {
        const client = ctx.factory.createClient();
        client.startCall = () => {
          client.emit('join_wait', { until: Date.now() + 5_000 });
          return Promise.reject(new Error('ws closed'));
        };
        return client;
      },
    });
    await expect(Promise.all([ctx.store.start(), ctx.toConnecting()])).rejects.toMatchObject({
      code: 'connection_failed',
    });
    expect(ctx.store.getSnapshot()).toMatchObject({ status: 'error', joinWaitUntil: null });
  });

  it('is null in ended after the remote side hangs up, and in the next call until its own wait', async () => {
    await waiting();
    ctx.factory.last.connect();
    ctx.factory.last.hangUp();
    expect(ctx.store.getSnapshot()).toMatchObject({ status: 'ended', joinWaitUntil: null });
    void ctx.store.start().catch(() => {});
    expect(ctx.store.getSnapshot()).toMatchObject({ status: 'requesting', joinWaitUntil: null });
    await ctx.store.stop();
  });

  it('ignores a wait that is not a future finite time (property over what a custom client may send)', async () => {
    await waiting();
    const before = ctx.store.getSnapshot().joinWaitUntil;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0, -1),
          fc.integer({ min: -1_000_000, max: 0 }).map((ms) => Date.now() + ms),
          fc.string(),
          fc.constant(undefined),
        ),
        async (until) => {
          ctx.factory.last.emit('join_wait', { until: before });
          ctx.factory.last.emit('join_wait', { until } as never);
          expect(ctx.store.getSnapshot().joinWaitUntil).toBeNull();
          await flush();
        },
      ),
      { numRuns: 60, seed: 7 },
    );
    ctx.factory.last.emit('join_wait', undefined as never);
    expect(ctx.store.getSnapshot().status).toBe('connecting');
  });
});
