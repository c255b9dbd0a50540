import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type {
  StartCallConfig,
  WebCallClient,
  WebCallClientEvent,
  WebCallClientEvents,
  WebCallClientListener,
} from '../../../src/core/client.ts';
import { WebCallError } from '../../../src/core/errors.ts';
import type { WebCallResponse } from '../../../src/core/schemas.ts';
import { type CallStatus, type CallStore, createCallStore } from '../../../src/core/store.ts';
import type { WebCallTokenRequest } from '../../../src/core/token.ts';
import { withTokenRequester } from '../../support/callStoreInternals.ts';

/*
 * A property over interleavings: fast-check generates what the user does, what the browser and the network
 * answer (and when), what the client emits (early, late, twice, never, from an old call) and callbacks that
 * re-enter the store; after every step the store must keep its promises.
 */

// The status edges DESIGN.md allows (written out here, not read from the store's table).
const LEGAL_EDGES = new Set([
  'idle>requesting',
  'requesting>connecting',
  'requesting>ended',
  'requesting>error',
  'connecting>ongoing',
  'connecting>ending',
  'connecting>error',
  'ongoing>ending',
  'ongoing>ended',
  'ongoing>error',
  'ending>ended',
  'ended>requesting',
  'error>requesting',
]);
const FINAL: ReadonlySet<CallStatus> = new Set(['idle', 'ended', 'error']);

// ---------------------------------------------------------------------------------------------------------
// The world around the store, every part counted.

interface Pending<T> {
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

class World {
  permission: PermissionState = 'prompt';
  /** What the store last read from the microphone permission. */
  lastPermissionAnswer: PermissionState | null = null;
  readonly permissionStatus = new EventTarget();
  readonly mic: Array<Pending<MediaStream>> = [];
  openTracks = 0;
  readonly tokens: Array<Pending<WebCallResponse> & { signal: AbortSignal | undefined }> = [];
  tokenRequests = 0;
  readonly clientLoads: Array<Pending<WebCallClient>> = [];
  readonly clients: ModelClient[] = [];
  openContexts = 0;
  deviceChangeListeners = new Set<() => void>();
  devices = new Set(['mic-a', 'mic-b', 'spk-a']);
  readonly violations: string[] = [];
  readonly reported: unknown[] = [];

  getUserMedia = (): Promise<MediaStream> =>
    new Promise<MediaStream>((resolve, reject) => {
      this.mic.push({ resolve, reject });
    });

  requestToken = (request: WebCallTokenRequest): Promise<WebCallResponse> => {
    this.tokenRequests++;
    // Unless the browser said `granted`, the microphone check must be over before a token is asked for.
    if (this.lastPermissionAnswer !== 'granted' && this.mic.length > 0) {
      this.violations.push('a token was requested while the microphone check was pending');
    }
    return new Promise<WebCallResponse>((resolve, reject) => {
      const entry = { resolve, reject, signal: request.signal };
      this.tokens.push(entry);
      request.signal?.addEventListener('abort', () => {
        this.tokens.splice(this.tokens.indexOf(entry) >>> 0, 1);
        reject(new WebCallError('aborted'));
      });
    });
  };

  createClient = (): Promise<WebCallClient> =>
    new Promise<WebCallClient>((resolve, reject) => {
      this.clientLoads.push({ resolve, reject });
    });

  grantMic(): void {
    const next = this.mic.shift();
    if (!next) return;
    this.openTracks++;
    const track = {
      kind: 'audio',
      stop: () => {
        this.openTracks--;
        track.stop = () => {};
      },
    };
    next.resolve({ getTracks: () => [track], getAudioTracks: () => [track] } as unknown as MediaStream);
  }

  denyMic(): void {
    this.mic.shift()?.reject(new DOMException('denied', 'NotAllowedError'));
  }

  unplug(id: string): void {
    this.devices.delete(id);
    for (const listener of [...this.deviceChangeListeners]) listener();
  }

  install(): void {
    const world = this;
    Object.defineProperty(navigator, 'mediaDevices', {
      configurable: true,
      value: {
        getUserMedia: this.getUserMedia,
        enumerateDevices: async () =>
          [...world.devices].map((deviceId) => ({
            deviceId,
            kind: deviceId.startsWith('mic') ? 'audioinput' : 'audiooutput',
          })),
        addEventListener: (_type: string, listener: () => void) => world.deviceChangeListeners.add(listener),
        removeEventListener: (_type: string, listener: () => void) =>
          world.deviceChangeListeners.delete(listener),
      },
    });
    // One live status, as browsers answer: the store keeps it and reads `state` at each start; every read
    // is recorded, so the token check below judges what the store saw.
    Object.defineProperty(this.permissionStatus, 'state', {
      configurable: true,
      get: () => {
        world.lastPermissionAnswer = world.permission;
        return world.permission;
      },
    });
    Object.defineProperty(navigator, 'permissions', {
      configurable: true,
      value: { query: async () => world.permissionStatus },
    });
    class FakeAudioContext {
      state: AudioContextState = 'running';
      sampleRate = 48_000;
      destination = {};
      constructor() {
        world.openContexts++;
      }
      resume() {
        return Promise.resolve();
      }
      close() {
        if (this.state !== 'closed') world.openContexts--;
        this.state = 'closed';
        return Promise.resolve();
      }
      createBuffer() {
        return {};
      }
      createBufferSource() {
        return { buffer: null, connect() {}, start() {} };
      }
      createAnalyser() {
        return {
          fftSize: 512,
          getFloatTimeDomainData: (samples: Float32Array) => samples.fill(0.25),
        };
      }
      createMediaStreamSource() {
        return { connect() {}, disconnect() {} };
      }
    }
    Object.assign(window, { AudioContext: FakeAudioContext });
    Object.assign(globalThis, { MediaStream: class {} });
  }
}

class ModelClient implements WebCallClient {
  state: 'new' | 'joining' | 'connected' | 'stopped' = 'new';
  private readonly listeners = new Map<WebCallClientEvent, Set<(...args: never[]) => void>>();
  private join: Pending<void> | null = null;

  constructor(readonly hasOptionalMethods: boolean) {
    if (!hasOptionalMethods) {
      this.setInputDevice = undefined;
      this.setOutputDevice = undefined;
      this.setVolume = undefined;
      this.getInputTrack = undefined;
    }
  }

  startCall(_config: StartCallConfig): Promise<void> {
    this.state = 'joining';
    return new Promise<void>((resolve, reject) => {
      this.join = { resolve, reject };
    });
  }
  stopCall(): void {
    if (this.state !== 'connected') return; // like SDK 2.0.8: a join in flight is not cancelled
    this.state = 'stopped';
    this.emit('call_ended');
  }
  mute(): void {}
  unmute(): void {}
  startAudioPlayback(): Promise<void> {
    return Promise.resolve();
  }
  setInputDevice?: (id: string) => Promise<void> = (id) =>
    id === 'mic-broken' ? Promise.reject(new Error('cannot switch')) : Promise.resolve();
  setOutputDevice?: (id: string) => Promise<void> = () => Promise.resolve();
  setVolume?: (volume: number) => void = () => {};
  getInputTrack?: () => MediaStreamTrack | null = () =>
    this.state === 'connected' ? ({ kind: 'audio' } as MediaStreamTrack) : null;

  on<E extends WebCallClientEvent>(event: E, listener: WebCallClientListener<E>): void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener as (...args: never[]) => void);
  }
  off<E extends WebCallClientEvent>(event: E, listener: WebCallClientListener<E>): void {
    this.listeners.get(event)?.delete(listener as (...args: never[]) => void);
  }
  emit<E extends WebCallClientEvent>(event: E, ...args: WebCallClientEvents[E]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) {
      (listener as (...a: WebCallClientEvents[E]) => void)(...args);
    }
  }
  listenerCount(): number {
    let count = 0;
    for (const set of this.listeners.values()) count += set.size;
    return count;
  }

  /** The room connected (also a join that completes long after a stop). */
  connect(): void {
    if (this.state !== 'joining') return;
    this.state = 'connected';
    this.emit('call_started');
    this.settleJoin()?.resolve();
  }
  /** SDK 2.0.8's failed join: `error`, no `call_ended`, startCall resolves. */
  failJoin(): void {
    if (this.state !== 'joining') return;
    this.emit('error', 'Error starting call');
    this.state = 'stopped';
    this.settleJoin()?.resolve();
  }
  /** Another SDK's failed join: startCall rejects. */
  rejectJoin(): void {
    if (this.state !== 'joining') return;
    this.state = 'stopped';
    this.settleJoin()?.reject(new Error('ws closed'));
  }
  hangUp(): void {
    if (this.state !== 'connected') return;
    this.state = 'stopped';
    this.emit('call_ended');
  }
  private settleJoin(): Pending<void> | null {
    const join = this.join;
    this.join = null;
    return join;
  }
}

// ---------------------------------------------------------------------------------------------------------
// The generated scenario.

const EVENTS = [
  'call_started',
  'call_ready',
  'call_ended',
  'error',
  'update',
  'blocked',
  'unblocked',
  'reconnecting',
  'reconnected',
  'agent_start_talking',
  'agent_stop_talking',
  'metadata',
  'join_wait',
  'join_wait_over',
] as const;

type Step =
  | { kind: 'start' | 'retry' | 'stop' | 'toggle' | 'mute' | 'unmute' | 'startAudioPlayback' }
  | { kind: 'setInputDevice'; id: string }
  | { kind: 'setOutputDevice'; id: string }
  | { kind: 'setVolume'; volume: number }
  | { kind: 'listenLevel' | 'unlistenLevel' }
  | { kind: 'grantMic' | 'denyMic' }
  | { kind: 'permission'; state: PermissionState }
  | { kind: 'resolveToken' | 'rejectToken' }
  | { kind: 'resolveClient'; optional: boolean }
  | { kind: 'rejectClient' }
  | { kind: 'connect' | 'failJoin' | 'rejectJoin' | 'hangUp'; older: boolean }
  | { kind: 'emit'; event: (typeof EVENTS)[number]; older: boolean }
  | { kind: 'unplug'; id: string }
  | { kind: 'advance'; ms: number }
  /** The happy path's next answer: a granted prompt, the SDK chunk, the token, the join, the agent. */
  | { kind: 'progress' };

const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  { weight: 16, arbitrary: fc.constant<Step>({ kind: 'progress' }) },
  { weight: 4, arbitrary: fc.constant<Step>({ kind: 'start' }) },
  { weight: 1, arbitrary: fc.constant<Step>({ kind: 'retry' }) },
  { weight: 1, arbitrary: fc.constantFrom<Step>({ kind: 'stop' }, { kind: 'toggle' }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom<Step>({ kind: 'mute' }, { kind: 'unmute' }, { kind: 'startAudioPlayback' }),
  },
  {
    weight: 1,
    arbitrary: fc.oneof(
      fc
        .constantFrom('mic-a', 'mic-b', 'default', 'mic-broken')
        .map<Step>((id) => ({ kind: 'setInputDevice', id })),
      fc.constantFrom('spk-a', 'default').map<Step>((id) => ({ kind: 'setOutputDevice', id })),
      fc.constantFrom(0, 0.5, 1, 2, -1).map<Step>((volume) => ({ kind: 'setVolume', volume })),
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom<Step>({ kind: 'listenLevel' }, { kind: 'unlistenLevel' }) },
  {
    weight: 5,
    arbitrary: fc.constantFrom<Step>(
      { kind: 'grantMic' },
      { kind: 'grantMic' },
      { kind: 'grantMic' },
      { kind: 'denyMic' },
    ),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom('granted', 'prompt', 'denied')
      .map<Step>((state) => ({ kind: 'permission', state })),
  },
  {
    weight: 5,
    arbitrary: fc.constantFrom<Step>(
      { kind: 'resolveToken' },
      { kind: 'resolveToken' },
      { kind: 'resolveToken' },
      { kind: 'rejectToken' },
    ),
  },
  {
    weight: 4,
    arbitrary: fc.oneof(
      { weight: 3, arbitrary: fc.boolean().map<Step>((optional) => ({ kind: 'resolveClient', optional })) },
      { weight: 1, arbitrary: fc.constant<Step>({ kind: 'rejectClient' }) },
    ),
  },
  {
    weight: 6,
    arbitrary: fc
      .tuple(
        fc.constantFrom('connect', 'connect', 'failJoin', 'rejectJoin', 'hangUp' as const),
        fc.integer({ min: 0, max: 4 }),
      )
      .map<Step>(([kind, n]) => ({ kind, older: n === 0 })),
  },
  {
    weight: 8,
    arbitrary: fc
      .tuple(fc.constantFrom(...EVENTS), fc.integer({ min: 0, max: 4 }))
      .map<Step>(([event, n]) => ({ kind: 'emit', event, older: n === 0 })),
  },
  { weight: 1, arbitrary: fc.constantFrom('mic-a', 'spk-a').map<Step>((id) => ({ kind: 'unplug', id })) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(100, 5_000, 15_000).map<Step>((ms) => ({ kind: 'advance', ms })),
  },
);

const REENTRY_TRIGGERS = [
  'requesting',
  'connecting',
  'ongoing',
  'ending',
  'ended',
  'error',
  'onCallStart',
  'onAgentReady',
  'onError',
  'onTranscript',
  'onAudioBlocked',
  'onReconnecting',
] as const;
type Reentry = {
  on: (typeof REENTRY_TRIGGERS)[number];
  action: 'stop' | 'start' | 'toggle' | 'mute';
  /** For a status trigger: re-enter from `onStatusChange` or from a `subscribe` listener seeing it. */
  via: 'onStatusChange' | 'subscribe';
};

const reentryArbitrary: fc.Arbitrary<Reentry[]> = fc.array(
  fc.record({
    on: fc.constantFrom(...REENTRY_TRIGGERS),
    action: fc.constantFrom('stop' as const, 'start' as const, 'toggle' as const, 'mute' as const),
    via: fc.constantFrom('onStatusChange' as const, 'subscribe' as const),
  }),
  { maxLength: 2 },
);

// ---------------------------------------------------------------------------------------------------------

const flush = async () => {
  for (let i = 0; i < 6; i++) await new Promise<void>((resolve) => setImmediate(resolve));
};

async function runScenario(
  steps: Step[],
  reentries: Reentry[],
  permission: PermissionState,
  listening: boolean,
) {
  const world = new World();
  world.permission = permission;
  world.install();
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  globalThis.reportError = (error: unknown) => world.reported.push(error);

  const fired = new Set<Reentry>();
  let store!: CallStore;
  const reenter = (trigger: Reentry['on'], via: Reentry['via'] = 'onStatusChange') => {
    for (const rule of reentries) {
      if (rule.on !== trigger || rule.via !== via || fired.has(rule)) continue;
      fired.add(rule);
      if (rule.action === 'mute') store.mute();
      else void store[rule.action]();
    }
  };
  const statusesSeen: CallStatus[] = ['idle'];
  /** What onStatusChange said, in order: a path through the legal edges that ends where the store is. */
  const statusChanges: CallStatus[] = ['idle'];
  store = createCallStore({
    agentId: 'agent_1',
    createClient: () =>
      world.createClient().then((client) => {
        world.clients.push(client as ModelClient);
        return client;
      }),
    onStatusChange: (status, snapshot) => {
      const previous = statusChanges.at(-1);
      if (!LEGAL_EDGES.has(`${previous}>${status}`)) {
        world.violations.push(`onStatusChange said ${previous} → ${status}`);
      }
      if (snapshot.status !== status)
        world.violations.push(`onStatusChange(${status}) with a ${snapshot.status} snapshot`);
      statusChanges.push(status);
      reenter(status as Reentry['on']);
    },
    onCallStart: () => reenter('onCallStart'),
    onAgentReady: () => reenter('onAgentReady'),
    onError: () => reenter('onError'),
    onTranscript: () => reenter('onTranscript'),
    onAudioBlocked: () => reenter('onAudioBlocked'),
    onReconnecting: () => reenter('onReconnecting'),
  });
  withTokenRequester(store, world.requestToken);
  // The first subscriber: it sees every published snapshot in publish order.
  store.subscribe(() => {
    const snapshot = store.getSnapshot();
    const previous = statusesSeen.at(-1);
    if (previous !== snapshot.status) {
      if (!LEGAL_EDGES.has(`${previous}>${snapshot.status}`)) {
        world.violations.push(`illegal transition ${previous} → ${snapshot.status}`);
      }
      statusesSeen.push(snapshot.status);
    }
    if ((snapshot.status === 'error') !== (snapshot.error !== null))
      world.violations.push('error field mismatch');
    if ((snapshot.status === 'ended') !== (snapshot.endedBy !== null))
      world.violations.push('endedBy mismatch');
    if (snapshot.volume < 0 || snapshot.volume > 1) world.violations.push(`volume ${snapshot.volume}`);
    if (
      FINAL.has(snapshot.status) &&
      (snapshot.audioBlocked || snapshot.isReconnecting || snapshot.turn !== null)
    ) {
      world.violations.push(`${snapshot.status} still says audioBlocked/isReconnecting/turn`);
    }
    if (snapshot.status !== 'ongoing' && snapshot.isReconnecting)
      world.violations.push('reconnecting outside a call');
    if (snapshot.status !== 'connecting' && snapshot.joinWaitUntil !== null)
      world.violations.push(`${snapshot.status} still says joinWaitUntil`);
  });
  // A second subscriber, as a component would be: it may stop or restart the call on what it sees.
  store.subscribe(() => reenter(store.getSnapshot().status as Reentry['on'], 'subscribe'));

  const promises: Array<{ settled: boolean }> = [];
  const track = (promise: Promise<void>) => {
    const entry = { settled: false };
    promises.push(entry);
    promise.then(
      () => {
        entry.settled = true;
      },
      () => {
        entry.settled = true;
      },
    );
  };
  const levelUnsubscribes: Array<() => void> = [];
  if (listening) levelUnsubscribes.push(store.subscribeInputLevel(() => {}));
  const pickClient = (older: boolean) => world.clients.at(older ? -2 : -1);

  const check = (when: string) => {
    const status = store.getSnapshot().status;
    if (statusChanges.at(-1) !== status) {
      world.violations.push(
        `${when}: onStatusChange last said ${statusChanges.at(-1)}, the store is ${status}`,
      );
    }
    const connected = world.clients.filter((client) => client.state === 'connected');
    if (connected.length > 1) world.violations.push(`${when}: ${connected.length} live clients`);
    const attached = world.clients.filter((client) => client.listenerCount() > 0);
    if (attached.length > 1) world.violations.push(`${when}: ${attached.length} clients with listeners`);
    if (world.openTracks !== 0) world.violations.push(`${when}: ${world.openTracks} microphone tracks open`);
    if (FINAL.has(status)) {
      if (connected.length > 0) world.violations.push(`${when}: ${status} with a connected client`);
      if (attached.length > 0) world.violations.push(`${when}: ${status} with client listeners attached`);
      if (vi.getTimerCount() !== 0)
        world.violations.push(`${when}: ${status} with ${vi.getTimerCount()} timers`);
      if (world.openContexts !== 0)
        world.violations.push(`${when}: ${status} with ${world.openContexts} AudioContexts`);
      if (world.deviceChangeListeners.size !== 0)
        world.violations.push(`${when}: ${status} with devicechange listeners`);
    }
  };

  const apply = (step: Step) => {
    switch (step.kind) {
      case 'start':
      case 'retry':
      case 'stop':
      case 'toggle':
        track(step.kind === 'retry' ? store.start() : store[step.kind]());
        break;
      case 'mute':
        store.mute();
        break;
      case 'unmute':
        store.unmute();
        break;
      case 'startAudioPlayback':
        track(store.startAudioPlayback());
        break;
      case 'setInputDevice':
        track(store.setInputDevice(step.id));
        break;
      case 'setOutputDevice':
        track(store.setOutputDevice(step.id));
        break;
      case 'setVolume':
        store.setVolume(step.volume);
        break;
      case 'listenLevel':
        levelUnsubscribes.push(store.subscribeInputLevel(() => {}));
        break;
      case 'unlistenLevel':
        levelUnsubscribes.shift()?.();
        break;
      case 'grantMic':
        world.grantMic();
        break;
      case 'denyMic':
        world.denyMic();
        break;
      case 'permission':
        world.permission = step.state;
        world.permissionStatus.dispatchEvent(new Event('change'));
        break;
      case 'resolveToken':
        world.tokens.shift()?.resolve({ access_token: 'tok', call_id: 'call' });
        break;
      case 'rejectToken':
        world.tokens.shift()?.reject(new WebCallError('token_request_failed', undefined, { status: 500 }));
        break;
      case 'resolveClient':
        world.clientLoads.shift()?.resolve(new ModelClient(step.optional));
        break;
      case 'rejectClient':
        world.clientLoads.shift()?.reject(new TypeError('Failed to fetch dynamically imported module'));
        break;
      case 'connect':
      case 'failJoin':
      case 'rejectJoin':
      case 'hangUp':
        pickClient(step.older)?.[step.kind]();
        break;
      case 'emit': {
        const client = pickClient(step.older);
        if (!client) break;
        if (step.event === 'update') {
          client.emit('update', {
            transcript: [{ role: 'agent', content: 'Hello' }],
            turntaking: 'user_turn',
          });
        } else if (step.event === 'metadata') client.emit('metadata', { metadata: { n: 1 } });
        else if (step.event === 'error') client.emit('error', 'Error starting call');
        else if (step.event === 'blocked') client.emit('audio_playback', { canPlay: false });
        else if (step.event === 'unblocked') client.emit('audio_playback', { canPlay: true });
        else if (step.event === 'join_wait') client.emit('join_wait', { until: Date.now() + 3_000 });
        else if (step.event === 'join_wait_over') client.emit('join_wait', { until: null });
        else client.emit(step.event);
        break;
      }
      case 'unplug':
        world.unplug(step.id);
        break;
      case 'advance':
        vi.advanceTimersByTime(step.ms);
        break;
      case 'progress': {
        const latest = world.clients.at(-1);
        if (world.mic.length > 0) world.grantMic();
        else if (world.clientLoads.length > 0) world.clientLoads.shift()?.resolve(new ModelClient(true));
        else if (world.tokens.length > 0)
          world.tokens.shift()?.resolve({ access_token: 'tok', call_id: 'call' });
        else if (latest?.state === 'joining') latest.connect();
        else if (latest?.state === 'connected') latest.emit('call_ready');
        break;
      }
    }
  };

  try {
    for (const [index, step] of steps.entries()) {
      apply(step);
      await flush();
      check(`after step ${index} (${step.kind})`);
    }
    // Wind down: the user leaves; every join still in flight completes late; time passes; every prompt and
    // request is answered. A rule may start one more call on the way, so end whatever is live, twice.
    for (let round = 0; round < 3; round++) {
      track(store.stop());
      await flush();
      for (const client of world.clients) client.connect();
      vi.advanceTimersByTime(20_000);
      await flush();
      while (world.mic.length > 0) world.grantMic();
      while (world.clientLoads.length > 0) world.clientLoads.shift()?.resolve(new ModelClient(true));
      while (world.tokens.length > 0)
        world.tokens.shift()?.resolve({ access_token: 'late', call_id: 'late' });
      await flush();
      for (const client of world.clients) client.connect();
      await flush();
    }
    track(store.stop());
    vi.advanceTimersByTime(20_000);
    await flush();
    check('after winding down');
    if (!FINAL.has(store.getSnapshot().status)) {
      world.violations.push(`still ${store.getSnapshot().status} after winding down`);
    }
    const unsettled = promises.filter((entry) => !entry.settled).length;
    if (unsettled > 0) world.violations.push(`${unsettled} start()/stop()/action promises never settled`);
    if (unhandled.length > 0)
      world.violations.push(`unhandled rejections: ${unhandled.map(String).join(', ')}`);
    const stray = world.reported.filter(
      (error) => !(error instanceof Error && error.message === 'cannot switch'),
    );
    if (stray.length > 0) world.violations.push(`unexpected reportError: ${stray.map(String).join(', ')}`);
  } finally {
    for (const unsubscribe of levelUnsubscribes) unsubscribe();
    process.off('unhandledRejection', onUnhandled);
  }
  return { violations: world.violations, statuses: statusesSeen, world };
}

// ---------------------------------------------------------------------------------------------------------

const originalReportError = globalThis.reportError;
const RUNS = Number(process.env.STORE_PROPERTY_RUNS ?? 400);

describe('store interleavings (property)', () => {
  beforeAll(async () => {
    // Load the store's lazily imported modules once, so their import() resolves within a flush later.
    await import('../../../src/core/inputLevel.ts');
    await import('../../../src/core/deviceWatch.ts');
    vi.useFakeTimers({
      toFake: [
        'setTimeout',
        'clearTimeout',
        'setInterval',
        'clearInterval',
        'requestAnimationFrame',
        'cancelAnimationFrame',
      ],
    });
  });
  afterAll(() => {
    vi.useRealTimers();
    globalThis.reportError = originalReportError;
    Reflect.deleteProperty(navigator, 'mediaDevices');
    Reflect.deleteProperty(navigator, 'permissions');
    Reflect.deleteProperty(window, 'AudioContext');
  });

  it('keeps every invariant under generated user actions, client events, completions and re-entrant callbacks', async () => {
    const reached = new Map<CallStatus, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.array(stepArbitrary, { minLength: 3, maxLength: 40 }),
        reentryArbitrary,
        fc.constantFrom<PermissionState>('granted', 'prompt', 'denied'),
        fc.boolean(),
        async (steps, reentries, permission, listening) => {
          vi.clearAllTimers();
          // Most interesting interleavings start with a call in flight.
          const scenario: Step[] = [{ kind: 'start' }, ...steps];
          const { violations, statuses } = await runScenario(scenario, reentries, permission, listening);
          for (const status of new Set(statuses)) reached.set(status, (reached.get(status) ?? 0) + 1);
          expect(violations).toEqual([]);
        },
      ),
      {
        numRuns: RUNS,
        ...(process.env.STORE_PROPERTY_SEED ? { seed: Number(process.env.STORE_PROPERTY_SEED) } : {}),
      },
    );
    // The generator is not vacuous: a good share of the runs get as far as a call and a stop.
    for (const status of ['connecting', 'ongoing', 'ending', 'ended', 'error'] as const) {
      expect(reached.get(status) ?? 0, status).toBeGreaterThan(RUNS / 10);
    }
  }, 120_000);

  // Found by the property against a store that trusted a permission it had read once (a call started while
  // `denied`, stopped, then retried, must check the microphone again before its token).
  it('a retry after a blocked start checks the microphone before the token', async () => {
    vi.clearAllTimers();
    const scenario: Step[] = [
      { kind: 'start' },
      { kind: 'stop' },
      { kind: 'retry' },
      { kind: 'resolveToken' },
    ];
    const { violations } = await runScenario(scenario, [], 'denied', false);
    expect(violations).toEqual([]);
  });
});
