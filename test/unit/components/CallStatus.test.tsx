import { act, render, screen } from '@testing-library/react';
import axe from 'axe-core';
import { Profiler } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CallStatus } from '../../../src/react/components/CallStatus.tsx';
import { createFakeStore, errorSnapshot, FakeStoreProvider, snapshotOf } from '../../support/components.tsx';

afterEach(() => {
  vi.useRealTimers();
});

const WORDS: Record<CallStatus, string> = {
  idle: 'Ready to call',
  requesting: 'Connecting…',
  connecting: 'Connecting…',
  ongoing: 'Connected',
  ending: 'Ending call…',
  ended: 'Call ended',
  error: 'Call failed: No microphone was found.',
};

describe('CallStatus', () => {
  it.each(Object.entries(WORDS))('in %s says "%s" in a polite status region', (status, words) => {
    const fake = createFakeStore(
      status === 'error'
        ? errorSnapshot('microphone_not_found')
        : snapshotOf({ status: status as CallStatus, startedAt: Date.now() }),
    );
    const { container } = render(
      <FakeStoreProvider store={fake.store}>
        <CallStatus />
      </FakeStoreProvider>,
    );
    const region = screen.getByRole('status');
    expect(region).toHaveTextContent(words);
    expect(region).toHaveAttribute('aria-live', 'polite');
    expect(container.firstElementChild).toHaveAttribute('data-status', status);
    expect(container.firstElementChild).toHaveClass('rwc-call-status');
    if (status === 'ongoing') expect(screen.getByRole('timer')).toHaveTextContent('00:00');
    else expect(screen.queryByRole('timer')).toBeNull();
  });

  it('takes labels and can leave the error message out', () => {
    const fake = createFakeStore(errorSnapshot('call_failed'));
    render(
      <FakeStoreProvider store={fake.store}>
        <CallStatus labels={{ error: 'Échec' }} showErrorMessage={false} />
      </FakeStoreProvider>,
    );
    expect(screen.getByRole('status')).toHaveTextContent(/^Échec$/);
  });

  it('ticks the elapsed time once a second, outside the live region', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
    const fake = createFakeStore(snapshotOf({ status: 'ongoing', startedAt: Date.now() }));
    render(
      <FakeStoreProvider store={fake.store}>
        <CallStatus />
      </FakeStoreProvider>,
    );
    const timer = screen.getByRole('timer');
    expect(timer).toHaveTextContent('00:00');
    const text = screen.getByRole('status');
    const textNode = text.firstChild;
    act(() => vi.advanceTimersByTime(83_000));
    expect(timer).toHaveTextContent('01:23');
    expect(timer).toHaveClass('rwc-call-timer');
    // The ticks are not in the polite region, so screen readers do not read every second.
    expect(text.firstChild).toBe(textNode);
    expect(text).not.toContainElement(timer);
    expect(text).toHaveTextContent(/^Connected$/);

    act(() => fake.set({ status: 'ended', endedBy: 'remote' }));
    expect(screen.queryByRole('timer')).toBeNull();
  });

  it('says "Reconnecting…" while an ongoing call reconnects, then "Connected" again, in the same live region', () => {
    const fake = createFakeStore(snapshotOf({ status: 'ongoing', startedAt: Date.now() }));
    render(
      <FakeStoreProvider store={fake.store}>
        <CallStatus />
      </FakeStoreProvider>,
    );
    const region = screen.getByRole('status');
    expect(region).toHaveAttribute('aria-live', 'polite');
    act(() => fake.set({ isReconnecting: true }));
    expect(region).toHaveTextContent(/^Reconnecting…$/);
    expect(region.parentElement).toHaveAttribute('data-reconnecting', '');
    // The timer keeps running through a reconnect (the call is still ongoing).
    expect(screen.getByRole('timer')).toBeInTheDocument();
    act(() => fake.set({ isReconnecting: false }));
    expect(region).toHaveTextContent(/^Connected$/);
    expect(screen.getByRole('status')).toBe(region);
  });

  it('says "Sound blocked by the browser" while ongoing audio is blocked; reconnecting wins', () => {
    const fake = createFakeStore(
      snapshotOf({ status: 'ongoing', startedAt: Date.now(), audioBlocked: true }),
    );
    render(
      <FakeStoreProvider store={fake.store}>
        <CallStatus labels={{ audioBlocked: 'Son bloqué' }} />
      </FakeStoreProvider>,
    );
    const region = screen.getByRole('status');
    expect(region).toHaveTextContent(/^Son bloqué$/);
    act(() => fake.set({ isReconnecting: true }));
    expect(region).toHaveTextContent(/^Reconnecting…$/);
    // Outside `ongoing` the flags do not change the words.
    act(() => fake.set({ status: 'ending' }));
    expect(region).toHaveTextContent(/^Ending call…$/);
  });

  it('names the agent_unavailable error', () => {
    const fake = createFakeStore(errorSnapshot('agent_unavailable'));
    render(
      <FakeStoreProvider store={fake.store}>
        <CallStatus />
      </FakeStoreProvider>,
    );
    expect(screen.getByRole('status')).toHaveTextContent(/^Call failed: .+/);
  });
});

/** What a screen reader reads in `region`: its text without `aria-hidden` parts. */
function spoken(region: HTMLElement): string {
  const copy = region.cloneNode(true) as HTMLElement;
  for (const hidden of copy.querySelectorAll('[aria-hidden="true"]')) hidden.remove();
  return copy.textContent ?? '';
}

/** What a sighted user sees: the text without the visually hidden announcement. */
function shown(region: HTMLElement): string {
  const copy = region.cloneNode(true) as HTMLElement;
  for (const span of copy.querySelectorAll('span')) if (span.style.position === 'absolute') span.remove();
  return copy.textContent ?? '';
}

describe('CallStatus while the client waits to join (joinWaitUntil)', () => {
  function renderWaiting(waitMs: number, labels?: Parameters<typeof CallStatus>[0]['labels']) {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(new Date('2026-01-01T00:00:00.250Z'));
    const fake = createFakeStore(snapshotOf({ status: 'connecting', joinWaitUntil: Date.now() + waitMs }));
    const commits = { count: 0 };
    const view = render(
      <Profiler id="status" onRender={() => commits.count++}>
        <FakeStoreProvider store={fake.store}>
          <CallStatus labels={labels} />
        </FakeStoreProvider>
      </Profiler>,
    );
    return { ...view, fake, commits, region: screen.getByRole('status') };
  }

  it('counts down once per second, then says "Connecting…" when the wait is over', () => {
    const { region, container } = renderWaiting(3_000);
    const seen = [shown(region)];
    for (let i = 0; i < 3; i++) {
      act(() => vi.advanceTimersByTime(1_000));
      seen.push(shown(region));
    }
    expect(seen).toEqual(['Connecting in 3 s…', 'Connecting in 2 s…', 'Connecting in 1 s…', 'Connecting…']);
    expect(container.firstElementChild).toHaveAttribute('data-status', 'connecting');
  });

  it('re-renders once per second, not per frame, and stops ticking after the wait', () => {
    const { commits } = renderWaiting(4_000);
    const initial = commits.count;
    // Frame by frame (each step its own act, so React may commit after every one).
    for (let ms = 0; ms < 14_000; ms += 16) act(() => vi.advanceTimersByTime(16));
    expect(commits.count - initial).toBe(4);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('announces the wait once: the ticking figure is hidden from screen readers', () => {
    const { region } = renderWaiting(8_000);
    const heard = new Set([spoken(region)]);
    for (let i = 0; i < 7; i++) {
      act(() => vi.advanceTimersByTime(1_000));
      heard.add(spoken(region));
    }
    expect([...heard]).toEqual(['Connecting in 8 s…']);
    expect(region).toHaveAttribute('aria-live', 'polite');
    // Then once more when the client dials: the only other change the live region gets.
    act(() => vi.advanceTimersByTime(1_000));
    expect(spoken(region)).toBe('Connecting…');
  });

  it('takes a joinWait label; a wait already over, or outside connecting, shows the status words', () => {
    const { region, fake } = renderWaiting(1_500, {
      joinWait: (s) => `Connexion dans ${s} s…`,
      connecting: 'Connexion…',
    });
    expect(shown(region)).toBe('Connexion dans 2 s…');
    act(() => fake.set({ joinWaitUntil: Date.now() - 1 }));
    expect(shown(region)).toBe('Connexion…');
    act(() => fake.set({ status: 'ongoing', startedAt: Date.now(), joinWaitUntil: Date.now() + 5_000 }));
    expect(region).toHaveTextContent(/^Connected$/);
  });

  it('a new wait starts a new announcement', () => {
    const { region, fake } = renderWaiting(2_000);
    act(() => vi.advanceTimersByTime(1_000));
    act(() => fake.set({ joinWaitUntil: Date.now() + 4_000 }));
    expect(spoken(region)).toBe('Connecting in 4 s…');
  });

  it('has no axe violations', async () => {
    const { container } = renderWaiting(5_000);
    vi.useRealTimers();
    const results = await axe.run(container, { rules: { 'color-contrast': { enabled: false } } });
    expect(results.violations.map((v) => v.id)).toEqual([]);
    expect(results.passes.length).toBeGreaterThan(0);
  });
});
