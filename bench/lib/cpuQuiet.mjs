// Waits for the machine's CPUs to go quiet before a timed sample, so that a click → socket sample does not
// start while the previous page is still being torn down (or another process has the CPUs). Linux only
// (/proc/stat); elsewhere it returns at once.
import { readFileSync } from 'node:fs';

function cpuTimes() {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const idle = fields[3] + (fields[4] ?? 0); // idle + iowait
    return { idle, total: fields.reduce((a, b) => a + b, 0) };
  } catch {
    return null;
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Resolves once the CPUs were at least `idleShare` idle over a `windowMs` window (or after `timeoutMs`),
 * with how long it waited.
 */
export async function waitForQuietCpu({ idleShare = 0.85, windowMs = 250, timeoutMs = 5_000 } = {}) {
  const started = Date.now();
  let before = cpuTimes();
  if (!before) return 0;
  while (Date.now() - started < timeoutMs) {
    await sleep(windowMs);
    const after = cpuTimes();
    const total = after.total - before.total;
    if (total > 0 && (after.idle - before.idle) / total >= idleShare) break;
    before = after;
  }
  return Date.now() - started;
}
