import { act, render, screen } from '@testing-library/react';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CallTimer, formatElapsed } from '../../../src/react/components/CallTimer.tsx';
import { createFakeStore, FakeStoreProvider, snapshotOf } from '../../support/components.tsx';

const T0 = Date.parse('2026-01-01T00:00:00Z');

afterEach(() => {
  vi.useRealTimers();
});

/** Mounts a timer for a call that connected `elapsedMs` ago, with fake timers and clock. */
function mountTimer(elapsedMs: number) {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  vi.setSystemTime(T0);
  const startedAt = T0 - elapsedMs;
  const fake = createFakeStore(snapshotOf({ status: 'ongoing', startedAt }));
  const view = render(
    <FakeStoreProvider store={fake.store}>
      <CallTimer />
    </FakeStoreProvider>,
  );
  const shown = () => {
    // A plain selector: role queries are slow in jsdom, and the property below reads this thousands of times.
    const text = view.container.querySelector('[role="timer"]')?.textContent ?? '';
    const [minutes, seconds] = text.replace('Elapsed time ', '').split(':').map(Number);
    return (minutes as number) * 60 + (seconds as number);
  };
  const trueSeconds = () => Math.floor((Date.now() - startedAt) / 1000);
  return { fake, view, shown, trueSeconds };
}

/** The main thread is busy for `ms`: the clock moves on, the pending timer fires that much later. */
function busy(ms: number) {
  // Fake timers keep a pending timer's remaining delay across a clock jump: it now fires `ms` late.
  vi.setSystemTime(Date.now() + ms);
}

describe('CallTimer', () => {
  it('changes on the call’s own second boundaries when mounted at a fractional second', () => {
    const { shown } = mountTimer(2_300);
    expect(shown()).toBe(2);
    act(() => vi.advanceTimersByTime(699));
    expect(shown()).toBe(2);
    act(() => vi.advanceTimersByTime(1)); // startedAt + 3 000
    expect(shown()).toBe(3);
    act(() => vi.advanceTimersByTime(999));
    expect(shown()).toBe(3);
    act(() => vi.advanceTimersByTime(1)); // startedAt + 4 000
    expect(shown()).toBe(4);
  });

  it('does not drift over an hour: still on the boundary at 59:59 → 1:00:00', () => {
    mountTimer(400);
    act(() => vi.advanceTimersByTime(3_600_000 - 400 - 1));
    expect(screen.getByRole('timer')).toHaveTextContent('59:59');
    act(() => vi.advanceTimersByTime(1));
    expect(screen.getByRole('timer')).toHaveTextContent('1:00:00');
    // One pending timer, never a pile of them.
    expect(vi.getTimerCount()).toBe(1);
  });

  it('shows every second, in order, when each tick fires late (busy main thread)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 999 }),
        fc.array(fc.integer({ min: 0, max: 990 }), { minLength: 1, maxLength: 40 }),
        (startOffset, lateness) => {
          const { view, shown, trueSeconds } = mountTimer(5_000 + startOffset);
          let previous = shown();
          for (const late of lateness) {
            busy(late);
            act(() => vi.advanceTimersToNextTimer());
            // What it shows is the call's true elapsed second, exactly one more than before.
            const now = shown();
            expect(now).toBe(trueSeconds());
            expect(now).toBe(previous + 1);
            previous = now;
            expect(vi.getTimerCount()).toBe(1);
          }
          view.unmount();
          expect(vi.getTimerCount()).toBe(0);
          vi.useRealTimers();
        },
      ),
      { seed: 20261201, numRuns: 60 },
    );
  });

  it('does not skip a second after a 976 ms stall (fast-check counterexample against an interval timer)', () => {
    const { shown } = mountTimer(5_009);
    const seen = [shown()];
    for (const late of [5, 6, 4, 976]) {
      busy(late);
      act(() => vi.advanceTimersToNextTimer());
      seen.push(shown());
    }
    expect(seen).toEqual([5, 6, 7, 8, 9]);
  });

  it('renders nothing unless ongoing, and stops its timer when the call ends', () => {
    const { fake } = mountTimer(1_000);
    expect(vi.getTimerCount()).toBe(1);
    act(() => fake.set({ status: 'ended', endedBy: 'remote' }));
    expect(screen.queryByRole('timer')).toBeNull();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('renders nothing while connecting', () => {
    const fake = createFakeStore(snapshotOf({ status: 'connecting' }));
    const { container } = render(
      <FakeStoreProvider store={fake.store}>
        <CallTimer />
      </FakeStoreProvider>,
    );
    expect(container).toBeEmptyDOMElement();
  });
});

describe('formatElapsed', () => {
  it('formats durations as mm:ss and h:mm:ss', () => {
    expect(formatElapsed(0)).toBe('00:00');
    expect(formatElapsed(-5)).toBe('00:00');
    expect(formatElapsed(59_999)).toBe('00:59');
    expect(formatElapsed(83_000)).toBe('01:23');
    expect(formatElapsed(3_723_000)).toBe('1:02:03');
  });
});
