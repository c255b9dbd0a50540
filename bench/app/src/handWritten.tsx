// The button of the pages written without the library (baseline, floor): `prepare` runs inside the click
// and returns the access token and the SDK's client class; the button then starts the call with Retell's SDK
// as its demo does.
import { useState } from 'react';
import type { RetellWebClient } from 'retell-client-js-sdk';
import { AGENT_ID, ENDPOINT, mount } from './common.tsx';

type Status = 'idle' | 'connecting' | 'ongoing' | 'error';

/** What a hand-written page does in the click before `startCall`. */
export type Prepare = () => Promise<{ accessToken: string; Client: typeof RetellWebClient }>;

/** One POST to the bench's token endpoint; resolves with the access token. */
export async function fetchAccessToken(): Promise<string> {
  const response = await fetch(ENDPOINT, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ agent_id: AGENT_ID }),
  });
  const { access_token: accessToken } = await response.json();
  return accessToken;
}

function TalkButton({ prepare }: { prepare: Prepare }) {
  const [status, setStatus] = useState<Status>('idle');
  const start = async () => {
    setStatus('connecting');
    try {
      const { accessToken, Client } = await prepare();
      const client = new Client();
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

/** Mounts a hand-written page: a heading and the button. */
export function mountHandWritten(prepare: Prepare): void {
  mount(
    <main>
      <h1>Talk to our agent</h1>
      <TalkButton prepare={prepare} />
    </main>,
  );
}
