'use client';
import { type ComponentPropsWithoutRef, forwardRef, type ReactNode } from 'react';
import type { CallSnapshot, CallStatus } from '../../core/store.ts';
import { useCallStore } from '../context.ts';
import { useStoreState } from '../useCallState.ts';
import { composeEventHandlers } from './composeEventHandlers.ts';
import { renderButton } from './renderButton.tsx';
import { useStatusAttributes } from './useStatusAttributes.ts';
import { cx, dataFlag } from './visuallyHidden.ts';

/**
 * Labels of {@link MuteButton}. The name stays the same in both states (a toggle button: `aria-pressed`
 * says whether it is on), as WAI-ARIA asks.
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

const selectIsMuted = (snapshot: CallSnapshot) => snapshot.isMuted;

/**
 * A native toggle button for the microphone: `aria-pressed="true"` while muted, disabled unless the call is
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
  const store = useCallStore('MuteButton');
  const attributes = useStatusAttributes(store);
  const status = attributes['data-status'];
  const isMuted = useStoreState(store, selectIsMuted);
  const label = labels?.mute ?? DEFAULT_MUTE_BUTTON_LABELS.mute;
  return renderButton<MuteButtonRenderState>({
    asChild,
    children,
    state: { isMuted, status, label },
    label,
    ref,
    props: {
      ...rest,
      className: cx('rwc-mute-button', className),
      ...attributes,
      'data-muted': dataFlag(isMuted),
      'aria-pressed': isMuted,
      disabled: disabled || status !== 'ongoing',
      onClick: composeEventHandlers(onClick, () => store.toggleMute()),
    },
  });
});
