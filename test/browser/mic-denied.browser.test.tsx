import { afterAll, beforeAll, expect, it } from 'vitest';
import { createCallStore } from '../../src/core/store.ts';
import { startWorker, TOKEN_ENDPOINT, tokenWorker } from './support.ts';

// This project launches Chromium with --deny-permission-prompts: the user "blocked" the microphone.
const worker = tokenWorker();
beforeAll(() => startWorker(worker));
afterAll(() => worker.stop());

it('a blocked microphone ends in microphone_permission_denied before any join', async () => {
  const store = createCallStore({ endpoint: TOKEN_ENDPOINT });
  const error = await store.start().catch((e: unknown) => e);
  expect(error).toMatchObject({
    name: 'WebCallError',
    code: 'microphone_permission_denied',
    retryable: true,
  });
  expect((error as Error).cause).toBeInstanceOf(DOMException);
  expect(((error as Error).cause as DOMException).name).toBe('NotAllowedError');
  expect(store.getSnapshot()).toMatchObject({
    status: 'error',
    error: { code: 'microphone_permission_denied' },
  });
});
