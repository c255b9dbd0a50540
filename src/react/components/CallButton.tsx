'use client';
import { type ComponentPropsWithoutRef, forwardRef, type ReactNode } from 'react';
import type { CallStatus } from '../../core/store.ts';
import { WebCallContext } from '../internal/context.ts';
import { renderButton } from '../internal/renderButton.tsx';
import { cx } from '../internal/visuallyHidden.ts';
import { type CallButtonLabels, useCallButton } from '../useCallButton.ts';
import { splitCallOptions } from '../useCallScope.ts';
import type { WebCallOptions } from '../useOwnedCallStore.ts';
import type { PreloadMode } from '../usePreload.ts';

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
 * One native `<button type="button">` that starts and ends the call, built on {@link useCallButton} (use
 * the hook for a fully custom button). Standalone it owns a call built from
 * its props (ended on unmount); inside a `WebCallProvider` (or `CallPanel`) it shares that call and its
 * call-option props are ignored. It re-renders only when the status changes.
 *
 * - Click: starts the call in `idle`, `ended` and `error`; ends it in `ongoing`; **cancels** it in
 *   `requesting`/`connecting` (the label says "Cancel"); nothing in `ending`.
 *   A user `onClick` runs first; `event.preventDefault()` in it cancels our action.
 * - Pointer enter, pointer down and focus preload the Retell SDK chunk and preconnect to Retell's LiveKit
 *   host (never a token, never the microphone); `preload` changes when (see {@link PreloadMode}).
 * - Label per status (`labels` to translate), saying what a click does: Start call / Cancel / End call /
 *   Ending… / Start call / Try again. Setting up shows as `aria-busy` and `data-status` (the default CSS
 *   shows a spinner); `CallStatus` says "Connecting…".
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
export const CallButton = forwardRef<HTMLButtonElement, CallButtonProps>(function CallButton(
  { asChild = false, children, className, labels, preload, ...props },
  ref,
) {
  // The hook composes the handlers and `disabled` it knows into `buttonProps`, which win over `rest`.
  const { status, label, store, buttonProps } = useCallButton({ ...props, labels, preload, ref });
  const { ref: buttonRef, ...state } = buttonProps;
  const element = renderButton<CallButtonRenderState>({
    asChild,
    children,
    state: { status, label },
    label,
    ref: buttonRef,
    props: { ...splitCallOptions(props)[1], className: cx('rwc-call-button', className), ...state },
  });
  return <WebCallContext.Provider value={store}>{element}</WebCallContext.Provider>;
});
