import { act, render, screen } from '@testing-library/react';
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
