import { act, fireEvent, render, screen } from '@testing-library/react';
import { type ComponentPropsWithoutRef, forwardRef, useState } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AudioLevel } from '../../../src/react/components/AudioLevel.tsx';
import { CallButton } from '../../../src/react/components/CallButton.tsx';
import { CallPanel } from '../../../src/react/components/CallPanel.tsx';
import { MuteButton } from '../../../src/react/components/MuteButton.tsx';
import { Transcript } from '../../../src/react/components/Transcript.tsx';
import {
  createFakeStore,
  FakeStoreProvider,
  manualAnimationFrames,
  snapshotOf,
  stubReducedMotion,
  tone,
} from '../../support/components.tsx';

// Regressions found in review; each test failed before its fix.

afterEach(() => {
  vi.unstubAllGlobals();
});

const DesignButton = forwardRef<HTMLButtonElement, ComponentPropsWithoutRef<'button'>>(
  function DesignButton(props, ref) {
    return <button {...props} ref={ref} />;
  },
);

describe('asChild keeps the caller’s accessible name', () => {
  it('CallButton asChild with aria-label', () => {
    const fake = createFakeStore();
    render(
      <FakeStoreProvider store={fake.store}>
        <CallButton asChild aria-label="Call sales">
          <DesignButton>📞</DesignButton>
        </CallButton>
      </FakeStoreProvider>,
    );
    expect(screen.getByRole('button', { name: 'Call sales' })).toHaveAttribute('data-status', 'idle');
  });

  it('MuteButton asChild, with and without aria-label', () => {
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

it('asChild keeps the child’s own ref attached across re-renders (stable composed ref)', () => {
  const fake = createFakeStore();
  const seen: Array<'el' | null> = [];
  const childRef = (el: HTMLButtonElement | null) => {
    seen.push(el ? 'el' : null);
  };
  let rerender!: () => void;
  function Host() {
    const [n, setN] = useState(0);
    rerender = () => setN(n + 1);
    return (
      <CallButton asChild data-n={n}>
        <DesignButton ref={childRef} />
      </CallButton>
    );
  }
  render(
    <FakeStoreProvider store={fake.store}>
      <Host />
    </FakeStoreProvider>,
  );
  act(() => rerender());
  act(() => rerender());
  expect(seen).toEqual(['el']);
});

describe('hydration', () => {
  it('CallPanel and AudioLevel hydrate without a mismatch, also under reduced motion', async () => {
    const ui = (
      <FakeStoreProvider store={createFakeStore().store}>
        <CallPanel />
        <AudioLevel />
      </FakeStoreProvider>
    );
    const html = renderToString(ui);
    stubReducedMotion(true);
    const container = document.createElement('div');
    container.innerHTML = html;
    document.body.append(container);
    const onRecoverableError = vi.fn();
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    await act(async () => {
      hydrateRoot(container, ui, { onRecoverableError });
    });
    expect(onRecoverableError).not.toHaveBeenCalled();
    expect(consoleError).not.toHaveBeenCalled();
    // After hydration the client preference applies.
    expect(container.querySelector('.rwc-audio-level')).toHaveAttribute('data-reduced-motion');
    container.remove();
  });
});

it('AudioLevel shows the loudest of several sample frames between two paints', () => {
  const frames = manualAnimationFrames();
  const fake = createFakeStore(snapshotOf({ status: 'ongoing' }));
  const { container } = render(
    <FakeStoreProvider store={fake.store}>
      <AudioLevel />
    </FakeStoreProvider>,
  );
  const meter = container.querySelector('.rwc-audio-level') as HTMLElement;
  for (const listener of fake.audioListeners) {
    listener(tone(0.5));
    listener(new Float32Array(128)); // silence right after, before the next paint
  }
  frames.flush();
  expect(Number(meter.dataset.level)).toBeGreaterThan(0.3);
});

it('Transcript follows the newest words again in the next call after the reader scrolled up', () => {
  const first = [{ id: 't0', role: 'agent', content: 'first call' }];
  const fake = createFakeStore(snapshotOf({ status: 'ongoing', transcript: first }));
  render(
    <FakeStoreProvider store={fake.store}>
      <Transcript />
    </FakeStoreProvider>,
  );
  const log = screen.getByRole('log');
  let height = 500;
  Object.defineProperty(log, 'clientHeight', { configurable: true, get: () => 100 });
  Object.defineProperty(log, 'scrollHeight', { configurable: true, get: () => height });
  log.scrollTop = 0; // scrolled up, far from the bottom
  fireEvent.scroll(log);
  act(() => fake.set({ status: 'ended', transcript: [] }));
  height = 600;
  act(() => fake.set({ status: 'ongoing', transcript: [{ id: 'n0', role: 'agent', content: 'new call' }] }));
  expect(log.scrollTop).toBe(600);
});
