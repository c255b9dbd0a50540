'use client';
import { type ComponentPropsWithoutRef, forwardRef, type ReactNode } from 'react';
import { type CallStatus, isLiveStatus, retryCall } from '../../core/store.ts';
import { WebCallContext } from '../context.ts';
import { selectEndedAt, selectError } from '../selectors.ts';
import { splitCallOptions, useCallScope } from '../useCallScope.ts';
import { useStoreState } from '../useCallState.ts';
import type { WebCallOptions } from '../useOwnedCallStore.ts';
import { type PreloadMode, usePreload } from '../usePreload.ts';
import { retryWaitSeconds, useRetryCountdown } from '../useRetryCountdown.ts';
import { composeEventHandlers } from './composeEventHandlers.ts';
import { renderButton } from './renderButton.tsx';
import { useStatusAttributes } from './useStatusAttributes.ts';
import { cx } from './visuallyHidden.ts';

/**
 * The label (visible text and accessible name) of {@link CallButton} for each status.
 *
 * @example
 * ```tsx
 * const labels: Partial<CallButtonLabels> = { idle: 'Appeler', ongoing: 'Raccrocher', error: 'Réessayer' };
 * <CallButton labels={labels} />
 * ```
 */
export type CallButtonLabels = Record<CallStatus, string> & {
  /**
   * The `error` label while the server asked to wait before a retry (a 429's `Retry-After`); the button is
   * `aria-disabled` meanwhile. @defaultValue (seconds) => `Try again in ${seconds} s`
   */
  retryIn: (seconds: number) => string;
};

/**
 * The English defaults of {@link CallButtonLabels}.
 *
 * @example
 * ```tsx
 * <CallButton labels={{ ...DEFAULT_CALL_BUTTON_LABELS, idle: 'Talk to sales' }} />
 * ```
 */
export const DEFAULT_CALL_BUTTON_LABELS: Readonly<CallButtonLabels> = {
  idle: 'Start call',
  requesting: 'Connecting…',
  connecting: 'Connecting…',
  ongoing: 'End call',
  ending: 'Ending…',
  ended: 'Start call',
  error: 'Try again',
  retryIn: (seconds) => `Try again in ${seconds} s`,
};

/**
 * What a render-function child of {@link CallButton} receives.
 *
 * @example
 * ```tsx
 * const render = ({ status, label }: CallButtonRenderState) =>
 *   status === 'ongoing' ? <PhoneOffIcon aria-label={label} /> : label;
 * <CallButton>{render}</CallButton>
 * ```
 */
export interface CallButtonRenderState {
  status: CallStatus;
  /** The label for `status` (after `labels` overrides). */
  label: string;
}

/**
 * Props of {@link CallButton}: the button's own props, the call options (standalone use), and more.
 *
 * @example
 * ```tsx
 * const props: CallButtonProps = { agentId: 'agent_123', labels: { idle: 'Talk to us' }, className: 'cta' };
 * <CallButton {...props} />
 * ```
 */
export interface CallButtonProps
  extends Omit<ComponentPropsWithoutRef<'button'>, 'children' | 'onError' | 'type'>,
    WebCallOptions {
  /** Per-status labels, merged over {@link DEFAULT_CALL_BUTTON_LABELS} (for i18n). */
  labels?: Partial<CallButtonLabels>;
  /**
   * Render the only child element instead of a `<button>` (e.g. a design-system `<Button>`), merging our
   * props, handlers and ref into it. An empty child gets the label as content; a child with content gets it
   * as `aria-label`. @defaultValue false
   */
  asChild?: boolean;
  /**
   * Content of the button. Leave it out to show the label. Static content (an icon) keeps the label as the
   * accessible name (`aria-label`); a function gets `{ status, label }` and decides content and name.
   */
  children?: ReactNode | ((state: CallButtonRenderState) => ReactNode);
  /**
   * When to start loading the Retell SDK chunk (never a token, never the microphone): on intent (pointer
   * enter, pointer down, focus), also once on screen and idle (`'visible'`), or only at the click
   * (`'none'`). Inside a provider, defaults to the provider's `preload`. @defaultValue 'intent'
   */
  preload?: PreloadMode;
}

/**
 * One native `<button type="button">` that starts and ends the call. Standalone it owns a call built from
 * its props (ended on unmount); inside a `WebCallProvider` (or `CallPanel`) it shares that call and its
 * call-option props are ignored. It re-renders only when the status changes.
 *
 * - Click: starts the call in `idle`, `ended` and `error`; ends it in `ongoing`; **cancels** it in
 *   `requesting`/`connecting` (the button shows progress, so a click means "stop"); nothing in `ending`.
 *   A user `onClick` runs first; `event.preventDefault()` in it cancels our action.
 * - Pointer enter, pointer down and focus preload the Retell SDK chunk and preconnect to Retell's LiveKit
 *   host (never a token, never the microphone); `preload` changes when (see {@link PreloadMode}).
 * - Label per status (`labels` to translate): Start call / Connecting… / End call / Ending… / Start call /
 *   Try again.
 *
 * DOM state:
 * - `data-status="idle|requesting|connecting|ongoing|ending|ended|error"`; `data-reconnecting` and
 *   `data-audio-blocked` (present while the call reconnects / while the browser blocks the agent's audio)
 * - `aria-busy="true"` while `requesting`/`connecting`; `disabled` while `ending`
 * - class `rwc-call-button` (plus your `className`)
 *
 * @example
 * ```tsx
 * // Standalone: owns its call.
 * <CallButton agentId="agent_123" endpoint="/api/create-web-call" />
 *
 * // Inside a provider, translated, with a design-system button.
 * <WebCallProvider agentId="agent_123">
 *   <CallButton labels={{ idle: 'Appeler', ongoing: 'Raccrocher' }} asChild>
 *     <Button variant="primary" />
 *   </CallButton>
 * </WebCallProvider>
 * ```
 */
export const CallButton = forwardRef<HTMLButtonElement, CallButtonProps>(function CallButton(props, ref) {
  const [options, buttonProps] = splitCallOptions(props);
  const {
    labels,
    asChild = false,
    children,
    className,
    disabled,
    onClick,
    onPointerEnter,
    onPointerDown,
    onFocus,
    preload,
    ...rest
  } = buttonProps;
  const store = useCallScope(options);
  const attributes = useStatusAttributes(store);
  const status = attributes['data-status'];
  const error = useStoreState(store, selectError);
  const failedAt = useStoreState(store, selectEndedAt);
  const waitSeconds = useRetryCountdown(error, failedAt);
  const label =
    waitSeconds > 0
      ? (labels?.retryIn ?? DEFAULT_CALL_BUTTON_LABELS.retryIn)(waitSeconds)
      : (labels?.[status] ?? DEFAULT_CALL_BUTTON_LABELS[status]);
  const busy = status === 'requesting' || status === 'connecting';

  const { ref: preloadRef, onIntent } = usePreload(store, preload, ref);
  const element = renderButton<CallButtonRenderState>({
    asChild,
    children,
    state: { status, label },
    label,
    ref: preloadRef,
    props: {
      ...rest,
      className: cx('rwc-call-button', className),
      ...attributes,
      'aria-busy': busy ? true : undefined,
      'aria-disabled': waitSeconds > 0 ? true : undefined,
      disabled: disabled || status === 'ending',
      onClick: composeEventHandlers(onClick, () => {
        // Read the store, not the render: a click can land between a status change and the re-render.
        const current = store.getSnapshot();
        if (current.status === 'ending') return;
        if (isLiveStatus(current.status)) void store.stop();
        else if (current.status !== 'error') void store.start();
        // "Try again" repeats the failed call's start(overrides), once the server's Retry-After has passed.
        else if (retryWaitSeconds(current.error, current.endedAt) === 0) void retryCall(store);
      }),
      onPointerEnter: composeEventHandlers(onPointerEnter, onIntent),
      onPointerDown: composeEventHandlers(onPointerDown, onIntent),
      onFocus: composeEventHandlers(onFocus, onIntent),
    },
  });
  return <WebCallContext.Provider value={store}>{element}</WebCallContext.Provider>;
});
