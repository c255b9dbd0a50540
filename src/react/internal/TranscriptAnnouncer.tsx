'use client';
import { useState } from 'react';
import type { CallStatus } from '../../core/store.ts';
import type { TranscriptEntry } from '../../core/transcript.ts';
import { ANNOUNCER_REGION } from './visuallyHidden.ts';

/** Finished utterances kept in the live region; older ones leave it silently (removals are not read). */
const KEPT = 3;

const NONE: readonly TranscriptEntry[] = [];

/**
 * The utterances to announce, each once, when it is finished: when a newer utterance follows it, or when the
 * call is no longer `ongoing`. The text is the one it had when it finished; a later rewrite by speech
 * recognition (same id) is not announced again. History already finished when this mounts is not read out.
 */
interface Announced {
  entries: readonly TranscriptEntry[];
  status: CallStatus;
  /** Ids already announced (or present when the announcer mounted); null until the first entries. */
  seen: ReadonlySet<string> | null;
  /** The last few finished utterances, newest last: the live region's content. */
  finished: readonly TranscriptEntry[];
}

/** The next announcer state for `entries` and `status`; a pure function of its inputs. */
function announce(previous: Announced, entries: readonly TranscriptEntry[], status: CallStatus): Announced {
  if (entries.length === 0 || status === 'requesting' || status === 'connecting') {
    // A new call (its ids start again) or none yet.
    return { entries, status, seen: new Set(), finished: NONE };
  }
  const done = status === 'ongoing' ? entries.length - 1 : entries.length;
  const seen = previous.seen;
  if (seen === null) {
    return {
      entries,
      status,
      seen: new Set(entries.slice(0, done).map((entry) => entry.id)),
      finished: NONE,
    };
  }
  // Announced entries are a prefix of the list: walk back from the newest finished one to the first seen.
  const fresh: TranscriptEntry[] = [];
  for (let i = done - 1; i >= 0; i--) {
    const entry = entries[i] as TranscriptEntry;
    if (seen.has(entry.id)) break;
    fresh.unshift(entry);
  }
  if (fresh.length === 0) return { ...previous, entries, status };
  return {
    entries,
    status,
    seen: new Set([...seen, ...fresh.map((entry) => entry.id)]),
    finished: [...previous.finished, ...fresh].slice(-KEPT),
  };
}

/**
 * The utterances to announce. Derived while rendering (React's "state from the previous render" pattern),
 * not in an effect: a transcript update costs one commit, not two.
 */
function useFinishedUtterances(entries: readonly TranscriptEntry[], status: CallStatus) {
  const [state, setState] = useState<Announced>(() =>
    announce({ entries, status, seen: null, finished: NONE }, entries, status),
  );
  if (state.entries !== entries || state.status !== status) {
    const next = announce(state, entries, status);
    setState(next);
    return next.finished;
  }
  return state.finished;
}

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
    <div {...ANNOUNCER_REGION}>
      {finished.map((entry) => (
        <p key={entry.id}>
          {speakerOf(entry.role)}: {entry.content}
        </p>
      ))}
    </div>
  );
}
