import type { RetellUtterance } from './client.ts';

/**
 * Who said a transcript entry.
 *
 * @example
 * ```ts
 * const isAgent = (role: TranscriptRole) => role === 'agent';
 * ```
 */
export type TranscriptRole = 'agent' | 'user' | 'transfer_target' | (string & {});

/**
 * One utterance of the merged transcript. `id` is stable for the life of the call: the entry keeps it while
 * its `content` grows, so it is a good React `key`.
 *
 * @example
 * ```tsx
 * const transcript = useTranscript();
 * transcript.map((entry: TranscriptEntry) => <p key={entry.id}>{entry.role}: {entry.content}</p>);
 * ```
 */
export interface TranscriptEntry {
  readonly id: string;
  readonly role: TranscriptRole;
  readonly content: string;
}

/**
 * The merge state: the full history plus where Retell's last window started in it. Treat as opaque; read
 * `entries`.
 *
 * @example
 * ```ts
 * const state: TranscriptState = mergeTranscriptWindow(EMPTY_TRANSCRIPT, event.transcript ?? []);
 * console.log(state.entries);
 * ```
 */
export interface TranscriptState {
  readonly entries: readonly TranscriptEntry[];
  /** Index in `entries` of the first utterance of the last window. */
  readonly windowStart: number;
  /** Number of entries ever created; the source of ids. */
  readonly created: number;
}

/**
 * The state before the first `update`.
 *
 * @example
 * ```ts
 * let state = EMPTY_TRANSCRIPT;
 * state = mergeTranscriptWindow(state, [{ role: 'user', content: 'Hello?' }]);
 * ```
 */
export const EMPTY_TRANSCRIPT: TranscriptState = { entries: [], windowStart: 0, created: 0 };

function isUtterance(value: unknown): value is RetellUtterance {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as RetellUtterance).role === 'string' &&
    typeof (value as RetellUtterance).content === 'string'
  );
}

/** Same text, or one grew out of the other (a window can carry the final words of the previous utterance). */
function compatible(a: string, b: string): boolean {
  return a === b || a.startsWith(b) || b.startsWith(a);
}

/**
 * Finds how far the new window slid past the previous one: the smallest shift `d` (0…previous length) at
 * which every overlapping utterance has the same role and compatible text. The newest history entry only
 * needs the same role, since it is the one that grows (and ASR may rewrite it). Falls back to roles alone,
 * then to "all new". Looks only at the previous window: O(window²), independent of history length.
 */
function findShift(state: TranscriptState, window: readonly RetellUtterance[], strictText: boolean): number {
  const { entries, windowStart } = state;
  const last = entries.length - 1;
  const previous = entries.length - windowStart;
  for (let shift = 0; shift < previous; shift++) {
    const overlap = Math.min(previous - shift, window.length);
    let matches = true;
    for (let i = 0; i < overlap && matches; i++) {
      const index = windowStart + shift + i;
      const entry = entries[index] as TranscriptEntry;
      const utterance = window[i] as RetellUtterance;
      matches =
        entry.role === utterance.role &&
        (!strictText || index === last || compatible(entry.content, utterance.content));
    }
    if (matches) return shift;
  }
  return -1;
}

/**
 * Folds one Retell `update` window (the last ≤ ~5 utterances, the newest growing in place, no ids) into the
 * full transcript. Entries that did not change keep their object identity, and an update that changes
 * nothing returns `state` itself, so memoised rows and selectors skip work. Only the previous window is
 * examined; older history is never read.
 *
 * @example
 * ```ts
 * let state = EMPTY_TRANSCRIPT;
 * state = mergeTranscriptWindow(state, [{ role: 'agent', content: 'Hi' }]);
 * state = mergeTranscriptWindow(state, [{ role: 'agent', content: 'Hi there!' }]);
 * state.entries; // [{ id: 't0', role: 'agent', content: 'Hi there!' }]
 * ```
 */
export function mergeTranscriptWindow(
  state: TranscriptState,
  transcript: readonly unknown[],
): TranscriptState {
  const window = transcript.filter(isUtterance);
  if (window.length === 0) return state;

  const { entries } = state;
  let shift = findShift(state, window, true);
  if (shift < 0) shift = findShift(state, window, false);
  if (shift < 0) shift = entries.length - state.windowStart;
  const start = state.windowStart + shift;
  const end = start + window.length;

  let next: TranscriptEntry[] | undefined;
  let created = state.created;
  for (let i = 0; i < window.length; i++) {
    const utterance = window[i] as RetellUtterance;
    const index = start + i;
    const existing = entries[index];
    if (existing && existing.role === utterance.role && existing.content === utterance.content) continue;
    next ??= entries.slice(0, Math.min(entries.length, end));
    next[index] = {
      id: existing ? existing.id : `t${created++}`,
      role: utterance.role,
      content: utterance.content,
    };
  }
  // A window shorter than the history after its start means Retell retracted an utterance: mirror it.
  if (!next && entries.length > end) next = entries.slice(0, end);
  if (!next && start === state.windowStart) return state;
  return { entries: next ?? entries, windowStart: start, created };
}
