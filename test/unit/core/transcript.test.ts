import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RetellUtterance } from '../../../src/core/client.ts';
import {
  EMPTY_TRANSCRIPT,
  mergeStateOf,
  mergeTranscriptWindow,
  type TranscriptEntry,
  type TranscriptState,
} from '../../../src/core/transcript.ts';
import { matchUtterances, normalizedWords } from '../../../src/core/utteranceMatch.ts';

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

  it('keeps one entry for an earlier utterance that speech recognition finalised (issue 9: 5 instead of 3)', () => {
    const before = fold([[a('Hello'), u('yes i am here'), a('Great')]]);
    const after = mergeTranscriptWindow(before, [a('Hello'), u('Yes, I am here.'), a('Great, let')]);
    expect(text(after)).toEqual(['agent:Hello', 'user:Yes, I am here.', 'agent:Great, let']);
    expect(after.entries.map((e) => e.id)).toEqual(before.entries.map((e) => e.id));
  });

  it('never truncates history on roles alone (issue 9: [A1,U1,A2,U2,A3] then [U "new"])', () => {
    const before = fold([[a('A1'), u('U1'), a('A2'), u('U2'), a('A3')]]);
    const after = mergeTranscriptWindow(before, [u('new')]);
    expect(text(after)).toEqual(['agent:A1', 'user:U1', 'agent:A2', 'user:U2', 'agent:A3', 'user:new']);
  });

  it('keeps the id of a finalised utterance and treats normalised growth as the same utterance', () => {
    const before = fold([[a('Hi, who is calling?'), u('yes i')]]);
    const after = fold(
      [
        [a('Hi, who is calling?'), u('yes i am'), a('Okay')],
        [a('Hi, who is calling?'), u('Yes, I am Sam.'), a('Okay, Sam')],
      ],
      before,
    );
    expect(text(after)).toEqual(['agent:Hi, who is calling?', 'user:Yes, I am Sam.', 'agent:Okay, Sam']);
    expect(after.entries[1]?.id).toBe(before.entries[1]?.id);
  });

  it('aligns an earlier rewrite with one word corrected while the window slides', () => {
    const state = fold([
      [a('A1'), u('i want to by a ticket'), a('Which one?')],
      [a('A1'), u('I want to buy a ticket.'), a('Which one?'), u('The red')],
    ]);
    expect(text(state)).toEqual([
      'agent:A1',
      'user:I want to buy a ticket.',
      'agent:Which one?',
      'user:The red',
    ]);
  });

  it('keeps aligning when the newest utterance is rewritten beyond one word and the rest match', () => {
    const state = fold([
      [a('What would you like?'), u('ice cream')],
      [a('What would you like?'), u('I scream please')],
    ]);
    expect(text(state)).toEqual(['agent:What would you like?', 'user:I scream please']);
  });

  it('grows inside a word ("hel" → "hello")', () => {
    const state = fold([
      [a('Hi.'), u('hel')],
      [a('Hi.'), u('Hello there')],
    ]);
    expect(text(state)).toEqual(['agent:Hi.', 'user:Hello there']);
  });

  it('does not truncate when a shorter window also fits the end of the history', () => {
    const before = fold([[a('Okay.'), u('Yes.'), a('Okay.')]]);
    const after = mergeTranscriptWindow(before, [a('Okay.')]);
    expect(after.entries).toBe(before.entries);
  });

  it('prefers the alignment that needs fewer rewrites over the one with more overlap (found by fast-check)', () => {
    // Same speaker five times; "by" was finalised to "Yes." during two skipped updates.
    const state = fold([
      [a('I.'), a('Yes.'), a('by')],
      [a('Yes.'), a('Yes.'), a('Yes.'), a('Red.'), a('A.')],
    ]);
    expect(text(state)).toEqual([
      'agent:I.',
      'agent:Yes.',
      'agent:Yes.',
      'agent:Yes.',
      'agent:Red.',
      'agent:A.',
    ]);
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
      if (index >= mergeStateOf(state).windowStart) return entry;
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

  it('reads each entry of the previous window once per update and copies the list once per change', () => {
    const conversation = (n: number) =>
      Array.from({ length: n }, (_, i) => (i % 2 ? u(`user ${i} says yes`) : a(`agent ${i} says okay`)));
    /** Counts reads of entries' role/content, and of array slots, over the windows that follow `history`. */
    function measure(historyLength: number) {
      const windows = stream(conversation(historyLength + 20));
      const split = stream(conversation(historyLength)).length;
      let state = fold(windows.slice(0, split));
      const perUpdate: { entryReads: number; slotReads: number; changed: boolean; window: number }[] = [];
      for (const window of windows.slice(split)) {
        let entryReads = 0;
        let slotReads = 0;
        const trapped = state.entries.map((entry) => {
          const copy = { id: entry.id } as TranscriptEntry;
          for (const key of ['role', 'content'] as const) {
            Object.defineProperty(copy, key, {
              enumerable: true,
              get: () => {
                entryReads++;
                return entry[key];
              },
            });
          }
          return copy;
        });
        const entries = new Proxy(trapped, {
          get(target, key, receiver) {
            if (typeof key === 'string' && /^\d+$/.test(key)) slotReads++;
            return Reflect.get(target, key, receiver);
          },
        });
        const previousWindow = state.entries.length - mergeStateOf(state).windowStart;
        const next = mergeTranscriptWindow({ ...state, entries }, window);
        perUpdate.push({
          entryReads,
          slotReads,
          changed: next.entries !== entries,
          window: previousWindow,
        });
        // Continue from untrapped entries so the next update is measured on its own.
        state = {
          ...next,
          entries: next.entries.map((e) => ({ id: e.id, role: e.role, content: e.content })),
        };
      }
      return perUpdate;
    }
    for (const historyLength of [10, 1000]) {
      const updates = measure(historyLength);
      for (const { entryReads, slotReads, changed, window } of updates) {
        // role + content of each previous-window entry, once: O(window), whatever the history length.
        expect(entryReads).toBe(2 * window);
        // The previous window's slots, plus one shallow copy of the list when something changed.
        expect(slotReads).toBeLessThanOrEqual(window + (changed ? historyLength + 20 : 0));
      }
      expect(updates.every((x) => x.changed)).toBe(true);
    }
    // Unchanged update: no copy at all.
    const state = fold([[a('Hi.'), u('Hello')]]);
    let slotReads = 0;
    const entries = new Proxy([...state.entries], {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) slotReads++;
        return Reflect.get(target, key, receiver);
      },
    });
    const same = { ...state, entries };
    expect(mergeTranscriptWindow(same, [a('Hi.'), u('Hello')])).toBe(same);
    expect(slotReads).toBe(2);
  });
});

describe('matchUtterances', () => {
  const match = (before: string, after: string) =>
    matchUtterances(before, normalizedWords(before), after, normalizedWords(after));

  it.each([
    ['Yes.', 'Yes.', 'same'],
    ['yes i am here', 'Yes, I am here.', 'rewrite'],
    ['I’m here', 'im here', 'rewrite'],
    ['Great', 'Great, let', 'rewrite'],
    ['Great, let me check', 'Great', 'rewrite'],
    ['hel', 'Hello there', 'rewrite'],
    ['i want to by', 'I want to buy a ticket.', 'rewrite'],
    ['by', 'Buy.', 'weak'],
    ['', 'Hello', 'weak'],
    ['ice cream', 'I scream please', 'unrelated'],
    ['U1', 'new', 'weak'],
    ['Yes, I would', 'No, you could', 'unrelated'],
  ] as const)('%j then %j: %s', (before, after, expected) => {
    expect(match(before, after)).toBe(expected);
  });
});

describe('TranscriptState is opaque', () => {
  it('shows only entries in its public type', () => {
    const state = mergeTranscriptWindow(EMPTY_TRANSCRIPT, [a('Hi')]);
    expect(state.entries.map((e) => e.content)).toEqual(['Hi']);
    // @ts-expect-error the merge bookkeeping is not part of the public type
    void state.windowStart;
    // @ts-expect-error nor is the id counter
    void state.created;
  });

  it('rejects a hand-made state with a TypeError that says what to use instead', () => {
    const handMade = { entries: [{ id: 'x', role: 'agent', content: 'Hi' }] } as TranscriptState;
    expect(() => mergeTranscriptWindow(handMade, [a('Hi there')])).toThrow(
      new TypeError(
        'Expected a TranscriptState made by EMPTY_TRANSCRIPT or mergeTranscriptWindow, got another object',
      ),
    );
    expect(() => mergeTranscriptWindow(null as never, [])).toThrow(/got null$/);
    // fast-check's counterexample against a check that came after the empty-window shortcut: an empty
    // window must not let a foreign state through either.
    expect(() => mergeTranscriptWindow({} as TranscriptState, [])).toThrow(TypeError);
  });

  it('throws a TypeError for anything that is not a state it made, whatever the window', () => {
    const isMergeState = (value: unknown) => {
      const v = value as { entries?: unknown; windowStart?: unknown; created?: unknown } | null;
      return Array.isArray(v?.entries) && Number.isInteger(v?.windowStart) && Number.isInteger(v?.created);
    };
    const candidates = fc.oneof(
      fc.anything(),
      fc.record(
        { entries: fc.anything(), windowStart: fc.anything(), created: fc.anything() },
        { requiredKeys: [] },
      ),
    );
    const windows = fc.array(fc.record({ role: fc.constantFrom('agent', 'user'), content: fc.string() }), {
      maxLength: 3,
    });
    fc.assert(
      fc.property(
        candidates.filter((value) => !isMergeState(value)),
        windows,
        (candidate, window) => {
          expect(() => mergeTranscriptWindow(candidate as TranscriptState, window)).toThrow(
            /^Expected a TranscriptState made by EMPTY_TRANSCRIPT or mergeTranscriptWindow/,
          );
        },
      ),
    );
  });
});
