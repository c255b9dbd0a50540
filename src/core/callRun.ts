/*
 * One call attempt as the store and its lazily loaded call engine share it.
 */
import type { CallPhase } from './callPhase.ts';
import type { WebCallClient } from './client.ts';
import type { StartOverrides } from './store.ts';

/**
 * A promise with its settle functions.
 * @internal
 */
export interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * One attempt at a call, from `start()` to its final phase. Its control flow is `phase` alone.
 * @internal
 */
export interface CallRun {
  phase: CallPhase;
  readonly overrides: StartOverrides;
  readonly abort: AbortController;
  /** Resolves at `call_started`; rejects with the error that ended the attempt, or `aborted`. */
  readonly started: Deferred;
  /** Resolves when the attempt reaches `ended` or `error`. */
  readonly finished: Deferred;
  client: WebCallClient | null;
  /** Listeners, timers and audio that live as long as the attempt; each runs once when it ends. */
  readonly releases: Array<() => void>;
}

/**
 * A run's phase, read afresh: any callback may have moved it since the last check (TypeScript would keep
 * the narrowed type from before the call).
 *
 * @example
 * ```ts
 * store.stop();
 * if (phaseOf(run) === 'ended') release();
 * ```
 * @internal
 */
export function phaseOf(r: CallRun): CallPhase {
  return r.phase;
}

/**
 * Reports an exception from user code (or a client) without breaking the store.
 *
 * @example
 * ```ts
 * try { listener(); } catch (error) { report(error); }
 * ```
 * @internal
 */
export function report(error: unknown): void {
  if (typeof globalThis.reportError === 'function') globalThis.reportError(error);
  else
    queueMicrotask(() => {
      throw error;
    });
}

/**
 * Stops a client that may already be stopped, or never started: nothing it throws matters any more.
 *
 * @example
 * ```ts
 * if (run.client) stopClient(run.client);
 * ```
 * @internal
 */
export function stopClient(client: WebCallClient): void {
  try {
    client.stopCall();
  } catch {
    // Already stopped, or never started: nothing left to release.
  }
}
