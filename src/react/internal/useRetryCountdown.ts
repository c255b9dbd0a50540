'use client';
import type { CallSnapshot, CallStore } from '../../core/store.ts';
import { useStoreState } from '../useCallState.ts';
import { useSecondsUntil } from './useSecondsUntil.ts';

/**
 * When (epoch ms) a failed call may be retried: the server's `Retry-After` (`error.retryAfterMs`) counted
 * from when the call failed (the snapshot's `endedAt`); null when there is nothing to wait for. Read it with
 * `secondsUntil` in event handlers; components use {@link useRetryCountdown}.
 * @internal
 */
export const selectRetryAt = (snapshot: CallSnapshot): number | null => {
  const wait = snapshot.error?.retryAfterMs;
  return wait !== undefined && snapshot.endedAt !== null ? snapshot.endedAt + wait : null;
};

/**
 * Whole seconds left before the failed call of `store` may be retried (rounded up; 0 = now, or nothing to
 * wait for). Re-renders once per second while waiting, never otherwise.
 * @internal
 */
export function useRetryCountdown(store: CallStore): number {
  return useSecondsUntil(useStoreState(store, selectRetryAt));
}
