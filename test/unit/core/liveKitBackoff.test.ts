import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { ConnectionErrorReason } from 'livekit-client';
import { describe, expect, it } from 'vitest';
import {
  backoffDelayMs,
  countsTowardsBackoff,
  createJoinBackoff,
  LIVEKIT_BACKOFF_REASONS,
  liveKitProject,
} from '../../../src/core/liveKitBackoff.ts';

// The adapter models livekit-client's join back-off, which LiveKit keeps in a module singleton it does not
// export. These tests hold the model to the installed package: its enum, the reasons Room.connect counts,
// and its BackOffStrategy class itself (cut out of the shipped file and run against the model).

const require = createRequire(import.meta.url);
const LIVEKIT_SOURCE = readFileSync(
  require.resolve('livekit-client').replace(/livekit-client\.umd\.js$|[^/]+$/, 'livekit-client.esm.mjs'),
  'utf8',
);
const RETELL_URL = 'wss://retell-ai-4ihahnq7.livekit.cloud';

/** A slice of LiveKit's shipped source, from `start` up to (not including) `end`. */
function slice(start: string, end: string): string {
  const from = LIVEKIT_SOURCE.indexOf(start);
  const to = LIVEKIT_SOURCE.indexOf(end, from);
  if (from < 0 || to < 0) throw new Error(`livekit-client no longer has ${start} … ${end}`);
  return LIVEKIT_SOURCE.slice(from, to);
}

/**
 * LiveKit's own BackOffStrategy (with its isCloud/extractProjectFromUrl), run with a `sleep` that records
 * when it would end instead of sleeping. `waitUntil` is when the promise the next join awaits settles.
 */
function liveKitStrategy(clock: { now: number }) {
  const source = [
    slice('function isCloud(serverUrl)', 'function getLKReactNativeInfo'),
    slice('const CONNECTION_BACKOFF_MIN_MS', 'BackOffStrategy._instance = null;'),
    'return new BackOffStrategy();',
  ].join('\n');
  const sleep = (ms: number) => ({ until: clock.now + ms });
  const strategy = new Function('sleep', source)(sleep) as {
    addFailedConnectionAttempt(url: string): void;
    resetFailedConnectionAttempts(url: string): void;
    getBackOffPromise(url: string): { until: number } | Promise<void>;
  };
  return {
    addFailedConnectionAttempt: (url: string) => strategy.addFailedConnectionAttempt(url),
    resetFailedConnectionAttempts: (url: string) => strategy.resetFailedConnectionAttempts(url),
    waitUntil(url: string): number | null {
      const pending = strategy.getBackOffPromise(url);
      return 'until' in pending && pending.until > clock.now ? pending.until : null;
    },
  };
}

const failure = (reason: number) => Object.assign(new Error('join failed'), { reason });

describe('the reasons LiveKit counts', () => {
  it('are ServerUnreachable, InternalError and Timeout, as Room.connect lists them', () => {
    expect(LIVEKIT_SOURCE).toContain(
      '[ConnectionErrorReason.InternalError, ConnectionErrorReason.ServerUnreachable, ConnectionErrorReason.Timeout].includes(error.reason)',
    );
    expect([...LIVEKIT_BACKOFF_REASONS].sort()).toEqual(
      [
        ConnectionErrorReason.InternalError,
        ConnectionErrorReason.ServerUnreachable,
        ConnectionErrorReason.Timeout,
      ].sort(),
    );
  });

  it('every other reason, a plain error and a missing one count nothing', () => {
    for (const reason of [
      ConnectionErrorReason.NotAllowed,
      ConnectionErrorReason.Cancelled,
      ConnectionErrorReason.LeaveRequest,
      ConnectionErrorReason.WebSocket,
      ConnectionErrorReason.ServiceNotFound,
    ]) {
      expect(countsTowardsBackoff(failure(reason)), ConnectionErrorReason[reason]).toBe(false);
    }
    for (const error of [new Error('x'), 'Error starting call', null, undefined, { reason: '1' }]) {
      expect(countsTowardsBackoff(error)).toBe(false);
    }
    expect(countsTowardsBackoff(failure(ConnectionErrorReason.ServerUnreachable))).toBe(true);
  });
});

describe('liveKitProject', () => {
  it('is the first label of a LiveKit Cloud host, null elsewhere', () => {
    expect(liveKitProject(RETELL_URL)).toBe('retell-ai-4ihahnq7');
    expect(liveKitProject('wss://proj.livekit.run/rtc')).toBe('proj');
    expect(liveKitProject('wss://livekit.example.com')).toBeNull();
    expect(liveKitProject('wss://evil.livekit.cloud.example.com')).toBeNull();
    expect(liveKitProject('not a url')).toBeNull();
  });
});

describe('createJoinBackoff', () => {
  it('waits 0.5 s, 1 s, 2 s … from each failure, at most 15 s; a join that connects resets it', () => {
    const backoff = createJoinBackoff();
    const waits: number[] = [];
    let now = 1_000_000;
    expect(backoff.waitUntil(RETELL_URL, now)).toBeNull();
    for (let i = 0; i < 8; i++) {
      backoff.joinEnded({ url: RETELL_URL, connected: false, error: failure(1), attempts: 1 }, now);
      waits.push((backoff.waitUntil(RETELL_URL, now) ?? now) - now);
      now += 100;
    }
    expect(waits).toEqual([500, 1000, 2000, 4000, 8000, 15_000, 15_000, 15_000]);
    // Measured from the failure: a user who comes back later waits only what is left, or nothing.
    expect(backoff.waitUntil(RETELL_URL, now)).toBe(now - 100 + 15_000);
    expect(backoff.waitUntil(RETELL_URL, now - 100 + 15_000)).toBeNull();
    backoff.joinEnded({ url: RETELL_URL, connected: true, error: undefined, attempts: 1 }, now);
    expect(backoff.waitUntil(RETELL_URL, now)).toBeNull();
    backoff.joinEnded({ url: RETELL_URL, connected: false, error: failure(2), attempts: 1 }, now);
    expect(backoff.waitUntil(RETELL_URL, now)).toBe(now + 500);
  });

  it('keys by project; self-hosted servers never wait; a failover counts every region tried', () => {
    const backoff = createJoinBackoff();
    backoff.joinEnded({ url: RETELL_URL, connected: false, error: failure(5), attempts: 3 }, 0);
    expect(backoff.waitUntil(RETELL_URL, 0)).toBe(backoffDelayMs(3));
    expect(backoff.waitUntil('wss://other.livekit.cloud', 0)).toBeNull();
    backoff.joinEnded({ url: 'wss://lk.example.com', connected: false, error: failure(1), attempts: 1 }, 0);
    expect(backoff.waitUntil('wss://lk.example.com', 0)).toBeNull();
    backoff.joinEnded({ url: RETELL_URL, connected: false, error: failure(1), attempts: Number.NaN }, 0);
    expect(backoff.waitUntil(RETELL_URL, 0)).toBe(backoffDelayMs(4));
  });

  it('matches LiveKit’s own BackOffStrategy over any sequence of joins (property)', () => {
    const urls = [RETELL_URL, 'wss://other-proj.livekit.run', 'wss://self-hosted.example.com:7880'];
    const join = fc.record({
      url: fc.constantFrom(...urls),
      afterMs: fc.integer({ min: 0, max: 20_000 }),
      outcome: fc.oneof(
        fc.constant({ connected: true as const }),
        fc.record({
          connected: fc.constant(false as const),
          reason: fc.integer({ min: 0, max: 7 }),
          attempts: fc.integer({ min: 1, max: 4 }),
        }),
      ),
    });
    for (const seed of [1, 2, 3]) {
      fc.assert(
        fc.property(fc.array(join, { maxLength: 40 }), (joins) => {
          const clock = { now: 1_700_000_000_000 };
          const real = liveKitStrategy(clock);
          const model = createJoinBackoff();
          for (const { url, afterMs, outcome } of joins) {
            clock.now += afterMs;
            for (const u of urls) expect(model.waitUntil(u, clock.now)).toBe(real.waitUntil(u));
            if (outcome.connected) {
              real.resetFailedConnectionAttempts(url);
              model.joinEnded({ url, connected: true, error: undefined, attempts: 1 }, clock.now);
              continue;
            }
            // What Room.connect does: one addFailedConnectionAttempt per region tried, for counted reasons.
            const error = failure(outcome.reason);
            if (LIVEKIT_BACKOFF_REASONS.has(outcome.reason)) {
              for (let i = 0; i < outcome.attempts; i++) real.addFailedConnectionAttempt(url);
            }
            model.joinEnded({ url, connected: false, error, attempts: outcome.attempts }, clock.now);
          }
          for (const u of urls) expect(model.waitUntil(u, clock.now)).toBe(real.waitUntil(u));
        }),
        { seed, numRuns: 200 },
      );
    }
  });
});
