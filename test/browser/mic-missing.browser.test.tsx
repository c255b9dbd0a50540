import { afterAll, beforeAll, expect, it } from 'vitest';
import { createCallStore } from '../../src/core/store.ts';
import { startWorker, TOKEN_ENDPOINT, tokenWorker } from './support.ts';

// This project launches Chromium without a fake capture device: there is no microphone at all.
const worker = tokenWorker();
beforeAll(() => startWorker(worker));
afterAll(() => worker.stop());

it('no microphone ends in microphone_not_found', async () => {
  const store = createCallStore({ endpoint: TOKEN_ENDPOINT });
  const error = await store.start().catch((e: unknown) => e);
  expect(error).toMatchObject({ name: 'WebCallError', code: 'microphone_not_found' });
  expect(((error as Error).cause as DOMException).name).toBe('NotFoundError');
  expect(store.getSnapshot().status).toBe('error');
});

it('a captureDeviceId that does not exist ends in microphone_not_found too', async () => {
  const store = createCallStore({ endpoint: TOKEN_ENDPOINT, startCallOptions: { captureDeviceId: 'nope' } });
  await expect(store.start()).rejects.toMatchObject({ code: 'microphone_not_found' });
});
