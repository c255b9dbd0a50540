import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import fc from 'fast-check';
import type { MouseEvent } from 'react';
import { describe, expect, it } from 'vitest';
import { WebCallError } from '../../../src/core/errors.ts';
import { CALL_STATUSES } from '../../../src/core/store.ts';
import { CallButton } from '../../../src/react/components/CallButton.tsx';
import { MuteButton } from '../../../src/react/components/MuteButton.tsx';
import { type UseMuteButtonOptions, useMuteButton } from '../../../src/react/useMuteButton.ts';
import {
  createFakeStore,
  FakeStoreProvider,
  renderWithCall,
  settle,
  snapshotOf,
} from '../../support/components.tsx';

/** A custom icon toggle: the hook's props on a plain `<button>`, the label as its name. */
function MicToggle(options: UseMuteButtonOptions) {
  const { isMuted, label, buttonProps } = useMuteButton(options);
  return (
    <button {...buttonProps} aria-label={label}>
      {isMuted ? '🔇' : '🎙'}
    </button>
  );
}

describe('useMuteButton', () => {
  it('toggles the microphone of a real call; aria-pressed follows; disabled unless ongoing', async () => {
    const user = userEvent.setup();
    const { factory } = renderWithCall(
      <>
        <CallButton />
        <MicToggle />
      </>,
    );
    const mic = screen.getByRole('button', { name: 'Mute' });
    expect(mic).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Start call' }));
    await settle();
    act(() => factory.last.connect());
    expect(mic).toBeEnabled();
    expect(mic).toHaveAttribute('aria-pressed', 'false');

    await user.click(mic);
    expect(mic).toHaveAttribute('aria-pressed', 'true');
    expect(mic).toHaveAttribute('data-muted', '');
    expect(mic).toHaveTextContent('🔇');
    expect(factory.last.mutes).toBe(1);
    await user.click(mic);
    expect(mic).toHaveAttribute('aria-pressed', 'false');
    expect(mic).not.toHaveAttribute('data-muted');
  });

  it('runs your onClick first; preventDefault() cancels the toggle', () => {
    const fake = createFakeStore(snapshotOf({ status: 'ongoing' }));
    const order: string[] = [];
    fake.store.toggleMute.mockImplementation(() => {
      order.push('toggle');
    });
    const { rerender } = render(
      <FakeStoreProvider store={fake.store}>
        <MicToggle onClick={() => order.push('user')} />
      </FakeStoreProvider>,
    );
    fireEvent.click(screen.getByRole('button'));
    expect(order).toEqual(['user', 'toggle']);
    rerender(
      <FakeStoreProvider store={fake.store}>
        <MicToggle onClick={(event: MouseEvent) => event.preventDefault()} />
      </FakeStoreProvider>,
    );
    fireEvent.click(screen.getByRole('button'));
    expect(fake.store.toggleMute).toHaveBeenCalledTimes(1);
  });

  it('takes labels and your disabled', () => {
    const fake = createFakeStore(snapshotOf({ status: 'ongoing' }));
    render(
      <FakeStoreProvider store={fake.store}>
        <MicToggle labels={{ mute: 'Couper le micro' }} disabled />
      </FakeStoreProvider>,
    );
    expect(screen.getByRole('button', { name: 'Couper le micro' })).toBeDisabled();
  });

  it('throws a clear error outside a provider, naming the hook', () => {
    expect(() => render(<MicToggle />)).toThrow(/^useMuteButton must be used within a <WebCallProvider>/);
  });

  it('matches <MuteButton /> attribute for attribute in every state (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CALL_STATUSES),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        (status, isMuted, isReconnecting, audioBlocked) => {
          cleanup();
          const fake = createFakeStore(
            status === 'error'
              ? snapshotOf({ status, isMuted, error: new WebCallError('call_failed'), endedAt: 1 })
              : snapshotOf({ status, isMuted, isReconnecting, audioBlocked }),
          );
          render(
            <FakeStoreProvider store={fake.store}>
              <MicToggle />
              <MuteButton />
            </FakeStoreProvider>,
          );
          const [custom, component] = screen.getAllByRole('button') as [HTMLElement, HTMLElement];
          for (const name of component.getAttributeNames().filter((n) => n !== 'class')) {
            expect([name, custom.getAttribute(name)]).toEqual([name, component.getAttribute(name)]);
          }
          expect(custom).toHaveAccessibleName(component.textContent ?? '');
          expect(custom.hasAttribute('disabled')).toBe(status !== 'ongoing');
        },
      ),
      { numRuns: 40 },
    );
  });
});
