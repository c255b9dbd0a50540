import axe from 'axe-core';
import { afterEach, describe, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { CallButton, useCallButton, useMuteButton } from '../../src/index.ts';
import '../../src/styles.css';
import { createMockCallStore, type MockCallState, MockWebCallProvider } from '../../src/testing/index.ts';

afterEach(async () => {
  await commands.emulateMedia({ reducedMotion: 'no-preference', colorScheme: 'light' });
});

/** A custom UI from the headless hooks only: its own look, no library class. */
function CustomControls() {
  const call = useCallButton();
  const mute = useMuteButton();
  return (
    <div style={{ display: 'flex', gap: 8, font: '16px system-ui', color: '#111', background: '#fff' }}>
      <button {...call.buttonProps} style={{ padding: '8px 16px' }}>
        {call.label}
      </button>
      <button {...mute.buttonProps} style={{ padding: '8px 16px' }}>
        <span aria-hidden="true">{mute.isMuted ? '🔇 ' : '🎙 '}</span>
        {mute.label}
      </button>
    </div>
  );
}

const STATES: MockCallState[] = [
  { status: 'idle' },
  { status: 'requesting' },
  { status: 'connecting' },
  { status: 'ongoing', isMuted: true },
  { status: 'ending' },
  { status: 'ended' },
  { status: 'error', error: 'network_error' },
];

describe('custom buttons from useCallButton and useMuteButton (axe-core in Chromium)', () => {
  for (const state of STATES) {
    it(`have no violations: ${state.status}`, async () => {
      const screen = await render(
        <MockWebCallProvider state={state}>
          <main>
            <CustomControls />
          </main>
        </MockWebCallProvider>,
      );
      const result = await axe.run(screen.container, { resultTypes: ['violations'] });
      expect(result.violations.map((v) => v.id)).toEqual([]);
      const [call, mute] = screen.container.querySelectorAll('button');
      expect(call?.getAttribute('data-status')).toBe(state.status);
      expect(mute?.getAttribute('aria-pressed')).toBe(String(state.isMuted === true));
    });
  }
});

describe('CallButton while setting up (real stylesheet)', () => {
  const spinner = (button: Element) => getComputedStyle(button, '::before');

  it('says "Cancel", is aria-busy, and shows a spinning ring only while requesting/connecting', async () => {
    const store = createMockCallStore();
    const screen = await render(
      <MockWebCallProvider store={store}>
        <CallButton />
      </MockWebCallProvider>,
    );
    const button = screen.container.querySelector('.rwc-call-button') as HTMLElement;
    expect(spinner(button).content).toBe('none');
    for (const status of ['requesting', 'connecting'] as const) {
      store.set({ status });
      await new Promise(requestAnimationFrame);
      expect(button.textContent).toBe('Cancel');
      expect(button.getAttribute('aria-busy')).toBe('true');
      expect(spinner(button).animationName).toBe('rwc-spin');
      expect(spinner(button).width).not.toBe('auto');
    }
    store.set({ status: 'ongoing' });
    await new Promise(requestAnimationFrame);
    expect(spinner(button).content).toBe('none');
  });

  it('under prefers-reduced-motion the ring stays still', async () => {
    await commands.emulateMedia({ reducedMotion: 'reduce' });
    const screen = await render(
      <MockWebCallProvider state={{ status: 'connecting' }}>
        <CallButton />
      </MockWebCallProvider>,
    );
    const button = screen.container.querySelector('.rwc-call-button') as HTMLElement;
    expect(spinner(button).content).not.toBe('none');
    expect(spinner(button).animationName).toBe('none');
  });
});
