'use client';
import { type ComponentPropsWithoutRef, forwardRef, type MouseEvent } from 'react';
import type { WebCallErrorCode } from '../../core/errors.ts';
import { retryCall } from '../../core/store.ts';
import { composeEventHandlers } from '../internal/composeEventHandlers.ts';
import { useCallStore } from '../internal/context.ts';
import { selectError } from '../internal/selectors.ts';
import { useRetryCountdown } from '../internal/useRetryCountdown.ts';
import { cx, dataFlag } from '../internal/visuallyHidden.ts';
import { useStoreState } from '../useCallState.ts';

/**
 * A recovery hint for each {@link WebCallErrorCode}, shown under the error's message.
 *
 * @example
 * ```tsx
 * const hints: Partial<CallErrorHints> = { microphone_not_found: 'Plug in a headset and try again.' };
 * <CallError hints={hints} />
 * ```
 */
export type CallErrorHints = Record<WebCallErrorCode, string>;

/**
 * The English defaults of {@link CallErrorHints}.
 *
 * @example
 * ```ts
 * const hint = DEFAULT_CALL_ERROR_HINTS[error.code];
 * ```
 */
export const DEFAULT_CALL_ERROR_HINTS: Readonly<CallErrorHints> = {
  token_request_failed: 'The call service could not start a call right now. Please try again in a moment.',
  token_response_invalid:
    'The call service sent an unexpected answer. If this keeps happening, please contact the site owner.',
  human_check_failed: 'Complete the verification on this page again, then try again.',
  token_request_timeout: 'The call service took too long to answer. Check your connection and try again.',
  network_error: 'Check your internet connection, then try again.',
  microphone_permission_denied:
    'Allow the microphone: click the lock or microphone icon in the address bar, set Microphone to Allow, then try again.',
  microphone_not_found: 'Connect a microphone or headset, then try again.',
  microphone_unavailable: 'Close other apps or tabs that use the microphone, then try again.',
  insecure_context: 'Voice calls only work on secure pages: open this page over https (or on localhost).',
  unsupported_browser: 'Use a recent version of Chrome, Edge, Firefox or Safari to make voice calls.',
  sdk_load_failed:
    'Part of the page failed to load. Check your connection, then try again or reload the page.',
  connection_failed:
    'Check your connection (a firewall, VPN or network filter may block voice calls), then try again.',
  call_failed: 'The connection was lost. Please call again.',
  agent_unavailable: 'The agent did not answer. Please try again in a moment.',
  incompatible_token:
    "This site's server creates calls this page cannot join. The site owner should create web calls with Retell's /v2/create-web-call, or use a browser SDK that supports gateway calls.",
  aborted: 'The call was cancelled. Start it again when you are ready.',
};

/**
 * Labels of {@link CallError}.
 *
 * @example
 * ```tsx
 * const labels: CallErrorLabels = { retry: 'Réessayer' };
 * <CallError labels={labels} />
 * ```
 */
export interface CallErrorLabels {
  /** The retry button. @defaultValue 'Try again' */
  retry: string;
  /**
   * The retry button while the server asked to wait (a 429's `Retry-After`): it is `aria-disabled` and counts
   * down. @defaultValue (seconds) => `Try again in ${seconds} s`
   */
  retryIn: (seconds: number) => string;
}

/**
 * The English defaults of {@link CallErrorLabels}.
 *
 * @example
 * ```tsx
 * <CallError labels={{ ...DEFAULT_CALL_ERROR_LABELS, retry: 'Call again' }} />
 * ```
 */
export const DEFAULT_CALL_ERROR_LABELS: Readonly<CallErrorLabels> = {
  retry: 'Try again',
  retryIn: (seconds) => `Try again in ${seconds} s`,
};

/**
 * Props of {@link CallError}.
 *
 * @example
 * ```tsx
 * const props: CallErrorProps = { showRetry: true, onRetry: () => track('retry') };
 * <CallError {...props} />
 * ```
 */
export interface CallErrorProps extends Omit<ComponentPropsWithoutRef<'div'>, 'children'> {
  /** Per-code hints merged over {@link DEFAULT_CALL_ERROR_HINTS} (for i18n or your own help links). */
  hints?: Partial<CallErrorHints>;
  labels?: Partial<CallErrorLabels>;
  /**
   * Offer the retry button (when the error is `retryable`). `CallPanel` turns it off: its `CallButton`
   * already says "Try again". @defaultValue true
   */
  showRetry?: boolean;
  /** Runs before the retry; `event.preventDefault()` cancels it. */
  onRetry?: (event: MouseEvent<HTMLButtonElement>) => void;
}

/**
 * The call's `WebCallError` in plain words: nothing unless the status is `error`, then a `role="alert"`
 * with the message, a recovery hint for its code (how to re-allow the microphone, "use https or
 * localhost"…), and a "Try again" button (starts a new call) when the error is `retryable`. Must be used
 * within a `WebCallProvider` or `CallPanel`.
 *
 * DOM: `<div role="alert" class="rwc-call-error" data-status="error" data-code="<code>" data-retryable>`
 * holding `rwc-call-error__message`, `rwc-call-error__hint` and the `rwc-call-error__retry` button;
 * `data-retryable` is present when the error is `retryable`.
 *
 * @example
 * ```tsx
 * <WebCallProvider agentId="agent_123">
 *   <CallError hints={{ microphone_permission_denied: 'See /help/microphone' }} />
 * </WebCallProvider>
 * ```
 */
export const CallError = forwardRef<HTMLDivElement, CallErrorProps>(function CallError(
  { hints, labels, showRetry = true, onRetry, className, ...rest },
  ref,
) {
  const store = useCallStore('CallError');
  const error = useStoreState(store, selectError);
  const waitSeconds = useRetryCountdown(store);
  if (!error) return null;
  const hint = hints?.[error.code] ?? DEFAULT_CALL_ERROR_HINTS[error.code];
  return (
    <div
      {...rest}
      ref={ref}
      role="alert"
      className={cx('rwc-call-error', className)}
      data-status="error"
      data-code={error.code}
      data-retryable={dataFlag(error.retryable)}
    >
      <p className="rwc-call-error__message">{error.message}</p>
      {hint ? <p className="rwc-call-error__hint">{hint}</p> : null}
      {showRetry && error.retryable ? (
        <button
          type="button"
          className="rwc-call-error__retry"
          aria-disabled={waitSeconds > 0 || undefined}
          data-waiting={dataFlag(waitSeconds > 0)}
          onClick={composeEventHandlers(onRetry, () => {
            // The server said when to come back (429 Retry-After): a click before then would be refused again.
            if (waitSeconds > 0) return;
            void retryCall(store); // the failed call's own start(overrides)
          })}
        >
          {waitSeconds > 0
            ? (labels?.retryIn ?? DEFAULT_CALL_ERROR_LABELS.retryIn)(waitSeconds)
            : (labels?.retry ?? DEFAULT_CALL_ERROR_LABELS.retry)}
        </button>
      ) : null}
    </div>
  );
});
