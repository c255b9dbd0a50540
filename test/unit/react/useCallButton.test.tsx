import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import fc from 'fast-check';
import { createRef, type FocusEvent, type MouseEvent, version as reactVersion } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebCallError } from '../../../src/core/errors.ts';
import { CALL_STATUSES, type CallStatus } from '../../../src/core/store.ts';
import { CallButton } from '../../../src/react/components/CallButton.tsx';
import {
  type CallButtonLabels,
  DEFAULT_CALL_BUTTON_LABELS,
  type UseCallButtonOptions,
  useCallButton,
} from '../../../src/react/useCallButton.ts';
import {
  createFakeStore,
  FakeStoreProvider,
  heldToken,
  renderWithCall,
  settle,
  snapshotOf,
} from '../../support/components.tsx';
import { fakeClientFactory } from '../../support/fakeClient.ts';

/** The README's custom button: the hook's props on a plain `<button>`, its label as content. */
function CustomButton(options: UseCallButtonOptions) {
  const { label, buttonProps } = useCallButton(options);
  return (
    <button {...buttonProps} className="custom">
      {label}
    </button>
  );
}

afterEach(() => {
  vi.useRealTimers();
});

/** The attributes a screen reader, a stylesheet or a test sees, minus the class. */
function stateOf(element: Element) {
  return Object.fromEntries(
    element
      .getAttributeNames()
      .filter((name) => name !== 'class')
      .map((name) => [name, element.getAttribute(name)]),
  );
}

describe('useCallButton', () => {
  describe('inside a provider, across a real call', () => {
    it('labels say what a click does: Start call, Cancel (aria-busy), End call, Start call', async () => {
      const token = heldToken();
      const user = userEvent.setup();
      const { factory } = renderWithCall(<CustomButton />, { getAccessToken: token.getAccessToken });
      const button = screen.getByRole('button');
      expect(button).toHaveAccessibleName('Start call');
      expect(button).toHaveAttribute('type', 'button');
      expect(button).not.toHaveAttribute('aria-busy');

      await user.click(button);
      expect(button).toHaveAttribute('data-status', 'requesting');
      expect(button).toHaveAccessibleName('Cancel');
      expect(button).toHaveAttribute('aria-busy', 'true');

      token.resolve();
      await settle();
      expect(button).toHaveAttribute('data-status', 'connecting');
      expect(button).toHaveAccessibleName('Cancel');
      expect(button).toHaveAttribute('aria-busy', 'true');

      act(() => factory.last.connect());
      expect(button).toHaveAccessibleName('End call');
      expect(button).not.toHaveAttribute('aria-busy');

      await user.click(button);
      expect(button).toHaveAttribute('data-status', 'ended');
      expect(button).toHaveAccessibleName('Start call');
    });

    it('a click while connecting cancels the call: no call joins', async () => {
      const user = userEvent.setup();
      const { factory } = renderWithCall(<CustomButton />);
      const button = screen.getByRole('button');
      await user.click(button);
      await settle();
      expect(button).toHaveAttribute('data-status', 'connecting');
      expect(button).toHaveAccessibleName('Cancel');

      await user.click(button);
      expect(button).toHaveAttribute('data-status', 'ending');
      expect(button).toBeDisabled();
      act(() => factory.last.connect());
      expect(button).toHaveAttribute('data-status', 'ended');
      expect(factory.last.stopCalls).toBeGreaterThan(0);
    });

    it('a double-click starts the call; its second click does not cancel it (review finding)', async () => {
      const token = heldToken();
      const user = userEvent.setup();
      renderWithCall(<CustomButton />, { getAccessToken: token.getAccessToken });
      const button = screen.getByRole('button');
      await user.dblClick(button);
      expect(button).toHaveAttribute('data-status', 'requesting');
      // A later deliberate click (detail 1) still cancels.
      fireEvent.click(button, { detail: 1 });
      expect(button).toHaveAttribute('data-status', 'ended');
      token.resolve();
    });

    it('a click while requesting cancels before any call is joined', async () => {
      const token = heldToken();
      const user = userEvent.setup();
      const { factory } = renderWithCall(<CustomButton />, { getAccessToken: token.getAccessToken });
      const button = screen.getByRole('button');
      await user.click(button);
      await user.click(button);
      token.resolve();
      await settle();
      expect(button).toHaveAttribute('data-status', 'ended');
      expect(factory.clients.every((client) => client.startCalls.length === 0)).toBe(true);
    });

    it('after a 429, "Try again" counts down, is aria-disabled, refuses clicks, then retries', async () => {
      vi.useFakeTimers({ now: Date.parse('2026-12-01T12:00:00Z'), shouldAdvanceTime: false });
      const getAccessToken = vi.fn(async () => {
        throw new WebCallError('token_request_failed', 'Too many calls.', {
          status: 429,
          retryAfterMs: 2_000,
        });
      });
      renderWithCall(<CustomButton labels={{ retryIn: (s) => `Wait ${s} s` }} />, { getAccessToken });
      const button = screen.getByRole('button');
      act(() => button.click());
      await settle();
      expect(button).toHaveAccessibleName('Wait 2 s');
      expect(button).toHaveAttribute('aria-disabled', 'true');
      act(() => button.click());
      await settle();
      expect(getAccessToken).toHaveBeenCalledTimes(1);

      act(() => vi.advanceTimersByTime(1_000));
      expect(button).toHaveAccessibleName('Wait 1 s');
      act(() => vi.advanceTimersByTime(1_000));
      expect(button).toHaveAccessibleName('Try again');
      expect(button).not.toHaveAttribute('aria-disabled');
      act(() => button.click());
      await settle();
      expect(getAccessToken).toHaveBeenCalledTimes(2);
    });
  });

  describe('standalone (no provider)', () => {
    it('owns a call built from the options and ends it on unmount', async () => {
      const factory = fakeClientFactory();
      const getAccessToken = vi.fn(async () => ({ access_token: 't' }));
      const user = userEvent.setup();
      const { unmount } = render(
        <CustomButton
          createClient={factory.createClient}
          getAccessToken={getAccessToken}
          checkMicrophone={false}
        />,
      );
      await user.click(screen.getByRole('button', { name: 'Start call' }));
      await settle();
      act(() => factory.last.connect());
      expect(screen.getByRole('button')).toHaveAccessibleName('End call');
      expect(getAccessToken).toHaveBeenCalledTimes(1);
      unmount();
      expect(factory.last.connected).toBe(false);
      expect(factory.last.listenerCount()).toBe(0);
    });

    it('inside a provider ignores its own call options and acts on the provider’s call', async () => {
      const own = vi.fn(async () => ({ access_token: 'mine' }));
      const user = userEvent.setup();
      const { getAccessToken } = renderWithCall(<CustomButton getAccessToken={own} />);
      await user.click(screen.getByRole('button'));
      await settle();
      expect(getAccessToken).toHaveBeenCalledTimes(1);
      expect(own).not.toHaveBeenCalled();
    });
  });

  describe('composing your handlers', () => {
    it('runs your onClick first; preventDefault() cancels the call action', () => {
      const fake = createFakeStore();
      const order: string[] = [];
      fake.store.start.mockImplementation(async () => {
        order.push('start');
      });
      const { rerender } = render(
        <FakeStoreProvider store={fake.store}>
          <CustomButton onClick={() => order.push('user')} />
        </FakeStoreProvider>,
      );
      fireEvent.click(screen.getByRole('button'));
      expect(order).toEqual(['user', 'start']);

      rerender(
        <FakeStoreProvider store={fake.store}>
          <CustomButton onClick={(event: MouseEvent) => event.preventDefault()} />
        </FakeStoreProvider>,
      );
      fireEvent.click(screen.getByRole('button'));
      expect(fake.store.start).toHaveBeenCalledTimes(1);
      // …and while connecting, preventDefault() keeps the call going.
      act(() => fake.set({ status: 'connecting' }));
      fireEvent.click(screen.getByRole('button'));
      expect(fake.store.stop).not.toHaveBeenCalled();
    });

    it('preloads on pointer enter, pointer down and focus, after your handlers; preventDefault() skips it', () => {
      const fake = createFakeStore();
      const seen: string[] = [];
      const { rerender } = render(
        <FakeStoreProvider store={fake.store}>
          <CustomButton
            onPointerEnter={() => seen.push('enter')}
            onPointerDown={() => seen.push('down')}
            onFocus={() => seen.push('focus')}
          />
        </FakeStoreProvider>,
      );
      const button = screen.getByRole('button');
      fireEvent.pointerEnter(button);
      fireEvent.pointerDown(button);
      act(() => button.focus());
      expect(seen).toEqual(['enter', 'down', 'focus']);
      expect(fake.store.preload).toHaveBeenCalledTimes(3);
      expect(fake.store.start).not.toHaveBeenCalled();

      act(() => button.blur());
      rerender(
        <FakeStoreProvider store={fake.store}>
          <CustomButton onFocus={(event: FocusEvent) => event.preventDefault()} />
        </FakeStoreProvider>,
      );
      act(() => screen.getByRole('button').focus());
      expect(fake.store.preload).toHaveBeenCalledTimes(3);
    });

    it('preloads nothing on intent with preload "none"', () => {
      const fake = createFakeStore();
      render(
        <FakeStoreProvider store={fake.store}>
          <CustomButton preload="none" />
        </FakeStoreProvider>,
      );
      fireEvent.pointerDown(screen.getByRole('button'));
      expect(fake.store.preload).not.toHaveBeenCalled();
    });

    it("runs your callback ref's cleanup on unmount (React 19), or calls it with null (React 18)", () => {
      const fake = createFakeStore();
      const calls: Array<HTMLButtonElement | null> = [];
      let cleanups = 0;
      const ref = (element: HTMLButtonElement | null) => {
        calls.push(element);
        return () => {
          cleanups++;
        };
      };
      function WithRef() {
        const { label, buttonProps } = useCallButton({ ref });
        return <button {...buttonProps}>{label}</button>;
      }
      const { unmount } = render(
        <FakeStoreProvider store={fake.store}>
          <WithRef />
        </FakeStoreProvider>,
      );
      const button = screen.getByRole('button');
      unmount();
      if (Number(reactVersion.split('.')[0]) >= 19) {
        expect(calls.filter((element) => element === null)).toEqual([]);
        expect(cleanups).toBe(calls.length);
      } else {
        expect(calls.at(-1)).toBeNull();
      }
      expect(calls[0]).toBe(button);
    });

    it('merges your ref into buttonProps.ref, and keeps your disabled', () => {
      const fake = createFakeStore();
      const ref = createRef<HTMLButtonElement>();
      // The ref goes in as the hook's option (a `ref` prop on a function component is React 19 only).
      function WithRef() {
        const { label, buttonProps } = useCallButton({ ref, disabled: true });
        return <button {...buttonProps}>{label}</button>;
      }
      render(
        <FakeStoreProvider store={fake.store}>
          <WithRef />
        </FakeStoreProvider>,
      );
      expect(ref.current).toBe(screen.getByRole('button'));
      expect(screen.getByRole('button')).toBeDisabled();
    });
  });

  describe('for every status and any labels (property)', () => {
    const labelsArb = fc.record(
      Object.fromEntries(CALL_STATUSES.map((status) => [status, fc.string({ minLength: 1 })])) as {
        [S in CallStatus]: fc.Arbitrary<string>;
      },
      { requiredKeys: [] },
    );

    it('label = your label for the status, else the default; aria-busy only while setting up', () => {
      fc.assert(
        fc.property(
          fc.constantFrom(...CALL_STATUSES),
          labelsArb,
          fc.boolean(),
          (status, labels, disabled) => {
            cleanup();
            const fake = createFakeStore(
              status === 'error'
                ? snapshotOf({ status, error: new WebCallError('network_error'), endedAt: 1 })
                : snapshotOf({ status }),
            );
            let result!: ReturnType<typeof useCallButton>;
            function Probe() {
              result = useCallButton({ labels: labels as Partial<CallButtonLabels>, disabled });
              return null;
            }
            render(
              <FakeStoreProvider store={fake.store}>
                <Probe />
              </FakeStoreProvider>,
            );
            expect(result.status).toBe(status);
            expect(result.label).toBe(labels[status] ?? DEFAULT_CALL_BUTTON_LABELS[status]);
            const settingUp = status === 'requesting' || status === 'connecting';
            expect(result.buttonProps['aria-busy']).toBe(settingUp ? true : undefined);
            expect(result.buttonProps.disabled).toBe(disabled || status === 'ending');
            expect(result.buttonProps['data-status']).toBe(status);
            expect(result.buttonProps.type).toBe('button');
          },
        ),
        { numRuns: 60 },
      );
    });

    it('a plain <button {...buttonProps}>{label}</button> matches <CallButton /> attribute for attribute', () => {
      fc.assert(
        fc.property(
          fc.constantFrom(...CALL_STATUSES),
          fc.boolean(),
          fc.boolean(),
          (status, isReconnecting, audioBlocked) => {
            cleanup();
            const fake = createFakeStore(
              status === 'error'
                ? snapshotOf({ status, error: new WebCallError('network_error'), endedAt: 1 })
                : snapshotOf({ status, isReconnecting, audioBlocked }),
            );
            render(
              <FakeStoreProvider store={fake.store}>
                <CustomButton />
                <CallButton />
              </FakeStoreProvider>,
            );
            const [custom, component] = screen.getAllByRole('button');
            expect(stateOf(custom as Element)).toEqual(stateOf(component as Element));
            expect(custom).toHaveAccessibleName(DEFAULT_CALL_BUTTON_LABELS[status]);
            expect(component).toHaveAccessibleName(DEFAULT_CALL_BUTTON_LABELS[status]);
          },
        ),
        { numRuns: 40 },
      );
    });
  });
});
