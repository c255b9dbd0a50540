'use client';
import type { WebCallError } from '../../core/errors.ts';
import { secondsUntil, useSecondsUntil } from './useSecondsUntil.ts';

function retryTime(error: WebCallError | null, failedAt: number | null): number | null {
  return error?.retryAfterMs !== undefined && failedAt !== null ? failedAt + error.retryAfterMs : null;
}

/**
 * Whole seconds left before a failed call may be retried (rounded up; 0 = now). Reads the clock: use it in
 * event handlers; components use {@link useRetryCountdown}.
 * @internal
 */
export function retryWaitSeconds(error: WebCallError | null, failedAt: number | null): number {
  return secondsUntil(retryTime(error, failedAt));
}

/**
 * Whole seconds left before a failed call may be retried: the server's `Retry-After`
 * (`error.retryAfterMs`) counted from when the call failed (`failedAt`, the snapshot's `endedAt`). `0` when
 * there is nothing to wait for. Re-renders once per second while waiting, never otherwise.
 * @internal
 */
export function useRetryCountdown(error: WebCallError | null, failedAt: number | null): number {
  return useSecondsUntil(retryTime(error, failedAt));
}
