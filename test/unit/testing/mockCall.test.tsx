import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { WebCallError } from '../../../src/core/errors.ts';
import { CallPanel } from '../../../src/react/components/CallPanel.tsx';
import { useWebCall } from '../../../src/react/useWebCall.ts';
import {
  createMockCallStore,
  MockWebCallProvider,
  mockCallSnapshot,
} from '../../../src/testing/mockCall.tsx';

describe('mockCallSnapshot', () => {
  it('builds consistent snapshots', () => {
    expect(mockCallSnapshot()).toMatchObject({ status: 'idle', error: null, endedBy: null, transcript: [] });
    const error = mockCallSnapshot({ status: 'error', error: 'microphone_not_found' });
    expect(error.error).toBeInstanceOf(WebCallError);
    expect(error.error?.code).toBe('microphone_not_found');
    expect(error.endedAt).toEqual(expect.any(Number));
    expect(mockCallSnapshot({ status: 'ended' })).toMatchObject({ endedBy: 'user', error: null });
    expect(mockCallSnapshot({ status: 'ongoing' }).startedAt).toEqual(expect.any(Number));
    // error/endedBy never leak into other statuses
    expect(mockCallSnapshot({ status: 'ongoing', error: 'call_failed', endedBy: 'remote' })).toMatchObject({
      error: null,
      endedBy: null,
    });
  });
});

describe('MockWebCallProvider', () => {
  it('renders components in the given state and records actions', async () => {
    const store = createMockCallStore({ status: 'error', error: 'network_error' });
    render(
      <MockWebCallProvider store={store}>
        <CallPanel />
      </MockWebCallProvider>,
    );
    expect(screen.getByRole('region', { name: 'Voice call' })).toHaveAttribute('data-status', 'error');
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(store.calls.map((c) => c.action)).toContain('start');
    expect(store.getSnapshot().status).toBe('error');
  });

  it('publishes set() to hooks and audio to audio listeners', () => {
    const store = createMockCallStore({ status: 'ongoing' });
    let seen = '';
    function Probe() {
      const call = useWebCall();
      seen = `${call.status}:${call.isMuted}`;
      return null;
    }
    render(
      <MockWebCallProvider store={store}>
        <Probe />
      </MockWebCallProvider>,
    );
    expect(seen).toBe('ongoing:false');
    act(() => store.set({ isMuted: true }));
    expect(seen).toBe('ongoing:true');
    const received: number[] = [];
    const unsubscribe = store.subscribeAudio((samples) => received.push(samples.length));
    store.emitAudio(new Float32Array(8));
    unsubscribe();
    store.emitAudio(new Float32Array(8));
    expect(received).toEqual([8]);
  });

  it('accepts a plain state', () => {
    render(
      <MockWebCallProvider state={{ status: 'ongoing', isMuted: true }}>
        <CallPanel />
      </MockWebCallProvider>,
    );
    expect(screen.getByRole('button', { name: 'Mute' })).toHaveAttribute('aria-pressed', 'true');
  });
});
