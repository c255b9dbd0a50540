/*
 * What the store does with each client event during a call. Part of the lazily loaded call engine
 * (`callEngine.ts`), which the store runs synchronously once loaded; the device watcher, used only once a
 * call is ongoing, loads on its own.
 */
import { type CallRun, phaseOf, report } from './callRun.ts';
import type { WebCallClient, WebCallClientEvent, WebCallClientListener } from './client.ts';
import { WebCallError } from './errors.ts';
import { lazyImport } from './lazy.ts';
import type { CallEventsHost, CallSnapshotFields } from './store.ts';
import { EMPTY_TRANSCRIPT, mergeTranscriptWindow } from './transcript.ts';

const DEFAULT_AGENT_READY_TIMEOUT_MS = 15_000;
const CONNECTION_LOST = 'The connection was lost.';
const loadDeviceWatch = lazyImport(() => import('./deviceWatch.ts'));

function isInCall(r: CallRun): boolean {
  return r.phase === 'connecting' || r.phase === 'ongoing';
}

/** While `r` is ongoing, falls back to the default device when the chosen one is unplugged. */
function watchDevices(host: CallEventsHost, r: CallRun, client: WebCallClient): void {
  loadDeviceWatch().then(({ watchDeviceRemoval }) => {
    if (r.phase !== 'ongoing') return; // the call ended while the watcher loaded
    r.releases.push(
      watchDeviceRemoval(host.chosenDevice, (kind) => {
        if (r.phase !== 'ongoing') return;
        const method = kind === 'audioinput' ? client.setInputDevice : client.setOutputDevice;
        // State and onDeviceChange follow the switch, never claim one that failed. A client that cannot
        // switch has nothing to wait for: the next call starts on the default device.
        Promise.resolve()
          .then(() => (typeof method === 'function' ? method.call(client, 'default') : undefined))
          .then(() => {
            if (r.phase !== 'ongoing') return;
            host.update(kind === 'audioinput' ? { inputDeviceId: 'default' } : { outputDeviceId: 'default' });
            host.call(host.options.onDeviceChange, { kind, deviceId: 'default', reason: 'unplugged' });
          })
          .catch(report);
      }),
    );
  }, report);
}

/**
 * Attaches the store's handlers for every client event to `client` for run `r`; the function that detaches
 * them is pushed onto `r.releases`.
 *
 * @example
 * ```ts
 * attachCallEvents(host, run, client); // after the client loaded, before startCall
 * ```
 * @internal
 */
export function attachCallEvents(host: CallEventsHost, r: CallRun, client: WebCallClient): void {
  /** The merge state of this call's transcript (the snapshot holds its `entries`). */
  let transcript = EMPTY_TRANSCRIPT;
  /** What the client reported before `call_started`; applied when it arrives. */
  const early = { agentReady: false, audioBlocked: false };
  let agentReadyTimer: ReturnType<typeof setTimeout> | undefined;
  /** No `call_ready` within `agentReadyTimeoutMs` of joining (or of a reconnect) → `agent_unavailable`. */
  const armAgentReadyTimer = () => {
    clearTimeout(agentReadyTimer);
    const timeoutMs = host.options.agentReadyTimeoutMs ?? DEFAULT_AGENT_READY_TIMEOUT_MS;
    if (timeoutMs <= 0) return;
    agentReadyTimer = setTimeout(() => {
      host.move(r, 'failed', {}, new WebCallError('agent_unavailable'));
    }, timeoutMs);
  };
  const handlers: { [E in WebCallClientEvent]: WebCallClientListener<E> } = {
    call_started: () => {
      if (r.phase === 'ending') {
        host.move(r, 'joined'); // joined after stop(): hang up at once
        return;
      }
      if (r.phase !== 'connecting') return;
      // Before publishing: a callback that stops the call cannot turn a call that connected into `aborted`.
      r.started.resolve();
      const patch: Partial<CallSnapshotFields> = {
        startedAt: Date.now(),
        agentReady: early.agentReady,
        audioBlocked: early.audioBlocked,
      };
      // Bring the client in line with what the user chose before it connected.
      if (host.snapshot.isMuted) {
        try {
          client.mute();
        } catch (error) {
          report(error);
          patch.isMuted = false; // the microphone is live: say so
        }
      }
      if (host.snapshot.volume !== 1) {
        // A client that cannot set the volume plays the agent at full volume: the state says so.
        if (typeof client.setVolume !== 'function') patch.volume = 1;
        else {
          try {
            client.setVolume(host.snapshot.volume);
          } catch (error) {
            report(error);
            patch.volume = 1;
          }
        }
      }
      if (!early.agentReady) armAgentReadyTimer();
      if (!host.move(r, 'joined', patch) || phaseOf(r) !== 'ongoing') return; // a callback already ended it
      // A client may throw synchronously or reject; neither may escape into the SDK's emitter.
      Promise.resolve()
        .then(() => client.startAudioPlayback())
        .catch(() => {});
      watchDevices(host, r, client);
      const started = host.snapshot;
      host.call(host.options.onCallStart, started);
      // Each callback may end the call; the next one only fires for a call that is still on.
      if (started.agentReady && phaseOf(r) === 'ongoing') host.call(host.options.onAgentReady, started);
      if (started.audioBlocked && phaseOf(r) === 'ongoing') host.call(host.options.onAudioBlocked, started);
    },
    call_ready: () => {
      if (r.phase === 'connecting') {
        early.agentReady = true; // LiveKit can subscribe the agent's track first
        return;
      }
      if (r.phase !== 'ongoing' || host.snapshot.agentReady) return;
      clearTimeout(agentReadyTimer);
      host.update({ agentReady: true });
      if (r.phase === 'ongoing') host.call(host.options.onAgentReady, host.snapshot);
    },
    call_ended: () => {
      if (r.phase === 'ongoing' && host.snapshot.isReconnecting) {
        host.move(r, 'connection_lost', {}, new WebCallError('call_failed', CONNECTION_LOST));
      } else {
        host.move(
          r,
          'hung_up',
          {},
          new WebCallError('connection_failed', 'The call closed before it connected.'),
        );
      }
    },
    agent_start_talking: () => {
      if (!isInCall(r) || (host.snapshot.isAgentTalking && host.snapshot.turn === 'agent')) return;
      host.update({ isAgentTalking: true, turn: 'agent' });
    },
    agent_stop_talking: () => {
      if (!isInCall(r) || !host.snapshot.isAgentTalking) return;
      host.update({ isAgentTalking: false, turn: 'user' });
    },
    update: (event) => {
      if (!isInCall(r)) return;
      const window = Array.isArray(event?.transcript) ? event.transcript : [];
      const merged = mergeTranscriptWindow(transcript, window);
      const patch: Partial<CallSnapshotFields> = {};
      if (merged.entries !== transcript.entries) patch.transcript = merged.entries;
      transcript = merged;
      const turn =
        event?.turntaking === 'agent_turn' ? 'agent' : event?.turntaking === 'user_turn' ? 'user' : null;
      if (turn !== null && turn !== host.snapshot.turn) patch.turn = turn;
      if (patch.transcript || patch.turn) host.update(patch);
      if (isInCall(r)) host.call(host.options.onTranscript, host.snapshot.transcript, event);
    },
    metadata: (event) => {
      if (!isInCall(r)) return;
      host.update({ lastMetadata: event?.metadata });
      host.call(host.options.onMetadata, event?.metadata, event);
    },
    node_transition: (event) => {
      if (!isInCall(r)) return;
      host.update({ currentNode: event });
      host.call(host.options.onNodeTransition, event);
    },
    audio: (samples) => {
      if (!isInCall(r)) return;
      for (const listener of host.audioListeners) host.call(listener, samples);
    },
    audio_playback: (event) => {
      if (typeof event?.canPlay !== 'boolean') return;
      const audioBlocked = !event.canPlay;
      if (r.phase === 'connecting') {
        early.audioBlocked = audioBlocked; // LiveKit checks playback before the join completes
        return;
      }
      if (r.phase !== 'ongoing' || host.snapshot.audioBlocked === audioBlocked) return;
      host.update({ audioBlocked });
      if (audioBlocked && r.phase === 'ongoing') host.call(host.options.onAudioBlocked, host.snapshot);
    },
    reconnecting: () => {
      if (r.phase !== 'ongoing' || host.snapshot.isReconnecting) return;
      // A dropped connection is not a silent agent: the agent gets its full time again once it is back.
      clearTimeout(agentReadyTimer);
      host.update({ isReconnecting: true });
      if (r.phase === 'ongoing') host.call(host.options.onReconnecting, host.snapshot);
    },
    reconnected: () => {
      if (r.phase !== 'ongoing' || !host.snapshot.isReconnecting) return;
      if (!host.snapshot.agentReady) armAgentReadyTimer();
      host.update({ isReconnecting: false });
      if (r.phase === 'ongoing') host.call(host.options.onReconnected, host.snapshot);
    },
    join_wait: (event) => {
      if (r.phase !== 'connecting') return;
      const until = event?.until;
      const joinWaitUntil =
        typeof until === 'number' && Number.isFinite(until) && until > Date.now() ? until : null;
      if (host.snapshot.joinWaitUntil !== joinWaitUntil) host.update({ joinWaitUntil });
    },
    error: (payload) => {
      // Retell's fixed "Error starting call" is no message for people: the code's own message is shown,
      // the SDK's payload stays in `cause`.
      const lost = r.phase === 'ongoing' && host.snapshot.isReconnecting;
      const code = r.phase === 'ongoing' ? 'call_failed' : 'connection_failed';
      host.move(
        r,
        'failed',
        {},
        new WebCallError(code, lost ? CONNECTION_LOST : undefined, { cause: payload }),
      );
    },
  };
  const events = Object.keys(handlers) as WebCallClientEvent[];
  // The release is registered first, so a client whose on() throws part-way still loses what it got; it also
  // clears the agent-ready timer, which only these handlers arm.
  r.releases.push(() => {
    clearTimeout(agentReadyTimer);
    for (const event of events) client.off(event, handlers[event] as WebCallClientListener<typeof event>);
  });
  for (const event of events) client.on(event, handlers[event] as WebCallClientListener<typeof event>);
}
