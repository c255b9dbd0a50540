import { afterAll, beforeAll, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { createCallStore } from '../../src/core/store.ts';
import { CallPanel } from '../../src/index.ts';
import '../../src/styles.css';
import { startWorker, TOKEN_ENDPOINT, tokenWorker } from './support.ts';

// This project launches Chromium without a fake capture device: there is no microphone at all.
const worker = tokenWorker();
beforeAll(() => startWorker(worker));
afterAll(() => worker.stop());

it('no microphone ends in microphone_not_found (a real NotFoundError)', async () => {
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

it('CallPanel asks the user to connect a microphone', async () => {
  const screen = await render(<CallPanel endpoint={TOKEN_ENDPOINT} agentId="agent_browser" />);
  await userEvent.click(screen.getByRole('button', { name: 'Start call' }));
  const alert = screen.getByRole('alert');
  await expect.element(alert).toHaveAttribute('data-code', 'microphone_not_found');
  await expect.element(alert).toHaveTextContent(/Connect a microphone or headset/);
});
