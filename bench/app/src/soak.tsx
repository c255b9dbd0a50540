// Start/stop cycles in one page. `?client=simulated`: the simulated client from /testing with real Web
// Audio and the real (fake-device) microphone. `?client=real`: the default Retell SDK, whose LiveKit
// socket fails (the runner makes *.livekit.cloud fail at DNS), so every call ends in connection_failed.
import {
  CallPanel,
  type CallStatus,
  useCallActions,
  type WebCallError,
  WebCallProvider,
} from 'retell-web-call-react';
import { createSimulatedClient, FAST_TIMING } from 'retell-web-call-react/testing';
import 'retell-web-call-react/styles.css';
import { AGENT_ID, ENDPOINT, expose, mount } from './common.tsx';

const client = new URLSearchParams(location.search).get('client') ?? 'simulated';
// Error codes with their counts: a list would grow the heap the soak measures.
const state: { status: CallStatus; errors: Record<string, number> } = { status: 'idle', errors: {} };

function Driver() {
  const actions = useCallActions();
  expose('__soak', { state, start: () => actions.start().catch(() => {}), stop: () => actions.stop() });
  return null;
}

mount(
  <WebCallProvider
    agentId={AGENT_ID}
    // No backend delay: the soak counts what is left behind, not time.
    endpoint={`${ENDPOINT}?delay=0`}
    createClient={
      // A fresh client per call, kept by nobody once it ends (simulatedClientFactory keeps every client it
      // made, for tests: that would count as heap growth here).
      client === 'simulated' ? () => createSimulatedClient({ audio: 'on', timing: FAST_TIMING }) : undefined
    }
    onStatusChange={(status) => {
      state.status = status;
    }}
    onError={(error: WebCallError) => {
      state.errors[error.code] = (state.errors[error.code] ?? 0) + 1;
    }}
  >
    <CallPanel />
    <Driver />
  </WebCallProvider>,
);
