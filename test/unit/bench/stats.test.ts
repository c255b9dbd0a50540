import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: plain JavaScript module of the bench runner, no types
import { formatSummary, ratioOf, slope, summarize, textTable } from '../../../bench/lib/stats.mjs';

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true });

describe('bench stats', () => {
  it('summarize: the median of sorted samples, with min, max and count; junk dropped', () => {
    expect(summarize([5, 1, 3])).toEqual({ median: 3, min: 1, max: 5, n: 3 });
    expect(summarize([4, 1, 3, 2])).toEqual({ median: 2.5, min: 1, max: 4, n: 4 });
    expect(summarize([null, Number.NaN, 7])).toEqual({ median: 7, min: 7, max: 7, n: 1 });
    expect(summarize([])).toBeNull();
  });

  it('summarize: min ≤ median ≤ max, and at least half the samples on each side (property)', () => {
    fc.assert(
      fc.property(fc.array(finite, { minLength: 1, maxLength: 40 }), (values) => {
        const s = summarize(values);
        expect(s.n).toBe(values.length);
        expect(s.min).toBeLessThanOrEqual(s.median);
        expect(s.median).toBeLessThanOrEqual(s.max);
        expect(values.filter((v) => v <= s.median).length * 2).toBeGreaterThanOrEqual(values.length);
        expect(values.filter((v) => v >= s.median).length * 2).toBeGreaterThanOrEqual(values.length);
      }),
      { seed },
    );
  });

  it('slope: recovers the coefficient of a line (bytes per cycle), null without two points', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e4, max: 1e4, noNaN: true }),
        finite,
        fc.integer({ min: 2, max: 100 }),
        (a, b, n) => {
          const xs = Array.from({ length: n }, (_, i) => i + 101);
          expect(
            slope(
              xs,
              xs.map((x) => a * x + b),
            ),
          ).toBeCloseTo(a, 3);
        },
      ),
      { seed },
    );
    expect(slope([1], [1])).toBeNull();
    expect(slope([2, 2], [1, 5])).toBeNull();
  });

  it('formats median [min–max], ratios and a text table', () => {
    expect(formatSummary({ median: 89.4, min: 71, max: 104.2, n: 5 })).toBe('89 [71–104]');
    expect(formatSummary({ median: 0, min: 0, max: 0, n: 1 }, 2)).toBe('0.00');
    expect(formatSummary(null)).toBe('–');
    expect(ratioOf({ median: 89 }, { median: 141 })).toBe(0.63);
    expect(ratioOf({ median: 1 }, { median: 0 })).toBeNull();
    expect(textTable(['a', 'bb'], [['x', 1]]).split('\n')).toEqual(['a | bb', '--|---', 'x | 1 ']);
  });
});
