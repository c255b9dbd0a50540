import { afterEach, describe, expect, it, vi } from 'vitest';
import { flush, setupStore, TOKEN } from './storeHarness.ts';

// Every token the endpoint returns is a billable Retell call: a microphone that cannot join must mint none.

let ctx: ReturnType<typeof setupStore>;
afterEach(() => {
  ctx?.uninstall();
  vi.useRealTimers();
});

describe('the microphone check and the token request', () => {
  it.each(['prompt', 'denied', 'throws', 'missing'] as const)(
    'with permission %s: no token is requested until the microphone check passed',
    async (permission) => {
      ctx = setupStore({}, permission);
      ctx.mic.hold(); // the prompt is open
      void ctx.store.start();
      await flush();
      await flush();
      expect(ctx.mic.getUserMedia).toHaveBeenCalledTimes(1);
      expect(ctx.tokens.requestToken).not.toHaveBeenCalled();
      ctx.mic.releaseHeld();
      await ctx.toOngoing();
      expect(ctx.tokens.requestToken).toHaveBeenCalledTimes(1);
      expect(ctx.mic.liveTracks()).toHaveLength(0);
    },
  );

  it('with permission granted: the token request and the microphone check run in parallel', async () => {
    ctx = setupStore({}, 'granted');
    ctx.mic.hold();
    void ctx.store.start();
    await vi.waitFor(() => expect(ctx.tokens.requestToken).toHaveBeenCalledTimes(1));
    expect(ctx.mic.getUserMedia).toHaveBeenCalledTimes(1);
    ctx.mic.releaseHeld();
    await ctx.toOngoing();
  });

  it('the SDK chunk loads from the start, while the microphone prompt is open', async () => {
    ctx = setupStore({}, 'prompt');
    ctx.mic.hold();
    void ctx.store.start();
    await flush();
    expect(ctx.factory.clients).toHaveLength(1);
    expect(ctx.tokens.requestToken).not.toHaveBeenCalled();
  });

  it('a microphone prompt answered after 20 s mints one token, not two', async () => {
    ctx = setupStore({ tokenMaxAgeMs: 20_000 }, 'prompt');
    vi.useFakeTimers({ toFake: ['Date'] });
    ctx.mic.hold();
    void ctx.store.start();
    await flush();
    vi.setSystemTime(Date.now() + 25_000);
    ctx.mic.releaseHeld();
    await ctx.toOngoing();
    expect(ctx.tokens.requestToken).toHaveBeenCalledTimes(1);
  });

  it('a blocked microphone mints nothing, however often the user tries again', async () => {
    ctx = setupStore({}, 'denied');
    ctx.mic.deny('NotAllowedError');
    for (let attempt = 0; attempt < 3; attempt++) {
      await expect(ctx.store.start()).rejects.toMatchObject({ code: 'microphone_permission_denied' });
    }
    expect(ctx.tokens.requestToken).not.toHaveBeenCalled();
    expect(ctx.factory.clients.every((client) => client.startCalls.length === 0)).toBe(true);
  });

  it('after the permission changes to granted, "Try again" works at once and runs in parallel', async () => {
    ctx = setupStore({}, 'denied');
    ctx.mic.deny('NotAllowedError');
    await expect(ctx.store.start()).rejects.toMatchObject({ code: 'microphone_permission_denied' });
    // The user re-allows the microphone in the site settings: the browser fires `change`.
    ctx.micPermission.set('granted');
    ctx.mic.hold();
    void ctx.store.start();
    await vi.waitFor(() => expect(ctx.tokens.requestToken).toHaveBeenCalledTimes(1));
    ctx.mic.releaseHeld();
    await ctx.toOngoing();
    expect(ctx.store.getSnapshot()).toMatchObject({ status: 'ongoing', error: null });
  });

  it('an SDK chunk that failed while the prompt was open mints nothing', async () => {
    ctx = setupStore({ createClient: () => Promise.reject(new TypeError('Failed to fetch')) }, 'prompt');
    ctx.mic.hold();
    const started = ctx.store.start();
    await flush();
    ctx.mic.releaseHeld();
    await expect(started).rejects.toMatchObject({ code: 'sdk_load_failed' });
    expect(ctx.tokens.requestToken).not.toHaveBeenCalled();
  });

  it('stop() while the prompt is open mints nothing, even when the prompt is answered later', async () => {
    ctx = setupStore({}, 'prompt');
    ctx.mic.hold();
    void ctx.store.start();
    await flush();
    await ctx.store.stop();
    ctx.mic.releaseHeld();
    await flush();
    await flush();
    expect(ctx.tokens.requestToken).not.toHaveBeenCalled();
    expect(ctx.mic.liveTracks()).toHaveLength(0);
  });
});

describe('which microphone is checked', () => {
  it('the one chosen with setInputDevice, over startCallOptions.captureDeviceId', async () => {
    ctx = setupStore({ startCallOptions: { captureDeviceId: 'mic-options' } }, 'prompt');
    await ctx.store.setInputDevice('mic-chosen');
    void ctx.store.start();
    await ctx.toConnecting();
    expect(ctx.mic.getUserMedia).toHaveBeenCalledWith({ audio: { deviceId: { exact: 'mic-chosen' } } });
    expect(ctx.factory.last.startCalls[0]).toMatchObject({ captureDeviceId: 'mic-chosen' });
  });

  it('startCallOptions.captureDeviceId when nothing was chosen', async () => {
    ctx = setupStore({ startCallOptions: { captureDeviceId: 'mic-options' } }, 'prompt');
    void ctx.store.start();
    await ctx.toConnecting();
    expect(ctx.mic.getUserMedia).toHaveBeenCalledWith({ audio: { deviceId: { exact: 'mic-options' } } });
  });

  it("any microphone for 'default' (not every browser has a device with that id)", async () => {
    ctx = setupStore({}, 'prompt');
    await ctx.store.setInputDevice('default');
    void ctx.store.start();
    await ctx.toConnecting();
    expect(ctx.mic.getUserMedia).toHaveBeenCalledWith({ audio: true });
    expect(ctx.factory.last.startCalls[0]).toMatchObject({ captureDeviceId: 'default' });
  });
});

it('the token it mints is the one startCall uses', async () => {
  ctx = setupStore({}, 'prompt');
  void ctx.store.start();
  await ctx.toConnecting({ ...TOKEN, access_token: 'only' });
  expect(ctx.factory.last.startCalls[0]?.accessToken).toBe('only');
});
