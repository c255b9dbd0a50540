import axe from 'axe-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { commands, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { CallButton, CallPanel } from '../../src/index.ts';
import '../../src/styles.css';
import {
  createMockCallStore,
  MockWebCallProvider,
  type SimulatedScript,
  simulatedClientFactory,
} from '../../src/testing/index.ts';
import { startWorker, TOKEN_ENDPOINT, tokenWorker, trackMicrophone } from './support.ts';

const worker = tokenWorker();
beforeAll(() => startWorker(worker));
afterAll(() => worker.stop());

let mic: ReturnType<typeof trackMicrophone> | undefined;
afterEach(async () => {
  mic?.restore();
  mic = undefined;
  await commands.emulateMedia({ reducedMotion: 'no-preference', colorScheme: 'light' });
});

// A call that stays up: the agent talks for ~2 s, then waits for the user for a long time.
const SCRIPT: SimulatedScript = [
  {
    role: 'agent',
    text: 'Hello, thanks for calling. This line is long enough that you can watch the level meter move while I speak to you.',
  },
  { role: 'user', text: 'Hi there, I would like to hear more.' },
  { role: 'agent', text: 'Of course.' },
];
const TIMING = {
  connectMs: 40,
  readyMs: 40,
  firstTurnDelayMs: 40,
  agentWordsPerSecond: 10,
  userTurnTimeoutMs: 60_000,
};

function level(element: Element): number {
  return Number.parseFloat(getComputedStyle(element).getPropertyValue('--rwc-audio-level') || '0');
}

async function sample(read: () => number, count: number, everyMs: number): Promise<number[]> {
  const values: number[] = [];
  for (let i = 0; i < count; i++) {
    values.push(read());
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  return values;
}

describe('CallPanel in Chromium, with the simulated agent (real Web Audio, fake microphone)', () => {
  it('runs a whole call: level meter moves, transcript grows, mute, hang-up; every microphone track ends', async () => {
    mic = trackMicrophone();
    const factory = simulatedClientFactory({ audio: 'on', script: SCRIPT, timing: TIMING });
    const screen = await render(
      <CallPanel endpoint={TOKEN_ENDPOINT} agentId="agent_browser" createClient={factory} />,
    );
    const panel = screen.getByRole('region', { name: 'Voice call' });
    await userEvent.click(screen.getByRole('button', { name: 'Start call' }));
    await expect.element(panel).toHaveAttribute('data-status', 'ongoing');
    expect(factory.last?.usesAudio).toBe(true);

    // The agent's synthesized voice drives the meter through the SDK-style `audio` samples.
    const meter = panel.element().querySelector('.rwc-audio-level') as Element;
    const levels = await sample(() => level(meter), 25, 60);
    expect(Math.max(...levels)).toBeGreaterThan(0.05);
    expect(new Set(levels.map((v) => v.toFixed(2))).size).toBeGreaterThan(3);

    await expect.element(screen.getByRole('log')).toHaveTextContent(/Hello, thanks for calling/);
    await expect.element(screen.getByRole('log')).toHaveTextContent(/watch the level meter move/);

    const mute = screen.getByRole('button', { name: 'Mute' });
    await userEvent.click(mute);
    await expect.element(mute).toHaveAttribute('aria-pressed', 'true');
    expect(factory.last?.isMuted).toBe(true);

    await userEvent.click(screen.getByRole('button', { name: 'End call' }));
    await expect.element(panel).toHaveAttribute('data-status', 'ended');
    await expect.element(screen.getByRole('button', { name: /start call|call again/i })).toBeVisible();
    // Our preflight and the simulated client's microphone were both opened, and both are closed.
    expect(mic.tracks.length).toBeGreaterThanOrEqual(2);
    await expect.poll(() => mic?.live().length).toBe(0);
    expect(factory.last?.state).toBe('ended');
  });

  it('works with the keyboard alone, and focus stays on the call button through the call', async () => {
    const factory = simulatedClientFactory({ audio: 'off', script: SCRIPT, timing: TIMING });
    const screen = await render(
      <CallPanel endpoint={TOKEN_ENDPOINT} agentId="agent_browser" createClient={factory} />,
    );
    const panel = screen.getByRole('region', { name: 'Voice call' });
    const button = screen.getByRole('button', { name: 'Start call' }).element();
    // Tab until the call button has focus (the transcript log is focusable too).
    for (let i = 0; i < 6 && document.activeElement !== button; i++) await userEvent.keyboard('{Tab}');
    expect(document.activeElement).toBe(button);
    await userEvent.keyboard('{Enter}');
    await expect.element(panel).toHaveAttribute('data-status', 'ongoing');
    expect(document.activeElement).toBe(button); // the same element, now named "End call"
    await expect.element(screen.getByRole('button', { name: 'End call' })).toHaveFocus();

    // Shift+Tab to the mute toggle, Space toggles it.
    await userEvent.keyboard('{Shift>}{Tab}{/Shift}');
    await expect.element(screen.getByRole('button', { name: 'Mute' })).toHaveFocus();
    await userEvent.keyboard(' ');
    await expect
      .element(screen.getByRole('button', { name: 'Mute' }))
      .toHaveAttribute('aria-pressed', 'true');

    await userEvent.keyboard('{Tab}');
    await userEvent.keyboard(' ');
    await expect.element(panel).toHaveAttribute('data-status', 'ended');
    expect(document.activeElement?.classList.contains('rwc-call-button')).toBe(true);
  });

  it('an agent hang-up ends the call as remote without stealing focus', async () => {
    const factory = simulatedClientFactory({
      audio: 'off',
      script: [{ role: 'agent', text: 'Goodbye!', endCall: true }],
      timing: { ...TIMING, hangUpDelayMs: 100 },
    });
    const screen = await render(
      <CallPanel endpoint={TOKEN_ENDPOINT} agentId="agent_browser" createClient={factory} />,
    );
    const button = screen.getByRole('button', { name: 'Start call' }).element();
    await userEvent.click(button);
    await expect
      .element(screen.getByRole('region', { name: 'Voice call' }))
      .toHaveAttribute('data-status', 'ended');
    expect(document.activeElement).toBe(button);
    await expect.element(screen.getByRole('status')).toHaveTextContent(/ended/i);
  });

  it('under prefers-reduced-motion the meter stays static and runs no animation loop', async () => {
    await commands.emulateMedia({ reducedMotion: 'reduce' });
    const store = createMockCallStore({ status: 'ongoing', isAgentTalking: true });
    const screen = await render(
      <MockWebCallProvider store={store}>
        <CallPanel />
      </MockWebCallProvider>,
    );
    const meter = screen.container.querySelector('.rwc-audio-level') as HTMLElement;
    expect(meter.hasAttribute('data-reduced-motion')).toBe(true);
    const loud = new Float32Array(1024).map((_, i) => Math.sin(i / 3) * 0.8);
    for (let i = 0; i < 20; i++) {
      store.emitAudio(loud);
      await new Promise(requestAnimationFrame);
    }
    expect(level(meter)).toBe(0);
    expect(meter.hasAttribute('data-active')).toBe(true);
    // Bars do not animate.
    const bar = meter.querySelector('.rwc-audio-level__bar') as Element;
    expect(
      getComputedStyle(bar).animationName === 'none' || getComputedStyle(bar).animationDuration === '0s',
    ).toBe(true);
  });
});

describe('accessibility with the real stylesheet (axe-core in Chromium, colour contrast included)', () => {
  const states = [
    { status: 'idle' },
    { status: 'requesting' },
    { status: 'connecting' },
    {
      status: 'ongoing',
      isMuted: true,
      isAgentTalking: true,
      transcript: [
        { id: 't0', role: 'agent', content: 'Hi, how can I help?' },
        { id: 't1', role: 'user', content: 'I would like to book a table.' },
      ],
    },
    { status: 'ending' },
    { status: 'ended', endedBy: 'remote' },
    { status: 'error', error: 'microphone_permission_denied' },
    { status: 'error', error: 'token_request_failed' },
  ] as const;

  for (const scheme of ['light', 'dark'] as const) {
    for (const state of states) {
      const name = 'error' in state ? `${state.status} (${state.error})` : state.status;
      it(`CallPanel and CallButton have no violations: ${name}, ${scheme}`, async () => {
        await commands.emulateMedia({ colorScheme: scheme });
        const screen = await render(
          <MockWebCallProvider state={state}>
            <main>
              <CallPanel />
              <CallButton />
            </main>
          </MockWebCallProvider>,
        );
        const result = await axe.run(screen.container, { resultTypes: ['violations'] });
        const summary = result.violations.map(
          (v) => `${v.id}: ${v.nodes.map((n) => `${n.target.join(' ')} (${n.failureSummary})`).join(', ')}`,
        );
        expect(summary).toEqual([]);
      });
    }
  }
});

describe('no layout shift between statuses (real stylesheet)', () => {
  const statuses = [
    { status: 'idle' },
    { status: 'requesting' },
    { status: 'connecting' },
    { status: 'ongoing', isMuted: true, isAgentTalking: true },
    { status: 'ending' },
    { status: 'ended', endedBy: 'remote' },
    { status: 'error', error: 'microphone_permission_denied' },
    { status: 'ongoing', isReconnecting: true },
    { status: 'ongoing', audioBlocked: true },
    { status: 'ongoing', audioBlocked: true, isReconnecting: true, turn: 'user' },
    { status: 'error', error: 'agent_unavailable' },
  ] as const;

  it('CallPanel keeps its size, and CallButton its width, in every status', async () => {
    const store = createMockCallStore();
    const screen = await render(
      <MockWebCallProvider store={store}>
        <div style={{ width: 420 }}>
          <CallPanel />
        </div>
        <CallButton />
      </MockWebCallProvider>,
    );
    const panel = screen.container.querySelector('.rwc-call-panel') as HTMLElement;
    const button = screen.container.querySelector(':scope > .rwc-call-button') as HTMLElement;
    const sizes: string[] = [];
    for (const state of statuses) {
      store.set(state);
      await new Promise(requestAnimationFrame);
      const p = panel.getBoundingClientRect();
      const b = button.getBoundingClientRect();
      sizes.push(`panel ${p.width}x${p.height}, button ${b.width}x${b.height}`);
    }
    expect(new Set(sizes).size, sizes.join('\n')).toBe(1);
  });

  it('CallPanel showDevices keeps its size in every status and whether or not device names are visible', async () => {
    const store = createMockCallStore();
    const screen = await render(
      <MockWebCallProvider store={store}>
        <div style={{ width: 420 }}>
          <CallPanel showDevices />
        </div>
      </MockWebCallProvider>,
    );
    const panel = screen.container.querySelector('.rwc-call-panel') as HTMLElement;
    const hint = () => screen.container.querySelector('.rwc-device-select__hint');
    const sizes: string[] = [];
    for (const state of statuses) {
      store.set(state);
      await new Promise(requestAnimationFrame);
      const p = panel.getBoundingClientRect();
      sizes.push(`panel ${p.width}x${p.height}${hint() ? ' (hint)' : ''}`);
    }
    // This project's fake UI grants the microphone, so names show up; the hint row is measured below, once the
    // menus' lazy chunk has replaced their placeholder (on a busy machine it can still be loading here: seen
    // once in CI, where the hint then went after the placeholder and the row grew).
    await expect.element(screen.getByRole('combobox', { name: 'Microphone' })).toBeVisible();
    const select = screen.container.querySelector('.rwc-device-select') as HTMLElement;
    const withNames = select.getBoundingClientRect().height;
    const span = document.createElement('span');
    span.className = 'rwc-device-select__hint';
    span.textContent = 'Allow the microphone to choose one';
    select.insertBefore(span, select.querySelector('select'));
    expect(select.getBoundingClientRect().height).toBe(withNames);
    span.remove();
    expect(new Set(sizes.map((size) => size.replace(' (hint)', ''))).size, sizes.join('\n')).toBe(1);
  });
});

describe('CallPanel showDevices loads its menus on demand (real stylesheet)', () => {
  it('the placeholder holds the menus’ exact space, so nothing moves when they arrive', async () => {
    const { DeviceSelectPlaceholder } = await import('../../src/react/internal/useLazyDeviceSelect.tsx');
    const screen = await render(
      <MockWebCallProvider state={{ status: 'idle' }}>
        <div style={{ width: 420 }}>
          <div className="rwc-call-panel__devices" data-testid="placeholder-row">
            <DeviceSelectPlaceholder />
          </div>
          <CallPanel showDevices />
        </div>
      </MockWebCallProvider>,
    );
    await expect.element(screen.getByRole('combobox', { name: 'Microphone' })).toBeVisible();
    const placeholder = screen.container.querySelector('[data-placeholder]') as HTMLElement;
    const menu = screen.container.querySelector('.rwc-device-select:not([data-placeholder])') as HTMLElement;
    expect(placeholder.getBoundingClientRect().height).toBeGreaterThan(0);
    expect(placeholder.getBoundingClientRect().height).toBe(menu.getBoundingClientRect().height);
    const row = screen.container.querySelector('.rwc-call-panel .rwc-call-panel__devices') as HTMLElement;
    expect(row.getBoundingClientRect().height).toBe(
      (screen.getByTestId('placeholder-row').element() as HTMLElement).getBoundingClientRect().height,
    );
  });
});

describe('themes (real stylesheet)', () => {
  afterEach(() => {
    document.documentElement.removeAttribute('data-rwc-theme');
    document.documentElement.style.removeProperty('--rwc-radius');
  });

  const background = (element: Element) => getComputedStyle(element).backgroundColor;

  it('data-rwc-theme="light" on <html> wins over a dark OS, and "dark" over a light one', async () => {
    await commands.emulateMedia({ colorScheme: 'dark' });
    const screen = await render(
      <MockWebCallProvider state={{ status: 'idle' }}>
        <CallPanel />
      </MockWebCallProvider>,
    );
    const panel = screen.container.querySelector('.rwc-call-panel') as Element;
    expect(background(panel)).toBe('rgb(23, 25, 31)'); // dark OS, no override
    document.documentElement.setAttribute('data-rwc-theme', 'light');
    expect(background(panel)).toBe('rgb(255, 255, 255)');
    await commands.emulateMedia({ colorScheme: 'light' });
    document.documentElement.setAttribute('data-rwc-theme', 'dark');
    expect(background(panel)).toBe('rgb(23, 25, 31)');
  });

  it.each(['light', 'dark'] as const)(
    'a forced %s wrapper keeps the page’s size overrides',
    async (theme) => {
      document.documentElement.style.setProperty('--rwc-radius', '4px');
      const screen = await render(
        <MockWebCallProvider state={{ status: 'idle' }}>
          <div data-rwc-theme={theme}>
            <CallPanel />
          </div>
        </MockWebCallProvider>,
      );
      const panel = screen.container.querySelector('.rwc-call-panel') as Element;
      expect(getComputedStyle(panel).getPropertyValue('--rwc-radius').trim()).toBe('4px');
      expect(getComputedStyle(panel).borderTopLeftRadius).toBe('4px');
    },
  );
});
