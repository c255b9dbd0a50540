'use client';
import type { FocusEventHandler, MouseEventHandler, PointerEventHandler, Ref, RefCallback } from 'react';
import { type CallStatus, type CallStore, retryCall } from '../core/store.ts';
import { composeEventHandlers } from './internal/composeEventHandlers.ts';
import { selectRetryAt, useRetryCountdown } from './internal/useRetryCountdown.ts';
import { secondsUntil } from './internal/useSecondsUntil.ts';
import { useStatusAttributes } from './internal/useStatusAttributes.ts';
import { splitCallOptions, useCallScope } from './useCallScope.ts';
import type { WebCallOptions } from './useOwnedCallStore.ts';
import { type PreloadMode, usePreload } from './usePreload.ts';

/**
 * The label (visible text and accessible name) of a call button for each status: what a click does.
 *
 * @example
 * ```tsx
 * const labels: Partial<CallButtonLabels> = { idle: 'Appeler', connecting: 'Annuler', ongoing: 'Raccrocher' };
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
 * The English defaults of {@link CallButtonLabels}. While the call is being set up (`requesting`,
 * `connecting`) the label is "Cancel", because that is what a click does; the progress shows in
 * `aria-busy`, in `data-status` (the default CSS shows a spinner) and in `CallStatus` ("Connecting…").
 *
 * @example
 * ```tsx
 * <CallButton labels={{ ...DEFAULT_CALL_BUTTON_LABELS, idle: 'Talk to sales' }} />
 * ```
 */
export const DEFAULT_CALL_BUTTON_LABELS: Readonly<CallButtonLabels> = {
  idle: 'Start call',
  requesting: 'Cancel',
  connecting: 'Cancel',
  ongoing: 'End call',
  ending: 'Ending…',
  ended: 'Start call',
  error: 'Try again',
  retryIn: (seconds) => `Try again in ${seconds} s`,
};

/**
 * Options of {@link useCallButton}: the call options (used only outside a `WebCallProvider`), the labels,
 * `preload`, and your own handlers, `disabled` and `ref` to merge into `buttonProps`.
 *
 * @example
 * ```tsx
 * const options: UseCallButtonOptions = {
 *   labels: { idle: 'Talk to us' },
 *   preload: 'visible',
 *   onClick: (event) => {
 *     if (!consented) event.preventDefault(); // cancels the call action
 *   },
 * };
 * const { buttonProps, label } = useCallButton(options);
 * ```
 */
export interface UseCallButtonOptions extends WebCallOptions {
  /** Per-status labels, merged over {@link DEFAULT_CALL_BUTTON_LABELS} (for i18n). */
  labels?: Partial<CallButtonLabels>;
  /** When to start loading the Retell SDK chunk; see {@link PreloadMode}. Inside a provider, defaults to its `preload`. @defaultValue 'intent' */
  preload?: PreloadMode;
  /** Disables the button (it is also disabled while the call is `ending`). @defaultValue false */
  disabled?: boolean;
  /** Runs before the call action; `event.preventDefault()` cancels the action. */
  onClick?: MouseEventHandler<HTMLButtonElement>;
  /** Runs before the preload on intent; `event.preventDefault()` skips the preload. */
  onPointerEnter?: PointerEventHandler<HTMLButtonElement>;
  /** Runs before the preload on intent; `event.preventDefault()` skips the preload. */
  onPointerDown?: PointerEventHandler<HTMLButtonElement>;
  /** Runs before the preload on intent; `event.preventDefault()` skips the preload. */
  onFocus?: FocusEventHandler<HTMLButtonElement>;
  /** Your ref to the element; merged into `buttonProps.ref` (which `preload="visible"` needs). */
  ref?: Ref<HTMLButtonElement>;
}

/**
 * What {@link useCallButton} returns: the status, the label for it, the call's store, and the props to
 * spread on a `<button>`.
 *
 * @example
 * ```tsx
 * const { status, label, buttonProps }: UseCallButtonResult = useCallButton();
 * <button {...buttonProps} className={`cta cta--${status}`}>{label}</button>
 * ```
 */
export interface UseCallButtonResult {
  status: CallStatus;
  /** The label for `status` (after `labels` overrides), counting down while a retry must wait. */
  label: string;
  /** The call the button acts on: the provider's, or the one this hook owns. */
  store: CallStore;
  /** Spread on a `<button>` (or your design-system button); your handlers are already composed in. */
  buttonProps: {
    'data-status': CallStatus;
    /** Present while the call reconnects. */
    'data-reconnecting': '' | undefined;
    /** Present while the browser blocks the agent's audio. */
    'data-audio-blocked': '' | undefined;
    type: 'button';
    ref: RefCallback<HTMLButtonElement>;
    disabled: boolean;
    'aria-busy': true | undefined;
    'aria-disabled': true | undefined;
    onClick: MouseEventHandler<HTMLButtonElement>;
    onPointerEnter: PointerEventHandler<HTMLButtonElement>;
    onPointerDown: PointerEventHandler<HTMLButtonElement>;
    onFocus: FocusEventHandler<HTMLButtonElement>;
  };
}

/**
 * Everything `CallButton` does, for your own button: `<button {...buttonProps}>{label}</button>` behaves
 * like `<CallButton />` (which is built on this hook). Inside a `WebCallProvider` it acts on that call and
 * ignores the call options; outside one it owns a call built from them, ended when the component unmounts
 * (like `useWebCall` and a standalone `CallButton`).
 *
 * - Click: starts the call in `idle` and `ended`; **cancels** it in `requesting`/`connecting` (the label
 *   says "Cancel"); ends it in `ongoing`; nothing in `ending`; in `error`, "Try again" repeats the failed
 *   call's `start(overrides)` once the server's `Retry-After` has passed (before that the button is
 *   `aria-disabled` and the label counts down). Your `onClick` runs first; `event.preventDefault()` in it
 *   cancels the action.
 * - Pointer enter, pointer down and focus preload the Retell SDK chunk (never a token, never the microphone);
 *   with `preload: 'visible'`, also once the element is on screen and the browser idle.
 * - `buttonProps` carries `type="button"`, `aria-busy` while setting up, `disabled` while `ending`,
 *   `data-status`, `data-reconnecting`, `data-audio-blocked` and a `ref`. It has no class: style it your way.
 *
 * @example
 * ```tsx
 * function TalkButton() {
 *   const { status, label, buttonProps } = useCallButton({ labels: { idle: 'Talk to Ada' } });
 *   return (
 *     <button {...buttonProps} className="talk">
 *       {status === 'connecting' ? <Spinner aria-hidden /> : null}
 *       {label}
 *     </button>
 *   );
 * }
 *
 * <WebCallProvider agentId="agent_123">
 *   <TalkButton />
 * </WebCallProvider>
 * ```
 */
export function useCallButton(options: UseCallButtonOptions = {}): UseCallButtonResult {
  const [callOptions, own] = splitCallOptions(options);
  const { labels, preload, disabled = false, onClick, onPointerEnter, onPointerDown, onFocus, ref } = own;
  const store = useCallScope(callOptions);
  const attributes = useStatusAttributes(store);
  const status = attributes['data-status'];
  const waitSeconds = useRetryCountdown(store);
  const label =
    waitSeconds > 0
      ? (labels?.retryIn ?? DEFAULT_CALL_BUTTON_LABELS.retryIn)(waitSeconds)
      : (labels?.[status] ?? DEFAULT_CALL_BUTTON_LABELS[status]);
  const { ref: preloadRef, onIntent } = usePreload(store, preload, ref);

  return {
    status,
    label,
    store,
    buttonProps: {
      ref: preloadRef,
      ...attributes,
      disabled: disabled || status === 'ending',
      'aria-busy': status === 'requesting' || status === 'connecting' ? true : undefined,
      'aria-disabled': waitSeconds > 0 ? true : undefined,
      onClick: composeEventHandlers(onClick, (event) => {
        // Read the store, not the render: a click can land between a status change and the re-render.
        const current = store.getSnapshot();
        const now = current.status;
        if (now === 'ending') return;
        // The second click of a double-click (detail 2+) never cancels the call its first click started.
        if (event.detail > 1 && (now === 'requesting' || now === 'connecting')) return;
        if (now === 'idle' || now === 'ended') void store.start();
        // "Try again" repeats the failed call's start(overrides), once the server's Retry-After has passed.
        else if (now === 'error') {
          if (secondsUntil(selectRetryAt(current)) === 0) void retryCall(store);
        } else void store.stop(); // requesting, connecting (cancel) or ongoing
      }),
      onPointerEnter: composeEventHandlers(onPointerEnter, onIntent),
      onPointerDown: composeEventHandlers(onPointerDown, onIntent),
      onFocus: composeEventHandlers(onFocus, onIntent),
      type: 'button',
    },
  };
}
