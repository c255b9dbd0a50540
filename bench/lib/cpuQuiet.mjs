// Waits for the machine's CPUs to go quiet before a timed sample, so that a click → socket sample does not
// start while the previous page is still being torn down (or another process has the CPUs). Linux only
// (/proc/stat); elsewhere it returns at once.
import { readFileSync } from 'node:fs';

/** Idle and total jiffies of all CPUs: user nice system idle iowait irq softirq steal (guest time is already in user). */
function cpuTimes() {
  try {
    const fields = readFileSync('/proc/stat', 'utf8')
      .split('\n')[0]
      .trim()
      .split(/\s+/)
      .slice(1, 9)
      .map(Number);
    if (fields.length < 5 || fields.some((n) => !Number.isFinite(n))) return null;
    return { idle: fields[3] + fields[4], total: fields.reduce((a, b) => a + b, 0) };
  } catch {
    return null;
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Resolves `true` once the CPUs were at least `idleShare` idle (idle + iowait) over one `windowMs` window, or
 * where /proc/stat cannot be read; `false` when `timeoutMs` passed without such a window.
 */
export async function waitForQuietCpu({ idleShare = 0.85, windowMs = 250, timeoutMs = 5_000 } = {}) {
  const started = Date.now();
  let before = cpuTimes();
  if (!before) return true;
  while (Date.now() - started < timeoutMs) {
    await sleep(windowMs);
    const after = cpuTimes();
    if (!after) return true;
    const total = after.total - before.total;
    if (total > 0 && (after.idle - before.idle) / total >= idleShare) return true;
    before = after;
  }
  return false;
}
