'use client';
import { type ComponentPropsWithoutRef, forwardRef, useEffect, useMemo, useRef } from 'react';
import { useCallStore } from '../internal/context.ts';
import { composeRefs } from '../internal/Slot.tsx';
import { selectIsAgentTalking, selectIsMuted } from '../internal/selectors.ts';
import { usePrefersReducedMotion } from '../internal/usePrefersReducedMotion.ts';
import { useStatusAttributes } from '../internal/useStatusAttributes.ts';
import { cx, dataFlag } from '../internal/visuallyHidden.ts';
import { useStoreState } from '../useCallState.ts';

/**
 * Props of {@link AudioLevel}.
 *
 * @example
 * ```tsx
 * const props: AudioLevelProps = { bars: 9, className: 'my-meter' };
 * <AudioLevel {...props} />
 * ```
 */
export interface AudioLevelProps extends Omit<ComponentPropsWithoutRef<'div'>, 'children'> {
  /** Number of bars (`rwc-audio-level__bar` spans) to render. @defaultValue 5 */
  bars?: number;
  /**
   * Whose voice: the agent's (Retell's raw audio samples) or the user's microphone (the store's
   * `subscribeInputLevel`). @defaultValue 'agent'
   */
  source?: 'agent' | 'user';
}

/** How much of the previous level survives each frame: a quick rise, a smooth fall. */
const DECAY = 0.85;
/** Skip DOM writes for changes smaller than this. */
const EPSILON = 0.005;

/**
 * The loudness of a frame of samples, 0…1: the RMS, on a square-root (roughly perceptual) scale.
 *
 * @example
 * ```ts
 * audioLevelOf(new Float32Array([0.5, -0.5])); // ≈ 1
 * ```
 */
export function audioLevelOf(samples: Float32Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) {
    const sample = samples[i] as number;
    sum += sample * sample;
  }
  const rms = Math.sqrt(sum / samples.length);
  return Math.min(1, Math.sqrt(rms) * 1.5);
}

function writeLevel(element: HTMLElement | null, level: number): void {
  if (!element) return;
  element.style.setProperty('--rwc-audio-level', level.toFixed(3));
  element.dataset.level = level.toFixed(2);
}

/**
 * A level meter of the agent's voice (`source="agent"`, the default), fed by Retell's raw audio samples
 * (`emitRawAudioSamples`, turned on for calls started while it is mounted), or of the user's microphone
 * (`source="user"`, fed by the store's `subscribeInputLevel`). Audio never goes through React: a listener
 * keeps the level in a ref and a `requestAnimationFrame` loop (only while `ongoing`) writes it to the element
 * as the CSS variable `--rwc-audio-level` (0…1) and `data-level`. Zero React renders per audio frame. Under
 * `prefers-reduced-motion: reduce` it neither listens nor animates: it is static, with `data-active` while
 * the agent talks (user source: while the microphone is on). Decorative (`aria-hidden`); `AgentIndicator`
 * and `MuteButton` carry the meaning. Must be used within a `WebCallProvider` or `CallPanel`.
 *
 * DOM state: `data-source="agent|user"`, `data-status="<status>"`, `data-reconnecting`,
 * `data-audio-blocked`, `data-active` (present while ongoing and the agent talks; user source: ongoing and
 * not muted), `data-reduced-motion` (present when static), `data-level="0.00…1.00"` and
 * `style="--rwc-audio-level: …"` (written per frame); class `rwc-audio-level`, bars `rwc-audio-level__bar`.
 *
 * @example
 * ```tsx
 * <WebCallProvider agentId="agent_123">
 *   <AudioLevel bars={7} />
 *   <AudioLevel source="user" className="my-mic-meter" />
 * </WebCallProvider>
 * ```
 */
export const AudioLevel = forwardRef<HTMLDivElement, AudioLevelProps>(function AudioLevel(
  { bars = 5, source = 'agent', className, ...rest },
  ref,
) {
  if (source !== 'agent' && source !== 'user') {
    throw new TypeError(`AudioLevel: source must be 'agent' or 'user', got ${JSON.stringify(source)}.`);
  }
  const store = useCallStore('AudioLevel');
  const attributes = useStatusAttributes(store);
  const talking = useStoreState(store, selectIsAgentTalking);
  const muted = useStoreState(store, selectIsMuted);
  const reducedMotion = usePrefersReducedMotion();
  const ongoing = attributes['data-status'] === 'ongoing';
  const active = ongoing && (source === 'agent' ? talking : !muted);

  const element = useRef<HTMLDivElement | null>(null);
  const target = useRef(0);
  const composedRef = useMemo(() => composeRefs(element, ref), [ref]);

  // Listen from mount (not only while ongoing): a call started while a listener is subscribed asks Retell
  // for samples.
  useEffect(() => {
    if (reducedMotion) return;
    // The loudest frame since the last paint (several frames may arrive between two paints).
    if (source === 'user') {
      return store.subscribeInputLevel((level) => {
        target.current = Math.max(target.current, Math.min(1, Math.max(0, level) || 0));
      });
    }
    return store.subscribeAudio((samples) => {
      target.current = Math.max(target.current, audioLevelOf(samples));
    });
  }, [store, reducedMotion, source]);

  useEffect(() => {
    if (!ongoing || reducedMotion || typeof requestAnimationFrame !== 'function') return;
    let shown = 0;
    let written = 0;
    let frame = requestAnimationFrame(function tick() {
      // Each frame of samples counts once, so silence (or no samples at all) lets the meter fall.
      shown = Math.max(target.current, shown * DECAY);
      target.current = 0;
      if (shown < EPSILON) shown = 0;
      if (Math.abs(shown - written) > EPSILON || (shown === 0 && written !== 0)) {
        written = shown;
        writeLevel(element.current, shown);
      }
      frame = requestAnimationFrame(tick);
    });
    return () => {
      cancelAnimationFrame(frame);
      target.current = 0;
      writeLevel(element.current, 0);
    };
  }, [ongoing, reducedMotion]);

  return (
    <div
      {...rest}
      ref={composedRef}
      aria-hidden="true"
      className={cx('rwc-audio-level', className)}
      {...attributes}
      data-source={source}
      data-active={dataFlag(active)}
      data-reduced-motion={dataFlag(reducedMotion)}
    >
      {Array.from({ length: bars }, (_, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: fixed, identical bars
        <span key={index} className="rwc-audio-level__bar" />
      ))}
    </div>
  );
});
