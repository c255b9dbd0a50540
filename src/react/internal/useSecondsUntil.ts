'use client';
import { useEffect, useState } from 'react';

/**
 * Whole seconds from now until `deadline` (epoch ms), rounded up; 0 when it has passed or is null. Reads the
 * clock: use it in event handlers; components use {@link useSecondsUntil}.
 * @internal
 */
export function secondsUntil(deadline: number | null): number {
  return deadline === null ? 0 : Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
}

/**
 * Whole seconds left until `deadline` (epoch ms), rounded up; 0 when there is nothing to wait for. Re-renders
 * once per second while counting, on the deadline's own second boundaries (so the number never skips one),
 * and never otherwise.
 * @internal
 */
export function useSecondsUntil(deadline: number | null): number {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (deadline === null) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const schedule = () => {
      const remaining = deadline - Date.now();
      if (remaining <= 0) return;
      // Wake at the next whole-second boundary before the deadline.
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
  }, [deadline]);
  return secondsUntil(deadline);
}
