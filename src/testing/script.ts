/*
 * The scripted conversation the simulated client plays, and its timing. No React, no DOM.
 */

/**
 * A conversation-flow node a script turn moves to (becomes a Retell `node_transition` event).
 *
 * @example
 * ```ts
 * const turn: SimulatedTurn = { role: 'agent', text: 'Let me check.', node: { id: 'lookup', name: 'Lookup' } };
 * ```
 */
export interface SimulatedNode {
  /** Sent as `new_node_id`; the next transition sends it as `former_node_id`. */
  id: string;
  /** Sent as `new_node_name`. */
  name?: string;
  /** Sent as `transition_type` when set (Retell uses words like `'llm'` or `'equation'`). */
  transitionType?: string;
}

/**
 * One turn of a simulated conversation: something the agent says, or something the user says.
 *
 * Agent turns are spoken word by word (`agent_start_talking`, growing `update` windows, `agent_stop_talking`;
 * audible synthesized speech in a browser). User turns are "spoken" by the simulator on timers, or, when the
 * simulated call uses the real microphone, advance once the user spoke and went quiet; the transcript then
 * shows the scripted `text` (the simulator does not recognise speech).
 *
 * @example
 * ```ts
 * const turns: SimulatedTurn[] = [
 *   { role: 'agent', text: 'Hi! How can I help?', node: { id: 'greeting', name: 'Greeting' } },
 *   { role: 'user', text: 'What are your opening hours?' },
 *   { role: 'agent', text: 'Nine to five, Monday to Friday.', metadata: { intent: 'hours' } },
 *   { role: 'agent', text: 'Goodbye!', endCall: true },
 * ];
 * ```
 */
export interface SimulatedTurn {
  role: 'agent' | 'user';
  /** What is said; split into words on whitespace. */
  text: string;
  /** Emitted as a Retell `metadata` event (`{ event_type: 'metadata', metadata }`) when the turn begins. */
  metadata?: unknown;
  /** Emitted as a Retell `node_transition` event when the turn begins (before `metadata`). */
  node?: SimulatedNode;
  /** Pause before this turn, in ms; replaces `timing.turnGapMs` (or `timing.firstTurnDelayMs`) for it. */
  delayMs?: number;
  /** After this turn the agent hangs up (after `timing.hangUpDelayMs`): `call_ended`. */
  endCall?: boolean;
}

/**
 * A whole simulated conversation, played in order.
 *
 * @example
 * ```ts
 * const script: SimulatedScript = [{ role: 'agent', text: 'Hello!' }, { role: 'user', text: 'Hi.' }];
 * ```
 */
export type SimulatedScript = readonly SimulatedTurn[];

/**
 * The conversation a simulated call plays when no `script` is given: a short tour of what a live call
 * shows (growing transcript, speaking indicator, metadata and node transitions), ending with the agent
 * hanging up.
 *
 * @example
 * ```ts
 * const script = [...DEFAULT_SCRIPT.slice(0, 3), { role: 'agent', text: 'Bye!', endCall: true }] as const;
 * const client = createSimulatedClient({ script });
 * ```
 */
export const DEFAULT_SCRIPT: SimulatedScript = [
  {
    role: 'agent',
    text: "Hi there! I'm a simulated Retell agent. This call runs entirely in your browser, with no account and no network.",
    node: { id: 'greeting', name: 'Greeting' },
  },
  { role: 'user', text: 'Hi! What can you do?' },
  {
    role: 'agent',
    text: 'I show how your interface handles a live call: the transcript grows word by word, the speaking indicator follows my voice, and the events arrive just like in a real call.',
    node: { id: 'tour', name: 'Tour', transitionType: 'llm' },
    metadata: { topic: 'capabilities' },
  },
  { role: 'user', text: 'Nice. How do I end the call?' },
  {
    role: 'agent',
    text: 'Press the end call button whenever you like, or wait a moment and I will hang up myself.',
    node: { id: 'closing', name: 'Closing', transitionType: 'llm' },
  },
  { role: 'user', text: 'Got it, thanks!' },
  { role: 'agent', text: "You're welcome. Goodbye!", endCall: true },
];

/**
 * Every delay of a simulated call, in ms (speaking rates in words per second). Each phase can be stretched
 * to test slow paths, or shrunk to make tests fast.
 *
 * @example
 * ```ts
 * const slowJoin: Partial<SimulatedTiming> = { connectMs: 8000, readyMs: 2000 };
 * createSimulatedClient({ timing: slowJoin });
 * ```
 */
export interface SimulatedTiming {
  /**
   * LiveKit's back-off before the join, acted out: `startCall` emits `join_wait { until }` this long ahead,
   * waits, emits `join_wait { until: null }`, then connects (`connectMs`). 0 = no wait. @defaultValue 0
   */
  joinWaitMs: number;
  /** `startCall` (after any `joinWaitMs`) → `call_started` (or the connect failure). @defaultValue 600 */
  connectMs: number;
  /** `call_started` → `call_ready` (agent audio flowing). @defaultValue 400 */
  readyMs: number;
  /** `call_ready` → the first turn begins. @defaultValue 300 */
  firstTurnDelayMs: number;
  /** Pause between two turns. @defaultValue 700 */
  turnGapMs: number;
  /** Agent speaking rate. @defaultValue 3.2 */
  agentWordsPerSecond: number;
  /** Simulated user speaking rate (timer mode, and how fast words appear while the microphone hears speech). @defaultValue 2.8 */
  userWordsPerSecond: number;
  /** The agent's last words (a turn with `endCall`) → `call_ended`. @defaultValue 600 */
  hangUpDelayMs: number;
  /** Microphone mode: silence after speech that ends a user turn. @defaultValue 900 */
  userSilenceMs: number;
  /** Microphone mode: speech needed before a user turn counts as begun. @defaultValue 150 */
  minUserSpeechMs: number;
  /** Microphone mode: with no speech for this long, the simulator says the user's line itself. @defaultValue 10000 */
  userTurnTimeoutMs: number;
  /** Microphone mode: a user turn ends after this much talking, however long the user goes on. @defaultValue 15000 */
  maxUserSpeechMs: number;
}

/**
 * The default {@link SimulatedTiming}: a natural pace for demos.
 *
 * @example
 * ```ts
 * const client = createSimulatedClient({ timing: { connectMs: DEFAULT_TIMING.connectMs * 5 } });
 * ```
 */
export const DEFAULT_TIMING: Readonly<SimulatedTiming> = Object.freeze({
  joinWaitMs: 0,
  connectMs: 600,
  readyMs: 400,
  firstTurnDelayMs: 300,
  turnGapMs: 700,
  agentWordsPerSecond: 3.2,
  userWordsPerSecond: 2.8,
  hangUpDelayMs: 600,
  userSilenceMs: 900,
  minUserSpeechMs: 150,
  userTurnTimeoutMs: 10_000,
  maxUserSpeechMs: 15_000,
});

/**
 * A {@link SimulatedTiming} for tests with real timers: every phase takes a few ms, so a whole default
 * script plays in well under a second.
 *
 * @example
 * ```ts
 * const options = createTestWebCallOptions({ timing: FAST_TIMING });
 * ```
 */
export const FAST_TIMING: Readonly<SimulatedTiming> = Object.freeze({
  joinWaitMs: 0,
  connectMs: 1,
  readyMs: 1,
  firstTurnDelayMs: 1,
  turnGapMs: 1,
  agentWordsPerSecond: 1000,
  userWordsPerSecond: 1000,
  hangUpDelayMs: 1,
  userSilenceMs: 50,
  minUserSpeechMs: 1,
  userTurnTimeoutMs: 100,
  maxUserSpeechMs: 500,
});

/** Splits a line into the words it is spoken in. @internal */
export function splitWords(text: string): string[] {
  return text.split(/\s+/).filter((word) => word.length > 0);
}

/** How long one word takes at `wordsPerSecond`, in whole ms (at least 1). @internal */
export function wordDurationMs(wordsPerSecond: number): number {
  return Math.max(1, Math.round(1000 / Math.max(0.01, wordsPerSecond)));
}

/**
 * How long a simulated call plays on timers (no microphone), from `startCall` to `call_ended`: join wait, connect,
 * ready, every turn up to the first with `endCall` (or `failure.agentHangsUp.afterTurn`), then the hang-up
 * delay; or, if sooner, `joinWaitMs + connectMs + failure.agentHangsUp.afterMs` (that hang-up counts from `call_started`).
 * `null` when nothing ends the call (the agent then waits for the user to hang up). Other failures are not
 * counted. Handy with fake timers.
 *
 * @example
 * ```ts
 * vi.useFakeTimers();
 * const options = createTestWebCallOptions();
 * // … start the call …
 * await vi.advanceTimersByTimeAsync(simulatedCallDurationMs(options.createClient.options) ?? 0);
 * ```
 */
export function simulatedCallDurationMs(
  options: {
    script?: SimulatedScript;
    timing?: Partial<SimulatedTiming>;
    failure?: { agentHangsUp?: { afterTurn: number } | { afterMs: number } };
  } = {},
): number | null {
  const hangUp = options.failure?.agentHangsUp;
  const hangUpAfter = hangUp && 'afterTurn' in hangUp ? hangUp.afterTurn : -1;
  const timing = { ...DEFAULT_TIMING, ...options.timing };
  // The client arms the afterMs hang-up when it connects (call_started); timers clamp negative delays to 0.
  const joined = Math.max(0, timing.joinWaitMs) + timing.connectMs;
  const abrupt = hangUp && 'afterMs' in hangUp ? joined + Math.max(0, hangUp.afterMs) : null;
  const scripted = scriptedEndMs(options.script ?? DEFAULT_SCRIPT, timing, hangUpAfter);
  if (scripted === null) return abrupt;
  return abrupt === null ? scripted : Math.min(scripted, abrupt);
}

/** When the script itself ends the call (an `endCall` turn or the `afterTurn` one), or null. */
function scriptedEndMs(script: SimulatedScript, timing: SimulatedTiming, hangUpAfter: number): number | null {
  let total = Math.max(0, timing.joinWaitMs) + timing.connectMs + timing.readyMs;
  for (const [index, turn] of script.entries()) {
    const rate = turn.role === 'agent' ? timing.agentWordsPerSecond : timing.userWordsPerSecond;
    total += turn.delayMs ?? (index === 0 ? timing.firstTurnDelayMs : timing.turnGapMs);
    total += splitWords(turn.text).length * wordDurationMs(rate);
    if (turn.endCall || index === hangUpAfter) return total + timing.hangUpDelayMs;
  }
  return null;
}
