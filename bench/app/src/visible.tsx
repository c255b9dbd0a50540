// A page whose purpose is the call: preload="visible" starts the lazy chunks once the button is on screen
// and the browser is idle.
import { CallButton } from 'retell-web-call-react';
import 'retell-web-call-react/styles.css';
import { AGENT_ID, ENDPOINT, mount } from './common.tsx';

mount(
  <main>
    <h1>Talk to our agent</h1>
    <CallButton agentId={AGENT_ID} endpoint={ENDPOINT} preload="visible" data-bench="call" />
  </main>,
);
