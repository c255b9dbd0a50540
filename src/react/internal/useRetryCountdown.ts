'use client';
import { useEffect, useState } from 'react';
import type { WebCallError } from '../../core/errors.ts';

function retryTime(error: WebCallError | null, failedAt: number | null): number | null {
  return error?.retryAfterMs !== undefined && failedAt !== null ? failedAt + error.retryAfterMs : null;
}

/**
 * Whole seconds left before a failed call may be retried (rounded up; 0 = now). Reads the clock: use it in
 * event handlers; components use {@link useRetryCountdown}.
 * @internal
 */
export function retryWaitSeconds(error: WebCallError | null, failedAt: number | null): number {
  const retryAt = retryTime(error, failedAt);
  return retryAt === null ? 0 : Math.max(0, Math.ceil((retryAt - Date.now()) / 1000));
}

/**
 * Whole seconds left before a failed call may be retried: the server's `Retry-After`
 * (`error.retryAfterMs`) counted from when the call failed (`failedAt`, the snapshot's `endedAt`). `0` when
 * there is nothing to wait for. Re-renders once per second while waiting, never otherwise.
 * @internal
 */
export function useRetryCountdown(error: WebCallError | null, failedAt: number | null): number {
  const retryAt = retryTime(error, failedAt);
  const [, setTick] = useState(0);
  const left = retryWaitSeconds(error, failedAt);

  useEffect(() => {
    if (retryAt === null) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const schedule = () => {
      const remaining = retryAt - Date.now();
      if (remaining <= 0) return;
      // Wake at the next whole-second boundary before retryAt, so the label never skips a second.
      timer = setTimeout(
        () => {
          setTick((n) => n + 1);
          schedule();
        },
        remaining % 1000 || 1000,
      );
    };
    schedule();
    return () => clearTimeout(timer);
  }, [retryAt]);

  return left;
}
