import * as callEngine from '../core/callEngine.ts';
import type {
  RetellNodeTransitionEvent,
  RetellUpdateEvent,
  RetellUtterance,
  StartCallConfig,
  WebCallClient,
  WebCallClientEvent,
  WebCallClientEvents,
  WebCallClientListener,
} from '../core/client.ts';
import { provideCallEngine } from '../core/store.ts';
import { assertVolume } from '../core/volume.ts';
import {
  type AgentVoice,
  canUseSimulatedAudio,
  createAgentVoice,
  getAudioContextConstructor,
  hasGetUserMedia,
  type MicrophoneMeter,
  openMicrophoneMeter,
} from './audio.ts';
import {
  DEFAULT_SCRIPT,
  DEFAULT_TIMING,
  type SimulatedScript,
  type SimulatedTiming,
  type SimulatedTurn,
  splitWords,
  wordDurationMs,
} from './script.ts';
import { isHandlingUserGesture } from './userGesture.ts';

// Tests drive simulated calls with fake timers: bundle the call engine with the simulated client, so a
// store's start() runs it at once instead of waiting for its chunk (which fake timers cannot flush).
provideCallEngine(callEngine);

/**
 * The string retell-client-js-sdk 2.x emits with every `error` event (and the simulated client's default).
 *
 * @example
 * ```ts
 * client.on('error', (error) => expect(error).toBe(SDK_START_ERROR));
 * ```
 */
export const SDK_START_ERROR = 'Error starting call';

/**
 * Ways to make a simulated call go wrong. Each matches what retell-client-js-sdk 2.0.8 does, except
 * `midCall.emit: 'error'`: a synthetic failure to exercise `call_failed` UIs.
 *
 * @example
 * ```ts
 * createSimulatedClient({ failure: { connect: 'error' } }); // error "Error starting call", no call_ended
 * createSimulatedClient({ failure: { midCall: { afterMs: 3000, emit: 'error' } } });
 * createSimulatedClient({ failure: { agentHangsUp: { afterTurn: 0 } } });
 * ```
 */
export interface SimulatedFailures {
  /**
   * - `'error'`: after `timing.connectMs`, emits `error` with `"Error starting call"`, no `call_ended`, and
   *   `startCall` resolves (SDK 2.0.8 never rejects).
   * - `'hang'`: never connects; `startCall` stays pending until `stopCall()`, which cancels it silently.
   */
  connect?: 'error' | 'hang';
  /**
   * The call breaks `afterMs` after `call_started`, wherever the conversation is. `emit: 'call_ended'`
   * (default) is what SDK 2.0.8 does when the room drops. `emit: 'error'` sends `error` (with `error`,
   * default `"Error starting call"`) and no `call_ended`: a synthetic failure to exercise `call_failed`
   * UIs; Retell 2.0.8 itself reports a mid-call drop as `call_ended` (it emits no `error` mid-call).
   */
  midCall?: { afterMs: number; emit?: 'call_ended' | 'error'; error?: unknown };
  /**
   * The agent hangs up: after the turn with index `afterTurn` (0-based) finished and `timing.hangUpDelayMs`
   * passed, or abruptly `afterMs` after `call_started`. Emits `call_ended` (the room closed).
   */
  agentHangsUp?: { afterTurn: number } | { afterMs: number };
  /**
   * The browser refuses to play the agent (autoplay policy) until `startAudioPlayback()` is called while a
   * click, tap or key press is being handled: `audio_playback { canPlay: false }` while connecting (where
   * LiveKit checks playback), the voice silent, then `{ canPlay: true }` after the click. Calls from
   * elsewhere (the call store's own call at `call_started`, a timer) change nothing, and the client never
   * retries on its own.
   */
  blockAudio?: boolean;
  /**
   * The connection drops `afterMs` after `call_started`: `reconnecting`; the agent is not heard and data
   * events are held back. After `lastsMs` (default 3000) it comes back: `reconnected`, then the latest
   * `update` window, the held `metadata`/`node_transition` events and the agent's current talking state.
   * With `recovers: false` it never comes back: `call_ended` while reconnecting (LiveKit gave up).
   */
  connectionDrop?: { afterMs: number; lastsMs?: number; recovers?: boolean };
  /** The agent never joins: `call_started`, then no `call_ready` and no turns, until the call is stopped. */
  agentNeverJoins?: boolean;
  /** The active microphone is unplugged `afterMs` after `call_started`; see {@link SimulatedClient.unplugMicrophone}. */
  unplugMicrophone?: { afterMs: number };
}

/**
 * Options of {@link createSimulatedClient}.
 *
 * @example
 * ```ts
 * const options: SimulatedClientOptions = {
 *   script: [{ role: 'agent', text: 'Hello!' }, { role: 'user', text: 'Hi.' }],
 *   timing: { connectMs: 50 },
 *   audio: 'off',
 * };
 * ```
 */
export interface SimulatedClientOptions {
  /** The conversation to play. @defaultValue {@link DEFAULT_SCRIPT} */
  script?: SimulatedScript;
  /** Any delays to change; the rest keep {@link DEFAULT_TIMING}. */
  timing?: Partial<SimulatedTiming>;
  /**
   * Real audio: synthesized agent speech through Web Audio and the real microphone (via `getUserMedia`)
   * moving user turns along. `'auto'` turns it on where `AudioContext` and `getUserMedia` exist; `'off'`
   * runs on timers only (jsdom, Node, tests). @defaultValue 'auto'
   */
  audio?: 'auto' | 'on' | 'off';
  /** Gain of the synthesized voice, 0–1. @defaultValue 0.15 */
  volume?: number;
  /** Microphone level (RMS, 0–1) above which the user counts as speaking. @defaultValue 0.02 */
  speechThreshold?: number;
  /** How many utterances each `update` window holds, like Retell's. @defaultValue 5 */
  windowSize?: number;
  /** Failure injection. */
  failure?: SimulatedFailures;
}

/**
 * Where a simulated client is: before `startCall`, joining, in a call, or done (it may start again).
 *
 * @example
 * ```ts
 * expect(simulated.last?.state satisfies SimulatedCallState | undefined).toBe('connected');
 * ```
 */
export type SimulatedCallState = 'idle' | 'connecting' | 'connected' | 'ended';

/**
 * A {@link WebCallClient} that plays a scripted Retell call locally, plus a few controls and read-outs for
 * tests.
 *
 * @example
 * ```ts
 * const client = createSimulatedClient({ audio: 'off' });
 * client.on('update', (event) => console.log(event.transcript?.at(-1)?.content));
 * await client.startCall({ accessToken: 'simulated' });
 * client.hangUp(); // the agent hangs up: call_ended
 * ```
 */
export interface SimulatedClient extends WebCallClient {
  readonly state: SimulatedCallState;
  /** Whether the current (or last) call used Web Audio and the microphone. */
  readonly usesAudio: boolean;
  readonly isAgentTalking: boolean;
  readonly isMuted: boolean;
  /** Every utterance of the current (or last) call so far, newest last (what `update` windows slide over). */
  readonly transcript: readonly RetellUtterance[];
  /** Index in the script of the turn being played; -1 before the first. */
  readonly turnIndex: number;
  /** The config of every `startCall`, in order. */
  readonly startCalls: readonly StartCallConfig[];
  /**
   * Adds `listener` for `event`. Listeners are kept in a set: registering the same function twice for an
   * event counts once (and one `off` removes it), unlike Node's `EventEmitter` that the SDK extends.
   */
  on<E extends WebCallClientEvent>(event: E, listener: WebCallClientListener<E>): this;
  off<E extends WebCallClientEvent>(event: E, listener: WebCallClientListener<E>): this;
  /** The agent hangs up now (the room closes): `call_ended`. Does nothing unless connected. */
  hangUp(): void;
  /** The call breaks now; see {@link SimulatedFailures.midCall}. Does nothing unless connected. */
  fail(options?: { emit?: 'call_ended' | 'error'; error?: unknown }): void;
  /** Listeners attached, over all events (0 once a store has let go of it). */
  listenerCount(): number;
  /** Whether the browser (or `failure.blockAudio`) keeps the agent silent until a click. */
  readonly audioBlocked: boolean;
  /** Whether the connection is down and being restored. */
  readonly isReconnecting: boolean;
  /** The microphone chosen with `setInputDevice` (or `'default'` after an unplug); null = never chosen. */
  readonly inputDeviceId: string | null;
  /** The speaker chosen with `setOutputDevice`; null = never chosen. */
  readonly outputDeviceId: string | null;
  /** The agent's volume set with `setVolume`, 0–1 (scales `options.volume`). */
  readonly volume: number;
  /** Drops the connection now: `reconnecting`. Does nothing unless connected and not already dropped. */
  dropConnection(): void;
  /** Restores a dropped connection: `reconnected`, then what was held back. */
  restoreConnection(): void;
  /**
   * Unplugs the active microphone now, as a browser reports it: its track ends (an `ended` event), the
   * client falls back to the default device (`inputDeviceId` becomes `'default'`, the microphone is reopened
   * in audio mode) and `devicechange` fires on `navigator.mediaDevices`. `enumerateDevices()` stays the
   * browser's: stub it in a test whose UI lists devices. Does nothing unless connected.
   */
  unplugMicrophone(): void;
}

const DEFAULT_VOLUME = 0.15;
const DEFAULT_SPEECH_THRESHOLD = 0.02;
const DEFAULT_WINDOW_SIZE = 5;
const SAMPLE_COUNT = 1024;
const FRAME_MS = 16;
const MIC_POLL_MS = 50;
/** How long the simulated room waits for the AudioContext to start before reporting playback (LiveKit's 200 ms). */
const PLAYBACK_CHECK_MS = 200;
const DEFAULT_DROP_MS = 3000;
/** Events a dropped connection holds back (the agent's track, LiveKit data packets, the agent's audio). */
const HELD_EVENTS: ReadonlySet<WebCallClientEvent> = new Set<WebCallClientEvent>([
  'call_ready',
  'update',
  'metadata',
  'node_transition',
  'agent_start_talking',
  'agent_stop_talking',
  'audio',
]);

/** Reports an exception from a listener without breaking the simulation (like the call store does). */
function report(error: unknown): void {
  if (typeof globalThis.reportError === 'function') globalThis.reportError(error);
  else
    queueMicrotask(() => {
      throw error;
    });
}

/** Whether the browser holds `context` (autoplay policy, or iOS interrupted it). */
function isSuspended(context: AudioContext): boolean {
  const state: string = context.state;
  return state === 'suspended' || state === 'interrupted';
}

/** Routes `context` to a speaker where the browser can (`AudioContext.setSinkId`); `'default'` = the default. */
async function setSink(context: AudioContext, deviceId: string): Promise<void> {
  const sinkable = context as AudioContext & { setSinkId?: (id: string) => Promise<void> };
  if (typeof sinkable.setSinkId === 'function')
    await sinkable.setSinkId(deviceId === 'default' ? '' : deviceId);
}

/** Every timer of one call, so that ending the call clears them all. */
class Timers {
  private readonly timeouts = new Set<ReturnType<typeof setTimeout>>();
  private readonly intervals = new Set<ReturnType<typeof setInterval>>();
  private frame: number | null = null;

  after(ms: number, fn: () => void): void {
    const id = setTimeout(
      () => {
        this.timeouts.delete(id);
        fn();
      },
      Math.max(0, ms),
    );
    this.timeouts.add(id);
  }

  every(ms: number, fn: () => void): () => void {
    const id = setInterval(fn, ms);
    this.intervals.add(id);
    return () => {
      clearInterval(id);
      this.intervals.delete(id);
    };
  }

  /** Calls `fn` every animation frame (or every 16 ms where there are no frames), until cleared. */
  everyFrame(fn: () => void): void {
    if (typeof globalThis.requestAnimationFrame === 'function') {
      const loop = () => {
        this.frame = globalThis.requestAnimationFrame(loop);
        fn();
      };
      this.frame = globalThis.requestAnimationFrame(loop);
      return;
    }
    this.every(FRAME_MS, fn);
  }

  clearAll(): void {
    for (const id of this.timeouts) clearTimeout(id);
    for (const id of this.intervals) clearInterval(id);
    this.timeouts.clear();
    this.intervals.clear();
    if (this.frame !== null) globalThis.cancelAnimationFrame?.(this.frame);
    this.frame = null;
  }
}

/** Audio resources of one call in audio mode. */
interface CallAudio {
  context: AudioContext;
  /** The `resume()` made when the call started (settles when the browser starts the context, if ever). */
  resumed: Promise<unknown>;
  voice: AgentVoice | null;
  meter: MicrophoneMeter | null;
  /** `pending` while `getUserMedia` runs; `failed` when it was refused (user turns then run on timers). */
  micState: 'pending' | 'open' | 'failed';
}

/** One call from `startCall` to its end. */
interface Session {
  readonly timers: Timers;
  readonly config: StartCallConfig;
  readonly audio: CallAudio | null;
  resolveStart: (() => void) | null;
  utterances: RetellUtterance[];
  turnIndex: number;
  currentNode: { id: string; name?: string } | null;
  done: boolean;
  /** Stops the user-turn microphone poll, if one runs. */
  stopListening: (() => void) | null;
  /** `failure.blockAudio` until a click's `startAudioPlayback()`. */
  forcedBlock: boolean;
  /** The last `audio_playback` value reported (true until one says otherwise). */
  canPlay: boolean;
  reconnecting: boolean;
  /** What a dropped connection held back: the latest window; call_ready, metadata, node events in order. */
  held: { update: RetellUpdateEvent | null; ordered: Array<HeldEvent> };
  /** The talking state listeners last heard (differs from `talking` after a drop). */
  heardTalking: boolean;
}

type HeldEvent =
  | { event: 'call_ready'; args: WebCallClientEvents['call_ready'] }
  | { event: 'metadata'; args: WebCallClientEvents['metadata'] }
  | { event: 'node_transition'; args: WebCallClientEvents['node_transition'] };

class SimulatedWebClient implements SimulatedClient {
  private readonly listeners = new Map<WebCallClientEvent, Set<(...args: never[]) => void>>();
  private readonly script: SimulatedScript;
  private readonly timing: SimulatedTiming;
  private readonly options: SimulatedClientOptions;
  private session: Session | null = null;
  private status: SimulatedCallState = 'idle';
  private talking = false;
  private muted = false;
  private audioUsed = false;
  private lastTranscript: readonly RetellUtterance[] = [];
  private inputDevice: string | null = null;
  private outputDevice: string | null = null;
  private userVolume = 1;
  private readonly configs: StartCallConfig[] = [];
  /** Generated-waveform state (no-audio mode). */
  private phase = 0;
  private amplitude = 0;
  private noiseSeed = 1;

  constructor(options: SimulatedClientOptions) {
    this.options = options;
    this.script = options.script ?? DEFAULT_SCRIPT;
    this.timing = { ...DEFAULT_TIMING, ...options.timing };
  }

  get state(): SimulatedCallState {
    return this.status;
  }

  get usesAudio(): boolean {
    return this.audioUsed;
  }

  get isAgentTalking(): boolean {
    return this.talking;
  }

  get isMuted(): boolean {
    return this.muted;
  }

  get transcript(): readonly RetellUtterance[] {
    return this.session ? this.session.utterances : this.lastTranscript;
  }

  get turnIndex(): number {
    return this.session?.turnIndex ?? -1;
  }

  get startCalls(): readonly StartCallConfig[] {
    return this.configs;
  }

  get audioBlocked(): boolean {
    return this.session ? !this.session.canPlay : false;
  }

  get isReconnecting(): boolean {
    return this.session?.reconnecting ?? false;
  }

  get inputDeviceId(): string | null {
    return this.inputDevice;
  }

  get outputDeviceId(): string | null {
    return this.outputDevice;
  }

  get volume(): number {
    return this.userVolume;
  }

  // --- WebCallClient ---------------------------------------------------------------------------------------

  startCall(config: StartCallConfig): Promise<void> {
    // Starting again ends the call in progress (SDK 2.0.8 would leave the old room open).
    if (this.session) this.stopCall();
    this.configs.push(config);
    const audio = this.openAudio();
    this.audioUsed = audio !== null;
    const session: Session = {
      timers: new Timers(),
      config,
      audio,
      resolveStart: null,
      utterances: [],
      turnIndex: -1,
      currentNode: null,
      done: false,
      stopListening: null,
      forcedBlock: this.options.failure?.blockAudio === true,
      canPlay: true,
      reconnecting: false,
      held: { update: null, ordered: [] },
      heardTalking: false,
    };
    this.session = session;
    this.applyGain(session);
    this.status = 'connecting';
    this.muted = false;
    this.talking = false;
    this.amplitude = 0;
    const started = new Promise<void>((resolve) => {
      session.resolveStart = resolve;
    });
    this.checkPlayback(session);
    const connect = this.options.failure?.connect;
    const dial = () => {
      if (connect === 'hang') return;
      session.timers.after(this.timing.connectMs, () => {
        if (connect === 'error') this.failToConnect(session);
        else this.connected(session);
      });
    };
    const joinWaitMs = this.timing.joinWaitMs;
    if (joinWaitMs > 0) {
      // LiveKit's back-off after failed joins: say until when, then dial.
      session.timers.after(joinWaitMs, () => {
        this.emit('join_wait', { until: null });
        dial();
      });
      this.emit('join_wait', { until: Date.now() + joinWaitMs });
    } else dial();
    return started;
  }

  stopCall(): void {
    const session = this.session;
    if (!session) return;
    const wasConnected = this.status === 'connected';
    this.teardown(session);
    // Connected: call_ended, synchronously (SDK 2.0.8). Still joining: a silent cancel.
    if (wasConnected) this.emit('call_ended');
    this.resolveStart(session);
  }

  mute(): void {
    this.muted = true;
    this.session?.audio?.meter?.setEnabled(false);
  }

  unmute(): void {
    this.muted = false;
    this.session?.audio?.meter?.setEnabled(true);
  }

  async startAudioPlayback(): Promise<void> {
    const session = this.session;
    if (!session) return;
    if (session.forcedBlock && isHandlingUserGesture()) session.forcedBlock = false;
    const context = session.audio?.context;
    if (context && isSuspended(context)) {
      // Resolves once the browser started the context; a refused resume (no click) may stay pending.
      await new Promise<void>((resolve) => {
        session.timers.after(PLAYBACK_CHECK_MS, resolve);
        context.resume().then(resolve, resolve);
      });
    }
    if (this.isLive(session)) this.refreshPlayback(session);
  }

  async setInputDevice(deviceId: string): Promise<void> {
    const session = this.session;
    const audio = session?.audio;
    if (!session || !audio || audio.micState !== 'open' || !this.isLive(session)) {
      this.inputDevice = deviceId; // used when the microphone opens
      return;
    }
    const meter = await openMicrophoneMeter(audio.context, deviceId); // rejects: the old one stays
    if (!this.isLive(session)) {
      meter.stop();
      return;
    }
    audio.meter?.stop();
    audio.meter = meter;
    meter.setEnabled(!this.muted);
    this.inputDevice = deviceId;
  }

  async setOutputDevice(deviceId: string): Promise<void> {
    const context = this.session?.audio?.context;
    if (context) await setSink(context, deviceId);
    this.outputDevice = deviceId;
  }

  setVolume(volume: number): void {
    assertVolume(volume);
    this.userVolume = volume;
    if (this.session) this.applyGain(this.session);
  }

  getInputTrack(): MediaStreamTrack | null {
    return this.session?.audio?.meter?.track ?? null;
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

  listenerCount(): number {
    let count = 0;
    for (const set of this.listeners.values()) count += set.size;
    return count;
  }

  hangUp(): void {
    if (this.status === 'connected') this.stopCall();
  }

  dropConnection(): void {
    const session = this.session;
    if (!session || this.status !== 'connected' || session.reconnecting) return;
    session.reconnecting = true;
    this.applyGain(session);
    this.emit('reconnecting');
  }

  restoreConnection(): void {
    const session = this.session;
    if (!session?.reconnecting) return;
    session.reconnecting = false;
    this.applyGain(session);
    this.emit('reconnected');
    const held = session.held;
    session.held = { update: null, ordered: [] };
    for (const item of held.ordered) {
      if (!this.isLive(session)) return;
      if (item.event === 'call_ready') this.emit('call_ready');
      else if (item.event === 'metadata') this.emit('metadata', ...item.args);
      else this.emit('node_transition', ...item.args);
    }
    if (this.isLive(session) && this.talking !== session.heardTalking) {
      this.emit(this.talking ? 'agent_start_talking' : 'agent_stop_talking');
    }
    if (this.isLive(session) && held.update) this.emit('update', held.update);
  }

  unplugMicrophone(): void {
    const session = this.session;
    if (!session || this.status !== 'connected') return;
    const audio = session.audio;
    const meter = audio?.meter;
    if (audio && meter) {
      audio.meter = null;
      meter.stop();
      const track = meter.track as Partial<EventTarget> | null;
      // stop() alone fires no `ended`; an unplugged device does.
      if (typeof track?.dispatchEvent === 'function') track.dispatchEvent(new Event('ended'));
    }
    this.inputDevice = 'default';
    if (audio && audio.micState === 'open') {
      audio.micState = 'pending';
      this.openMicrophone(session, audio);
    }
    const devices = globalThis.navigator?.mediaDevices as Partial<EventTarget> | undefined;
    if (typeof devices?.dispatchEvent === 'function') devices.dispatchEvent(new Event('devicechange'));
  }

  fail(options: { emit?: 'call_ended' | 'error'; error?: unknown } = {}): void {
    const session = this.session;
    if (!session || this.status !== 'connected') return;
    if (options.emit === 'error') {
      this.teardown(session);
      this.emit('error', options.error ?? SDK_START_ERROR);
      return;
    }
    this.stopCall();
  }

  // --- call phases -----------------------------------------------------------------------------------------

  /** Emits `event`, or holds it back while the connection is down. */
  private emit<E extends WebCallClientEvent>(event: E, ...args: WebCallClientEvents[E]): void {
    const session = this.session;
    if (session) {
      if (session.reconnecting && HELD_EVENTS.has(event)) {
        if (event === 'update') session.held.update = args[0] as RetellUpdateEvent;
        else if (event === 'call_ready' || event === 'metadata' || event === 'node_transition') {
          session.held.ordered.push({ event, args } as HeldEvent);
        }
        return;
      }
      if (event === 'agent_start_talking') session.heardTalking = true;
      else if (event === 'agent_stop_talking') session.heardTalking = false;
    }
    const set = this.listeners.get(event);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        (listener as (...a: WebCallClientEvents[E]) => void)(...args);
      } catch (error) {
        report(error);
      }
    }
  }

  private isLive(session: Session): boolean {
    return this.session === session && !session.done;
  }

  private resolveStart(session: Session): void {
    const resolve = session.resolveStart;
    session.resolveStart = null;
    resolve?.();
  }

  private failToConnect(session: Session): void {
    this.teardown(session);
    this.emit('error', SDK_START_ERROR);
    this.resolveStart(session);
  }

  private connected(session: Session): void {
    this.status = 'connected';
    const { timers } = session;
    const failure = this.options.failure;
    const drop = failure?.connectionDrop;
    if (drop) {
      timers.after(drop.afterMs, () => {
        this.dropConnection();
        timers.after(drop.lastsMs ?? DEFAULT_DROP_MS, () => {
          if (drop.recovers === false) this.fail({ emit: 'call_ended' });
          else this.restoreConnection();
        });
      });
    }
    const unplug = failure?.unplugMicrophone;
    if (unplug) timers.after(unplug.afterMs, () => this.unplugMicrophone());
    const midCall = failure?.midCall;
    if (midCall) {
      timers.after(midCall.afterMs, () =>
        this.fail({ emit: midCall.emit ?? 'call_ended', error: midCall.error }),
      );
    }
    const hangUp = failure?.agentHangsUp;
    if (hangUp && 'afterMs' in hangUp) timers.after(hangUp.afterMs, () => this.hangUp());
    if (session.audio) this.openMicrophone(session, session.audio);
    this.emit('call_started');
    this.resolveStart(session);
    if (!this.isLive(session) || failure?.agentNeverJoins) return;
    timers.after(this.timing.readyMs, () => {
      this.emit('call_ready');
      if (!this.isLive(session)) return;
      if (session.config.emitRawAudioSamples) timers.everyFrame(() => this.emitSamples(session));
      this.scheduleTurn(session, 0, this.timing.firstTurnDelayMs);
    });
  }

  private scheduleTurn(session: Session, index: number, defaultDelay: number): void {
    const turn = this.script[index];
    if (!turn) return; // The script is over: the agent waits for the user to hang up.
    session.timers.after(turn.delayMs ?? defaultDelay, () => this.playTurn(session, index, turn));
  }

  private playTurn(session: Session, index: number, turn: SimulatedTurn): void {
    session.turnIndex = index;
    if (turn.node) {
      const event: RetellNodeTransitionEvent = { event_type: 'node_transition' };
      if (session.currentNode) {
        event.former_node_id = session.currentNode.id;
        if (session.currentNode.name !== undefined) event.former_node_name = session.currentNode.name;
      }
      event.new_node_id = turn.node.id;
      if (turn.node.name !== undefined) event.new_node_name = turn.node.name;
      if (turn.node.transitionType !== undefined) event.transition_type = turn.node.transitionType;
      session.currentNode = {
        id: turn.node.id,
        ...(turn.node.name !== undefined && { name: turn.node.name }),
      };
      this.emit('node_transition', event);
      if (!this.isLive(session)) return;
    }
    if (turn.metadata !== undefined) {
      this.emit('metadata', { event_type: 'metadata', metadata: turn.metadata });
      if (!this.isLive(session)) return;
    }
    const done = () => this.turnDone(session, index, turn);
    if (turn.role === 'agent') this.agentSpeaks(session, turn, done);
    else if (session.audio && session.audio.micState !== 'failed')
      this.userSpeaksIntoMic(session, turn, done);
    else this.userSpeaksOnTimers(session, turn, done);
  }

  private turnDone(session: Session, index: number, turn: SimulatedTurn): void {
    const hangUp = this.options.failure?.agentHangsUp;
    if (turn.endCall || (hangUp && 'afterTurn' in hangUp && hangUp.afterTurn === index)) {
      session.timers.after(this.timing.hangUpDelayMs, () => this.hangUp());
      return;
    }
    this.scheduleTurn(session, index + 1, this.timing.turnGapMs);
  }

  /** Adds an utterance for `role` and returns a function that sets its content and emits the window. */
  private beginUtterance(session: Session, role: 'agent' | 'user'): (content: string) => void {
    const utterance: RetellUtterance = { role, content: '' };
    let first = true;
    return (content) => {
      if (!this.isLive(session)) return;
      if (first) session.utterances.push(utterance);
      utterance.content = content;
      const size = Math.max(1, this.options.windowSize ?? DEFAULT_WINDOW_SIZE);
      const event: RetellUpdateEvent = {
        event_type: 'update',
        transcript: session.utterances.slice(-size).map((u) => ({ role: u.role, content: u.content })),
      };
      if (first) event.turntaking = role === 'agent' ? 'agent_turn' : 'user_turn';
      first = false;
      this.emit('update', event);
    };
  }

  private agentSpeaks(session: Session, turn: SimulatedTurn, done: () => void): void {
    const words = splitWords(turn.text);
    const wordMs = wordDurationMs(this.timing.agentWordsPerSecond);
    const say = this.beginUtterance(session, 'agent');
    const voice = session.audio?.voice ?? null;
    this.talking = true;
    this.emit('agent_start_talking');
    const speak = (count: number) => {
      if (!this.isLive(session)) return;
      if (count > words.length) {
        this.talking = false;
        this.emit('agent_stop_talking');
        if (this.isLive(session)) done();
        return;
      }
      voice?.speakWord(words[count - 1] ?? '', wordMs, count - 1, words.length);
      say(words.slice(0, count).join(' '));
      session.timers.after(wordMs, () => speak(count + 1));
    };
    speak(1);
  }

  private userSpeaksOnTimers(session: Session, turn: SimulatedTurn, done: () => void): void {
    const words = splitWords(turn.text);
    const wordMs = wordDurationMs(this.timing.userWordsPerSecond);
    const say = this.beginUtterance(session, 'user');
    const speak = (count: number) => {
      if (!this.isLive(session)) return;
      if (count > words.length) {
        done();
        return;
      }
      say(words.slice(0, count).join(' '));
      session.timers.after(wordMs, () => speak(count + 1));
    };
    speak(1);
  }

  /**
   * A user turn driven by the microphone: words appear while the user is heard; once they spoke for at
   * least `minUserSpeechMs` and then stayed quiet for `userSilenceMs`, the line completes. With no speech
   * (or a muted microphone) for `userTurnTimeoutMs`, the simulator says the line itself.
   */
  private userSpeaksIntoMic(session: Session, turn: SimulatedTurn, done: () => void): void {
    const audio = session.audio as CallAudio;
    const words = splitWords(turn.text);
    const wordMs = wordDurationMs(this.timing.userWordsPerSecond);
    const threshold = this.options.speechThreshold ?? DEFAULT_SPEECH_THRESHOLD;
    const say = this.beginUtterance(session, 'user');
    let waitedMs = 0;
    let voicedMs = 0;
    let quietMs = 0;
    let started = false;
    let shown = 0;
    const finish = (fallback: boolean) => {
      stop();
      session.stopListening = null;
      if (fallback) {
        this.userSpeaksOnTimers(session, turn, done);
        return;
      }
      if (shown < words.length) say(words.join(' '));
      done();
    };
    const stop = session.timers.every(MIC_POLL_MS, () => {
      if (!this.isLive(session)) return;
      const level = this.muted ? 0 : (audio.meter?.level() ?? 0);
      const voiced = level >= threshold;
      if (!started) {
        waitedMs += MIC_POLL_MS;
        voicedMs = voiced ? voicedMs + MIC_POLL_MS : 0;
        if (voicedMs >= this.timing.minUserSpeechMs) started = true;
        else {
          if (waitedMs >= this.timing.userTurnTimeoutMs || audio.micState === 'failed') finish(true);
          return;
        }
      } else if (voiced) {
        voicedMs += MIC_POLL_MS;
        quietMs = 0;
      } else quietMs += MIC_POLL_MS;
      // Reveal words at the user's speaking rate while they are heard; hold the last one for the end.
      const due = Math.min(words.length - 1, Math.max(1, Math.floor(voicedMs / wordMs) + 1));
      if (due > shown && words.length > 1) {
        shown = due;
        say(words.slice(0, shown).join(' '));
      }
      if (quietMs >= this.timing.userSilenceMs || voicedMs >= this.timing.maxUserSpeechMs) finish(false);
    });
    session.stopListening = stop;
  }

  // --- audio -----------------------------------------------------------------------------------------------

  /** Creates the call's AudioContext and voice when audio is on; null otherwise (or if Web Audio fails). */
  private openAudio(): CallAudio | null {
    const mode = this.options.audio ?? 'auto';
    if (mode === 'off' || (mode === 'auto' && !canUseSimulatedAudio())) return null;
    const AudioContextClass = getAudioContextConstructor();
    if (!AudioContextClass) return null;
    let context: AudioContext;
    try {
      context = new AudioContextClass();
    } catch {
      return null;
    }
    let voice: AgentVoice | null = null;
    try {
      voice = createAgentVoice(context, this.options.volume ?? DEFAULT_VOLUME);
    } catch {
      voice = null;
    }
    const resumed = Promise.resolve(context.resume?.()).catch(() => {});
    if (this.outputDevice !== null) setSink(context, this.outputDevice).catch(() => {});
    return { context, resumed, voice, meter: null, micState: 'pending' };
  }

  /** Opens the microphone like the SDK publishes it: after connecting, not awaited, failures ignored. */
  private openMicrophone(session: Session, audio: CallAudio): void {
    if (!hasGetUserMedia()) {
      audio.micState = 'failed';
      return;
    }
    const requested = this.inputDevice ?? session.config.captureDeviceId;
    openMicrophoneMeter(audio.context, requested).then(
      (meter) => {
        if (!this.isLive(session)) {
          meter.stop();
          return;
        }
        if ((this.inputDevice ?? session.config.captureDeviceId) !== requested) {
          meter.stop(); // setInputDevice() while it opened: open the chosen one instead
          this.openMicrophone(session, audio);
          return;
        }
        audio.meter = meter;
        audio.micState = 'open';
        meter.setEnabled(!this.muted);
      },
      () => {
        audio.micState = 'failed';
      },
    );
  }

  // --- playback --------------------------------------------------------------------------------------------

  /**
   * Like LiveKit before the join: once the AudioContext started, or after 200 ms if the browser keeps it
   * suspended (autoplay policy), report playback (only when it is blocked; unblocked is the default).
   */
  private checkPlayback(session: Session): void {
    const audio = session.audio;
    const settled =
      audio && isSuspended(audio.context)
        ? new Promise<void>((resolve) => {
            session.timers.after(PLAYBACK_CHECK_MS, resolve);
            audio.resumed.then(() => resolve());
          })
        : Promise.resolve();
    void settled.then(() => {
      if (this.isLive(session)) this.refreshPlayback(session);
    });
  }

  /** Emits `audio_playback` when whether the agent can be heard changed. */
  private refreshPlayback(session: Session): void {
    const context = session.audio?.context;
    const canPlay = !session.forcedBlock && !(context && isSuspended(context));
    if (canPlay === session.canPlay) return;
    session.canPlay = canPlay;
    this.applyGain(session);
    this.emit('audio_playback', { canPlay });
  }

  /** The voice's gain: `options.volume` × `setVolume`, silent while blocked or disconnected. */
  private applyGain(session: Session): void {
    const audible = !session.forcedBlock && !session.reconnecting;
    const base = this.options.volume ?? DEFAULT_VOLUME;
    session.audio?.voice?.setGain(audible ? base * this.userVolume : 0);
  }

  private emitSamples(session: Session): void {
    if (!this.isLive(session)) return;
    const analyser = session.audio?.voice?.analyser;
    const samples = new Float32Array(analyser?.fftSize ?? SAMPLE_COUNT);
    if (analyser) {
      analyser.getFloatTimeDomainData(samples);
    } else {
      // A voice-like waveform whose loudness follows whether the agent is talking.
      const target = this.talking ? 0.35 : 0;
      this.amplitude += (target - this.amplitude) * 0.35;
      if (this.amplitude < 0.001) this.amplitude = 0;
      const step = (2 * Math.PI * 160) / 48_000;
      for (let i = 0; i < samples.length; i++) {
        this.phase += step;
        this.noiseSeed = (this.noiseSeed * 1_103_515_245 + 12_345) % 2_147_483_648;
        const noise = this.noiseSeed / 2_147_483_648 - 0.5;
        samples[i] =
          this.amplitude * (0.6 * Math.sin(this.phase) + 0.25 * Math.sin(2.01 * this.phase) + 0.15 * noise);
      }
      this.phase %= 2 * Math.PI;
    }
    this.emit('audio', samples);
  }

  /** Releases everything the call holds: timers, frames, audio nodes, microphone tracks. Idempotent. */
  private teardown(session: Session): void {
    if (session.done) return;
    session.done = true;
    session.timers.clearAll();
    session.stopListening?.();
    session.stopListening = null;
    const audio = session.audio;
    if (audio) {
      audio.voice?.dispose();
      audio.meter?.stop();
      audio.meter = null;
      audio.context.close?.().catch(() => {});
    }
    this.talking = false;
    this.status = 'ended';
    this.lastTranscript = session.utterances;
    if (this.session === session) this.session = null;
  }
}

/**
 * Creates a browser client that plays a scripted Retell call locally: the same interface and event
 * semantics as retell-client-js-sdk 2.0.8's `RetellWebClient` (`call_started`, `call_ready`, Retell-shaped
 * `update` windows, `agent_start_talking`/`agent_stop_talking`, `metadata`, `node_transition`, `audio`
 * samples with `emitRawAudioSamples`, `call_ended`; `startCall` never rejects). In a browser it speaks
 * with a synthesized voice and listens to the microphone; elsewhere it runs on timers.
 *
 * Pass it as `createClient` (it takes no required argument), or use {@link simulatedClientFactory} to give
 * it options and reach the clients it made.
 *
 * @example
 * ```tsx
 * <WebCallProvider createClient={createSimulatedClient} getAccessToken={async () => 'simulated'}>
 *   <CallPanel />
 * </WebCallProvider>
 * ```
 */
export function createSimulatedClient(options: SimulatedClientOptions = {}): SimulatedClient {
  return new SimulatedWebClient(options);
}

/**
 * A `createClient` that makes a simulated client per call, with `options`, and remembers them: `clients`
 * lists them all, `last` is the newest (to hang up from the agent side, or inspect, in a test).
 *
 * @example
 * ```ts
 * const createClient = simulatedClientFactory({ audio: 'off', timing: { connectMs: 10 } });
 * const store = createCallStore({ createClient, getAccessToken: async () => 'tok', checkMicrophone: false });
 * await store.start();
 * createClient.last?.hangUp();
 * ```
 */
export interface SimulatedClientFactory {
  (): SimulatedClient;
  /** Every client made so far, oldest first. */
  readonly clients: readonly SimulatedClient[];
  /** The newest client, if any. */
  readonly last: SimulatedClient | undefined;
  /** The options every client is made with. */
  readonly options: SimulatedClientOptions;
}

/**
 * Makes a {@link SimulatedClientFactory}: pass it as `createClient` to a `WebCallProvider`, `useWebCall` or
 * `createCallStore`; each call gets a fresh simulated client made with `options`.
 *
 * @example
 * ```tsx
 * const createClient = simulatedClientFactory({ failure: { connect: 'error' } });
 * <WebCallProvider createClient={createClient} getAccessToken={async () => 'simulated'} checkMicrophone={false}>
 *   <MyCallUi />
 * </WebCallProvider>
 * ```
 */
export function simulatedClientFactory(options: SimulatedClientOptions = {}): SimulatedClientFactory {
  const clients: SimulatedClient[] = [];
  const create = () => {
    const client = createSimulatedClient(options);
    clients.push(client);
    return client;
  };
  Object.defineProperties(create, {
    clients: { value: clients, enumerable: true },
    last: { get: () => clients.at(-1), enumerable: true },
    options: { value: options, enumerable: true },
  });
  return create as SimulatedClientFactory;
}
