'use client';
import {
  type ComponentPropsWithoutRef,
  type FocusEvent,
  forwardRef,
  type ReactNode,
  useEffect,
  useRef,
} from 'react';
import { composeEventHandlers } from '../internal/composeEventHandlers.ts';
import { useCallStore } from '../internal/context.ts';
import { renderButton } from '../internal/renderButton.tsx';
import { selectAudioBlocked } from '../internal/selectors.ts';
import { useStatusAttributes } from '../internal/useStatusAttributes.ts';
import { cx } from '../internal/visuallyHidden.ts';
import { useStoreState } from '../useCallState.ts';

/**
 * Labels of {@link StartAudioButton}.
 *
 * @example
 * ```tsx
 * const labels: StartAudioButtonLabels = { startAudio: 'Touchez pour entendre l’agent' };
 * <StartAudioButton labels={labels} />
 * ```
 */
export interface StartAudioButtonLabels {
  /** @defaultValue 'Tap to hear the agent' */
  startAudio: string;
}

/**
 * The English defaults of {@link StartAudioButtonLabels}.
 *
 * @example
 * ```tsx
 * <StartAudioButton labels={{ ...DEFAULT_START_AUDIO_BUTTON_LABELS, startAudio: 'Turn on sound' }} />
 * ```
 */
export const DEFAULT_START_AUDIO_BUTTON_LABELS: Readonly<StartAudioButtonLabels> = {
  startAudio: 'Tap to hear the agent',
};

/**
 * What a render-function child of {@link StartAudioButton} receives.
 *
 * @example
 * ```tsx
 * <StartAudioButton>{({ label }: StartAudioButtonRenderState) => <><SpeakerIcon /> {label}</>}</StartAudioButton>
 * ```
 */
export interface StartAudioButtonRenderState {
  label: string;
}

/**
 * Props of {@link StartAudioButton}.
 *
 * @example
 * ```tsx
 * const props: StartAudioButtonProps = { labels: { startAudio: 'Turn on sound' }, className: 'banner-button' };
 * <StartAudioButton {...props} />
 * ```
 */
export interface StartAudioButtonProps extends Omit<ComponentPropsWithoutRef<'button'>, 'children' | 'type'> {
  /** Merged over {@link DEFAULT_START_AUDIO_BUTTON_LABELS}. */
  labels?: Partial<StartAudioButtonLabels>;
  /** Render the only child element instead of a `<button>`; see `CallButton`'s `asChild`. @defaultValue false */
  asChild?: boolean;
  /** Content; static content keeps the label as `aria-label`, a function gets `{ label }`. */
  children?: ReactNode | ((state: StartAudioButtonRenderState) => ReactNode);
}

/**
 * "Tap to hear the agent": one native `<button>` that exists only while the browser refuses to play the
 * agent (`audioBlocked`, e.g. Safari, or a call started without a click) and renders nothing otherwise.
 * Its click calls `startAudioPlayback()` synchronously, inside the user's gesture, which is what lets the
 * browser play. A user `onClick` runs first; `event.preventDefault()` in it cancels that.
 *
 * It appears mid-call and never takes focus. Announce it with a polite live region: `CallStatus` says
 * "Sound is blocked" while audio is blocked (`CallPanel` has both). When it disappears while focused (the
 * click worked), focus goes back to where it came from, so keyboard users are not dropped on `<body>`.
 * Must be used within a `WebCallProvider` or `CallPanel`.
 *
 * DOM state: `data-status="<status>"`, `data-audio-blocked` (always present: it renders only then),
 * `data-reconnecting`; class `rwc-start-audio-button`.
 *
 * @example
 * ```tsx
 * <WebCallProvider agentId="agent_123">
 *   <CallStatus />
 *   <StartAudioButton />
 *   <CallButton />
 * </WebCallProvider>
 * ```
 */
export const StartAudioButton = forwardRef<HTMLButtonElement, StartAudioButtonProps>(
  function StartAudioButton(
    { labels, asChild = false, children, className, onClick, onFocus, onBlur, ...rest },
    ref,
  ) {
    const store = useCallStore('StartAudioButton');
    const blocked = useStoreState(store, selectAudioBlocked);
    const attributes = useStatusAttributes(store);
    const label = labels?.startAudio ?? DEFAULT_START_AUDIO_BUTTON_LABELS.startAudio;
    // The element focus came from, to give it back when the button goes away under the focus.
    const returnFocus = useRef<HTMLElement | null>(null);

    useEffect(() => {
      if (blocked) return;
      const target = returnFocus.current;
      returnFocus.current = null;
      const active = typeof document === 'undefined' ? null : document.activeElement;
      if (target?.isConnected && (active === null || active === document.body)) target.focus();
    }, [blocked]);

    if (!blocked) return null;
    return renderButton<StartAudioButtonRenderState>({
      asChild,
      children,
      state: { label },
      label,
      ref,
      props: {
        ...rest,
        ...attributes,
        className: cx('rwc-start-audio-button', className),
        onClick: composeEventHandlers(onClick, () => {
          // No await before this call: the browser allows playback only within the click's own task.
          // A failure leaves `audioBlocked` set, so the button stays for another try.
          store.startAudioPlayback().catch(() => {});
        }),
        onFocus: composeEventHandlers(onFocus, (event: FocusEvent<HTMLElement>) => {
          returnFocus.current = event.relatedTarget instanceof HTMLElement ? event.relatedTarget : null;
        }),
        onBlur: composeEventHandlers(onBlur, (event: FocusEvent<HTMLElement>) => {
          // Focus moved on to another element: nothing to give back. (A removal blurs with no target.)
          if (event.relatedTarget) returnFocus.current = null;
        }),
      },
    });
  },
);
