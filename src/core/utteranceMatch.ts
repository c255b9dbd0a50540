/**
 * How two texts of the same speaker relate, for the transcript merge: could they be one utterance seen at
 * two moments (growing word by word, finalised by speech recognition, one word corrected)?
 *
 * - `same`: identical strings.
 * - `rewrite`: equal after lowercasing and dropping punctuation, or one grew out of the other (also inside
 *   its last word), or one word differs; with at least one word that agrees.
 * - `weak`: allowed by those rules but without a single agreeing word (an empty text, or a one-word text
 *   that was corrected): no evidence either way.
 * - `unrelated`: more than one word differs.
 */
export type UtteranceMatch = 'same' | 'rewrite' | 'weak' | 'unrelated';

/** Lowercase words without punctuation: "Yes, I'm here." → ["yes", "im", "here"]. */
export function normalizedWords(text: string): string[] {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]+/gu, '')
    .split(/\s+/u)
    .filter((word) => word.length > 0);
}

/**
 * Compares two texts given with their {@link normalizedWords}. Only the words both texts have so far are
 * compared, so growth in either direction is allowed; the last of those may be a word still being spoken
 * ("hel" → "hello").
 */
export function matchUtterances(
  before: string,
  beforeWords: readonly string[],
  after: string,
  afterWords: readonly string[],
): UtteranceMatch {
  if (before === after) return 'same';
  const common = Math.min(beforeWords.length, afterWords.length);
  let agree = 0;
  let differ = 0;
  for (let i = 0; i < common; i++) {
    const x = beforeWords[i] as string;
    const y = afterWords[i] as string;
    if (x === y || (i === common - 1 && (x.startsWith(y) || y.startsWith(x)))) agree++;
    else if (++differ > 1) return 'unrelated';
  }
  return agree > 0 ? 'rewrite' : 'weak';
}
