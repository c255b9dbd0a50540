'use client';
import { type RefObject, useEffect, useRef } from 'react';
import type { CallStatus, CallStore } from '../../core/store.ts';
import { DEFAULT_TRANSCRIPT_LABELS, type TranscriptLabels } from './transcriptLabels.ts';
import { useIsomorphicLayoutEffect } from './useIsomorphicLayoutEffect.ts';
import type { StatusAttributes } from './useStatusAttributes.ts';
import { ANNOUNCER_REGION } from './visuallyHidden.ts';

/*
 * What `CallPanel` renders for its call-time parts until their chunk loads (`useCallTimeParts.ts`): exactly
 * the markup each part has before a call has produced anything (not talking, no turn, no level, no
 * transcript), so nothing moves when the parts replace them and server HTML hydrates either way. A test
 * renders both and compares the HTML for every status a call can have before the engine runs it.
 */

/** `AgentIndicator` with no one talking. @internal */
export function AgentIndicatorPlaceholder({ attributes }: { attributes: StatusAttributes }) {
  return (
    <div className="rwc-agent-indicator" {...attributes}>
      <span className="rwc-agent-indicator__dots" aria-hidden="true">
        <span className="rwc-agent-indicator__dot" />
        <span className="rwc-agent-indicator__dot" />
        <span className="rwc-agent-indicator__dot" />
      </span>
    </div>
  );
}

/**
 * `AudioLevel` at rest (5 bars). The agent's one already listens to the call's audio, as `AudioLevel` does
 * from mount (not under reduced motion, like `AudioLevel`): a call that starts before the parts load still
 * asks Retell for the samples the meter needs.
 * @internal
 */
export function AudioLevelPlaceholder({
  store,
  attributes,
  source = 'agent',
}: {
  store: CallStore;
  attributes: StatusAttributes;
  source?: 'agent' | 'user';
}) {
  useEffect(() => {
    // Under reduced motion `AudioLevel` neither listens nor animates: nor does its stand-in, or the call would
    // ask Retell for audio samples (a loop per frame) that nobody draws.
    if (source === 'agent' && !globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches) {
      return store.subscribeAudio(() => {});
    }
  }, [store, source]);
  return (
    <div aria-hidden="true" className="rwc-audio-level" {...attributes} data-source={source}>
      {[0, 1, 2, 3, 4].map((bar) => (
        <span key={bar} className="rwc-audio-level__bar" />
      ))}
    </div>
  );
}

/**
 * An empty `Transcript` (its log, the empty line and the screen-reader announcer). The log can take focus
 * (it scrolls): if it has focus when the real transcript replaces it, `hadFocus` says so and the panel moves
 * focus to the new log. @internal
 */
export function TranscriptPlaceholder({
  status,
  labels,
  hadFocus,
}: {
  status: CallStatus;
  labels: Partial<TranscriptLabels> | undefined;
  hadFocus: RefObject<boolean>;
}) {
  const log = useRef<HTMLDivElement>(null);
  useIsomorphicLayoutEffect(() => {
    const node = log.current;
    return () => {
      hadFocus.current = node !== null && node === node.ownerDocument.activeElement;
    };
  }, [hadFocus]);
  return (
    <div
      ref={log}
      role="log"
      aria-live="off"
      aria-label={labels?.log ?? DEFAULT_TRANSCRIPT_LABELS.log}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: the log scrolls; the same markup as Transcript's
      tabIndex={0}
      className="rwc-transcript"
      data-status={status}
      data-empty=""
    >
      <p className="rwc-transcript__empty">{labels?.empty ?? DEFAULT_TRANSCRIPT_LABELS.empty}</p>
      <div {...ANNOUNCER_REGION} />
    </div>
  );
}
