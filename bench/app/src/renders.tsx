// React work per event over a scripted call. `?ui=library` renders CallPanel (every part subscribes to its
// own slice), `?ui=whole` one component rendering a whole useWebCall() result, `?ui=button` a CallButton
// alone. The call runs on a client the runner drives event by event (window.__renders.emit).
import {
  CallButton,
  CallPanel,
  isLiveStatus,
  type StartCallConfig,
  useWebCall,
  type WebCallClient,
  type WebCallClientEvent,
  WebCallProvider,
  type WebCallResponse,
} from 'retell-web-call-react';
import 'retell-web-call-react/styles.css';
import { AGENT_ID, expose, mount } from './common.tsx';

type Listener = (...args: unknown[]) => void;

/** A Retell-shaped client whose events come from the runner, one at a time. */
class ScriptedClient implements WebCallClient {
  private readonly listeners = new Map<string, Set<Listener>>();
  private connected: (() => void) | undefined;
  startCall(_config: StartCallConfig): Promise<void> {
    current = this;
    return new Promise((resolve) => {
      this.connected = resolve;
    });
  }
  /** Like Retell 2.x: `call_started`, then startCall resolves. */
  connect(): void {
    this.emit('call_started');
    this.connected?.();
  }
  stopCall(): void {
    this.emit('call_ended'); // Retell emits it synchronously from stopCall()
  }
  mute(): void {}
  unmute(): void {}
  startAudioPlayback(): Promise<void> {
    return Promise.resolve();
  }
  on(event: WebCallClientEvent, listener: Listener): void {
    const set = this.listeners.get(event) ?? new Set();
    this.listeners.set(event, set);
    set.add(listener);
  }
  off(event: WebCallClientEvent, listener: Listener): void {
    this.listeners.get(event)?.delete(listener);
  }
  emit(event: string, ...args: unknown[]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) listener(...args);
  }
}

let current: ScriptedClient | undefined;
let frames = 0;
const state = { statusChanges: 0 };
expose('__renders', {
  state,
  connect: () => current?.connect(),
  emit: (event: string, ...args: unknown[]) => current?.emit(event, ...args),
  // A sine whose loudness changes every frame, as speech does: a meter that re-rendered would show it.
  audioFrame: () => {
    const gain = 0.05 + (frames++ % 10) * 0.04;
    current?.emit(
      'audio',
      new Float32Array(128).map((_, i) => gain * Math.sin(i / 3)),
    );
  },
});

const response: WebCallResponse = {
  access_token: 'bench-token',
  call_id: 'call_bench',
  agent_id: AGENT_ID,
} as WebCallResponse;
const options = {
  agentId: AGENT_ID,
  checkMicrophone: false,
  createClient: () => new ScriptedClient(),
  getAccessToken: async () => response,
  onStatusChange: () => {
    state.statusChanges++;
  },
};

/** What a developer writes without the parts: one component, the whole call object. */
function WholeCall() {
  const call = useWebCall();
  const live = isLiveStatus(call.status);
  return (
    <section aria-label="Voice call">
      <p role="status">{call.status}</p>
      <button type="button" data-bench="toggle" onClick={() => void call.toggle()}>
        {live ? 'End call' : 'Start call'}
      </button>
      <button type="button" aria-pressed={call.isMuted} onClick={call.toggleMute}>
        Mute
      </button>
      <p>{call.isAgentTalking ? 'Agent speaking' : 'Listening'}</p>
      <ol>
        {call.transcript.map((entry) => (
          <li key={entry.id}>
            <b>{entry.role}</b> {entry.content}
          </li>
        ))}
      </ol>
      {call.error && <p role="alert">{call.error.message}</p>}
    </section>
  );
}

const ui = new URLSearchParams(location.search).get('ui') ?? 'library';
mount(
  <WebCallProvider {...options}>
    {ui === 'whole' ? <WholeCall /> : ui === 'button' ? <CallButton data-bench="toggle" /> : <CallPanel />}
  </WebCallProvider>,
);
