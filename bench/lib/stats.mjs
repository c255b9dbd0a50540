// Small, pure helpers for the bench table (unit-tested in test/unit/bench/stats.test.ts).

/** Median, min and max of a list of numbers (nulls and NaN dropped); null when nothing is left. */
export function summarize(values) {
  const sorted = values.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted.at(-1), n: sorted.length };
}

/** Least-squares slope of ys over xs (e.g. bytes of heap per cycle); null with fewer than 2 points. */
export function slope(xs, ys) {
  const n = Math.min(xs.length, ys.length);
  if (n < 2) return null;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    sx += xs[i];
    sy += ys[i];
  }
  const mx = sx / n;
  const my = sy / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return den === 0 ? null : num / den;
}

/** "89 [71–104]" with `digits` decimals; "–" for no data. */
export function formatSummary(summary, digits = 0, unit = '') {
  if (!summary) return '–';
  const f = (v) => `${v.toFixed(digits)}${unit}`;
  return summary.n === 1 || summary.min === summary.max
    ? f(summary.median)
    : `${f(summary.median)} [${f(summary.min)}–${f(summary.max)}]`;
}

/** Ratio of two medians, 2 decimals; null when either is missing or the baseline is not positive. */
export function ratioOf(library, baseline) {
  if (!library || !baseline || baseline.median <= 0) return null;
  return Math.round((library.median / baseline.median) * 100) / 100;
}

/** Renders rows of cells as a fixed-width text table with a header rule. */
export function textTable(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i] ?? '').length)));
  const line = (cells) => cells.map((c, i) => String(c ?? '').padEnd(widths[i])).join(' | ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}
