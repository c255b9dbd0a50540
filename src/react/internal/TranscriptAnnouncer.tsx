'use client';
import { useEffect, useRef, useState } from 'react';
import type { CallStatus } from '../../core/store.ts';
import type { TranscriptEntry } from '../../core/transcript.ts';
import { VISUALLY_HIDDEN } from './visuallyHidden.ts';

/** Finished utterances kept in the live region; older ones leave it silently (removals are not read). */
const KEPT = 3;

const NONE: readonly TranscriptEntry[] = [];

/**
 * The utterances to announce, each once, when it is finished: when a newer utterance follows it, or when the
 * call is no longer `ongoing`. The text is the one it had when it finished; a later rewrite by speech
 * recognition (same id) is not announced again. History already finished when this mounts is not read out.
 */
function useFinishedUtterances(entries: readonly TranscriptEntry[], status: CallStatus) {
  const [finished, setFinished] = useState(NONE);
  const announced = useRef<Set<string> | null>(null);
  useEffect(() => {
    if (entries.length === 0 || status === 'requesting' || status === 'connecting') {
      // A new call (its ids start again) or none yet.
      announced.current = new Set();
      setFinished(NONE);
      return;
    }
    const done = status === 'ongoing' ? entries.length - 1 : entries.length;
    const seen = announced.current;
    if (seen === null) {
      announced.current = new Set(entries.slice(0, done).map((entry) => entry.id));
      return;
    }
    // Announced entries are a prefix of the list: walk back from the newest finished one to the first seen.
    const fresh: TranscriptEntry[] = [];
    for (let i = done - 1; i >= 0; i--) {
      const entry = entries[i] as TranscriptEntry;
      if (seen.has(entry.id)) break;
      fresh.unshift(entry);
    }
    if (fresh.length === 0) return;
    for (const entry of fresh) seen.add(entry.id);
    setFinished((previous) => [...previous, ...fresh].slice(-KEPT));
  }, [entries, status]);
  return finished;
}

/**
 * A visually hidden polite live region for {@link Transcript}: it receives each utterance once, when it is
 * finished, as "Speaker: words", so a screen reader reads whole utterances instead of every growing word.
 * @internal
 */
export function TranscriptAnnouncer({
  entries,
  status,
  speakerOf,
}: {
  entries: readonly TranscriptEntry[];
  status: CallStatus;
  speakerOf: (role: string) => string;
}) {
  const finished = useFinishedUtterances(entries, status);
  return (
    <div
      className="rwc-transcript__announcer"
      style={VISUALLY_HIDDEN}
      aria-live="polite"
      aria-atomic="false"
      aria-relevant="additions"
    >
      {finished.map((entry) => (
        <p key={entry.id}>
          {speakerOf(entry.role)}: {entry.content}
        </p>
      ))}
    </div>
  );
}
