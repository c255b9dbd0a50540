'use client';
import { type ComponentPropsWithoutRef, forwardRef, type ReactNode } from 'react';
import type { CallStatus } from '../../core/store.ts';
import { useCallStore } from '../internal/context.ts';
import { renderButton } from '../internal/renderButton.tsx';
import { cx } from '../internal/visuallyHidden.ts';
import { type MuteButtonLabels, useMuteButtonOf } from '../useMuteButton.ts';

/**
 * What a render-function child of {@link MuteButton} receives.
 *
 * @example
 * ```tsx
 * <MuteButton>
 *   {({ isMuted }: MuteButtonRenderState) => (isMuted ? <MicOffIcon /> : <MicIcon />)}
 * </MuteButton>
 * ```
 */
export interface MuteButtonRenderState {
  isMuted: boolean;
  status: CallStatus;
  label: string;
}

/**
 * Props of {@link MuteButton}.
 *
 * @example
 * ```tsx
 * const props: MuteButtonProps = { labels: { mute: 'Mute mic' }, className: 'icon-button' };
 * <MuteButton {...props} />
 * ```
 */
export interface MuteButtonProps extends Omit<ComponentPropsWithoutRef<'button'>, 'children' | 'type'> {
  /** Merged over {@link DEFAULT_MUTE_BUTTON_LABELS}. */
  labels?: Partial<MuteButtonLabels>;
  /** Render the only child element instead of a `<button>`; see `CallButton`'s `asChild`. @defaultValue false */
  asChild?: boolean;
  /** Content; static content keeps the label as `aria-label`, a function gets `{ isMuted, status, label }`. */
  children?: ReactNode | ((state: MuteButtonRenderState) => ReactNode);
}

/**
 * A native toggle button for the microphone, built on {@link useMuteButton}: `aria-pressed="true"` while muted, disabled unless the call is
 * `ongoing`. A user `onClick` runs first; `event.preventDefault()` cancels the toggle. Must be used within a
 * `WebCallProvider` or `CallPanel`.
 *
 * DOM state: `data-status="<status>"`, `data-reconnecting`, `data-audio-blocked`, `data-muted` (present while muted), `aria-pressed`, `disabled`;
 * class `rwc-mute-button`.
 *
 * @example
 * ```tsx
 * <WebCallProvider agentId="agent_123">
 *   <CallButton />
 *   <MuteButton labels={{ mute: 'Couper le micro' }} />
 * </WebCallProvider>
 * ```
 */
export const MuteButton = forwardRef<HTMLButtonElement, MuteButtonProps>(function MuteButton(
  { labels, asChild = false, children, className, disabled, onClick, ...rest },
  ref,
) {
  const { isMuted, status, label, buttonProps } = useMuteButtonOf(useCallStore('MuteButton'), {
    labels,
    disabled,
    onClick,
  });
  return renderButton<MuteButtonRenderState>({
    asChild,
    children,
    state: { isMuted, status, label },
    label,
    ref,
    props: { ...rest, className: cx('rwc-mute-button', className), ...buttonProps },
  });
});
