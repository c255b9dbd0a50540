'use client';
import { type ComponentPropsWithoutRef, forwardRef, useEffect, useState } from 'react';
import { useCallStore } from '../internal/context.ts';
import { selectOngoingStartedAt } from '../internal/selectors.ts';
import { cx, VISUALLY_HIDDEN } from '../internal/visuallyHidden.ts';
import { useStoreState } from '../useCallState.ts';

/**
 * Labels of {@link CallTimer}.
 *
 * @example
 * ```tsx
 * const labels: CallTimerLabels = { elapsed: 'Durée de l’appel' };
 * <CallTimer labels={labels} />
 * ```
 */
export interface CallTimerLabels {
  /** Screen-reader prefix of the time. @defaultValue 'Elapsed time' */
  elapsed: string;
}

/**
 * The English defaults of {@link CallTimerLabels}.
 *
 * @example
 * ```ts
 * const text = `${DEFAULT_CALL_TIMER_LABELS.elapsed} ${formatElapsed(83_000)}`; // 'Elapsed time 01:23'
 * ```
 */
export const DEFAULT_CALL_TIMER_LABELS: Readonly<CallTimerLabels> = { elapsed: 'Elapsed time' };

/**
 * Props of {@link CallTimer}.
 *
 * @example
 * ```tsx
 * const props: CallTimerProps = { labels: { elapsed: 'Duration' }, className: 'my-timer' };
 * <CallTimer {...props} />
 * ```
 */
export interface CallTimerProps extends Omit<ComponentPropsWithoutRef<'span'>, 'children'> {
  labels?: Partial<CallTimerLabels>;
}

/**
 * Formats a duration as `mm:ss`, or `h:mm:ss` from one hour.
 *
 * @example
 * ```ts
 * formatElapsed(83_000); // '01:23'
 * ```
 */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const mmss = `${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
  return hours > 0 ? `${hours}:${mmss}` : mmss;
}

/**
 * Whole seconds since `startedAt`, updated on the call's own second boundaries: each tick is scheduled for
 * `startedAt + k × 1000`, computed from the clock when the previous tick ran. A free-running interval from
 * mount would change the display up to a second late and, as late timers add up, skip a second; here a late
 * timer (busy main thread) only shortens the wait for the next boundary.
 */
function useElapsedSeconds(startedAt: number): number {
  const [seconds, setSeconds] = useState(() => Math.floor((Date.now() - startedAt) / 1000));
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = () => {
      const now = Date.now();
      const elapsed = Math.floor((now - startedAt) / 1000);
      setSeconds(elapsed);
      timer = setTimeout(tick, startedAt + (elapsed + 1) * 1000 - now);
    };
    tick();
    return () => clearTimeout(timer);
  }, [startedAt]);
  return seconds;
}

/** The ticking part: only this re-renders every second. */
function Elapsed({ startedAt }: { startedAt: number }) {
  return <>{formatElapsed(useElapsedSeconds(startedAt) * 1000)}</>;
}

/**
 * The time since the call connected, `mm:ss`, while it is `ongoing` (nothing otherwise). A `role="timer"`
 * element, which screen readers do not announce on every tick. It changes on the call's own second
 * boundaries (`startedAt + k × 1000`), so it neither drifts nor skips a second when the main thread is busy
 * for less than a second; only it re-renders, once a second. Must be used within a `WebCallProvider` or
 * `CallPanel`.
 *
 * DOM: `<span role="timer" class="rwc-call-timer">`.
 *
 * @example
 * ```tsx
 * <WebCallProvider agentId="agent_123">
 *   <CallTimer />
 * </WebCallProvider>
 * ```
 */
export const CallTimer = forwardRef<HTMLSpanElement, CallTimerProps>(function CallTimer(
  { labels, className, ...rest },
  ref,
) {
  const startedAt = useStoreState(useCallStore('CallTimer'), selectOngoingStartedAt);
  if (startedAt === null) return null;
  return (
    <span {...rest} ref={ref} role="timer" className={cx('rwc-call-timer', className)}>
      <span style={VISUALLY_HIDDEN}>{labels?.elapsed ?? DEFAULT_CALL_TIMER_LABELS.elapsed} </span>
      <Elapsed key={startedAt} startedAt={startedAt} />
    </span>
  );
});
