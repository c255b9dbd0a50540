import { act, render } from '@testing-library/react';
import fc from 'fast-check';
import type { ReactElement } from 'react';
import { beforeAll, describe, expect, it } from 'vitest';
import { CALL_STATUSES, type CallStatus } from '../../../src/core/store.ts';
import { AgentIndicator } from '../../../src/react/components/AgentIndicator.tsx';
import { AudioLevel } from '../../../src/react/components/AudioLevel.tsx';
import { CallButton } from '../../../src/react/components/CallButton.tsx';
import { CallPanel } from '../../../src/react/components/CallPanel.tsx';
import { CallStatus as CallStatusPart } from '../../../src/react/components/CallStatus.tsx';
import { DeviceSelect } from '../../../src/react/components/DeviceSelect.tsx';
import { MuteButton } from '../../../src/react/components/MuteButton.tsx';
import { StartAudioButton } from '../../../src/react/components/StartAudioButton.tsx';
import { loadCallTimeParts } from '../../../src/react/internal/useCallTimeParts.ts';
import { createFakeStore, errorSnapshot, FakeStoreProvider, snapshotOf } from '../../support/components.tsx';

/** Each part and the selector of its element that carries `data-status`. */
const PARTS: Array<[name: string, element: ReactElement, selector: string]> = [
  ['CallButton', <CallButton key="b" />, '.rwc-call-button'],
  ['MuteButton', <MuteButton key="m" />, '.rwc-mute-button'],
  ['AgentIndicator', <AgentIndicator key="a" />, '.rwc-agent-indicator'],
  ['AudioLevel', <AudioLevel key="l" />, '.rwc-audio-level'],
  ['AudioLevel user', <AudioLevel key="u" source="user" />, '.rwc-audio-level[data-source="user"]'],
  ['CallStatus', <CallStatusPart key="s" showTimer={false} />, '.rwc-call-status'],
  ['CallPanel', <CallPanel key="p" />, '.rwc-call-panel'],
  ['DeviceSelect', <DeviceSelect key="d" kind="audioinput" />, '.rwc-device-select'],
];

// CallPanel's call-time parts are a lazy chunk: loaded here, so the panel shows them from its first commit.
beforeAll(() => loadCallTimeParts());

describe('state attributes on every part', () => {
  it.each(PARTS)(
    '%s carries data-status, data-reconnecting and data-audio-blocked',
    (_name, element, selector) => {
      const fake = createFakeStore(snapshotOf({ status: 'ongoing', startedAt: 1 }));
      const { container } = render(<FakeStoreProvider store={fake.store}>{element}</FakeStoreProvider>);
      const part = container.querySelector(selector) as HTMLElement;
      expect(part).toHaveAttribute('data-status', 'ongoing');
      expect(part).not.toHaveAttribute('data-reconnecting');
      expect(part).not.toHaveAttribute('data-audio-blocked');

      act(() => fake.set({ isReconnecting: true }));
      expect(part).toHaveAttribute('data-reconnecting', '');
      act(() => fake.set({ isReconnecting: false, audioBlocked: true }));
      expect(part).not.toHaveAttribute('data-reconnecting');
      expect(part).toHaveAttribute('data-audio-blocked', '');
    },
  );

  it('property: for any snapshot, every part’s attributes match it and StartAudioButton exists iff blocked', () => {
    const snapshot = fc.record({
      status: fc.constantFrom<CallStatus>(...CALL_STATUSES),
      isReconnecting: fc.boolean(),
      audioBlocked: fc.boolean(),
      turn: fc.constantFrom<'agent' | 'user' | null>('agent', 'user', null),
      isMuted: fc.boolean(),
    });
    const fake = createFakeStore();
    const { container } = render(
      <FakeStoreProvider store={fake.store}>
        {PARTS.map(([, element]) => element)}
        <StartAudioButton />
      </FakeStoreProvider>,
    );
    for (const seed of [7, 8, 9]) {
      fc.assert(
        fc.property(fc.array(snapshot, { minLength: 1, maxLength: 4 }), (steps) => {
          for (const step of steps) {
            act(() =>
              fake.set(
                step.status === 'error'
                  ? { ...errorSnapshot('call_failed'), ...step }
                  : { ...step, error: null },
              ),
            );
            const parts = container.querySelectorAll('[data-status]');
            expect(parts.length).toBeGreaterThanOrEqual(PARTS.length);
            for (const part of parts) {
              // CallError and Transcript have other owners; they say their own status.
              if (part.matches('.rwc-call-error, .rwc-transcript')) continue;
              expect(part.getAttribute('data-status')).toBe(step.status);
              expect(part.hasAttribute('data-reconnecting')).toBe(step.isReconnecting);
              expect(part.hasAttribute('data-audio-blocked')).toBe(step.audioBlocked);
            }
            expect(container.querySelectorAll('.rwc-start-audio-button')).toHaveLength(
              step.audioBlocked ? 2 : 0,
            );
            const indicator = container.querySelector(':scope > .rwc-agent-indicator');
            expect(indicator?.getAttribute('data-turn') ?? null).toBe(step.turn);
          }
        }),
        { seed, numRuns: 10 },
      );
    }
  }, 30_000);
});
