// The library with its defaults: a returning visitor's page with one CallButton (preload on intent).
import { CallButton } from 'retell-web-call-react';
import 'retell-web-call-react/styles.css';
import { AGENT_ID, ENDPOINT, mount } from './common.tsx';

mount(
  <main>
    <h1>Talk to our agent</h1>
    <CallButton agentId={AGENT_ID} endpoint={ENDPOINT} data-bench="call" />
  </main>,
);
