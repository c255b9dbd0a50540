'use client';
import type { MouseEventHandler } from 'react';
import type { CallStatus, CallStore } from '../core/store.ts';
import { composeEventHandlers } from './internal/composeEventHandlers.ts';
import { useCallStore } from './internal/context.ts';
import { selectIsMuted } from './internal/selectors.ts';
import { useStatusAttributes } from './internal/useStatusAttributes.ts';
import { dataFlag } from './internal/visuallyHidden.ts';
import { useStoreState } from './useCallState.ts';

/**
 * Labels of a mute button. The name stays the same in both states (a toggle button: `aria-pressed` says
 * whether it is on), as WAI-ARIA asks.
 *
 * @example
 * ```tsx
 * const labels: MuteButtonLabels = { mute: 'Couper le micro' };
 * <MuteButton labels={labels} />
 * ```
 */
export interface MuteButtonLabels {
  /** @defaultValue 'Mute' */
  mute: string;
}

/**
 * The English defaults of {@link MuteButtonLabels}.
 *
 * @example
 * ```tsx
 * <MuteButton labels={{ ...DEFAULT_MUTE_BUTTON_LABELS, mute: 'Mute microphone' }} />
 * ```
 */
export const DEFAULT_MUTE_BUTTON_LABELS: Readonly<MuteButtonLabels> = { mute: 'Mute' };

/**
 * Options of {@link useMuteButton}: labels, and your own `onClick` and `disabled` to merge into `buttonProps`.
 *
 * @example
 * ```tsx
 * const options: UseMuteButtonOptions = { labels: { mute: 'Mute mic' }, onClick: () => track('mute') };
 * const { buttonProps, label } = useMuteButton(options);
 * ```
 */
export interface UseMuteButtonOptions {
  /** Merged over {@link DEFAULT_MUTE_BUTTON_LABELS}. */
  labels?: Partial<MuteButtonLabels>;
  /** Disables the button (it is also disabled unless the call is `ongoing`). @defaultValue false */
  disabled?: boolean;
  /** Runs before the toggle; `event.preventDefault()` cancels it. */
  onClick?: MouseEventHandler<HTMLButtonElement>;
}

/**
 * What {@link useMuteButton} returns: whether the microphone is muted, the call's status, the label, and the
 * props to spread on a `<button>`.
 *
 * @example
 * ```tsx
 * const { isMuted, label, buttonProps }: UseMuteButtonResult = useMuteButton();
 * <button {...buttonProps} aria-label={label}>{isMuted ? <MicOffIcon /> : <MicIcon />}</button>
 * ```
 */
export interface UseMuteButtonResult {
  isMuted: boolean;
  status: CallStatus;
  label: string;
  /** Spread on a `<button>`; your `onClick` is already composed in. */
  buttonProps: {
    'data-status': CallStatus;
    /** Present while the call reconnects. */
    'data-reconnecting': '' | undefined;
    /** Present while the browser blocks the agent's audio. */
    'data-audio-blocked': '' | undefined;
    type: 'button';
    disabled: boolean;
    'aria-pressed': boolean;
    'data-muted': '' | undefined;
    onClick: MouseEventHandler<HTMLButtonElement>;
  };
}

/**
 * Everything `MuteButton` does, for your own toggle: `<button {...buttonProps}>{label}</button>` behaves like
 * `<MuteButton />` (which is built on this hook): a click toggles the microphone (your `onClick` runs first;
 * `event.preventDefault()` cancels), `aria-pressed` says whether it is muted, it is disabled unless the call
 * is `ongoing`, and it carries `data-status`, `data-muted`, `data-reconnecting`, `data-audio-blocked`.
 * Must be used within a `WebCallProvider` (a mute button has no call of its own to mute).
 *
 * @example
 * ```tsx
 * function MicToggle() {
 *   const { isMuted, label, buttonProps } = useMuteButton();
 *   return (
 *     <button {...buttonProps} aria-label={label} className="icon-button">
 *       {isMuted ? <MicOffIcon /> : <MicIcon />}
 *     </button>
 *   );
 * }
 * ```
 */
export function useMuteButton(options: UseMuteButtonOptions = {}): UseMuteButtonResult {
  return useMuteButtonOf(useCallStore('useMuteButton'), options);
}

/** {@link useMuteButton} on a given store (so `MuteButton`'s misuse error names `MuteButton`). @internal */
export function useMuteButtonOf(
  store: CallStore,
  { labels, disabled = false, onClick }: UseMuteButtonOptions,
): UseMuteButtonResult {
  const attributes = useStatusAttributes(store);
  const status = attributes['data-status'];
  const isMuted = useStoreState(store, selectIsMuted);
  return {
    isMuted,
    status,
    label: labels?.mute ?? DEFAULT_MUTE_BUTTON_LABELS.mute,
    buttonProps: {
      ...attributes,
      'data-muted': dataFlag(isMuted),
      'aria-pressed': isMuted,
      disabled: disabled || status !== 'ongoing',
      onClick: composeEventHandlers(onClick, () => store.toggleMute()),
      type: 'button',
    },
  };
}
