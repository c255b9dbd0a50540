import type { RetellUtterance } from './client.ts';
import { matchUtterances, normalizedWords, type UtteranceMatch } from './utteranceMatch.ts';

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
 * The merge state of a transcript: read `entries` (the full history, stable ids). The rest is private to
 * {@link mergeTranscriptWindow}: make states only with {@link EMPTY_TRANSCRIPT} and `mergeTranscriptWindow`.
 *
 * @example
 * ```ts
 * const state: TranscriptState = mergeTranscriptWindow(EMPTY_TRANSCRIPT, event.transcript ?? []);
 * console.log(state.entries);
 * ```
 */
export interface TranscriptState {
  readonly entries: readonly TranscriptEntry[];
}

/**
 * What a {@link TranscriptState} holds besides `entries`.
 * @internal
 */
export interface TranscriptMergeState extends TranscriptState {
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
export const EMPTY_TRANSCRIPT: TranscriptState = {
  entries: [],
  windowStart: 0,
  created: 0,
} as TranscriptMergeState;

/**
 * The private side of a state made by {@link EMPTY_TRANSCRIPT} or {@link mergeTranscriptWindow}; a
 * `TypeError` for anything else (a hand-made `{ entries }` has no window to merge into).
 *
 * @example
 * ```ts
 * mergeStateOf(EMPTY_TRANSCRIPT).windowStart; // 0
 * ```
 * @internal
 */
export function mergeStateOf(state: TranscriptState): TranscriptMergeState {
  const candidate = state as Partial<TranscriptMergeState> | null;
  if (
    !Array.isArray(candidate?.entries) ||
    !Number.isInteger(candidate.windowStart) ||
    !Number.isInteger(candidate.created)
  ) {
    throw new TypeError(
      'Expected a TranscriptState made by EMPTY_TRANSCRIPT or mergeTranscriptWindow, got ' +
        (candidate === null || typeof candidate !== 'object' ? String(candidate) : 'another object'),
    );
  }
  return candidate as TranscriptMergeState;
}

function isUtterance(value: unknown): value is RetellUtterance {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as RetellUtterance).role === 'string' &&
    typeof (value as RetellUtterance).content === 'string'
  );
}

/**
 * Evidence that a history entry and a window utterance are one utterance, by how their texts match: word for
 * word beats a rewrite; a changed text without a shared word costs a little (a one-word utterance that
 * recognition corrected looks like that); the same speaker saying other words costs more (except for the
 * newest utterance, see `align`). Roles alone never win over "all new" (score 0).
 */
const PAIR_SCORE: Readonly<Record<UtteranceMatch, number>> = { same: 3, rewrite: 1, weak: -1, unrelated: -3 };

interface Utterances {
  readonly roles: readonly string[];
  readonly texts: readonly string[];
  readonly words: readonly (readonly string[])[];
}

function readUtterances(utterances: readonly { role: string; content: string }[]): Utterances {
  const roles: string[] = [];
  const texts: string[] = [];
  const words: string[][] = [];
  for (const { role, content } of utterances) {
    roles.push(role);
    texts.push(content);
    words.push(normalizedWords(content));
  }
  return { roles, texts, words };
}

interface Alignment {
  /** Where `window[0]` lands in the previous window; its length means "all new". */
  readonly shift: number;
  /** Sum of {@link PAIR_SCORE} over the overlapping utterances. */
  readonly score: number;
  /** Overlapping utterances whose text changed. */
  readonly changes: number;
  /** Every overlapping utterance is the same text or a rewrite of it. */
  readonly backedByText: boolean;
}

/** Scores putting `window[0]` at `previous[shift]`; `null` when a speaker differs. */
function align(previous: Utterances, window: Utterances, shift: number): Alignment | null {
  const overlap = Math.min(previous.roles.length - shift, window.roles.length);
  let score = 0;
  let changes = 0;
  let backedByText = true;
  for (let i = 0; i < overlap; i++) {
    const j = shift + i;
    if (previous.roles[j] !== window.roles[i]) return null;
    const match = matchUtterances(
      previous.texts[j] as string,
      previous.words[j] as readonly string[],
      window.texts[i] as string,
      window.words[i] as readonly string[],
    );
    // The newest utterance is the one recognition still revises freely: other words there cost only a little.
    score += match === 'unrelated' && j === previous.roles.length - 1 ? PAIR_SCORE.weak : PAIR_SCORE[match];
    if (match !== 'same') changes++;
    if (match !== 'same' && match !== 'rewrite') backedByText = false;
  }
  return { shift, score, changes, backedByText };
}

/** Higher score, then fewer rewritten utterances, then the smaller shift (skipped updates are the exception). */
function better(a: Alignment, b: Alignment): boolean {
  if (a.score !== b.score) return a.score > b.score;
  if (a.changes !== b.changes) return a.changes < b.changes;
  return a.shift < b.shift;
}

/**
 * How far the window slid past the previous one, in `0…previous length` (the latter: all new). Every shift is
 * scored and the best wins (never the first that passes). A shift that would drop history (the window ends
 * before the history does: Retell retracted an utterance) must have text behind every overlapping utterance
 * and a strictly higher score than every shift that keeps history and every other shift that drops it.
 */
function findShift(previous: Utterances, window: Utterances): number {
  const length = previous.roles.length;
  let keep: Alignment = { shift: length, score: 0, changes: 0, backedByText: true };
  let drop: Alignment | null = null;
  let dropTied = false;
  for (let shift = 0; shift < length; shift++) {
    const candidate = align(previous, window, shift);
    if (!candidate) continue;
    if (shift + window.roles.length >= length) {
      if (better(candidate, keep)) keep = candidate;
    } else if (candidate.backedByText) {
      if (!drop || candidate.score > drop.score) {
        drop = candidate;
        dropTied = false;
      } else if (candidate.score === drop.score) dropTied = true;
    }
  }
  return drop && !dropTied && drop.score > keep.score ? drop.shift : keep.shift;
}

/**
 * Folds one Retell `update` window (the last ≤ ~5 utterances, the newest growing in place, no ids) into the
 * full transcript.
 *
 * Every possible slide of the window over the previous one is scored and the best wins: an utterance with the
 * same text counts most, a rewrite (the same words after lowercasing and dropping punctuation, grown, or one
 * word corrected) less, the same speaker with other words counts against. So an earlier utterance that
 * speech recognition finalises ("yes i am here" → "Yes, I am here.") stays one entry and keeps its id.
 * History is dropped (Retell retracted an utterance) only when text backs every overlapping utterance and no
 * alignment that keeps history scores as well; the speakers alone never drop or replace history. Where two
 * windows truly fit two conversations (skipped updates over repeated short answers), a wrong guess never
 * changes history before the previous window: at worst an utterance in play is merged into, or repeated
 * next to, a neighbour.
 *
 * Cost: only the previous window is read, each entry once (older history never), and scoring compares
 * O(window²) utterance pairs. An update that changes something makes one O(n) shallow copy of the list, so
 * `entries` stays a plain readonly array; entries that did not change keep their object identity, and an
 * update that changes nothing returns `state` itself, so memoised rows and selectors skip work.
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
  const merge = mergeStateOf(state);
  const utterances = transcript.filter(isUtterance);
  if (utterances.length === 0) return state;

  const { entries, windowStart } = merge;
  // The only reads of history: the previous window, each entry once.
  const previousEntries = entries.slice(windowStart);
  const previous = readUtterances(previousEntries);
  const window = readUtterances(utterances);
  const start = windowStart + findShift(previous, window);
  const end = start + utterances.length;

  let next: TranscriptEntry[] | undefined;
  let created = merge.created;
  for (let i = 0; i < utterances.length; i++) {
    const index = start + i;
    const existing =
      index < entries.length ? (previousEntries[index - windowStart] as TranscriptEntry) : null;
    const role = window.roles[i] as string;
    const content = window.texts[i] as string;
    if (existing && previous.texts[index - windowStart] === content) continue;
    next ??= entries.slice(0, Math.min(entries.length, end));
    next[index] = { id: existing ? existing.id : `t${created++}`, role, content };
  }
  if (!next && entries.length > end) next = entries.slice(0, end);
  if (!next && start === windowStart) return state;
  const merged: TranscriptMergeState = { entries: next ?? entries, windowStart: start, created };
  return merged;
}
