// The baseline: what a developer writes by hand from Retell's demo, one step after the other inside the
// click: microphone, then token, then the SDK import, then startCall. No library.
import { useState } from 'react';
import type { RetellWebClient } from 'retell-client-js-sdk';
import { AGENT_ID, ENDPOINT, mount } from './common.tsx';

type Status = 'idle' | 'connecting' | 'ongoing' | 'error';

function TalkButton() {
  const [status, setStatus] = useState<Status>('idle');
  const start = async () => {
    setStatus('connecting');
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      for (const track of stream.getTracks()) track.stop();
      const response = await fetch(ENDPOINT, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ agent_id: AGENT_ID }),
      });
      const { access_token: accessToken } = await response.json();
      const { RetellWebClient: Client } = await import('retell-client-js-sdk');
      const client: RetellWebClient = new Client();
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
