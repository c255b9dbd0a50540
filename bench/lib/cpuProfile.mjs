// Where a page's main thread spends a window of time, from a CDP CPU profile (`--profile`): self time by
// function, so a slow phase of click → socket can be read without opening DevTools.

/**
 * Starts sampling the page's JavaScript (`interval` µs between samples) and returns `stop()`, which ends the
 * profile and resolves with it and the page-clock time (`performance.now()`) its first sample stands for.
 */
export async function startCpuProfile(cdp, page, interval = 200) {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval });
  await cdp.send('Profiler.start');
  // The profile's clock is not the page's: a marker function spins for 20 ms at a known page time, and its
  // first sample ties the two clocks together (to within one sampling interval).
  const markedAt = await page.evaluate(() => {
    const at = performance.now();
    const __benchClockMarker = () => {
      while (performance.now() - at < 20);
    };
    __benchClockMarker();
    return at;
  });
  return async () => {
    const { profile } = await cdp.send('Profiler.stop');
    // A sample taken inside `performance.now()` has the marker below its top frame: look down the stack.
    const parent = new Map();
    for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const inMarker = (id) => {
      for (let at = id; at !== undefined; at = parent.get(at)) {
        if (byId.get(at).callFrame.functionName === '__benchClockMarker') return true;
      }
      return false;
    };
    let t = 0;
    let markerAt = 0;
    for (let i = 0; i < profile.samples.length; i++) {
      t += profile.timeDeltas[i] / 1000;
      if (inMarker(profile.samples[i])) {
        markerAt = t;
        break;
      }
    }
    if (!markerAt) throw new Error('cpuProfile: the clock marker was not sampled');
    return { profile, startedAt: markedAt - markerAt };
  };
}

/**
 * Self time (ms) per function between page-clock times `from` and `to`, largest first: `[name, ms]` where
 * name is `function file:line`, or `(idle)`, `(program)`, `(garbage collector)`.
 */
export function selfTimeBetween({ profile, startedAt }, from, to) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map();
  let t = startedAt;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i] / 1000;
    if (t < from || t > to) continue;
    const next = profile.timeDeltas[i + 1] ?? 0;
    const { functionName, url, lineNumber, columnNumber } = byId.get(profile.samples[i]).callFrame;
    const file = url ? url.slice(url.lastIndexOf('/') + 1) : '';
    const name = file
      ? `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}:${columnNumber + 1}`
      : functionName;
    totals.set(name, (totals.get(name) ?? 0) + next / 1000);
  }
  return [...totals].sort((a, b) => b[1] - a[1]);
}

/**
 * One block of text per phase `[name, from, to]` (page-clock times): its length, how much of it the main
 * thread was busy, the self time by script file, and the functions that took the most.
 */
export function formatPhases(cpu, phases, { top = 40, minMs = 0.7 } = {}) {
  const lines = [];
  for (const [name, from, to] of phases) {
    if (from === undefined || to === undefined) continue;
    const times = selfTimeBetween(cpu, from, to);
    const busy = times.filter(([n]) => n !== '(idle)').reduce((a, [, ms]) => a + ms, 0);
    lines.push(`  ${name}: ${Math.round(to - from)} ms, busy ${busy.toFixed(1)}`);
    const byFile = new Map();
    for (const [fn, ms] of times) {
      const file = /\.js:\d+:\d+$/.test(fn) ? fn.slice(fn.lastIndexOf(' ') + 1).split(':')[0] : fn;
      byFile.set(file, (byFile.get(file) ?? 0) + ms);
    }
    const files = [...byFile].sort((a, b) => b[1] - a[1]).filter(([, ms]) => ms >= 0.5);
    lines.push(`      by file: ${files.map(([f, ms]) => `${f} ${ms.toFixed(1)}`).join(', ')}`);
    for (const [fn, ms] of times.slice(0, top))
      if (ms >= minMs) lines.push(`      ${ms.toFixed(1).padStart(6)}  ${fn}`);
  }
  return lines.join('\n');
}
