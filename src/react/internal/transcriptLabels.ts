/*
 * The labels of `Transcript`, apart from the component: `CallPanel`'s placeholder for the transcript (shown
 * until the call-time parts load) needs them without the component.
 */

/**
 * Labels of {@link Transcript}: speaker names per role, the empty state and the log's name.
 *
 * @example
 * ```tsx
 * const labels: Partial<TranscriptLabels> = { agent: 'Assistant', user: 'Moi', empty: 'Dites bonjour !' };
 * <Transcript labels={labels} />
 * ```
 */
export interface TranscriptLabels {
  /** @defaultValue 'Agent' */
  agent: string;
  /** @defaultValue 'You' */
  user: string;
  /** @defaultValue 'Transfer' */
  transfer_target: string;
  /** Shown before the first utterance. @defaultValue 'The conversation will appear here.' */
  empty: string;
  /** Accessible name of the log. @defaultValue 'Transcript' */
  log: string;
}

/**
 * The English defaults of {@link TranscriptLabels}.
 *
 * @example
 * ```tsx
 * <Transcript labels={{ ...DEFAULT_TRANSCRIPT_LABELS, agent: 'Support' }} />
 * ```
 */
export const DEFAULT_TRANSCRIPT_LABELS: Readonly<TranscriptLabels> = {
  agent: 'Agent',
  user: 'You',
  transfer_target: 'Transfer',
  empty: 'The conversation will appear here.',
  log: 'Transcript',
};
