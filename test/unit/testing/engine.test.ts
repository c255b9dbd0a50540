/**
 * The testing entry bundles the call engine: a simulated call driven by fake timers never waits for the
 * engine's chunk. (The unit setup preloads the engine; each test here imports a fresh module graph.)
 */
import { cleanup } from '@testing-library/react';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';

/** One agent line, then the agent waits: the call stays ongoing. */
const WAITING = [{ role: 'agent', text: 'Hello from the test agent' }] as const;

beforeEach(() => {
  vi.resetModules();
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.resetModules();
});

it('runs a simulated call under fake timers from the first start(), engine never loaded before', async () => {
  const { createCallStore } = await import('../../../src/core/store.ts');
  const { createTestWebCallOptions, FAST_TIMING } = await import('../../../src/testing/index.ts');
  vi.useFakeTimers();
  const options = createTestWebCallOptions({ timing: FAST_TIMING, script: WAITING, tokenDelayMs: 50 });
  const getAccessToken = vi.fn(options.getAccessToken);
  const store = createCallStore({ ...options, getAccessToken });
  const started = store.start();
  // The token request starts inside start(): no chunk to wait for.
  expect(getAccessToken).toHaveBeenCalledTimes(1);
  await vi.advanceTimersByTimeAsync(500);
  await started;
  expect(store.getSnapshot().status).toBe('ongoing');
  await store.stop();
  expect(store.getSnapshot().status).toBe('ended');
});
