import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { WEB_CALL_ERROR_CODES, WebCallError } from '../../../src/core/errors.ts';
import type { CallStatus } from '../../../src/core/store.ts';
import { CallButton } from '../../../src/react/components/CallButton.tsx';
import { CallError, DEFAULT_CALL_ERROR_HINTS } from '../../../src/react/components/CallError.tsx';
import {
  createFakeStore,
  FakeStoreProvider,
  renderWithCall,
  settle,
  snapshotOf,
} from '../../support/components.tsx';

describe('CallError', () => {
  it.each<CallStatus>(['idle', 'requesting', 'connecting', 'ongoing', 'ending', 'ended'])(
    'renders nothing in %s',
    (status) => {
      const fake = createFakeStore(snapshotOf({ status }));
      const { container } = render(
        <FakeStoreProvider store={fake.store}>
          <CallError />
        </FakeStoreProvider>,
      );
      expect(container).toBeEmptyDOMElement();
    },
  );

  describe.each(WEB_CALL_ERROR_CODES)('for %s (a real store failing with it)', (code) => {
    it('shows the message, the recovery hint, and a retry button exactly when retryable', async () => {
      const user = userEvent.setup();
      const error = new WebCallError(code);
      let attempts = 0;
      renderWithCall(
        <>
          <CallButton />
          <CallError />
        </>,
        {
          getAccessToken: async () => {
            attempts++;
            throw error;
          },
        },
      );
      expect(screen.queryByRole('alert')).toBeNull();
      await user.click(screen.getByRole('button', { name: 'Start call' }));
      await settle();

      const alert = screen.getByRole('alert');
      expect(alert).toHaveClass('rwc-call-error');
      expect(alert).toHaveAttribute('data-status', 'error');
      expect(alert).toHaveAttribute('data-code', code);
      expect(alert).toHaveTextContent(error.message);
      expect(alert).toHaveTextContent(DEFAULT_CALL_ERROR_HINTS[code]);
      const retryInAlert = alert.querySelector('button');
      if (error.retryable) {
        expect(alert).toHaveAttribute('data-retryable', '');
        expect(retryInAlert).toHaveAccessibleName('Try again');
        await user.click(retryInAlert as HTMLButtonElement);
        await settle();
        expect(attempts).toBe(2);
      } else {
        expect(alert).not.toHaveAttribute('data-retryable');
        expect(retryInAlert).toBeNull();
        // The CallButton next to it still offers a new attempt.
        expect(document.querySelector('.rwc-call-button')).toHaveAccessibleName('Try again');
      }
    });
  });

  it('has a hint for every code, worded for people', () => {
    expect(Object.keys(DEFAULT_CALL_ERROR_HINTS).sort()).toEqual([...WEB_CALL_ERROR_CODES].sort());
    expect(DEFAULT_CALL_ERROR_HINTS.insecure_context).toMatch(/https.*localhost/);
    expect(DEFAULT_CALL_ERROR_HINTS.microphone_permission_denied).toMatch(/Allow/);
  });

  it('shows the backend message of a failed token request and an HTTP-aware retry', () => {
    const fake = createFakeStore(
      snapshotOf({
        status: 'error',
        error: new WebCallError('token_request_failed', 'Too many calls from this address.', { status: 429 }),
      }),
    );
    render(
      <FakeStoreProvider store={fake.store}>
        <CallError />
      </FakeStoreProvider>,
    );
    expect(screen.getByRole('alert')).toHaveTextContent('Too many calls from this address.');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });

  it('after a 429 with Retry-After, the retry button counts down, refuses clicks, then retries', () => {
    vi.useFakeTimers({ now: Date.parse('2026-12-01T12:00:00.400Z') });
    try {
      const error = new WebCallError('token_request_failed', 'Too many calls.', {
        status: 429,
        retryAfterMs: 3_000,
      });
      // Failed 400 ms ago: 2.6 s left, shown as 3 s (rounded up, never 0 while still waiting).
      const fake = createFakeStore(snapshotOf({ status: 'error', error, endedAt: Date.now() - 400 }));
      render(
        <FakeStoreProvider store={fake.store}>
          <CallError labels={{ retryIn: (s) => `Encore ${s} s` }} />
        </FakeStoreProvider>,
      );
      const button = screen.getByRole('button');
      expect(button).toHaveAccessibleName('Encore 3 s');
      expect(button).toHaveAttribute('aria-disabled', 'true');
      act(() => button.click());
      expect(fake.store.start).not.toHaveBeenCalled();
      const seen: Array<[number, string]> = [[0, button.textContent ?? '']];
      for (let ms = 100; ms <= 3_000; ms += 100) {
        act(() => vi.advanceTimersByTime(100));
        const name = button.textContent ?? '';
        if (seen.at(-1)?.[1] !== name) seen.push([ms, name]);
      }
      // Every second shown once, none skipped, changing on the failure's own second boundaries.
      expect(seen).toEqual([
        [0, 'Encore 3 s'],
        [600, 'Encore 2 s'],
        [1_600, 'Encore 1 s'],
        [2_600, 'Try again'],
      ]);
      expect(button).not.toHaveAttribute('aria-disabled');
      act(() => button.click());
      expect(fake.store.start).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('takes hints and labels for i18n, and an onRetry that can cancel', async () => {
    const user = userEvent.setup();
    const fake = createFakeStore(snapshotOf({ status: 'error', error: new WebCallError('network_error') }));
    const onRetry = vi.fn((event: React.MouseEvent) => event.preventDefault());
    render(
      <FakeStoreProvider store={fake.store}>
        <CallError
          hints={{ network_error: 'Vérifiez votre connexion.' }}
          labels={{ retry: 'Réessayer' }}
          onRetry={onRetry}
          className="mine"
        />
      </FakeStoreProvider>,
    );
    expect(screen.getByRole('alert')).toHaveTextContent('Vérifiez votre connexion.');
    expect(screen.getByRole('alert')).toHaveClass('mine');
    await user.click(screen.getByRole('button', { name: 'Réessayer' }));
    expect(onRetry).toHaveBeenCalledTimes(1);
    expect(fake.store.start).not.toHaveBeenCalled();
  });

  it('disappears when a new call starts', () => {
    const fake = createFakeStore(snapshotOf({ status: 'error', error: new WebCallError('call_failed') }));
    render(
      <FakeStoreProvider store={fake.store}>
        <CallError />
      </FakeStoreProvider>,
    );
    expect(screen.getByRole('alert')).toBeInTheDocument();
    act(() => fake.set(snapshotOf({ status: 'requesting' })));
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
