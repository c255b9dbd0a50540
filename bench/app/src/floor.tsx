// The floor: what Retell's SDK costs by itself between a click and LiveKit's socket. The SDK is in the
// initial bundle and evaluated at load, the microphone is not checked (permission granted), the token answer
// is not validated, no audio is unlocked: the click sends the token request, and its answer goes straight to
// startCall. A page can beat it only by a little (a preconnect, the request sent in the click's own task);
// the bench reports its ratio to the sequential page next to the library's.
import { useState } from 'react';
import { RetellWebClient } from 'retell-client-js-sdk';
import { AGENT_ID, ENDPOINT, mount } from './common.tsx';

type Status = 'idle' | 'connecting' | 'ongoing' | 'error';

function TalkButton() {
  const [status, setStatus] = useState<Status>('idle');
  const start = async () => {
    setStatus('connecting');
    try {
      const response = await fetch(ENDPOINT, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ agent_id: AGENT_ID }),
      });
      const { access_token: accessToken } = await response.json();
      const client = new RetellWebClient();
      client.on('call_started', () => setStatus('ongoing'));
      client.on('error', () => {
        client.stopCall();
        setStatus('error');
      });
      await client.startCall({ accessToken });
    } catch {
      setStatus('error');
    }
  };
  return (
    <button type="button" data-bench="call" data-status={status} onClick={() => void start()}>
      {status === 'connecting' ? 'Connecting…' : 'Talk to us'}
    </button>
  );
}

mount(
  <main>
    <h1>Talk to our agent</h1>
    <TalkButton />
  </main>,
);
