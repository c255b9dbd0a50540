import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import { createCallStore } from '../../src/core/store.ts';
import { startWorker, TOKEN_ENDPOINT, tokenWorker, trackMicrophone } from './support.ts';

const worker = tokenWorker('secret-token-123');
beforeAll(() => startWorker(worker));
afterAll(() => worker.stop());

let mic: ReturnType<typeof trackMicrophone>;
afterEach(() => mic?.restore());

describe('the real retell-client-js-sdk in Chromium', () => {
  it('takes the token to LiveKit, and a closed socket ends in connection_failed with everything released', async () => {
    mic = trackMicrophone();
    await commands.interceptLivekit('close');
    const store = createCallStore({ endpoint: TOKEN_ENDPOINT, agentId: 'agent_browser' });
    const statuses: string[] = [];
    store.subscribe(() => statuses.push(store.getSnapshot().status));

    await expect(store.start()).rejects.toMatchObject({ code: 'connection_failed' });

    const urls = await commands.capturedLivekitUrls();
    expect(urls.length).toBeGreaterThan(0);
    expect(new URL(urls[0] as string).searchParams.get('access_token')).toBe('secret-token-123');
    expect(statuses).toEqual(['requesting', 'connecting', 'error']);
    expect(store.getSnapshot().error?.message).toBe('Error starting call');
    // The preflight opened the fake microphone once, and every track anyone opened is stopped.
    expect(mic.tracks.length).toBeGreaterThan(0);
    expect(mic.live()).toEqual([]);
  });
});
