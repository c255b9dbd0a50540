import { describe, expect, it } from 'vitest';
import { CALL_TRANSITIONS } from '../../../src/core/callPhase.ts';
import { TRANSITIONS_BEFORE_ENGINE } from '../../../src/core/store.ts';

describe('the transitions a store takes before the call engine loads', () => {
  it('are the requesting row of the transition table, without prepared (which only the engine sends)', () => {
    const { prepared, ...beforeEngine } = CALL_TRANSITIONS.requesting;
    expect(prepared).toBe('connecting');
    expect(TRANSITIONS_BEFORE_ENGINE).toEqual(beforeEngine);
  });
});
