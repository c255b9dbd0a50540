import { act, fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { type ComponentPropsWithoutRef, createRef, forwardRef } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { CALL_STATUSES } from '../../../src/core/store.ts';
import { CallButton } from '../../../src/react/components/CallButton.tsx';
import { MuteButton } from '../../../src/react/components/MuteButton.tsx';
import {
  createFakeStore,
  errorSnapshot,
  FakeStoreProvider,
  renderWithCall,
  settle,
  snapshotOf,
} from '../../support/components.tsx';

const STATUSES = CALL_STATUSES;

const DesignButton = forwardRef<HTMLButtonElement, ComponentPropsWithoutRef<'button'>>(
  function DesignButton(props, ref) {
    return <button {...props} ref={ref} />;
  },
);

describe('MuteButton', () => {
  it.each(STATUSES)('in %s: data-status, aria-pressed false, enabled only when ongoing', (status) => {
    const fake = createFakeStore(status === 'error' ? errorSnapshot('call_failed') : snapshotOf({ status }));
    render(
      <FakeStoreProvider store={fake.store}>
        <MuteButton />
      </FakeStoreProvider>,
    );
    const button = screen.getByRole('button', { name: 'Mute' });
    expect(button).toHaveAttribute('data-status', status);
    expect(button).toHaveAttribute('aria-pressed', 'false');
    expect(button).not.toHaveAttribute('data-muted');
    expect(button).toHaveClass('rwc-mute-button');
    if (status === 'ongoing') expect(button).toBeEnabled();
    else expect(button).toBeDisabled();
  });

  it('mutes and unmutes a real call, by click and by keyboard', async () => {
    const user = userEvent.setup();
    const { factory } = renderWithCall(
      <>
        <CallButton />
        <MuteButton />
      </>,
    );
    await user.click(screen.getByRole('button', { name: 'Start call' }));
    await settle();
    act(() => factory.last.connect());
    const mute = screen.getByRole('button', { name: 'Mute' });
    expect(mute).toBeEnabled();

    await user.click(mute);
    expect(mute).toHaveAttribute('aria-pressed', 'true');
    expect(mute).toHaveAttribute('data-muted', '');
    expect(factory.last.mutes).toBe(1);

    mute.focus();
    await user.keyboard('{Enter}');
    expect(mute).toHaveAttribute('aria-pressed', 'false');
    expect(factory.last.unmutes).toBe(1);
    await user.keyboard(' ');
    expect(mute).toHaveAttribute('aria-pressed', 'true');

    act(() => factory.last.hangUp());
    expect(mute).toBeDisabled();
  });

  it('keeps one accessible name (a toggle), translatable through labels', () => {
    const fake = createFakeStore(snapshotOf({ status: 'ongoing', isMuted: true }));
    render(
      <FakeStoreProvider store={fake.store}>
        <MuteButton labels={{ mute: 'Couper le micro' }} />
      </FakeStoreProvider>,
    );
    const button = screen.getByRole('button', { name: 'Couper le micro' });
    expect(button).toHaveAttribute('aria-pressed', 'true');
  });

  it('composes onClick (preventDefault cancels) and forwards ref and className', async () => {
    const user = userEvent.setup();
    const ref = createRef<HTMLButtonElement>();
    const fake = createFakeStore(snapshotOf({ status: 'ongoing' }));
    const onClick = vi.fn((event: React.MouseEvent) => event.preventDefault());
    render(
      <FakeStoreProvider store={fake.store}>
        <MuteButton ref={ref} className="mine" onClick={onClick} />
      </FakeStoreProvider>,
    );
    await user.click(screen.getByRole('button'));
    expect(onClick).toHaveBeenCalledTimes(1);
    expect(fake.store.toggleMute).not.toHaveBeenCalled();
    expect(ref.current).toHaveClass('rwc-mute-button', 'mine');
  });

  it('renders a render-function child', () => {
    const fake = createFakeStore(snapshotOf({ status: 'ongoing', isMuted: true }));
    render(
      <FakeStoreProvider store={fake.store}>
        <MuteButton>{({ isMuted, label }) => `${label}: ${isMuted ? 'on' : 'off'}`}</MuteButton>
      </FakeStoreProvider>,
    );
    expect(screen.getByRole('button')).toHaveTextContent('Mute: on');
  });

  it('explains itself when used outside a provider', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(() => render(<MuteButton />)).toThrow(/MuteButton must be used within a <WebCallProvider>/);
  });

  it('with asChild keeps the caller’s aria-label as its name, and is named "Mute" without one', () => {
    const fake = createFakeStore(snapshotOf({ status: 'ongoing' }));
    render(
      <FakeStoreProvider store={fake.store}>
        <MuteButton asChild aria-label="Microphone">
          <DesignButton>🎙</DesignButton>
        </MuteButton>
        <MuteButton asChild>
          <DesignButton />
        </MuteButton>
      </FakeStoreProvider>,
    );
    const named = screen.getByRole('button', { name: 'Microphone' });
    expect(named).toHaveAttribute('aria-pressed', 'false');
    fireEvent.click(named);
    expect(fake.store.toggleMute).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('button', { name: 'Mute' })).toHaveTextContent('Mute');
  });
});
