import { StrictMode, useEffect, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { CallPanel, type CallStatus } from '../src/index.ts';
import '../src/styles.css';
import { simulatedClientFactory } from '../src/testing/index.ts';
import './demo.css';
import type { DemoMode } from './tokenEndpoint.ts';

interface LogLine {
  id: number;
  at: string;
  text: string;
}

function useDemoMode(): DemoMode | null {
  const [mode, setMode] = useState<DemoMode | null>(null);
  useEffect(() => {
    fetch('/api/demo-mode')
      .then((response) => response.json() as Promise<DemoMode>)
      .then(setMode, () => setMode({ mode: 'simulated', agentId: 'agent_demo_offline' }));
  }, []);
  return mode;
}

function App() {
  const mode = useDemoMode();
  const [log, setLog] = useState<LogLine[]>([]);
  // Failures the simulated agent can act out, to see how the panel shows them.
  const [blockAudio, setBlockAudio] = useState(false);
  const [dropConnection, setDropConnection] = useState(false);
  // The simulated agent speaks with a synthesized voice and listens to your microphone.
  const createClient = useMemo(
    () =>
      mode?.mode === 'simulated'
        ? simulatedClientFactory({
            audio: 'auto',
            failure: {
              blockAudio,
              connectionDrop: dropConnection ? { afterMs: 4000, lastsMs: 3000 } : undefined,
            },
          })
        : undefined,
    [mode, blockAudio, dropConnection],
  );
  const add = (text: string) =>
    setLog((lines) => [
      { id: (lines[0]?.id ?? 0) + 1, at: new Date().toLocaleTimeString(), text },
      ...lines.slice(0, 49),
    ]);

  return (
    <main className="demo">
      <header>
        <h1>retell-web-call-react</h1>
        {mode === null ? (
          <p className="demo__mode">Checking the server…</p>
        ) : mode.mode === 'live' ? (
          <p className="demo__mode" data-mode="live">
            <strong>Live:</strong> calls go to your Retell agent <code>{mode.agentId}</code> through the
            library’s server handler.
          </p>
        ) : (
          <p className="demo__mode" data-mode="simulated">
            <strong>Simulated agent:</strong> <code>RETELL_API_KEY</code> and <code>RETELL_AGENT_ID</code> are
            not set, so a scripted agent answers with a synthesized voice (this works offline). Speak after it
            and pause to move the conversation along. The token still comes from the real server handler.
          </p>
        )}
      </header>
      {mode?.mode === 'simulated' ? (
        <fieldset className="demo__failures">
          <legend>Act out (next call)</legend>
          <label>
            <input type="checkbox" checked={blockAudio} onChange={(e) => setBlockAudio(e.target.checked)} /> a
            browser that blocks the agent’s audio until you tap “Tap to hear the agent”
          </label>
          <label>
            <input
              type="checkbox"
              checked={dropConnection}
              onChange={(e) => setDropConnection(e.target.checked)}
            />{' '}
            a network drop 4 s into the call (3 s of “Reconnecting…”)
          </label>
        </fieldset>
      ) : null}
      {mode && (
        <CallPanel
          className="demo__panel"
          agentId={mode.agentId}
          createClient={createClient}
          onStatusChange={(status: CallStatus) => add(`status → ${status}`)}
          onAgentReady={() => add('agent audio is flowing (call_ready)')}
          onCallEnd={({ endedBy }) => add(`call ended by ${endedBy}`)}
          onError={(error) => add(`error: ${error.code}: ${error.message}`)}
          onNodeTransition={(event) => add(`node → ${event.new_node_name ?? event.new_node_id ?? '?'}`)}
          onMetadata={(metadata) => add(`metadata: ${JSON.stringify(metadata)}`)}
          onAudioBlocked={() => add('the browser blocked the agent’s audio: “Tap to hear the agent”')}
          onReconnecting={() => add('network lost: reconnecting…')}
          onReconnected={() => add('reconnected')}
          onDeviceChange={({ kind, deviceId, reason }) => add(`${kind} → ${deviceId} (${reason})`)}
          showDevices
        />
      )}
      <section className="demo__log" aria-label="Event log">
        <h2>Events</h2>
        <ol>
          {log.map((line) => (
            <li key={line.id}>
              <time>{line.at}</time> {line.text}
            </li>
          ))}
        </ol>
      </section>
    </main>
  );
}

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
