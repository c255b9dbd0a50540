import { afterEach, describe, expect, it, vi } from 'vitest';
import { prefersSavingData } from '../../../src/react/internal/whenVisibleAndIdle.ts';

describe('prefersSavingData', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('is true only when navigator.connection.saveData is true', () => {
    const cases: Array<[unknown, boolean]> = [
      [{ connection: { saveData: true } }, true],
      [{ connection: { saveData: false } }, false],
      [{ connection: {} }, false],
      [{}, false],
    ];
    for (const [value, expected] of cases) {
      vi.stubGlobal('navigator', value);
      expect(prefersSavingData()).toBe(expected);
    }
  });

  it('is false, without throwing, where there is no navigator (a server)', () => {
    vi.stubGlobal('navigator', undefined);
    expect(prefersSavingData()).toBe(false);
    // No binding at all, as on a server: a bare `navigator` would throw a ReferenceError here.
    const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
    Reflect.deleteProperty(globalThis, 'navigator');
    try {
      expect('navigator' in globalThis).toBe(false);
      expect(prefersSavingData()).toBe(false);
    } finally {
      if (descriptor) Object.defineProperty(globalThis, 'navigator', descriptor);
    }
  });
});
