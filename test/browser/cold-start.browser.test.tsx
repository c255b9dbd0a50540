import { afterAll, beforeAll, expect, it } from 'vitest';
import { isMicrophoneGranted } from '../../src/core/microphone.ts';
import { createCallStore, loadCallEngine } from '../../src/core/store.ts';
import { startWorker, TOKEN_ENDPOINT, tokenWorker } from './support.ts';

// Real Chromium (fake microphone, permission granted): a returning user's click sends the token request
// inside start(), before the audio unlock's AudioContext. (That the kept PermissionStatus follows the site
// settings is tested in mic-denied.browser.test.tsx: this project's fake-UI flag always answers `granted`.)

const worker = tokenWorker();
beforeAll(() => startWorker(worker));
afterAll(() => worker.stop());

it('a returning user’s start(): the token request leaves before the AudioContext, inside start()', async () => {
  await loadCallEngine();
  await isMicrophoneGranted();
  const order: string[] = [];
  const fetch = window.fetch;
  const NativeAudioContext = window.AudioContext;
  window.fetch = (...args) => {
    if (String(args[0]).includes(TOKEN_ENDPOINT)) order.push('token');
    return fetch(...args);
  };
  window.AudioContext = class extends NativeAudioContext {
    constructor(options?: AudioContextOptions) {
      super(options);
      order.push('AudioContext');
    }
  };
  const store = createCallStore({
    endpoint: TOKEN_ENDPOINT,
    agentId: 'agent_browser',
    // Never joins: this test is about what happens inside the click.
    createClient: () => new Promise(() => {}),
  });
  try {
    void store.start();
    expect(order).toEqual(['token', 'AudioContext']);
  } finally {
    window.fetch = fetch;
    window.AudioContext = NativeAudioContext;
    await store.stop();
  }
});
