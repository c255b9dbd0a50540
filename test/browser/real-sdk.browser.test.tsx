import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { commands, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { createCallStore } from '../../src/core/store.ts';
import { CallPanel } from '../../src/index.ts';
import '../../src/styles.css';
import { startWorker, TOKEN_ENDPOINT, tokenWorker, trackMicrophone } from './support.ts';

const worker = tokenWorker('secret-token-123');
beforeAll(() => startWorker(worker));
afterAll(() => worker.stop());

let mic: ReturnType<typeof trackMicrophone>;
afterEach(() => mic?.restore());

describe('the real retell-client-js-sdk in Chromium (loaded lazily, fake media devices)', () => {
  it('CallPanel: the msw-mocked token reaches LiveKit; a closed socket shows connection_failed, all released', async () => {
    mic = trackMicrophone();
    await commands.interceptLivekit('close');
    const screen = await render(<CallPanel endpoint={TOKEN_ENDPOINT} agentId="agent_browser" />);
    const panel = screen.getByRole('region', { name: 'Voice call' });

    await userEvent.click(screen.getByRole('button', { name: 'Start call' }));

    await expect.element(panel).toHaveAttribute('data-status', 'error');
    const alert = screen.getByRole('alert');
    await expect.element(alert).toHaveAttribute('data-code', 'connection_failed');
    await expect.element(alert).toHaveTextContent(/firewall, VPN or network filter/);
    await expect.element(screen.getByRole('button', { name: 'Try again' })).toBeVisible();

    const urls = await commands.capturedLivekitUrls();
    expect(urls.length).toBeGreaterThan(0);
    expect(new URL(urls[0] as string).searchParams.get('access_token')).toBe('secret-token-123');
    // The preflight opened the fake microphone; every track anyone opened is stopped.
    expect(mic.tracks.length).toBeGreaterThan(0);
    expect(mic.live()).toEqual([]);
  });

  it('the store goes requesting → connecting → error with the SDK’s own message as the cause', async () => {
    mic = trackMicrophone();
    await commands.interceptLivekit('close');
    const store = createCallStore({ endpoint: TOKEN_ENDPOINT, agentId: 'agent_browser' });
    const statuses: string[] = [];
    // Status changes only: a join after an earlier failed one also publishes LiveKit's wait while connecting.
    store.subscribe(() => {
      const { status } = store.getSnapshot();
      if (statuses.at(-1) !== status) statuses.push(status);
    });
    await expect(store.start()).rejects.toMatchObject({ code: 'connection_failed' });
    expect(statuses).toEqual(['requesting', 'connecting', 'error']);
    expect(store.getSnapshot().error?.cause).toBe('Error starting call');
    expect(mic.live()).toEqual([]);
  });

  it('stop() while LiveKit is still connecting cancels the join at once and releases everything', async () => {
    mic = trackMicrophone();
    await commands.interceptLivekit('hang'); // the socket opens but never answers (5 s until LiveKit gives up)
    const store = createCallStore({ endpoint: TOKEN_ENDPOINT, agentId: 'agent_browser' });
    void store.start();
    await expect.poll(() => store.getSnapshot().status).toBe('connecting');
    await expect.poll(async () => (await commands.capturedLivekitUrls()).length).toBeGreaterThan(0);
    const stoppedAt = performance.now();
    await store.stop();
    expect(store.getSnapshot()).toMatchObject({ status: 'ended', endedBy: 'user' });
    // Cancelled by disconnecting the room, not by waiting out LiveKit's 5 s signal timeout.
    expect(performance.now() - stoppedAt).toBeLessThan(4_000);
    expect(mic.live()).toEqual([]);
  });
});
