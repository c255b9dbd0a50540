import type {
  StartCallConfig,
  WebCallClient,
  WebCallClientEvent,
  WebCallClientEvents,
  WebCallClientListener,
} from '../../src/core/client.ts';

/**
 * A browser client that behaves like retell-client-js-sdk 2.0.8 and emits its events on demand:
 * - `startCall` stays pending until `connect()` (emits `call_started`, resolves) or `failToConnect()`
 *   (emits `error` with the SDK's fixed string, no `call_ended`, resolves — it never rejects);
 * - `stopCall()` emits `call_ended` synchronously, only if connected;
 * - `hangUp()` is the room closing on the remote side.
 */
export class FakeClient implements WebCallClient {
  readonly listeners = new Map<WebCallClientEvent, Set<(...args: never[]) => void>>();
  readonly startCalls: StartCallConfig[] = [];
  stopCalls = 0;
  mutes = 0;
  unmutes = 0;
  playbackStarts = 0;
  connected = false;
  private pendingStart: (() => void) | null = null;

  startCall(config: StartCallConfig): Promise<void> {
    this.startCalls.push(config);
    return new Promise<void>((resolve) => {
      this.pendingStart = resolve;
    });
  }

  stopCall(): void {
    this.stopCalls++;
    if (!this.connected) return;
    this.connected = false;
    this.emit('call_ended');
  }

  mute(): void {
    this.mutes++;
  }

  unmute(): void {
    this.unmutes++;
  }

  startAudioPlayback(): Promise<void> {
    this.playbackStarts++;
    return Promise.resolve();
  }

  on<E extends WebCallClientEvent>(event: E, listener: WebCallClientListener<E>): this {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener as (...args: never[]) => void);
    return this;
  }

  off<E extends WebCallClientEvent>(event: E, listener: WebCallClientListener<E>): this {
    this.listeners.get(event)?.delete(listener as (...args: never[]) => void);
    return this;
  }

  emit<E extends WebCallClientEvent>(event: E, ...args: WebCallClientEvents[E]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) {
      (listener as (...a: WebCallClientEvents[E]) => void)(...args);
    }
  }

  /** Total listeners attached, over all events. */
  listenerCount(): number {
    let count = 0;
    for (const set of this.listeners.values()) count += set.size;
    return count;
  }

  get isStarting(): boolean {
    return this.pendingStart !== null;
  }

  /** The room connected: `call_started`, then `startCall` resolves. */
  connect(): void {
    this.connected = true;
    this.emit('call_started');
    this.resolveStart();
  }

  /** What 2.0.8 does on a failed join: `error` with a fixed string, no `call_ended`, `startCall` resolves. */
  failToConnect(): void {
    this.emit('error', 'Error starting call');
    this.stopCall();
    this.resolveStart();
  }

  /** The agent hung up / the room closed. */
  hangUp(): void {
    this.stopCall();
  }

  private resolveStart(): void {
    const resolve = this.pendingStart;
    this.pendingStart = null;
    resolve?.();
  }
}

/** A `createClient` that records every client it makes. */
export function fakeClientFactory() {
  const clients: FakeClient[] = [];
  const createClient = () => {
    const client = new FakeClient();
    clients.push(client);
    return client;
  };
  return {
    clients,
    createClient,
    get last(): FakeClient {
      const client = clients.at(-1);
      if (!client) throw new Error('no client was created');
      return client;
    },
  };
}
