#!/usr/bin/env node
// The benchmark suite: library vs the page a developer writes by hand, in one run.
//
//   npm run bench [-- --short] [--runs=N] [--sim-cycles=N] [--real-cycles=N] [--no-build] [--report=f.json]
//   npm run bench -- --only=soak --heap-diff     # what each soak's second half left alive, and what holds it
//
// Builds the package, installs the packed tarball into a scratch Vite app (bench/app: one page per
// measurement), drives Debian Chromium (fake microphone; *.livekit.cloud fails at DNS, so LiveKit's HTTP
// requests and its socket are refused) and prints one table of median [min–max] over N runs:
//   1. click → LiveKit socket, minus the token endpoint's fixed delay: library vs the sequential page,
//      cold and hover-first, on localhost and under slow 4G (CDP), interleaved sample by sample;
//   2. React commits and fibers per event over a scripted call: CallPanel vs one component rendering a
//      whole useWebCall() result, and a CallButton alone;
//   3. soaks: start/stop cycles with the simulated client and with the real SDK failing to join; what is
//      left open (tracks, AudioContexts, RTCPeerConnections, sockets) and the heap after forced GC (without
//      what the browser keeps for a console reader, nor the bench's own records), its growth split by heap
//      snapshots into JS objects and compiled code; `--heap-diff` lists what the second half left alive, by
//      constructor with retainer paths (bench/lib/heapDiff.mjs);
//   4. initial JS per page (gzip) and the size-limit budgets.
// `--short` (or BENCH_SHORT=1) is the CI version. It fails (exit 1, FAIL lines counted in the report) only on
// counted figures: commits per audio frame, CallButton commits per status change, what the soaks leave
// open. Wall times are printed, never checked.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { buildScratchApp } from './lib/app.mjs';
import { formatPhases, startCpuProfile } from './lib/cpuProfile.mjs';
import { waitForQuietCpu } from './lib/cpuQuiet.mjs';
import { formatHeapDiff, heapDiff, netGrowth, takeHeapSnapshot } from './lib/heapDiff.mjs';
import { serve } from './lib/server.mjs';
import { chromiumConfig, run } from './lib/shell.mjs';
import { formatSummary, ratioOf, slope, summarize, textTable } from './lib/stats.mjs';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PROBES = join(REPO, 'bench/lib/probes.js');
const FIBERS = join(REPO, 'bench/lib/fibers.js');

const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const option = (name, fallback) => {
  const value = args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  return value === undefined ? fallback : value;
};
/**
 * `--trace`: print each click → socket sample's timeline (requests, microphone, peer connections, the
 * page's `performance.mark()`s).
 */
const TRACE = flag('trace');
/**
 * `--profile`: with each click → socket sample, the main thread's self time by function in each phase. The
 * profiler slows the page, so the run's click → socket times are only for reading the profiles.
 */
const PROFILE = flag('profile');
/**
 * `--heap-diff`: print the objects each soak's second half left alive, by constructor, with their commonest
 * retainer paths (bench/lib/heapDiff.mjs), from the heap snapshots the soak takes at half way and at the end.
 */
const HEAP_DIFF = flag('heap-diff');
/** `--rows=cold,hover-4g`: run some click → socket rows (ids in CONNECT_ROWS). */
const ROWS = option('rows', undefined)?.split(',');
const short = flag('short') || process.env.BENCH_SHORT === '1';
const RUNS = Number(option('runs', short ? 1 : 5));
/** Heap snapshots in the soaks (a few seconds each): for the split of the heap growth, or `--heap-diff`. */
const SNAPSHOTS = HEAP_DIFF || !short;
const SIM_CYCLES = Number(option('sim-cycles', 200));
// LiveKit waits 0.5 s, 1 s, 2 s … 15 s between failed joins in a page: 50 cycles take ~11 minutes.
const REAL_CYCLES = Number(option('real-cycles', short ? 6 : 50));
/**
 * `--only=renders,soak,connect,size`: run some sections. Default: all; `--short` skips click → socket (wall
 * time, never checked) and size-limit (CI runs it as its own step).
 */
const ONLY = new Set(
  option('only', short ? 'pages,renders,soak' : 'pages,size,renders,soak,connect').split(','),
);
const reportPath = resolve(option('report', join(tmpdir(), 'retell-web-call-react-bench.json')));

/** The token endpoint answers after this long; subtracted from click → socket. */
const TOKEN_DELAY_MS = 150;
/** The bench clicks this long after the page settled (load, button rendered, two frames). */
const SETTLE_MS = 300;
/** A click is a press: pointerdown, this long, then pointerup (a quick tap or click lasts 50–150 ms). */
const PRESS_MS = 60;
/** Chrome DevTools' "Slow 4G" preset (throughput in bytes/s). */
const SLOW_4G = { offline: false, latency: 562.5, downloadThroughput: 180_000, uploadThroughput: 84_375 };

const checks = [];
/** Samples that started after waiting 5 s for idle CPUs in vain (reported after the click → socket rows). */
let quietTimeouts = 0;
const rows = [];
const report = { short, runs: RUNS, machine: {}, rows, checks, sizes: {}, budgets: [], soaks: {} };

function record(name, ok, detail = '') {
  checks.push({ name, ok: Boolean(ok), detail });
  console.log(`${ok ? 'PASS' : 'FAIL'}  ${name}${detail ? `  (${detail})` : ''}`);
}
function row(section, measure, library, baseline, extra = {}) {
  const r = { section, measure, library, baseline, ...extra };
  rows.push(r);
  return r;
}
const log = (message) => console.log(`bench: ${message}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------------------
// 4. Initial JS per page (Vite manifest: each page's entry chunk and its static imports, gzip -9)
// ---------------------------------------------------------------------------------------------------------
function pageSizes(dist) {
  const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8'));
  const closure = (key, into = new Set()) => {
    if (into.has(key)) return into;
    into.add(key);
    for (const k of manifest[key].imports ?? []) closure(k, into);
    return into;
  };
  const gzipOf = (files) =>
    files.reduce((n, f) => n + gzipSync(readFileSync(join(dist, f)), { level: 9 }).length, 0);
  const sizes = {};
  for (const [key, chunk] of Object.entries(manifest)) {
    if (!chunk.isEntry) continue;
    const page = key.replace(/\.html$/, '');
    const initial = closure(key);
    const files = [...initial].map((k) => manifest[k].file);
    // What the page loads on demand (the Retell SDK and the token validator), outside its initial chunks.
    const lazy = new Set();
    for (const k of initial) for (const d of manifest[k].dynamicImports ?? []) closure(d, lazy);
    const lazyFiles = [...lazy].filter((k) => !initial.has(k)).map((k) => manifest[k].file);
    sizes[page] = { files, gzip: gzipOf(files), lazyFiles, lazyGzip: gzipOf(lazyFiles) };
  }
  return sizes;
}

/** size-limit's JSON report of package.json "size-limit" (it exits 1 when a budget fails; still JSON). */
function budgets() {
  return new Promise((resolvePromise, reject) => {
    execFile(
      'npx',
      ['size-limit', '--json'],
      { cwd: REPO, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        try {
          resolvePromise(JSON.parse(stdout.slice(stdout.indexOf('['))));
        } catch {
          reject(new Error(`size-limit failed: ${error?.message ?? ''}\n${stdout}\n${stderr}`.trim()));
        }
      },
    );
  });
}

// ---------------------------------------------------------------------------------------------------------
// Chromium pages
// ---------------------------------------------------------------------------------------------------------
async function openPage(browser, url, { fibers = false, permission = 'granted', network = 'local' } = {}) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript({ path: PROBES });
  if (fibers) await page.addInitScript({ path: FIBERS });
  if (permission === 'prompt') {
    // A first-time visitor: the browser has not been asked yet. The fake-media flags then accept the
    // prompt at once, so this measures our ordering, not the time a person takes to answer.
    await page.addInitScript(() => {
      const query = navigator.permissions.query.bind(navigator.permissions);
      navigator.permissions.query = (descriptor) =>
        descriptor?.name === 'microphone'
          ? Promise.resolve({ name: 'microphone', state: 'prompt', onchange: null, addEventListener() {} })
          : query(descriptor);
    });
  }
  const cdp = await context.newCDPSession(page);
  if (network === 'slow4g') {
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
  }
  // In-flight requests, to wait for the network to go quiet (hover-first).
  let inflight = 0;
  let lastChange = Date.now();
  const change = (d) => {
    inflight += d;
    lastChange = Date.now();
  };
  page.on('request', () => change(1));
  page.on('requestfinished', () => change(-1));
  page.on('requestfailed', () => change(-1));
  const quiet = async (forMs = 500, timeout = 30_000) => {
    const until = Date.now() + timeout;
    while (Date.now() < until && (inflight > 0 || Date.now() - lastChange < forMs)) await sleep(50);
  };
  await page.goto(url, { waitUntil: 'load' });
  return { context, page, cdp, errors, quiet, close: () => context.close() };
}

const twoFrames = (page) =>
  page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));

// ---------------------------------------------------------------------------------------------------------
// 1. click → LiveKit socket
// ---------------------------------------------------------------------------------------------------------
const CONNECT_ROWS = [
  // `floor`: the floor page (bench/app/src/floor.tsx) is sampled too, interleaved with the other two.
  { id: 'cold', measure: 'click → socket, cold, localhost', library: 'library', target: 0.5, floor: true },
  {
    id: 'hover',
    measure: 'click → socket, hover first, localhost',
    library: 'library',
    intent: 'hover',
    floor: true,
  },
  {
    id: 'cold-visible',
    measure: 'click → socket, cold, localhost, preload="visible"',
    library: 'visible',
    floor: true,
  },
  {
    id: 'first-visit',
    measure: 'click → socket, first-time visitor (permission prompt), cold, localhost',
    library: 'library',
    permission: 'prompt',
  },
  { id: 'cold-4g', measure: 'click → socket, cold, slow 4G', library: 'library', network: 'slow4g' },
  {
    id: 'cold-4g-visible',
    measure: 'click → socket, cold, slow 4G, preload="visible"',
    library: 'visible',
    network: 'slow4g',
    target: 0.55,
  },
  {
    id: 'hover-4g',
    measure: 'click → socket, hover first, slow 4G',
    library: 'library',
    network: 'slow4g',
    intent: 'hover',
  },
];

async function connectSample(browser, origin, pageName, { intent = 'cold', network = 'local', permission }) {
  // Not while the previous sample's page is still closing (or another process has the CPUs): the page's own
  // load and settling stay part of the sample.
  if (!(await waitForQuietCpu())) quietTimeouts++;
  const p = await openPage(browser, `${origin}/${pageName}.html`, { network, permission });
  try {
    const button = p.page.locator('[data-bench="call"]');
    await button.waitFor();
    await twoFrames(p.page);
    await sleep(SETTLE_MS);
    const box = await button.boundingBox();
    const point = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    const stopProfile = PROFILE ? await startCpuProfile(p.cdp, p.page) : null;
    if (intent === 'hover') {
      // A mouse user: the pointer rests on the button until the network is quiet, then clicks.
      await p.page.mouse.move(point.x, point.y);
      await sleep(300); // the hover's requests start
      await p.quiet();
      await p.page.mouse.down();
      await sleep(PRESS_MS);
      await p.page.mouse.up();
    } else {
      // Cold: a tap on a touch screen, no hover before it; the finger rests PRESS_MS.
      await p.cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [point] });
      await sleep(PRESS_MS);
      await p.cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    }
    await p.page.waitForFunction(() => window.__bench.sockets.some((s) => s.url.includes('livekit.cloud')));
    if (stopProfile) {
      const cpu = await stopProfile();
      const w = await p.page.evaluate(() => {
        const token = performance
          .getEntriesByType('resource')
          .find((e) => e.name.includes('/api/create-web-call'));
        return {
          contact: window.__bench.contacts[0]?.at,
          click: window.__bench.clicks[0].at,
          tokenStart: token?.startTime,
          tokenEnd: token?.responseEnd,
          peer: window.__bench.marks.find((k) => k.name === 'RTCPeerConnection')?.t,
          socket: window.__bench.sockets.find((s) => s.url.includes('livekit.cloud')).t,
        };
      });
      const phases = [
        ['pointerdown → click', w.contact, w.click],
        ['click → token sent', w.click, w.tokenStart],
        ['token sent → token received', w.tokenStart, w.tokenEnd],
        ['token received → first peer connection', w.tokenEnd, w.peer],
        ['first peer connection → socket', w.peer, w.socket],
      ];
      console.log(`--- ${pageName} ${intent} ${network}: main thread self time (ms)`);
      console.log(formatPhases(cpu, phases));
    }
    if (TRACE) {
      const timeline = await p.page.evaluate(() => {
        const t0 = window.__bench.clicks[0].at;
        const input = (name, list) =>
          list.map((e) => `${Math.round(e.at - t0)} ${name} (seen at ${Math.round(e.dispatched - t0)})`);
        const at = (t) => Math.round(t - t0);
        return [
          ...performance
            .getEntriesByType('resource')
            .map((e) => `${at(e.startTime)}…${at(e.responseEnd)} ${e.name.replace(location.origin, '')}`),
          ...window.__bench.marks.map((m) => `${at(m.t)} ${m.name}`),
          // The page's own performance.mark()s (none ship in the library; add some while profiling).
          ...performance.getEntriesByType('mark').map((m) => `${at(m.startTime)} mark ${m.name}`),
          ...input('pointerdown', window.__bench.contacts),
          ...input('pointerup', window.__bench.releases),
          ...input('click', window.__bench.clicks),
          ...window.__bench.sockets.map((s) => `${at(s.t)} WebSocket ${s.url.slice(0, 60)}`),
        ].sort((a, b) => Number.parseInt(a, 10) - Number.parseInt(b, 10));
      });
      console.log(`--- ${pageName} ${intent} ${network}\n  ${timeline.join('\n  ')}`);
    }
    const m = await p.page.evaluate(() => {
      const socket = window.__bench.sockets.find((s) => s.url.includes('livekit.cloud'));
      const token = performance
        .getEntriesByType('resource')
        .find((e) => e.name.includes('/api/create-web-call'));
      const peer = window.__bench.marks.find((k) => k.name === 'RTCPeerConnection');
      const { clicks, contacts } = window.__bench;
      return {
        click: clicks[0]?.at,
        clickSeen: clicks[0]?.dispatched,
        contact: contacts[0]?.at,
        socket: socket.t,
        tokenStart: token?.startTime,
        tokenEnd: token?.responseEnd,
        peer: peer?.t,
      };
    });
    if (m.click === undefined) throw new Error(`${pageName}: the press made no click`);
    return {
      overhead: m.socket - m.click - TOKEN_DELAY_MS,
      press: m.click - m.contact,
      clickDispatchDelay: m.clickSeen - m.click,
      clickToToken: m.tokenStart === undefined ? null : m.tokenStart - m.click,
      tokenToPeer: m.tokenEnd === undefined || m.peer === undefined ? null : m.peer - m.tokenEnd,
      peerToSocket: m.peer === undefined ? null : m.socket - m.peer,
      tokenToSocket: m.tokenEnd === undefined ? null : m.socket - m.tokenEnd,
      errors: p.errors,
    };
  } finally {
    await p.close();
  }
}

/** The page orders of a row with the floor, one per run in turn (see connectSection). */
const FLOOR_ORDERS = [
  ['library', 'floor', 'baseline'],
  ['baseline', 'floor', 'library'],
  ['floor', 'library', 'baseline'],
  ['baseline', 'library', 'floor'],
];

async function connectSection(browser, origin) {
  const selected = ROWS ? CONNECT_ROWS.filter((r) => ROWS.includes(r.id)) : CONNECT_ROWS;
  for (const spec of selected) {
    const sides = spec.floor ? ['library', 'baseline', 'floor'] : ['library', 'baseline'];
    const samples = Object.fromEntries(sides.map((side) => [side, []]));
    const parts = Object.fromEntries(sides.map((side) => [side, {}]));
    for (let i = 0; i < RUNS; i++) {
      // Interleaved so drift on a shared machine hits every page alike: library and baseline alternate which
      // goes first; the floor always runs right before or right after the library (alternating), so the
      // library-minus-floor difference of a run compares neighbours, and the baseline comes before or after both.
      const order = spec.floor
        ? FLOOR_ORDERS[i % FLOOR_ORDERS.length]
        : i % 2
          ? ['baseline', 'library']
          : sides;
      for (const side of order) {
        const pageName = side === 'library' ? spec.library : side;
        const { overhead, errors, ...rest } = await connectSample(browser, origin, pageName, spec);
        samples[side].push(overhead);
        for (const [key, value] of Object.entries(rest))
          parts[side][key] = [...(parts[side][key] ?? []), value];
        if (errors.length) log(`${pageName}: page errors: ${errors.join(' | ').slice(0, 300)}`);
      }
    }
    const library = summarize(samples.library);
    const baseline = summarize(samples.baseline);
    const ratio = ratioOf(library, baseline);
    row('connect', `${spec.measure} (ms)`, library, baseline, {
      ratio,
      target: spec.target === undefined ? null : `≤ ${spec.target}×`,
      samples,
      parts,
    });
    if (spec.id === 'cold') {
      // Where the time goes: from the click until the token request leaves; after the token arrives, our
      // code and the SDK up to LiveKit's first RTCPeerConnection, then LiveKit's own join preparation.
      const both = (key) => [summarize(parts.library[key]), summarize(parts.baseline[key])];
      row('connect', '  of which click → token request sent (ms)', ...both('clickToToken'));
      row('connect', '  of which token response → first RTCPeerConnection (ms)', ...both('tokenToPeer'));
      row('connect', '  of which first RTCPeerConnection → socket (LiveKit) (ms)', ...both('peerToSocket'));
      row('connect', '  press (pointerdown → click) (ms)', ...both('press'));
      row('connect', '  click → the page could dispatch it (ms)', ...both('clickDispatchDelay'));
    }
    if (spec.floor) {
      // What Retell's SDK costs by itself: a page that has it loaded before the click and does nothing else. The
      // library can beat it by a little (preconnect, the token request in the click's own task), not by much.
      const floor = summarize(samples.floor);
      row(
        'connect',
        '  the floor: SDK loaded with the page, click → token → startCall, nothing else (ms)',
        floor,
        baseline,
        {
          ratio: ratioOf(floor, baseline),
        },
      );
      // Paired by run (the two pages ran back to back), so the machine's drift mostly cancels out.
      const above = summarize(samples.library.map((ms, i) => ms - samples.floor[i]));
      row('connect', '  library above the floor, run by run (ms)', above, null);
    }
    log(`${spec.id}: library ${formatSummary(library)} ms, baseline ${formatSummary(baseline)} ms`);
  }
}

// ---------------------------------------------------------------------------------------------------------
// 2. React commits and fibers per event
// ---------------------------------------------------------------------------------------------------------
const EVENTS = { transcript: 20, talking: 20, audio: 60 };

async function rendersOf(browser, origin, ui) {
  const p = await openPage(browser, `${origin}/renders.html?ui=${ui}`, { fibers: true });
  try {
    const toggle =
      ui === 'library' ? p.page.locator('.rwc-call-button') : p.page.locator('[data-bench="toggle"]');
    await toggle.waitFor();
    await twoFrames(p.page);
    // CallTimer re-renders itself once a second by design; those ticks are counted apart.
    await p.page.evaluate(() => {
      window.__fibers.ignore = '[role="timer"]';
    });
    const measure = async (action) => {
      await p.page.evaluate(() => window.__fibers.reset());
      await action();
      await sleep(30);
      await twoFrames(p.page);
      return p.page.evaluate(() => window.__fibers.read());
    };
    const result = { statusChanges: 0, commits: {}, fibers: {}, timerTicks: 0 };
    const add = (kind, m) => {
      result.commits[kind] = (result.commits[kind] ?? 0) + m.commits;
      result.fibers[kind] = (result.fibers[kind] ?? 0) + m.fibers;
      result.timerTicks += m.ignoredCommits;
    };
    const statusBefore = await p.page.evaluate(() => window.__renders.state.statusChanges);
    add('status', await measure(() => toggle.click())); // idle → requesting → connecting
    add('status', await measure(() => p.page.evaluate(() => window.__renders.connect()))); // → ongoing
    for (let i = 0; i < EVENTS.transcript; i++) {
      const window_ = Array.from({ length: Math.min(5, i + 1) }, (_, k) => {
        const n = Math.max(0, i - 4) + k;
        return {
          role: n % 2 ? 'user' : 'agent',
          content: `utterance ${n} ${'word '.repeat(k === 4 || n === i ? 3 : 5)}`,
        };
      });
      add(
        'transcript',
        await measure(() =>
          p.page.evaluate((t) => window.__renders.emit('update', { transcript: t }), window_),
        ),
      );
    }
    for (let i = 0; i < EVENTS.talking; i++) {
      const event = i % 2 ? 'agent_stop_talking' : 'agent_start_talking';
      add('talking', await measure(() => p.page.evaluate((e) => window.__renders.emit(e), event)));
    }
    for (let i = 0; i < EVENTS.audio; i++) {
      add('audio', await measure(() => p.page.evaluate(() => window.__renders.audioFrame())));
    }
    add('status', await measure(() => toggle.click())); // ongoing → ending → ended
    result.statusChanges = (await p.page.evaluate(() => window.__renders.state.statusChanges)) - statusBefore;
    if (p.errors.length) throw new Error(`page errors: ${p.errors.join(' | ')}`);
    return result;
  } finally {
    await p.close();
  }
}

async function rendersSection(browser, origin) {
  const library = await rendersOf(browser, origin, 'library');
  const whole = await rendersOf(browser, origin, 'whole');
  const button = await rendersOf(browser, origin, 'button');
  const per = (r, kind, what) => {
    const events = kind === 'status' ? r.statusChanges : EVENTS[kind];
    return Math.round((r[what][kind] / events) * 100) / 100;
  };
  const exact = (v) => ({ median: v, min: v, max: v, n: 1 });
  for (const kind of ['transcript', 'talking', 'audio', 'status']) {
    const label = {
      transcript: 'transcript update',
      talking: 'talking toggle',
      audio: 'audio frame',
      status: 'status change',
    }[kind];
    for (const what of ['commits', 'fibers']) {
      row(
        'renders',
        `React ${what} per ${label}: CallPanel vs whole useWebCall()`,
        exact(per(library, kind, what)),
        exact(per(whole, kind, what)),
        {
          digits: 2,
        },
      );
    }
    row(
      'renders',
      `React commits per ${label}: CallButton alone`,
      exact(per(button, kind, 'commits')),
      null,
      { digits: 2 },
    );
  }
  report.renders = { library, whole, button, events: EVENTS };
  record(
    'CallPanel: 0 React commits per audio frame',
    library.commits.audio === 0,
    `${library.commits.audio} commits over ${EVENTS.audio} frames`,
  );
  // `ending` and `ended` (and `requesting`/`connecting` when the token is instant) can land in one task;
  // React then commits them once, so the figure is "at most one", never more.
  record(
    'CallButton: at most 1 React commit per status change',
    button.statusChanges > 0 && button.commits.status > 0 && button.commits.status <= button.statusChanges,
    `${button.commits.status} commits over ${button.statusChanges} status changes`,
  );
  const other = button.commits.transcript + button.commits.talking + button.commits.audio;
  record(
    'CallButton: 0 React commits per transcript, talking or audio event',
    other === 0,
    `${other} commits over ${EVENTS.transcript + EVENTS.talking + EVENTS.audio} events`,
  );
}

// ---------------------------------------------------------------------------------------------------------
// 3. Soaks
// ---------------------------------------------------------------------------------------------------------
async function gcHeap(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  return (await cdp.send('Runtime.getHeapUsage')).usedSize;
}

/**
 * The soak's heap after GC, without what the browser keeps for a console reader: every `console.*` call's
 * arguments stay reachable from V8's console message storage (up to 1,000 messages, for DevTools opened
 * later), so LiveKit's log lines would count its error objects as growth. The soak counts the messages apart.
 */
async function soakHeap(cdp) {
  await cdp.send('Runtime.discardConsoleEntries');
  return gcHeap(cdp);
}

async function soak(browser, origin, client, cycles) {
  const p = await openPage(browser, `${origin}/soak.html?client=${client}`);
  try {
    await p.page.waitForFunction(() => window.__soak !== undefined);
    await twoFrames(p.page);
    const consoleMessages = {};
    p.page.on('console', (message) => {
      const key = `${message.type()}: ${message.text().slice(0, 100)}`;
      consoleMessages[key] = (consoleMessages[key] ?? 0) + 1;
    });
    const heap = [{ cycle: 0, bytes: await soakHeap(p.cdp) }];
    const statuses = {};
    const snapshots = [];
    const started = Date.now();
    for (let i = 1; i <= cycles; i++) {
      const status = await p.page.evaluate(async (simulated) => {
        await window.__soak.start();
        if (simulated) {
          // Let the agent's first audio start, then hang up.
          await new Promise((r) => setTimeout(r, 20));
          await window.__soak.stop();
        }
        window.__bench.forget();
        return window.__soak.state.status;
      }, client === 'simulated');
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (i > cycles / 2 || i === cycles) heap.push({ cycle: i, bytes: await soakHeap(p.cdp) });
      if (SNAPSHOTS && i === Math.floor(cycles / 2))
        snapshots.push({ cycle: i, heap: await takeHeapSnapshot(p.cdp) });
      if (i % 25 === 0) log(`${client} soak: ${i}/${cycles} cycles`);
    }
    // Let timers and late events settle, then count what is still open after a full GC.
    await sleep(2000);
    await p.cdp.send('Runtime.discardConsoleEntries');
    let snapshotGrowth = null;
    if (snapshots.length > 0) {
      const [{ cycle, heap: before }] = snapshots;
      const after = await takeHeapSnapshot(p.cdp);
      const per = cycles - cycle;
      const net = netGrowth(before, after);
      snapshotGrowth = { js: net.js / per, code: net.code / per, native: net.native / per };
      if (HEAP_DIFF) {
        log(
          `${client} soak: heap diff, cycle ${cycle} → ${cycles}\n${formatHeapDiff(heapDiff(before, after), per)}`,
        );
        log(`${client} soak: console messages\n${JSON.stringify(consoleMessages, null, 1)}`);
      }
    }
    const bytes = await soakHeap(p.cdp);
    const open = await p.page.evaluate(() => window.__bench.open());
    const errors = await p.page.evaluate(() => Object.keys(window.__soak.state.errors));
    const secondHalf = heap.filter((h) => h.cycle > cycles / 2);
    return {
      cycles,
      seconds: (Date.now() - started) / 1000,
      statuses,
      errors,
      open,
      consoleMessages,
      heapStart: heap[0].bytes,
      heapEnd: bytes,
      growthPerCycle: slope(
        secondHalf.map((h) => h.cycle),
        secondHalf.map((h) => h.bytes),
      ),
      snapshotGrowth,
      pageErrors: p.errors,
    };
  } finally {
    await p.close();
  }
}

const LEAK_KINDS = {
  track: 'live microphone tracks',
  audioContext: 'open AudioContexts',
  peerConnection: 'open RTCPeerConnections',
  socket: 'open sockets',
};

function soakRows(name, result, expectedStatus) {
  report.soaks[name] = result;
  const exact = (v) => (v === null ? null : { median: v, min: v, max: v, n: 1 });
  for (const [kind, label] of Object.entries(LEAK_KINDS)) {
    const { open, created } = result.open[kind];
    row('soak', `${name} soak (${result.cycles} cycles): ${label} after GC`, exact(open), null, { created });
    record(
      `${name} soak: 0 ${label} after ${result.cycles} cycles`,
      open === 0,
      `${open} open of ${created} created`,
    );
  }
  row(
    'soak',
    `${name} soak: heap after GC, start → end (kB)`,
    exact(result.heapStart / 1000),
    exact(result.heapEnd / 1000),
    {
      digits: 0,
      columns: ['start', 'end'],
    },
  );
  row(
    'soak',
    `${name} soak: heap growth per cycle, second half (bytes)`,
    exact(result.growthPerCycle),
    null,
    {
      target: name === 'simulated' ? 'aim ≤ 1000 (not checked)' : null,
    },
  );
  if (result.snapshotGrowth) {
    // Heap snapshots at half way and at the end: what that growth is made of.
    const parts = [
      ['JS objects', result.snapshotGrowth.js],
      ["V8's compiled code (hot functions optimized as cycles go on)", result.snapshotGrowth.code],
    ];
    for (const [what, bytes] of parts) {
      row('soak', `↳ of which ${what}, from heap snapshots (bytes per cycle)`, exact(bytes), null);
    }
  }
  const messages = Object.values(result.consoleMessages).reduce((a, b) => a + b, 0);
  row(
    'soak',
    `${name} soak: console messages per cycle (kept by the browser, heap rows exclude them)`,
    exact(messages / result.cycles),
    null,
    { digits: 1 },
  );
  const ok = result.statuses[expectedStatus] === result.cycles;
  record(
    `${name} soak: every cycle ended as ${expectedStatus}`,
    ok,
    `${JSON.stringify(result.statuses)}${result.errors.length ? `; errors ${result.errors.join(', ')}` : ''}; ${result.seconds.toFixed(0)} s`,
  );
}

// ---------------------------------------------------------------------------------------------------------
// Table
// ---------------------------------------------------------------------------------------------------------
function printTable() {
  const cell = (r, s) => {
    if (!s) return '';
    return formatSummary(s, r.digits ?? (Math.abs(s.median) < 10 && !Number.isInteger(s.median) ? 2 : 0));
  };
  const lines = rows.map((r) => [
    r.measure,
    cell(r, r.library),
    cell(r, r.baseline),
    r.ratio === undefined || r.ratio === null ? '' : `${r.ratio.toFixed(2)}×`,
    r.target ?? '',
  ]);
  console.log('');
  console.log(textTable(['Measure', 'Library', 'Baseline / other', 'Ratio', 'Target'], lines));
  console.log('');
}

// ---------------------------------------------------------------------------------------------------------
const started = Date.now();
const work = mkdtempSync(join(tmpdir(), 'retell-bench-'));
let crashed;
let browser;
let server;
try {
  if (!flag('no-build') || !existsSync(join(REPO, 'dist/index.js'))) {
    log('npm run build');
    await run('npm', ['run', 'build'], REPO);
  }
  log('pack, install into the scratch app, vite build');
  const { dist } = await buildScratchApp(REPO, work);
  if (ONLY.has('pages')) report.sizes = pageSizes(dist);
  for (const [page, s] of Object.entries(report.sizes)) {
    const kb = (n) => ({ median: n / 1000, min: n / 1000, max: n / 1000, n: 1 });
    row(
      'size',
      `initial JS, ${page} page (kB gzip, React included) vs loaded on demand`,
      kb(s.gzip),
      kb(s.lazyGzip),
      {
        digits: 2,
      },
    );
  }
  if (ONLY.has('size')) report.budgets = await budgets();
  for (const b of report.budgets) {
    row(
      'size',
      `size-limit: ${b.name} (kB)`,
      { median: b.size / 1000, min: b.size / 1000, max: b.size / 1000, n: 1 },
      null,
      {
        digits: 2,
        target: `≤ ${(b.sizeLimit / 1000).toFixed(2)} ${b.passed ? '' : '(OVER)'}`.trim(),
      },
    );
  }

  server = await serve(dist, { tokenDelayMs: TOKEN_DELAY_MS });
  const { chromium } = await import('playwright-core');
  const config = chromiumConfig(REPO);
  browser = await chromium.launch({
    executablePath: config.executablePath,
    headless: true,
    args: config.args,
  });
  report.machine = {
    cpus: cpus().length,
    cpu: cpus()[0]?.model,
    node: process.version,
    chromium: browser.version(),
    date: new Date().toISOString(),
  };
  log(`Chromium ${browser.version()} on ${report.machine.cpus} × ${report.machine.cpu}`);

  if (ONLY.has('renders')) {
    log('renders');
    await rendersSection(browser, server.origin);
  }
  if (ONLY.has('soak')) {
    log(`simulated soak, ${SIM_CYCLES} cycles`);
    soakRows('simulated', await soak(browser, server.origin, 'simulated', SIM_CYCLES), 'ended');
    log(`real-SDK soak, ${REAL_CYCLES} cycles (LiveKit's back-off makes later cycles slower)`);
    soakRows('real-SDK', await soak(browser, server.origin, 'real', REAL_CYCLES), 'error');
  }
  if (ONLY.has('connect')) {
    log(`click → socket, ${RUNS} run(s) per row`);
    if (PROFILE) {
      report.profiled = true;
      log(
        '--profile: the CPU profiler slows the pages it samples; these click → socket times are not comparable',
      );
    }
    await connectSection(browser, server.origin);
    if (quietTimeouts)
      log(`${quietTimeouts} click → socket sample(s) started on busy CPUs (no idle moment in 5 s)`);
    report.quietTimeouts = quietTimeouts;
  }
} catch (error) {
  crashed = error;
  record('bench runner', false, error?.stack ?? String(error));
} finally {
  await browser?.close().catch(() => {});
  await server?.close();
  rmSync(work, { recursive: true, force: true });
}

printTable();
const passed = checks.filter((c) => c.ok).length;
const failed = checks.length - passed;
report.passed = passed;
report.failed = failed;
mkdirSync(dirname(reportPath), { recursive: true });
writeFileSync(reportPath, `${JSON.stringify(report, null, 2)}\n`);
console.log(
  `bench: ${passed} passed, ${failed} failed in ${((Date.now() - started) / 1000).toFixed(0)} s; ` +
    `machine: ${report.machine.cpus ?? '?'} × ${report.machine.cpu ?? '?'}, Chromium ${report.machine.chromium ?? '?'}; report: ${reportPath}`,
);
process.exit(failed > 0 || crashed ? 1 : 0);
