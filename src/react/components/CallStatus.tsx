'use client';
import { type ComponentPropsWithoutRef, forwardRef, useState } from 'react';
import type { CallSnapshot, CallStatus as CoreCallStatus } from '../../core/store.ts';
import { useCallStore } from '../internal/context.ts';
import { selectAudioBlocked, selectIsReconnecting, selectJoinWaitUntil } from '../internal/selectors.ts';
import { useSecondsUntil } from '../internal/useSecondsUntil.ts';
import { useStatusAttributes } from '../internal/useStatusAttributes.ts';
import { cx, VISUALLY_HIDDEN } from '../internal/visuallyHidden.ts';
import { useStoreState } from '../useCallState.ts';
import { CallTimer, type CallTimerLabels } from './CallTimer.tsx';

/**
 * The words {@link CallStatus} shows for each status, for the two states of an ongoing call that the user
 * must know about (`reconnecting`, `audioBlocked`), plus the timer's screen-reader prefix.
 *
 * @example
 * ```tsx
 * const labels: Partial<CallStatusLabels> = { ongoing: 'En ligne', reconnecting: 'Reconnexion…', elapsed: 'Durée' };
 * <CallStatus labels={labels} />
 * ```
 */
export type CallStatusLabels = Record<CoreCallStatus, string> &
  CallTimerLabels & {
    /** While `ongoing` and `isReconnecting` (wins over `audioBlocked`). @defaultValue 'Reconnecting…' */
    reconnecting: string;
    /** While `ongoing` and `audioBlocked`. @defaultValue 'Sound blocked by the browser' */
    audioBlocked: string;
    /**
     * While `connecting` and the client waits before it joins (`joinWaitUntil`, LiveKit's back-off after
     * failed joins): the seconds left, counting down once per second. Screen readers hear it once, when the
     * wait begins. @defaultValue (seconds) => `Connecting in ${seconds} s…`
     */
    joinWait: (seconds: number) => string;
  };

/**
 * Where a call is: `'idle' | 'requesting' | 'connecting' | 'ongoing' | 'ending' | 'ended' | 'error'`.
 * The same name is the {@link CallStatus} component; TypeScript tells them apart by use.
 *
 * @example
 * ```ts
 * const status: CallStatus = useCallState((s) => s.status);
 * ```
 */
export type CallStatus = CoreCallStatus;

/**
 * The English defaults of {@link CallStatusLabels}.
 *
 * @example
 * ```tsx
 * <CallStatus labels={{ ...DEFAULT_CALL_STATUS_LABELS, idle: 'Ask me anything' }} />
 * ```
 */
export const DEFAULT_CALL_STATUS_LABELS: Readonly<CallStatusLabels> = {
  idle: 'Ready to call',
  requesting: 'Connecting…',
  connecting: 'Connecting…',
  ongoing: 'Connected',
  ending: 'Ending call…',
  ended: 'Call ended',
  error: 'Call failed',
  reconnecting: 'Reconnecting…',
  audioBlocked: 'Sound blocked by the browser',
  joinWait: (seconds) => `Connecting in ${seconds} s…`,
  elapsed: 'Elapsed time',
};

/**
 * Props of {@link CallStatus}.
 *
 * @example
 * ```tsx
 * const props: CallStatusProps = { showTimer: false, showErrorMessage: false };
 * <CallStatus {...props} />
 * ```
 */
export interface CallStatusProps extends Omit<ComponentPropsWithoutRef<'div'>, 'children'> {
  /** Merged over {@link DEFAULT_CALL_STATUS_LABELS}. */
  labels?: Partial<CallStatusLabels>;
  /**
   * Append the error's message in `error` ("Call failed: No microphone was found."). Turn it off when a
   * `CallError` next to it shows the message. @defaultValue true
   */
  showErrorMessage?: boolean;
  /** Show the elapsed time (`CallTimer`) while `ongoing`. @defaultValue true */
  showTimer?: boolean;
}

const selectErrorMessage = (snapshot: CallSnapshot) => snapshot.error?.message ?? null;

/**
 * The countdown to `until`, the only part that re-renders each second. The live region gets the first
 * figure once (a visually hidden copy that never changes); the ticking figure is hidden from screen readers,
 * which would otherwise read every second. Once the wait is over it says `connecting` (announced: the client
 * is dialling now).
 */
function JoinWait({
  until,
  label,
  connecting,
}: {
  until: number;
  label: (seconds: number) => string;
  connecting: string;
}) {
  const seconds = useSecondsUntil(until);
  const [announced] = useState(seconds);
  if (seconds <= 0) return <>{connecting}</>;
  return (
    <>
      <span style={VISUALLY_HIDDEN}>{label(announced)}</span>
      <span aria-hidden="true">{label(seconds)}</span>
    </>
  );
}

/**
 * The call's status in words, in a polite live region (`role="status"`), with the elapsed time while
 * `ongoing` (a `CallTimer` outside the live region, so the ticks are not announced). An ongoing call that
 * is reconnecting says "Reconnecting…", and one whose audio the browser blocks says "Sound blocked by the
 * browser" (which announces a `StartAudioButton` next to it). While the client waits before it joins
 * (`joinWaitUntil`) it counts down, "Connecting in 8 s…", announced once. Must be used within a `WebCallProvider` or
 * `CallPanel`. The name is also the status type, `CallStatus`.
 *
 * DOM: `<div class="rwc-call-status" data-status="<status>" data-reconnecting data-audio-blocked>` holding
 * `<span role="status" aria-live="polite" class="rwc-call-status__text">` (during a join wait: a visually
 * hidden announcement and an `aria-hidden` countdown) and, while ongoing,
 * `<span role="timer" class="rwc-call-timer">`.
 *
 * @example
 * ```tsx
 * <WebCallProvider agentId="agent_123">
 *   <CallStatus labels={{ idle: 'Prêt', ongoing: 'En ligne' }} />
 * </WebCallProvider>
 * ```
 */
export const CallStatus = forwardRef<HTMLDivElement, CallStatusProps>(function CallStatus(
  { labels, showErrorMessage = true, showTimer = true, className, ...rest },
  ref,
) {
  const store = useCallStore('CallStatus');
  const attributes = useStatusAttributes(store);
  const status = attributes['data-status'];
  const reconnecting = useStoreState(store, selectIsReconnecting);
  const audioBlocked = useStoreState(store, selectAudioBlocked);
  const message = useStoreState(store, selectErrorMessage);
  const joinWaitUntil = useStoreState(store, selectJoinWaitUntil);
  const key =
    status === 'ongoing' && reconnecting
      ? 'reconnecting'
      : status === 'ongoing' && audioBlocked
        ? 'audioBlocked'
        : status;
  const words = labels?.[key] ?? DEFAULT_CALL_STATUS_LABELS[key];
  const text = status === 'error' && showErrorMessage && message ? `${words}: ${message}` : words;
  const timerLabels = labels?.elapsed === undefined ? undefined : { elapsed: labels.elapsed };
  return (
    <div {...rest} ref={ref} className={cx('rwc-call-status', className)} {...attributes}>
      <span role="status" aria-live="polite" className="rwc-call-status__text">
        {status === 'connecting' && joinWaitUntil !== null ? (
          <JoinWait
            key={joinWaitUntil}
            until={joinWaitUntil}
            label={labels?.joinWait ?? DEFAULT_CALL_STATUS_LABELS.joinWait}
            connecting={words}
          />
        ) : (
          text
        )}
      </span>
      {showTimer ? <CallTimer labels={timerLabels} /> : null}
    </div>
  );
});
