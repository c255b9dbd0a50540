import { afterEach, describe, expect, it, vi } from 'vitest';
import { isMicrophoneGranted } from '../../../src/core/microphone.ts';
import { flush, setupStore } from './storeHarness.ts';

// A returning user's click (microphone permission `granted`, known before the click): the token request
// leaves inside start() itself, before anything slow (React rendering `requesting`, the AudioContext of the
// audio unlock). Everyone else still gets the microphone check before any token (a token is a billable call).

/** What happened, in order: token requests, microphone opens and AudioContexts made. */
const order: string[] = [];

class RecordingAudioContext {
  state: AudioContextState = 'running';
  sampleRate = 48_000;
  destination = {};
  constructor() {
    order.push('AudioContext');
  }
  createBuffer() {
    return {};
  }
  createBufferSource() {
    return { buffer: null, connect() {}, start() {} };
  }
  resume() {
    return Promise.resolve();
  }
  close() {
    this.state = 'closed';
    return Promise.resolve();
  }
}

let ctx: ReturnType<typeof setupStore>;
function setup(...args: Parameters<typeof setupStore>) {
  order.length = 0;
  ctx = setupStore(...args);
  ctx.tokens.requestToken.mockImplementationOnce((request) => {
    order.push('token');
    return new Promise(() => {
      request.signal?.addEventListener('abort', () => {});
    });
  });
  ctx.mic.getUserMedia.mockImplementation(() => {
    order.push('getUserMedia');
    return new Promise<MediaStream>(() => {});
  });
  Object.defineProperty(window, 'AudioContext', { configurable: true, value: RecordingAudioContext });
  return ctx;
}

afterEach(async () => {
  await ctx?.store.stop();
  ctx?.uninstall();
  Reflect.deleteProperty(window, 'AudioContext');
});

describe('a returning user’s click (permission granted and already known)', () => {
  it('sends the token request inside start(), then checks the microphone, then unlocks audio', async () => {
    setup({}, 'granted');
    await isMicrophoneGranted(); // the engine asks when it loads, before any click
    void ctx.store.start();
    // Synchronously: nothing was awaited between the click and the request.
    expect(order).toEqual(['token', 'getUserMedia', 'AudioContext']);
    expect(ctx.micPermission.query).toHaveBeenCalledTimes(1);
  });

  it('asks the browser once: the first click after the engine loaded waits for the answer, later ones do not', async () => {
    setup({}, 'granted');
    void ctx.store.start();
    expect(order).toEqual(['AudioContext']); // the answer is not known yet: the query is awaited
    await vi.waitFor(() => expect(order).toEqual(['AudioContext', 'token', 'getUserMedia']));
    await ctx.store.stop();
    order.length = 0;
    ctx.tokens.requestToken.mockImplementationOnce(() => {
      order.push('token');
      return new Promise(() => {});
    });
    void ctx.store.start();
    expect(order).toEqual(['token', 'getUserMedia', 'AudioContext']);
    expect(ctx.micPermission.query).toHaveBeenCalledTimes(1);
  });

  it('with checkMicrophone: false the token request also leaves inside start()', () => {
    setup({ checkMicrophone: false }, 'prompt');
    void ctx.store.start();
    expect(order).toEqual(['token', 'AudioContext']);
    expect(ctx.micPermission.query).not.toHaveBeenCalled();
  });

  it('a permission blocked after it was known: the next start checks the microphone first and mints nothing', async () => {
    setup({}, 'granted');
    await isMicrophoneGranted();
    ctx.micPermission.set('denied'); // the user blocked the microphone in the site settings
    ctx.mic.getUserMedia.mockImplementation(() => {
      order.push('getUserMedia');
      return Promise.reject(new DOMException('blocked', 'NotAllowedError'));
    });
    await expect(ctx.store.start()).rejects.toMatchObject({ code: 'microphone_permission_denied' });
    expect(order).toEqual(['getUserMedia', 'AudioContext']);
    expect(ctx.tokens.requestToken).not.toHaveBeenCalled();
  });

  it('a permission reset to prompt after it was known: no token until the prompt is answered', async () => {
    setup({}, 'granted');
    await isMicrophoneGranted();
    ctx.micPermission.set('prompt');
    ctx.mic.getUserMedia.mockRestore();
    ctx.mic.hold();
    void ctx.store.start();
    await flush();
    await flush();
    expect(ctx.tokens.requestToken).not.toHaveBeenCalled();
    ctx.mic.releaseHeld();
    await vi.waitFor(() => expect(ctx.tokens.requestToken).toHaveBeenCalledTimes(1));
  });

  it('a start stopped by its own `requesting` callback sends nothing and unlocks nothing', async () => {
    setup({ onStatusChange: (status) => status === 'requesting' && void ctx.store.stop() }, 'granted');
    await isMicrophoneGranted();
    await ctx.store.start().catch(() => {});
    await flush();
    expect(order).toEqual([]);
    expect(ctx.tokens.requestToken).not.toHaveBeenCalled();
  });

  it('the audio unlock is released with the call, however early it ends', async () => {
    setup({}, 'granted');
    await isMicrophoneGranted();
    const closed = vi.spyOn(RecordingAudioContext.prototype, 'close');
    void ctx.store.start();
    await ctx.store.stop();
    expect(closed).toHaveBeenCalledTimes(1);
  });
});
