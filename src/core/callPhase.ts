/*
 * The call's state machine as one table. The store looks every lifecycle event up here instead of checking
 * flags after each `await`: an event that has no entry for the current phase is ignored, so a late answer, a
 * second `stop()`, or an event from a call that already ended cannot move anything.
 */

/**
 * Where one call attempt is; the snapshot's `status` mirrors it while the attempt is the store's current one.
 * @internal
 */
export type CallPhase = 'requesting' | 'connecting' | 'ongoing' | 'ending' | 'ended' | 'error';

/**
 * What can happen to a call attempt.
 *
 * - `prepared`: microphone checked, token and client in hand; `startCall` is next.
 * - `joined`: the client's `call_started`.
 * - `stop`: the user's `stop()`.
 * - `released`: the client let go after a `stop()` (its join settled, it hung up, or the ending cap passed).
 * - `hung_up`: the client's `call_ended` (the other side closed the room).
 * - `connection_lost`: `call_ended` while reconnecting: the reconnect failed.
 * - `failed`: any failure (preflight, SDK `error`, `startCall` rejecting, no `call_ready` in time).
 * @internal
 */
export type CallPhaseEvent =
  | 'prepared'
  | 'joined'
  | 'stop'
  | 'released'
  | 'hung_up'
  | 'connection_lost'
  | 'failed';

/**
 * The transition table. `ended` reached from `ongoing` means the remote side ended the call; from anywhere
 * else it means the user did.
 * @internal
 */
export const CALL_TRANSITIONS: Readonly<
  Record<CallPhase, Readonly<Partial<Record<CallPhaseEvent, CallPhase>>>>
> = /* @__PURE__ */ Object.freeze({
  requesting: { prepared: 'connecting', stop: 'ended', failed: 'error' },
  connecting: { joined: 'ongoing', stop: 'ending', hung_up: 'error', failed: 'error' },
  ongoing: { stop: 'ending', hung_up: 'ended', connection_lost: 'error', failed: 'error' },
  // Whatever the client does after a stop() — join, fail, hang up, settle — it has let go: the user ended it.
  ending: { joined: 'ended', released: 'ended', hung_up: 'ended', failed: 'ended' },
  ended: {},
  error: {},
});

/**
 * The phase after `event`, or `undefined` when the event means nothing in `phase`.
 *
 * @example
 * ```ts
 * nextPhase('connecting', 'stop'); // 'ending'
 * nextPhase('ended', 'joined'); // undefined: a late join of a finished call changes nothing
 * ```
 * @internal
 */
export function nextPhase(phase: CallPhase, event: CallPhaseEvent): CallPhase | undefined {
  return CALL_TRANSITIONS[phase][event];
}

/**
 * True once an attempt is over (`ended` or `error`): it holds nothing and reacts to nothing.
 * @internal
 */
export function isFinalPhase(phase: CallPhase): phase is 'ended' | 'error' {
  return phase === 'ended' || phase === 'error';
}
