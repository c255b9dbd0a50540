import { act, render } from '@testing-library/react';
import { Profiler } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AudioLevel, audioLevelOf } from '../../../src/react/components/AudioLevel.tsx';
import { CallButton } from '../../../src/react/components/CallButton.tsx';
import { createMockCallStore, MockWebCallProvider } from '../../../src/testing/index.ts';
import {
  createFakeStore,
  FakeStoreProvider,
  manualAnimationFrames,
  renderWithCall,
  settle,
  snapshotOf,
  stubReducedMotion,
  tone,
} from '../../support/components.tsx';

afterEach(() => {
  vi.unstubAllGlobals();
});

function level(element: HTMLElement): number {
  return Number(element.style.getPropertyValue('--rwc-audio-level') || '0');
}

describe('AudioLevel', () => {
  it('asks Retell for raw samples and writes 100 frames to the DOM with zero React renders', async () => {
    const frames = manualAnimationFrames();
    let commits = 0;
    const { factory, container } = renderWithCall(
      <>
        <CallButton />
        <Profiler id="level" onRender={() => commits++}>
          <AudioLevel />
        </Profiler>
      </>,
    );
    const meter = container.querySelector('.rwc-audio-level') as HTMLElement;
    expect(meter).toHaveAttribute('aria-hidden', 'true');
    expect(meter.querySelectorAll('.rwc-audio-level__bar')).toHaveLength(5);
    expect(frames.pending).toBe(0); // no loop before the call is ongoing

    act(() => (container.querySelector('button') as HTMLButtonElement).click());
    await settle();
    expect(factory.last.startCalls[0]?.emitRawAudioSamples).toBe(true);
    act(() => factory.last.connect());
    expect(meter).toHaveAttribute('data-status', 'ongoing');
    expect(frames.pending).toBe(1);
    const rendersWhenOngoing = commits;

    const seen = new Set<string>();
    for (let i = 0; i < 100; i++) {
      factory.last.emit('audio', tone(i % 2 === 0 ? 0.5 : 0.05));
      frames.flush();
      seen.add(meter.style.getPropertyValue('--rwc-audio-level'));
    }
    expect(commits).toBe(rendersWhenOngoing);
    expect(level(meter)).toBeGreaterThan(0);
    expect(seen.size).toBeGreaterThan(1);
    expect(meter.dataset.level).toMatch(/^\d\.\d\d$/);

    // Silence lets the meter fall back to zero.
    for (let i = 0; i < 60; i++) {
      factory.last.emit('audio', new Float32Array(128));
      frames.flush();
    }
    expect(level(meter)).toBe(0);
    expect(commits).toBe(rendersWhenOngoing);

    act(() => factory.last.emit('agent_start_talking'));
    expect(meter).toHaveAttribute('data-active', '');

    act(() => factory.last.hangUp());
    expect(frames.pending).toBe(0); // the loop stops with the call
    expect(level(meter)).toBe(0);
    expect(meter).not.toHaveAttribute('data-active');
  });

  it('is static under prefers-reduced-motion: no listener, no loop, data-active while the agent talks', () => {
    stubReducedMotion(true);
    const frames = manualAnimationFrames();
    const fake = createFakeStore(snapshotOf({ status: 'ongoing' }));
    const { container } = render(
      <FakeStoreProvider store={fake.store}>
        <AudioLevel bars={3} />
      </FakeStoreProvider>,
    );
    const meter = container.querySelector('.rwc-audio-level') as HTMLElement;
    expect(meter).toHaveAttribute('data-reduced-motion', '');
    expect(meter.querySelectorAll('.rwc-audio-level__bar')).toHaveLength(3);
    expect(fake.audioListeners.size).toBe(0);
    expect(frames.request).not.toHaveBeenCalled();
    expect(meter).not.toHaveAttribute('data-active');
    act(() => fake.set({ isAgentTalking: true }));
    expect(meter).toHaveAttribute('data-active', '');
    expect(frames.request).not.toHaveBeenCalled();
  });

  it('works without requestAnimationFrame (listens, does not animate)', () => {
    vi.stubGlobal('requestAnimationFrame', undefined);
    const fake = createFakeStore(snapshotOf({ status: 'ongoing' }));
    expect(() =>
      render(
        <FakeStoreProvider store={fake.store}>
          <AudioLevel />
        </FakeStoreProvider>,
      ),
    ).not.toThrow();
    expect(fake.audioListeners.size).toBe(1);
  });

  it('computes a 0…1 level from the RMS', () => {
    expect(audioLevelOf(new Float32Array(0))).toBe(0);
    expect(audioLevelOf(new Float32Array(64))).toBe(0);
    expect(audioLevelOf(new Float32Array([1, -1, 1, -1]))).toBe(1);
    const quiet = audioLevelOf(tone(0.05));
    const loud = audioLevelOf(tone(0.5));
    expect(quiet).toBeGreaterThan(0);
    expect(loud).toBeGreaterThan(quiet);
    expect(loud).toBeLessThanOrEqual(1);
  });

  it('shows the loudest of several sample frames between two paints', () => {
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

  describe('source="user"', () => {
    it('follows the microphone level from subscribeInputLevel with zero React renders per frame', () => {
      const frames = manualAnimationFrames();
      const fake = createFakeStore(snapshotOf({ status: 'connecting' }));
      let commits = 0;
      const { container } = render(
        <FakeStoreProvider store={fake.store}>
          <Profiler id="user-level" onRender={() => commits++}>
            <AudioLevel source="user" />
          </Profiler>
        </FakeStoreProvider>,
      );
      const meter = container.querySelector('.rwc-audio-level') as HTMLElement;
      expect(meter).toHaveAttribute('data-source', 'user');
      expect(meter).toHaveAttribute('aria-hidden', 'true');
      // It listens to the microphone, never to the agent's samples (so it does not ask Retell for them).
      expect(fake.inputLevelListeners.size).toBe(1);
      expect(fake.audioListeners.size).toBe(0);

      act(() => fake.set({ status: 'ongoing', startedAt: 1 }));
      expect(meter).toHaveAttribute('data-active', '');
      const rendersWhenOngoing = commits;
      const seen = new Set<string>();
      for (let i = 0; i < 100; i++) {
        for (const listener of fake.inputLevelListeners) listener(i % 2 === 0 ? 0.8 : 0.1);
        frames.flush();
        seen.add(meter.dataset.level ?? '');
      }
      expect(commits).toBe(rendersWhenOngoing);
      expect(level(meter)).toBeGreaterThan(0.5);
      expect(seen.size).toBeGreaterThan(1);

      // Silence lets it fall to zero; out-of-range levels are clamped.
      for (let i = 0; i < 60; i++) {
        for (const listener of fake.inputLevelListeners) listener(0);
        frames.flush();
      }
      expect(level(meter)).toBe(0);
      for (const listener of fake.inputLevelListeners) listener(7);
      frames.flush();
      expect(level(meter)).toBe(1);
      for (const listener of fake.inputLevelListeners) listener(Number.NaN);
      frames.flush();
      expect(level(meter)).toBeLessThan(1);
      expect(commits).toBe(rendersWhenOngoing);

      // Muted: not active.
      act(() => fake.set({ isMuted: true }));
      expect(meter).not.toHaveAttribute('data-active');
    });

    it('works with the testing entry’s mock store (emitInputLevel)', async () => {
      const frames = manualAnimationFrames();
      const store = createMockCallStore({ status: 'ongoing' });
      const { container } = render(
        <MockWebCallProvider store={store}>
          <AudioLevel source="user" />
        </MockWebCallProvider>,
      );
      const meter = container.querySelector('.rwc-audio-level') as HTMLElement;
      store.emitInputLevel(0.6);
      frames.flush();
      expect(level(meter)).toBeCloseTo(0.6, 2);
    });

    it('is static under prefers-reduced-motion: no input-level listener, no loop', () => {
      stubReducedMotion(true);
      const frames = manualAnimationFrames();
      const fake = createFakeStore(snapshotOf({ status: 'ongoing', startedAt: 1 }));
      const { container } = render(
        <FakeStoreProvider store={fake.store}>
          <AudioLevel source="user" />
        </FakeStoreProvider>,
      );
      expect(fake.inputLevelListeners.size).toBe(0);
      expect(frames.request).not.toHaveBeenCalled();
      expect(container.querySelector('.rwc-audio-level')).toHaveAttribute('data-active', '');
    });

    it('throws a TypeError for an unknown source', () => {
      const fake = createFakeStore();
      expect(() =>
        render(
          <FakeStoreProvider store={fake.store}>
            <AudioLevel source={'speaker' as 'user'} />
          </FakeStoreProvider>,
        ),
      ).toThrow(new TypeError(`AudioLevel: source must be 'agent' or 'user', got "speaker".`));
    });
  });
});
