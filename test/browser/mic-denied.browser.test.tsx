import { afterAll, beforeAll, expect, it } from 'vitest';
import { commands, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { isMicrophoneGranted, microphoneGrantedNow } from '../../src/core/microphone.ts';
import { createCallStore } from '../../src/core/store.ts';
import { CallPanel, DeviceSelect } from '../../src/index.ts';
import '../../src/styles.css';
import { MockWebCallProvider } from '../../src/testing/index.ts';
import { startWorker, TOKEN_ENDPOINT, tokenWorker } from './support.ts';

// This project launches Chromium with --deny-permission-prompts: the user "blocked" the microphone.
const worker = tokenWorker();
beforeAll(() => startWorker(worker));
afterAll(() => worker.stop());

it('a blocked microphone ends in microphone_permission_denied (a real NotAllowedError)', async () => {
  const store = createCallStore({ endpoint: TOKEN_ENDPOINT });
  const error = await store.start().catch((e: unknown) => e);
  expect(error).toMatchObject({
    name: 'WebCallError',
    code: 'microphone_permission_denied',
    retryable: true,
  });
  expect((error as Error).cause).toBeInstanceOf(DOMException);
  expect(((error as Error).cause as DOMException).name).toBe('NotAllowedError');
});

it('CallPanel shows how to re-allow the microphone, with a retry', async () => {
  const screen = await render(<CallPanel endpoint={TOKEN_ENDPOINT} agentId="agent_browser" />);
  await userEvent.click(screen.getByRole('button', { name: 'Start call' }));
  const alert = screen.getByRole('alert');
  await expect.element(alert).toHaveAttribute('data-code', 'microphone_permission_denied');
  await expect.element(alert).toHaveTextContent(/Microphone access was blocked/);
  await expect.element(alert).toHaveTextContent(/set Microphone to Allow/);
  await expect.element(screen.getByRole('button', { name: 'Try again' })).toBeVisible();
});

it('DeviceSelect before permission: only "Default", with the hint; still so once the prompt is refused', async () => {
  const screen = await render(
    <MockWebCallProvider state={{ status: 'idle' }}>
      <DeviceSelect kind="audioinput" />
    </MockWebCallProvider>,
  );
  const microphone = screen.getByRole('combobox', { name: 'Microphone' });
  const names = () =>
    [...microphone.element().querySelectorAll('option')].map((option) => option.textContent);
  const root = screen.container.querySelector('.rwc-device-select') as HTMLElement;
  await expect.poll(() => root.getAttribute('data-permission')).not.toBe('unknown');
  expect(names()).toEqual(['Default']);
  await expect.element(microphone).toHaveAccessibleDescription('Allow the microphone to choose one');
  await navigator.mediaDevices.getUserMedia({ audio: true }).catch(() => {});
  await expect.poll(() => root.getAttribute('data-permission')).toBe('denied');
  expect(names()).toEqual(['Default']);
  await expect.element(microphone).toHaveAccessibleDescription('Allow the microphone to choose one');
});

it('the kept microphone status follows the site settings, so the next start reads them without asking', async () => {
  try {
    await commands.setMicrophoneGranted(true); // the user allowed the microphone for this site
    await expect(isMicrophoneGranted()).resolves.toBe(true);
    expect(microphoneGrantedNow()).toBe(true);
    await commands.setMicrophoneGranted(false); // … and reset it: the next start must check first
    await expect.poll(() => microphoneGrantedNow()).toBe(false);
    await commands.setMicrophoneGranted(true);
    await expect.poll(() => microphoneGrantedNow()).toBe(true);
  } finally {
    await commands.setMicrophoneGranted(false);
  }
});
