/*
 * What the browser decides in a real call, in Chromium with the autoplay policy of a visitor who has not
 * clicked yet (`--autoplay-policy=document-user-activation-required`, project `browser-real-calls`) and a
 * fake microphone. The tests run in file order, and the order matters: a Playwright click is a real user
 * gesture and gives the page sticky activation, after which the browser lets everything play. So the
 * blocked-audio test runs before any test clicks, and the device test (no clicks) runs first of all.
 */
import axe from 'axe-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { commands, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import type { CallStore } from '../../src/core/store.ts';
import {
  AudioLevel,
  CallButton,
  CallPanel,
  DeviceSelect,
  StartAudioButton,
  useWebCall,
  WebCallProvider,
} from '../../src/index.ts';
import '../../src/styles.css';
import {
  type MockCallState,
  MockWebCallProvider,
  type SimulatedScript,
  simulatedClientFactory,
} from '../../src/testing/index.ts';
import { startWorker, TOKEN_ENDPOINT, tokenWorker } from './support.ts';

const worker = tokenWorker();
beforeAll(() => startWorker(worker));
afterAll(() => worker.stop());
afterEach(async () => {
  await commands.emulateMedia({ colorScheme: 'light' });
});

// The agent speaks slowly for several seconds, so it is still talking when the user clicks.
const SCRIPT: SimulatedScript = [
  {
    role: 'agent',
    text: 'Hello and welcome. I am going to keep talking for a little while so that you can hear me once you allow the sound on this page, which takes a click.',
  },
  { role: 'user', text: 'Okay.' },
  { role: 'agent', text: 'Thanks.' },
];
const TIMING = {
  connectMs: 40,
  readyMs: 40,
  firstTurnDelayMs: 40,
  agentWordsPerSecond: 4,
  userTurnTimeoutMs: 60_000,
};

/** Records every AudioContext the page creates (the simulated voice, the store's unlock and meter). */
function recordAudioContexts() {
  const Original = window.AudioContext;
  const contexts: AudioContext[] = [];
  window.AudioContext = class extends Original {
    constructor(options?: AudioContextOptions) {
      super(options);
      contexts.push(this);
    }
  };
  return {
    contexts,
    open: () => contexts.filter((context) => context.state !== 'closed'),
    restore() {
      window.AudioContext = Original;
    },
  };
}

/** Hands out the provider's store so the test can act as page script (no user gesture). */
function StoreProbe({ onStore }: { onStore: (store: CallStore) => void }) {
  onStore(useWebCall().store);
  return null;
}

async function axeViolations(container: HTMLElement): Promise<string[]> {
  // Colour transitions (150 ms) between statuses would show axe a half-blended colour.
  const transitions = document.getAnimations().filter((animation) => animation instanceof CSSTransition);
  await Promise.all(transitions.map((transition) => transition.finished.catch(() => {})));
  const result = await axe.run(container, { resultTypes: ['violations'] });
  return result.violations.map(
    (v) => `${v.id}: ${v.nodes.map((n) => `${n.target.join(' ')} (${n.failureSummary})`).join(', ')}`,
  );
}

function level(element: Element): number {
  return Number.parseFloat(getComputedStyle(element).getPropertyValue('--rwc-audio-level') || '0');
}

describe('devices (fake media flags; no clicks yet)', () => {
  it('lists Chromium’s fake microphones and speakers by name once the microphone is allowed', async () => {
    // --use-fake-ui-for-media-stream grants the microphone up front (the state before permission is
    // covered in mic-denied.browser.test.tsx, where prompts are refused).
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    for (const track of stream.getTracks()) track.stop();
    const screen = await render(
      <MockWebCallProvider state={{ status: 'idle' }}>
        <DeviceSelect kind="audioinput" />
        <DeviceSelect kind="audiooutput" />
      </MockWebCallProvider>,
    );
    const microphone = screen.getByRole('combobox', { name: 'Microphone' });
    const speaker = screen.getByRole('combobox', { name: 'Speaker' }); // Chromium has setSinkId
    const names = (select: typeof microphone) =>
      [...select.element().querySelectorAll('option')].map((option) => option.textContent);
    await expect.poll(() => names(microphone)).toContain('Fake Default Audio Input');
    const browserInputs = (await navigator.mediaDevices.enumerateDevices())
      .filter((device) => device.kind === 'audioinput')
      .map((device) => device.label);
    expect(names(microphone)).toEqual(browserInputs);
    expect(names(microphone).length).toBeGreaterThan(1);
    await expect.poll(() => names(speaker).length).toBeGreaterThan(0);
    expect(microphone.element().hasAttribute('aria-describedby')).toBe(false);
    expect(screen.container.querySelector('.rwc-device-select')?.getAttribute('data-permission')).toBe(
      'granted',
    );
    expect(await axeViolations(screen.container)).toEqual([]);
  });
});

describe('blocked audio (no user gesture before the call)', () => {
  it('a call started from page script shows "Tap to hear the agent"; its click makes the agent audible', async () => {
    const audio = recordAudioContexts();
    try {
      const simulated = simulatedClientFactory({ audio: 'on', script: SCRIPT, timing: TIMING });
      // The agent's voice: the AudioContexts the client opens while joining (not the store's silent
      // unlock context, which a call started without a gesture leaves suspended and which plays nothing).
      const agentContexts: AudioContext[] = [];
      const createClient = () => {
        const client = simulated();
        const startCall = client.startCall.bind(client);
        client.startCall = (config) => {
          const before = audio.contexts.length;
          const joined = startCall(config);
          agentContexts.push(...audio.contexts.slice(before));
          return joined;
        };
        return client;
      };
      let store: CallStore | undefined;
      const screen = await render(
        <WebCallProvider endpoint={TOKEN_ENDPOINT} agentId="agent_browser" createClient={createClient}>
          <StoreProbe onStore={(s) => (store = s)} />
          <CallPanel />
        </WebCallProvider>,
      );
      expect(navigator.userActivation.hasBeenActive).toBe(false);
      // Times from the page's own clock, so the test runner's round trips do not count.
      const frames: Array<{ at: number; peak: number }> = [];
      const unsubscribe = store?.subscribeAudio((samples) => {
        const peak = samples.reduce((max, sample) => Math.max(max, Math.abs(sample)), 0);
        frames.push({ at: performance.now(), peak });
      });
      void store?.start();

      const panel = screen.getByRole('region', { name: 'Voice call' });
      await expect.element(panel).toHaveAttribute('data-status', 'ongoing');
      const button = screen.getByRole('button', { name: 'Tap to hear the agent' });
      await expect.element(button).toBeVisible();
      await expect.element(panel).toHaveAttribute('data-audio-blocked', '');
      await expect.element(screen.getByRole('status')).toHaveTextContent('Sound blocked by the browser');
      expect(agentContexts.length).toBeGreaterThan(0);
      expect(agentContexts.map((context) => context.state)).toEqual(agentContexts.map(() => 'suspended'));
      expect(await axeViolations(screen.container)).toEqual([]);

      // The user clicks: a real gesture. Within 2 s of it the agent's audio runs and its frames carry sound.
      let clickedAt = Number.POSITIVE_INFINITY;
      document.addEventListener('click', () => (clickedAt = performance.now()), {
        capture: true,
        once: true,
      });
      const runningAt = new Map<AudioContext, number>();
      for (const context of agentContexts) {
        context.addEventListener('statechange', () => {
          if (context.state === 'running') runningAt.set(context, performance.now());
        });
      }
      await userEvent.click(button);
      await expect.poll(() => runningAt.size, { timeout: 5000 }).toBe(agentContexts.length);
      const firstSound = () => frames.find((frame) => frame.at >= clickedAt && frame.peak > 0.01)?.at;
      await expect.poll(firstSound, { timeout: 5000 }).toBeDefined();
      expect(Math.max(...runningAt.values()) - clickedAt).toBeLessThan(2000);
      expect((firstSound() as number) - clickedAt).toBeLessThan(2000);
      expect(agentContexts.every((context) => context.state === 'running')).toBe(true);
      // The default 1 s can pass on a busy 2-core machine before the store hears the playback change (seen once
      // in CI); the 2 s bound on the audio itself is checked above.
      await expect.element(button, { timeout: 5000 }).not.toBeInTheDocument();
      await expect.element(panel).not.toHaveAttribute('data-audio-blocked');
      await expect.element(screen.getByRole('status')).toHaveTextContent('Connected');
      unsubscribe?.();
      await store?.stop();
    } finally {
      audio.restore();
    }
  });
});

describe('the user’s level meter (fake microphone)', () => {
  it('AudioLevel source="user" moves with the fake microphone during a call, and rests after it', async () => {
    const factory = simulatedClientFactory({ audio: 'on', script: SCRIPT, timing: TIMING });
    const screen = await render(
      <WebCallProvider endpoint={TOKEN_ENDPOINT} agentId="agent_browser" createClient={factory}>
        <AudioLevel source="user" />
        <StartAudioButton />
        <CallButton />
      </WebCallProvider>,
    );
    const meter = screen.container.querySelector('.rwc-audio-level[data-source="user"]') as HTMLElement;
    await userEvent.click(screen.getByRole('button', { name: 'Start call' }));
    await expect.element(screen.getByRole('button', { name: 'End call' })).toBeVisible();
    // Chromium's fake microphone beeps: the level goes up and down.
    const levels: number[] = [];
    for (let i = 0; i < 30; i++) {
      levels.push(level(meter));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(Math.max(...levels)).toBeGreaterThan(0.05);
    expect(new Set(levels.map((value) => value.toFixed(2))).size).toBeGreaterThan(3);
    await userEvent.click(screen.getByRole('button', { name: 'End call' }));
    await expect.poll(() => level(meter)).toBe(0);
  });
});

describe('accessibility of the new states (axe-core, real stylesheet, colour contrast included)', () => {
  const ongoing = { status: 'ongoing', startedAt: Date.now() } as const;
  const states: Array<[name: string, state: MockCallState]> = [
    ['audio blocked', { ...ongoing, audioBlocked: true }],
    ['reconnecting', { ...ongoing, isReconnecting: true }],
    ['user’s turn', { ...ongoing, turn: 'user' }],
    ['agent’s turn', { ...ongoing, turn: 'agent', isAgentTalking: true }],
    ['agent unavailable', { status: 'error', error: 'agent_unavailable' }],
    ['idle with devices', { status: 'idle' }],
  ];
  for (const scheme of ['light', 'dark'] as const) {
    for (const [name, state] of states) {
      it(`CallPanel showDevices: ${name}, ${scheme}`, async () => {
        await commands.emulateMedia({ colorScheme: scheme });
        const screen = await render(
          <MockWebCallProvider state={state}>
            <main>
              <CallPanel showDevices />
            </main>
          </MockWebCallProvider>,
        );
        await expect.element(screen.getByRole('combobox', { name: 'Microphone' })).toBeVisible();
        expect(await axeViolations(screen.container)).toEqual([]);
      });
    }
  }

  it('the device menus work with the keyboard alone', async () => {
    const store = (await import('../../src/testing/index.ts')).createMockCallStore({ status: 'idle' });
    const screen = await render(
      <MockWebCallProvider store={store}>
        <DeviceSelect kind="audioinput" />
      </MockWebCallProvider>,
    );
    const microphone = screen.getByRole('combobox', { name: 'Microphone' });
    await expect.poll(() => microphone.element().querySelectorAll('option').length).toBeGreaterThan(1);
    await userEvent.keyboard('{Tab}');
    await expect.element(microphone).toHaveFocus();
    await userEvent.keyboard('{ArrowDown}');
    await expect.poll(() => store.calls.filter((call) => call.action === 'setInputDevice').length).toBe(1);
  });
});
