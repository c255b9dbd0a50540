import { HttpResponse, http } from 'msw';
import { setupWorker } from 'msw/browser';

export const TOKEN_ENDPOINT = '/api/create-web-call';

export const v2Response = (accessToken: string) => ({
  call_type: 'web_call',
  access_token: accessToken,
  call_id: 'call_browser',
  agent_id: 'agent_browser',
  agent_version: 1,
  call_status: 'registered',
});

/** msw in a real Service Worker, answering the token endpoint. */
export function tokenWorker(accessToken = 'secret-token-123') {
  return setupWorker(
    http.post(TOKEN_ENDPOINT, () => HttpResponse.json(v2Response(accessToken), { status: 201 })),
  );
}

export async function startWorker(worker: ReturnType<typeof setupWorker>) {
  await worker.start({
    quiet: true,
    onUnhandledRequest: 'bypass',
    serviceWorker: { url: '/mockServiceWorker.js' },
  });
}

/**
 * Wraps `getUserMedia` so the test sees every track anyone opens (our preflight, LiveKit, the simulated
 * client), to prove they are all stopped when a call ends.
 */
export function trackMicrophone() {
  const tracks: MediaStreamTrack[] = [];
  const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = async (constraints) => {
    const stream = await original(constraints);
    tracks.push(...stream.getTracks());
    return stream;
  };
  return {
    tracks,
    live: () => tracks.filter((track) => track.readyState === 'live'),
    restore() {
      navigator.mediaDevices.getUserMedia = original;
    },
  };
}
