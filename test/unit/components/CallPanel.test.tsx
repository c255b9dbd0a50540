import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { createRef, StrictMode } from 'react';
import { renderToString } from 'react-dom/server';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebCallError } from '../../../src/core/errors.ts';
import { CALL_STATUSES } from '../../../src/core/store.ts';
import { AudioLevel } from '../../../src/react/components/AudioLevel.tsx';
import { CallPanel } from '../../../src/react/components/CallPanel.tsx';
import { loadCallTimeParts } from '../../../src/react/internal/useCallTimeParts.ts';
import {
  createFakeStore,
  errorSnapshot,
  FakeStoreProvider,
  hydrate,
  manualAnimationFrames,
  renderWithCall,
  settle,
  snapshotOf,
  stubReducedMotion,
} from '../../support/components.tsx';
import { fakeClientFactory } from '../../support/fakeClient.ts';

// The call-time parts are a lazy chunk; loaded here, every panel shows them from its first commit.
// (test/unit/components/CallPanel-lazy.test.tsx covers the panel before they load.)
beforeAll(() => loadCallTimeParts());

afterEach(() => {
  vi.unstubAllGlobals();
});

async function expectNoAxeViolations(container: HTMLElement) {
  const results = await axe.run(container, { rules: { 'color-contrast': { enabled: false } } });
  expect(results.passes.length).toBeGreaterThan(10);
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(', ')}`)).toEqual([]);
}

const STATUSES = CALL_STATUSES;

describe('CallPanel', () => {
  it.each(STATUSES)('in %s is a named region made of the parts, with no axe violations', async (status) => {
    const fake = createFakeStore(
      status === 'error'
        ? errorSnapshot('microphone_permission_denied')
        : snapshotOf({
            status,
            startedAt: Date.now(),
            transcript: [
              { id: 't0', role: 'agent', content: 'Hello!' },
              { id: 't1', role: 'user', content: 'Hi' },
            ],
          }),
    );
    const { container } = render(
      <FakeStoreProvider store={fake.store}>
        <CallPanel />
      </FakeStoreProvider>,
    );
    const region = screen.getByRole('region', { name: 'Voice call' });
    expect(region).toHaveAttribute('data-status', status);
    expect(region).toHaveClass('rwc-call-panel');
    expect(within(region).getByRole('status')).toBeInTheDocument();
    expect(within(region).getByRole('log', { name: 'Transcript' })).toBeInTheDocument();
    expect(within(region).getByRole('button', { name: 'Mute' })).toHaveAttribute('data-status', status);
    expect(region.querySelector('.rwc-call-button')).toHaveAttribute('data-status', status);
    expect(region.querySelector('.rwc-agent-indicator')).toHaveAttribute('data-status', status);
    expect(region.querySelector('.rwc-audio-level')).toHaveAttribute('data-status', status);
    if (status === 'error') {
      const alert = within(region).getByRole('alert');
      expect(alert).toHaveTextContent('Microphone access was blocked.');
      // One retry control: the CallButton ("Try again"); the status line does not repeat the message.
      expect(within(region).getAllByRole('button', { name: 'Try again' })).toHaveLength(1);
      expect(within(region).getByRole('status')).toHaveTextContent(/^Call failed$/);
    } else {
      expect(within(region).queryByRole('alert')).toBeNull();
    }
    await expectNoAxeViolations(container);
  });

  it('runs a whole call standalone, from its own props', async () => {
    const frames = manualAnimationFrames();
    const factory = fakeClientFactory();
    const onCallEnd = vi.fn();
    const user = userEvent.setup();
    const { container } = render(
      <CallPanel
        agentId="agent_1"
        createClient={factory.createClient}
        getAccessToken={async ({ body }) => ({ access_token: 'tok', call_id: 'c1', agent_id: body.agent_id })}
        checkMicrophone={false}
        onCallEnd={onCallEnd}
        className="mine"
      />,
    );
    const region = screen.getByRole('region', { name: 'Voice call' });
    expect(region).toHaveClass('rwc-call-panel', 'mine');
    expect(region).not.toHaveAttribute('agentId');
    await user.click(screen.getByRole('button', { name: 'Start call' }));
    await settle();
    act(() => factory.last.connect());
    expect(region).toHaveAttribute('data-status', 'ongoing');
    expect(factory.last.startCalls[0]?.emitRawAudioSamples).toBe(true);

    act(() => {
      factory.last.emit('agent_start_talking');
      factory.last.emit('update', { transcript: [{ role: 'agent', content: 'How can I help?' }] });
      factory.last.emit('audio', new Float32Array(64).fill(0.4));
      frames.flush();
    });
    expect(within(region).getByRole('log')).toHaveTextContent('How can I help?');
    expect(region.querySelector('.rwc-agent-indicator')).toHaveAttribute('data-agent-talking', '');
    expect(region.querySelector('.rwc-audio-level')).toHaveAttribute('data-level');

    await user.click(screen.getByRole('button', { name: 'Mute' }));
    expect(screen.getByRole('button', { name: 'Mute' })).toHaveAttribute('aria-pressed', 'true');
    await expectNoAxeViolations(container);

    await user.click(screen.getByRole('button', { name: 'End call' }));
    expect(onCallEnd).toHaveBeenCalledWith(expect.objectContaining({ endedBy: 'user' }));
    expect(region).toHaveAttribute('data-status', 'ended');
  });

  it('runs in StrictMode without leaking listeners or animation frames', async () => {
    const frames = manualAnimationFrames();
    const factory = fakeClientFactory();
    const user = userEvent.setup();
    const { unmount } = render(
      <StrictMode>
        <CallPanel
          createClient={factory.createClient}
          getAccessToken={async () => ({ access_token: 'tok' })}
          checkMicrophone={false}
        />
      </StrictMode>,
    );
    await user.click(screen.getByRole('button', { name: 'Start call' }));
    await settle();
    act(() => factory.last.connect());
    expect(frames.pending).toBe(1);
    act(() => factory.last.hangUp());
    expect(frames.pending).toBe(0);
    expect(factory.last.listenerCount()).toBe(0);
    expect(screen.getByRole('region')).toHaveAttribute('data-status', 'ended');
    unmount();
  });

  it('shares the call of a surrounding provider', async () => {
    const { factory } = renderWithCall(<CallPanel agentId="ignored" />);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Start call' }));
    await settle();
    act(() => factory.last.failToConnect());
    // The code's own words, not the SDK's fixed "Error starting call" (kept in the error's cause).
    expect(screen.getByRole('alert')).toHaveTextContent('Could not connect the call.');
    expect(screen.getByRole('alert')).not.toHaveTextContent('Error starting call');
    expect(screen.getByRole('alert')).toHaveAttribute('data-code', 'connection_failed');
  });

  it('passes labels and hints through to the parts', () => {
    const fake = createFakeStore(
      snapshotOf({ status: 'error', error: new WebCallError('microphone_not_found') }),
    );
    render(
      <FakeStoreProvider store={fake.store}>
        <CallPanel
          labels={{
            region: 'Appel vocal',
            callButton: { error: 'Réessayer' },
            muteButton: { mute: 'Micro' },
            status: { error: 'Échec' },
            transcript: { log: 'Transcription', empty: 'Vide' },
            agent: { listening: 'À l’écoute' },
          }}
          hints={{ microphone_not_found: 'Branchez un micro.' }}
        />
      </FakeStoreProvider>,
    );
    const region = screen.getByRole('region', { name: 'Appel vocal' });
    expect(within(region).getByRole('button', { name: 'Réessayer' })).toBeInTheDocument();
    expect(within(region).getByRole('button', { name: 'Micro' })).toBeInTheDocument();
    expect(within(region).getByRole('status')).toHaveTextContent('Échec');
    expect(within(region).getByRole('log', { name: 'Transcription' })).toHaveTextContent('Vide');
    expect(within(region).getByRole('alert')).toHaveTextContent('Branchez un micro.');
  });

  it('forwards the ref to the section', () => {
    const ref = createRef<HTMLElement>();
    render(<CallPanel ref={ref} />);
    expect(ref.current?.tagName).toBe('SECTION');
  });

  it('with showDevices renders a placeholder on the server and hydrates it, then the menus, without a mismatch', async () => {
    // Twice: the second hydration finds the menus' code already loaded and must still match the server HTML.
    for (let round = 0; round < 2; round++) {
      const ui = (
        <FakeStoreProvider store={createFakeStore().store}>
          <CallPanel showDevices />
        </FakeStoreProvider>
      );
      const html = renderToString(ui);
      expect(html).toContain('data-placeholder');
      expect(html).not.toContain('<select');
      const { container, mismatches } = await hydrate(html, ui);
      await within(container).findByRole('combobox', { name: 'Microphone' });
      expect(container.querySelector('[data-placeholder]')).toBeNull();
      expect(mismatches()).toEqual([]);
      container.remove();
    }
  });

  it('hydrates with AudioLevel without a mismatch, also under reduced motion', async () => {
    const ui = (
      <FakeStoreProvider store={createFakeStore().store}>
        <CallPanel />
        <AudioLevel />
      </FakeStoreProvider>
    );
    const html = renderToString(ui);
    stubReducedMotion(true);
    const { container, mismatches } = await hydrate(html, ui);
    expect(mismatches()).toEqual([]);
    // After hydration the client preference applies.
    expect(container.querySelector('.rwc-audio-level')).toHaveAttribute('data-reduced-motion');
    container.remove();
  });

  describe('real-call states', () => {
    afterEach(() => {
      Reflect.deleteProperty(HTMLMediaElement.prototype, 'setSinkId');
    });

    it('shows "Tap to hear the agent" over the transcript while audio is blocked, and says so', async () => {
      const fake = createFakeStore(snapshotOf({ status: 'ongoing', startedAt: Date.now() }));
      const { container } = render(
        <FakeStoreProvider store={fake.store}>
          <CallPanel labels={{ startAudio: { startAudio: 'Écouter l’agent' } }} />
        </FakeStoreProvider>,
      );
      expect(screen.queryByRole('button', { name: 'Écouter l’agent' })).toBeNull();
      act(() => fake.set({ audioBlocked: true }));
      const button = screen.getByRole('button', { name: 'Écouter l’agent' });
      expect(button.parentElement).toHaveClass('rwc-call-panel__body');
      expect(screen.getByRole('status')).toHaveTextContent('Sound blocked by the browser');
      expect(container.querySelector('.rwc-call-panel')).toHaveAttribute('data-audio-blocked', '');
      await userEvent.setup().click(button);
      expect(fake.store.startAudioPlayback).toHaveBeenCalledTimes(1);
      await expectNoAxeViolations(container);
    });

    it('says "Reconnecting…" and keeps the transcript while the call reconnects', async () => {
      const fake = createFakeStore(
        snapshotOf({
          status: 'ongoing',
          startedAt: Date.now(),
          isReconnecting: true,
          transcript: [{ id: 't0', role: 'agent', content: 'Still here?' }],
        }),
      );
      const { container } = render(
        <FakeStoreProvider store={fake.store}>
          <CallPanel />
        </FakeStoreProvider>,
      );
      expect(screen.getByRole('status')).toHaveTextContent('Reconnecting…');
      expect(screen.getByRole('log')).toHaveTextContent('Still here?');
      expect(container.querySelector('.rwc-call-panel')).toHaveAttribute('data-reconnecting', '');
      await expectNoAxeViolations(container);
    });

    it('with showDevices: a microphone menu, the microphone level, and a speaker menu where supported', async () => {
      const fake = createFakeStore();
      const { container, rerender } = render(
        <FakeStoreProvider store={fake.store}>
          <CallPanel />
        </FakeStoreProvider>,
      );
      expect(container.querySelector('.rwc-call-panel__devices')).toBeNull();
      expect(screen.queryByRole('combobox')).toBeNull();

      rerender(
        <FakeStoreProvider store={fake.store}>
          <CallPanel showDevices labels={{ microphone: { label: 'Micro' } }} />
        </FakeStoreProvider>,
      );
      const row = container.querySelector('.rwc-call-panel__devices') as HTMLElement;
      expect(await within(row).findByRole('combobox', { name: 'Micro' })).toBeInTheDocument();
      expect(row.querySelector('[data-placeholder]')).toBeNull();
      expect(within(row).queryByRole('combobox', { name: 'Speaker' })).toBeNull(); // jsdom has no setSinkId
      expect(row.querySelector('.rwc-audio-level[data-source="user"]')).not.toBeNull();
      await settle();
      await expectNoAxeViolations(container);
    });

    it('with showDevices where the browser can choose a speaker: both menus', async () => {
      Object.defineProperty(HTMLMediaElement.prototype, 'setSinkId', {
        configurable: true,
        value: async () => {},
      });
      const fake = createFakeStore();
      render(
        <FakeStoreProvider store={fake.store}>
          <CallPanel showDevices />
        </FakeStoreProvider>,
      );
      expect(await screen.findByRole('combobox', { name: 'Microphone' })).toBeInTheDocument();
      expect(screen.getByRole('combobox', { name: 'Speaker' })).toBeInTheDocument();
      await settle();
    });

    it('shows the agent_unavailable error with its hint', async () => {
      const fake = createFakeStore(errorSnapshot('agent_unavailable'));
      const { container } = render(
        <FakeStoreProvider store={fake.store}>
          <CallPanel />
        </FakeStoreProvider>,
      );
      expect(screen.getByRole('alert')).toHaveAttribute('data-code', 'agent_unavailable');
      expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
      await expectNoAxeViolations(container);
    });
  });
});
