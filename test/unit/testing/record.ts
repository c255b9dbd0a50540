import type { WebCallClientEvent, WebCallClientEvents } from '../../../src/core/client.ts';
import type { SimulatedClient } from '../../../src/testing/index.ts';

/** Round numbers for timing assertions: 100 ms per agent word, 200 ms per user word. */
export const ROUND_TIMING = {
  connectMs: 100,
  readyMs: 200,
  firstTurnDelayMs: 300,
  turnGapMs: 400,
  agentWordsPerSecond: 10,
  userWordsPerSecond: 5,
  hangUpDelayMs: 500,
};

export const ALL_EVENTS: readonly WebCallClientEvent[] = [
  'call_started',
  'call_ready',
  'call_ended',
  'agent_start_talking',
  'agent_stop_talking',
  'update',
  'metadata',
  'node_transition',
  'audio',
  'error',
  'audio_playback',
  'reconnecting',
  'reconnected',
  'join_wait',
];

export interface Recorded<E extends WebCallClientEvent = WebCallClientEvent> {
  event: E;
  args: WebCallClientEvents[E];
  /** ms since `record()` (fake timers fake `Date`). */
  at: number;
}

/** Records every event a client emits, with the time it came. */
export function record(client: SimulatedClient) {
  const t0 = Date.now();
  const events: Recorded[] = [];
  const detach: Array<() => void> = [];
  for (const event of ALL_EVENTS) {
    const listener = (...args: unknown[]) => {
      events.push({ event, args: args as never, at: Date.now() - t0 });
    };
    client.on(event, listener as never);
    detach.push(() => client.off(event, listener as never));
  }
  return {
    events,
    /** Event names in order, without `audio` (too many). */
    names: () => events.filter((e) => e.event !== 'audio').map((e) => e.event),
    of<E extends WebCallClientEvent>(event: E): Recorded<E>[] {
      return events.filter((e): e is Recorded<E> => e.event === event);
    },
    detach: () => {
      for (const d of detach) d();
    },
  };
}
