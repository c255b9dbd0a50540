'use client';
import {
  type ComponentPropsWithoutRef,
  forwardRef,
  memo,
  type ReactNode,
  type UIEvent,
  useMemo,
  useRef,
} from 'react';
import type { TranscriptEntry } from '../../core/transcript.ts';
import { useCallStore } from '../internal/context.ts';
import { composeRefs } from '../internal/Slot.tsx';
import { selectStatus, selectTranscript } from '../internal/selectors.ts';
import { TranscriptAnnouncer } from '../internal/TranscriptAnnouncer.tsx';
import { DEFAULT_TRANSCRIPT_LABELS, type TranscriptLabels } from '../internal/transcriptLabels.ts';
import { useIsomorphicLayoutEffect } from '../internal/useIsomorphicLayoutEffect.ts';
import { cx } from '../internal/visuallyHidden.ts';
import { useStoreState } from '../useCallState.ts';

export { DEFAULT_TRANSCRIPT_LABELS, type TranscriptLabels } from '../internal/transcriptLabels.ts';

/**
 * Props of {@link Transcript}.
 *
 * @example
 * ```tsx
 * const renderEntry = (entry: TranscriptEntry) => <Markdown>{entry.content}</Markdown>;
 * const props: TranscriptProps = { renderEntry, autoScroll: false };
 * <Transcript {...props} />
 * ```
 */
export interface TranscriptProps extends Omit<ComponentPropsWithoutRef<'div'>, 'children'> {
  labels?: Partial<TranscriptLabels>;
  /**
   * Renders an entry's text (default: `entry.content`). Rows are memoised, so pass a stable function
   * (module level or `useCallback`) or every row re-renders on every update.
   */
  renderEntry?: (entry: TranscriptEntry) => ReactNode;
  /** Keep the newest words in view (stops while the reader has scrolled up). @defaultValue true */
  autoScroll?: boolean;
}

/** Within this many pixels of the bottom counts as "at the bottom". */
const STICK_THRESHOLD_PX = 32;

interface RowProps {
  entry: TranscriptEntry;
  speaker: string;
  renderEntry: ((entry: TranscriptEntry) => ReactNode) | undefined;
}

/** One utterance. Entries keep their identity until they change, so only a growing entry re-renders. */
const TranscriptRow = memo(function TranscriptRow({ entry, speaker, renderEntry }: RowProps) {
  const known = entry.role === 'agent' || entry.role === 'user';
  return (
    <li
      className={cx('rwc-transcript__entry', known && `rwc-transcript__entry--${entry.role}`)}
      data-role={entry.role}
    >
      <span className="rwc-transcript__speaker">{speaker}</span>{' '}
      <span className="rwc-transcript__text">{renderEntry ? renderEntry(entry) : entry.content}</span>
    </li>
  );
});

/**
 * The merged live transcript: a `role="log"`, one list item per utterance, user and agent styled apart. Only
 * the entry that changed re-renders on an update. It scrolls itself to the newest words, and stops while the
 * reader has scrolled up (resumes at the bottom). Focusable (`tabIndex=0`) so keyboard users can scroll it.
 * Must be used within a `WebCallProvider` or `CallPanel`.
 *
 * Screen readers: the rows are not a live region (`aria-live="off"`), so the growing utterance is not read
 * word by word over the agent's voice. A visually hidden polite live region inside the log receives each
 * utterance once, when it is finished (a newer one follows it, or the call stops being `ongoing`), as
 * "Agent: …"; a later rewrite of it by speech recognition is not read again. It keeps the last three.
 *
 * DOM state: `data-status="<status>"`, `data-empty` (present before the first utterance); entries are
 * `<li class="rwc-transcript__entry rwc-transcript__entry--agent|user" data-role="<role>">` with a
 * `rwc-transcript__speaker` and a `rwc-transcript__text`; the empty text is `rwc-transcript__empty`; the
 * hidden live region is `rwc-transcript__announcer`.
 *
 * @example
 * ```tsx
 * <WebCallProvider agentId="agent_123">
 *   <Transcript labels={{ user: 'Moi', agent: 'Agent' }} />
 * </WebCallProvider>
 * ```
 */
export const Transcript = forwardRef<HTMLDivElement, TranscriptProps>(function Transcript(
  { labels, renderEntry, autoScroll = true, className, onScroll, ...rest },
  ref,
) {
  const store = useCallStore('Transcript');
  const entries = useStoreState(store, selectTranscript);
  const status = useStoreState(store, selectStatus);
  const element = useRef<HTMLDivElement | null>(null);
  const composedRef = useMemo(() => composeRefs(element, ref), [ref]);
  const atBottom = useRef(true);

  useIsomorphicLayoutEffect(() => {
    const log = element.current;
    // A new call starts following the newest words again, even if the reader scrolled up in the last one.
    if (entries.length === 0) atBottom.current = true;
    if (!autoScroll || !atBottom.current || !log || entries.length === 0) return;
    log.scrollTop = log.scrollHeight;
  }, [entries, autoScroll]);

  const handleScroll = (event: UIEvent<HTMLDivElement>) => {
    onScroll?.(event);
    const log = event.currentTarget;
    atBottom.current = log.scrollHeight - log.scrollTop - log.clientHeight <= STICK_THRESHOLD_PX;
  };

  const speakerOf = (role: string): string =>
    (labels as Record<string, string | undefined> | undefined)?.[role] ??
    (DEFAULT_TRANSCRIPT_LABELS as unknown as Record<string, string | undefined>)[role] ??
    role;

  return (
    <div
      {...rest}
      ref={composedRef}
      role="log"
      aria-live="off"
      aria-label={rest['aria-label'] ?? labels?.log ?? DEFAULT_TRANSCRIPT_LABELS.log}
      tabIndex={rest.tabIndex ?? 0}
      className={cx('rwc-transcript', className)}
      data-status={status}
      data-empty={entries.length === 0 ? '' : undefined}
      onScroll={handleScroll}
    >
      {entries.length === 0 ? (
        <p className="rwc-transcript__empty">{labels?.empty ?? DEFAULT_TRANSCRIPT_LABELS.empty}</p>
      ) : (
        <ol className="rwc-transcript__list">
          {entries.map((entry) => (
            <TranscriptRow
              key={entry.id}
              entry={entry}
              speaker={speakerOf(entry.role)}
              renderEntry={renderEntry}
            />
          ))}
        </ol>
      )}
      <TranscriptAnnouncer entries={entries} status={status} speakerOf={speakerOf} />
    </div>
  );
});
