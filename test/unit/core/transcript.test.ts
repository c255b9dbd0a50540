import { describe, expect, it } from 'vitest';
import type { RetellUtterance } from '../../../src/core/client.ts';
import {
  EMPTY_TRANSCRIPT,
  mergeTranscriptWindow,
  type TranscriptEntry,
  type TranscriptState,
} from '../../../src/core/transcript.ts';

const a = (content: string): RetellUtterance => ({ role: 'agent', content });
const u = (content: string): RetellUtterance => ({ role: 'user', content });

function fold(windows: RetellUtterance[][], start: TranscriptState = EMPTY_TRANSCRIPT): TranscriptState {
  return windows.reduce((state, window) => mergeTranscriptWindow(state, window), start);
}

const text = (state: TranscriptState) => state.entries.map((e) => `${e.role}:${e.content}`);

/**
 * Plays a whole conversation the way Retell streams it: every utterance grows word by word, and every
 * update carries the last `size` utterances.
 */
function stream(conversation: RetellUtterance[], size = 5): RetellUtterance[][] {
  const windows: RetellUtterance[][] = [];
  const done: RetellUtterance[] = [];
  for (const utterance of conversation) {
    const words = utterance.content.split(' ');
    for (let i = 1; i <= words.length; i++) {
      const growing = { role: utterance.role, content: words.slice(0, i).join(' ') };
      windows.push([...done, growing].slice(-size));
    }
    done.push(utterance);
  }
  return windows;
}

describe('mergeTranscriptWindow', () => {
  it('grows the last utterance in place, keeping its id', () => {
    const s1 = fold([[a('Hello')]]);
    const s2 = fold([[a('Hello there')]], s1);
    const s3 = fold([[a('Hello there, how can I help?')]], s2);
    expect(s3.entries).toEqual([{ id: 't0', role: 'agent', content: 'Hello there, how can I help?' }]);
    expect(s3.entries[0]?.id).toBe(s1.entries[0]?.id);
  });

  it('appends a new utterance when the window grows', () => {
    const state = fold([[a('Hi.')], [a('Hi.'), u('Hey')], [a('Hi.'), u('Hey, I need help')]]);
    expect(text(state)).toEqual(['agent:Hi.', 'user:Hey, I need help']);
    expect(state.entries.map((e) => e.id)).toEqual(['t0', 't1']);
  });

  it('rebuilds a long conversation exactly from sliding windows of 5', () => {
    const conversation = Array.from({ length: 40 }, (_, i) =>
      i % 2 === 0 ? a(`Agent line number ${i} with a few words`) : u(`User reply ${i} also quite long`),
    );
    const state = fold(stream(conversation));
    expect(text(state)).toEqual(conversation.map((c) => `${c.role}:${c.content}`));
    expect(new Set(state.entries.map((e) => e.id)).size).toBe(40);
  });

  it('handles repeated identical utterances (yes / okay / yes / okay …)', () => {
    const conversation = [
      a('Do you want the blue one?'),
      u('Yes'),
      a('Okay'),
      u('Yes'),
      a('Okay'),
      u('Yes'),
      a('Okay'),
      u('Yes'),
      a('Great, done.'),
    ];
    const state = fold(stream(conversation));
    expect(text(state)).toEqual(conversation.map((c) => `${c.role}:${c.content}`));
  });

  it('handles the same role speaking twice in a row (two agent utterances)', () => {
    const conversation = [a('One moment.'), a('I found your order.'), u('Great'), a('It ships today.')];
    const state = fold(stream(conversation));
    expect(text(state)).toEqual(conversation.map((c) => `${c.role}:${c.content}`));
  });

  it('handles role changes including transfer_target', () => {
    const conversation: RetellUtterance[] = [
      a('Transferring you now.'),
      { role: 'transfer_target', content: 'Hi, this is Sam from billing.' },
      u('Hi Sam'),
    ];
    const state = fold(stream(conversation));
    expect(state.entries.map((e) => e.role)).toEqual(['agent', 'transfer_target', 'user']);
  });

  it('accepts a rewrite of the newest utterance by speech recognition', () => {
    const state = fold([
      [a('Hi.'), u('I want to by')],
      [a('Hi.'), u('I want to buy a ticket')],
    ]);
    expect(text(state)).toEqual(['agent:Hi.', 'user:I want to buy a ticket']);
    const rewritten = fold([[a('Hi.'), u('I want to bye')]], state);
    expect(text(rewritten)).toEqual(['agent:Hi.', 'user:I want to bye']);
    expect(rewritten.entries[1]?.id).toBe(state.entries[1]?.id);
  });

  it('copes with skipped updates (a window that slid by two)', () => {
    const windows = [
      [a('A1'), u('U1'), a('A2'), u('U2'), a('A3')],
      // two utterances later, nothing seen in between
      [a('A2'), u('U2'), a('A3 finished.'), u('U3'), a('A4')],
    ];
    expect(text(fold(windows))).toEqual([
      'agent:A1',
      'user:U1',
      'agent:A2',
      'user:U2',
      'agent:A3 finished.',
      'user:U3',
      'agent:A4',
    ]);
  });

  it('appends a window that shares nothing with the history', () => {
    const state = fold([[a('First')], [u('Completely'), a('different')]]);
    expect(text(state)).toEqual(['agent:First', 'user:Completely', 'agent:different']);
  });

  it('mirrors a retracted utterance (the window got shorter)', () => {
    const state = fold([[a('Hi.'), u('uh')], [a('Hi.')]]);
    expect(text(state)).toEqual(['agent:Hi.']);
  });

  it('ignores malformed utterances and empty windows', () => {
    const start = fold([[a('Hello')]]);
    expect(mergeTranscriptWindow(start, [])).toBe(start);
    expect(mergeTranscriptWindow(start, [null, 3, { role: 'agent' }] as unknown[])).toBe(start);
    const state = mergeTranscriptWindow(start, [
      a('Hello'),
      { role: 'user', content: 7 },
      u('Yo'),
    ] as unknown[]);
    expect(text(state)).toEqual(['agent:Hello', 'user:Yo']);
  });

  it('returns the same state when nothing changed, and keeps identity of unchanged entries', () => {
    const s1 = fold([[a('Hi.'), u('Hello')]]);
    expect(mergeTranscriptWindow(s1, [a('Hi.'), u('Hello')])).toBe(s1);
    const s2 = mergeTranscriptWindow(s1, [a('Hi.'), u('Hello there')]);
    expect(s2.entries).not.toBe(s1.entries);
    expect(s2.entries[0]).toBe(s1.entries[0]);
    expect(s2.entries[1]).not.toBe(s1.entries[1]);
  });

  it('never reads entries older than the previous window (cost independent of history length)', () => {
    const conversation = Array.from({ length: 1100 }, (_, i) =>
      i % 2 ? u(`user ${i} says`) : a(`agent ${i} says`),
    );
    const windows = stream(conversation);
    const firstThousand = stream(conversation.slice(0, 1000)).length;
    let state = fold(windows.slice(0, firstThousand));
    // Booby-trap every entry before the current window: reading its role or content counts.
    let reads = 0;
    const entries = state.entries.map((entry, index) => {
      if (index >= state.windowStart) return entry;
      const trapped = { id: entry.id } as TranscriptEntry;
      const counted = <T>(value: T) => ({
        enumerable: true,
        get: () => {
          reads++;
          return value;
        },
      });
      Object.defineProperty(trapped, 'role', counted(entry.role));
      Object.defineProperty(trapped, 'content', counted(entry.content));
      return trapped;
    });
    state = fold(windows.slice(firstThousand), { ...state, entries });
    expect(reads).toBe(0);
    expect(state.entries).toHaveLength(1100);
    expect(text(state).slice(-3)).toEqual(conversation.slice(-3).map((c) => `${c.role}:${c.content}`));
  });
});
