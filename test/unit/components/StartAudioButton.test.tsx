import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { type ComponentPropsWithoutRef, createRef } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { CallButton } from '../../../src/react/components/CallButton.tsx';
import { CallStatus } from '../../../src/react/components/CallStatus.tsx';
import {
  DEFAULT_START_AUDIO_BUTTON_LABELS,
  StartAudioButton,
} from '../../../src/react/components/StartAudioButton.tsx';
import {
  createFakeStore,
  FakeStoreProvider,
  renderWithCall,
  settle,
  snapshotOf,
} from '../../support/components.tsx';

const LABEL = 'Tap to hear the agent';

function DesignSystemButton(props: ComponentPropsWithoutRef<'button'>) {
  return <button type="button" data-design-system="" {...props} />;
}
const ongoing = (patch = {}) => snapshotOf({ status: 'ongoing', startedAt: 1, ...patch });

describe('StartAudioButton', () => {
  it('renders nothing while audio plays, and one native button while the browser blocks it', () => {
    const fake = createFakeStore(ongoing());
    const { container } = render(
      <FakeStoreProvider store={fake.store}>
        <StartAudioButton />
      </FakeStoreProvider>,
    );
    expect(container).toBeEmptyDOMElement();

    act(() => fake.set({ audioBlocked: true }));
    const button = screen.getByRole('button', { name: LABEL });
    expect(container.children).toHaveLength(1);
    expect(button.tagName).toBe('BUTTON');
    expect(button).toHaveAttribute('type', 'button');
    expect(button).toHaveClass('rwc-start-audio-button');
    expect(button).toHaveAttribute('data-audio-blocked', '');
    expect(button).toHaveAttribute('data-status', 'ongoing');
    expect(DEFAULT_START_AUDIO_BUTTON_LABELS.startAudio).toBe(LABEL);

    act(() => fake.set({ audioBlocked: false }));
    expect(container).toBeEmptyDOMElement();
  });

  it('unlocks audio inside the click: the client is asked before the click returns (no await first)', async () => {
    const { factory, container } = renderWithCall(
      <>
        <CallButton />
        <StartAudioButton />
      </>,
    );
    act(() => (container.querySelector('.rwc-call-button') as HTMLButtonElement).click());
    await settle();
    act(() => factory.last.connect());
    act(() => factory.last.emit('audio_playback', { canPlay: false }));
    const button = screen.getByRole('button', { name: LABEL });

    // A native click dispatches synchronously: whatever the handler does before its first await is done
    // when click() returns. The browser counts only that part as inside the gesture.
    act(() => {
      button.click();
      expect(factory.last.playbackStarts).toBe(1);
    });

    act(() => factory.last.emit('audio_playback', { canPlay: true }));
    expect(screen.queryByRole('button', { name: LABEL })).toBeNull();
  });

  it('runs a user onClick first; preventDefault() cancels the unlock', async () => {
    const user = userEvent.setup();
    const fake = createFakeStore(ongoing({ audioBlocked: true }));
    const order: string[] = [];
    fake.store.startAudioPlayback.mockImplementation(async () => {
      order.push('store');
    });
    const { rerender } = render(
      <FakeStoreProvider store={fake.store}>
        <StartAudioButton onClick={() => order.push('user')} />
      </FakeStoreProvider>,
    );
    await user.click(screen.getByRole('button', { name: LABEL }));
    expect(order).toEqual(['user', 'store']);

    rerender(
      <FakeStoreProvider store={fake.store}>
        <StartAudioButton onClick={(event) => event.preventDefault()} />
      </FakeStoreProvider>,
    );
    await user.click(screen.getByRole('button', { name: LABEL }));
    expect(fake.store.startAudioPlayback).toHaveBeenCalledTimes(1);
  });

  it('a failed unlock is not an unhandled rejection: the button stays for another try', async () => {
    const user = userEvent.setup();
    const fake = createFakeStore(ongoing({ audioBlocked: true }));
    // A plain function: a vi.fn observes its returned promise, which would hide an unhandled rejection.
    let attempts = 0;
    const store = {
      ...fake.store,
      startAudioPlayback: () => {
        attempts++;
        return Promise.reject(new DOMException('not allowed', 'NotAllowedError'));
      },
    };
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      render(
        <FakeStoreProvider store={store}>
          <StartAudioButton />
        </FakeStoreProvider>,
      );
      await user.click(screen.getByRole('button', { name: LABEL }));
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(attempts).toBe(1);
      expect(unhandled).not.toHaveBeenCalled();
      expect(screen.getByRole('button', { name: LABEL })).toBeInTheDocument();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });

  it('appears without taking focus, and is announced by CallStatus’s polite live region', () => {
    const fake = createFakeStore(ongoing());
    render(
      <FakeStoreProvider store={fake.store}>
        <CallStatus showTimer={false} />
        <StartAudioButton />
        <CallButton />
      </FakeStoreProvider>,
    );
    const callButton = screen.getByRole('button', { name: 'End call' });
    callButton.focus();
    act(() => fake.set({ audioBlocked: true }));
    expect(screen.getByRole('button', { name: LABEL })).toBeInTheDocument();
    expect(callButton).toHaveFocus();
    const status = screen.getByRole('status');
    expect(status).toHaveAttribute('aria-live', 'polite');
    expect(status).toHaveTextContent('Sound blocked by the browser');
  });

  it('gives focus back to where it came from when it goes away under the focus', async () => {
    const user = userEvent.setup();
    const fake = createFakeStore(ongoing({ audioBlocked: true }));
    fake.store.startAudioPlayback.mockImplementation(async () => fake.set({ audioBlocked: false }));
    render(
      <FakeStoreProvider store={fake.store}>
        <CallButton />
        <StartAudioButton />
      </FakeStoreProvider>,
    );
    const callButton = screen.getByRole('button', { name: 'End call' });
    callButton.focus();
    await user.tab();
    expect(screen.getByRole('button', { name: LABEL })).toHaveFocus();
    await user.keyboard('{Enter}');
    await settle();
    expect(screen.queryByRole('button', { name: LABEL })).toBeNull();
    expect(callButton).toHaveFocus();
  });

  it('leaves focus alone when it goes away while focus is elsewhere', async () => {
    const user = userEvent.setup();
    const fake = createFakeStore(ongoing({ audioBlocked: true }));
    render(
      <FakeStoreProvider store={fake.store}>
        <CallButton />
        <StartAudioButton />
        <input aria-label="Notes" />
      </FakeStoreProvider>,
    );
    screen.getByRole('button', { name: 'End call' }).focus();
    await user.tab();
    await user.tab();
    const notes = screen.getByRole('textbox', { name: 'Notes' });
    expect(notes).toHaveFocus();
    act(() => fake.set({ audioBlocked: false }));
    expect(notes).toHaveFocus();
  });

  it('takes labels, content, a ref and asChild like the other buttons', async () => {
    const user = userEvent.setup();
    const fake = createFakeStore(ongoing({ audioBlocked: true }));
    const ref = createRef<HTMLButtonElement>();
    const { rerender } = render(
      <FakeStoreProvider store={fake.store}>
        <StartAudioButton ref={ref} labels={{ startAudio: 'Son' }} />
      </FakeStoreProvider>,
    );
    expect(ref.current).toBe(screen.getByRole('button', { name: 'Son' }));

    rerender(
      <FakeStoreProvider store={fake.store}>
        <StartAudioButton>
          <svg aria-hidden="true" />
        </StartAudioButton>
      </FakeStoreProvider>,
    );
    expect(screen.getByRole('button', { name: LABEL })).toHaveAttribute('aria-label', LABEL);

    rerender(
      <FakeStoreProvider store={fake.store}>
        <StartAudioButton asChild>
          <DesignSystemButton className="ds-button" />
        </StartAudioButton>
      </FakeStoreProvider>,
    );
    const custom = screen.getByRole('button', { name: LABEL });
    expect(custom).toHaveClass('ds-button', 'rwc-start-audio-button');
    expect(custom).toHaveAttribute('data-design-system');
    await user.click(custom);
    expect(fake.store.startAudioPlayback).toHaveBeenCalledTimes(1);
  });

  it('has no axe violations while shown', async () => {
    const fake = createFakeStore(ongoing({ audioBlocked: true }));
    const { container } = render(
      <FakeStoreProvider store={fake.store}>
        <main>
          <StartAudioButton />
        </main>
      </FakeStoreProvider>,
    );
    const results = await axe.run(container, { rules: { 'color-contrast': { enabled: false } } });
    expect(results.violations.map((v) => v.id)).toEqual([]);
  });
});
