import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useContext, useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { WebCallError } from '../../../src/core/errors.ts';
import { CallPanel } from '../../../src/react/components/CallPanel.tsx';
import { WebCallContext } from '../../../src/react/internal/context.ts';
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

describe('mockCallSnapshot and set(): timestamps follow the status', () => {
  it('drops timestamps that do not belong to the status unless given', () => {
    expect(mockCallSnapshot({ status: 'idle', startedAt: 5, endedAt: 9 })).toMatchObject({
      startedAt: 5,
      endedAt: 9,
    });
    expect(mockCallSnapshot({ status: 'connecting' })).toMatchObject({ startedAt: null, endedAt: null });
    expect(mockCallSnapshot({ status: 'ongoing', startedAt: 5 })).toMatchObject({
      startedAt: 5,
      endedAt: null,
    });
    expect(mockCallSnapshot({ status: 'ended', startedAt: 5, endedAt: 9 })).toMatchObject({
      startedAt: 5,
      endedAt: 9,
    });
  });

  it('set() does not carry old startedAt/endedAt into a status they do not belong to', () => {
    vi.spyOn(Date, 'now').mockReturnValue(1000);
    const store = createMockCallStore({ status: 'ongoing' });
    expect(store.getSnapshot()).toMatchObject({ startedAt: 1000, endedAt: null });
    vi.spyOn(Date, 'now').mockReturnValue(2000);
    store.set({ status: 'ended' });
    expect(store.getSnapshot()).toMatchObject({ status: 'ended', startedAt: 1000, endedAt: 2000 });
    store.set({ isMuted: true }); // same status: both kept
    expect(store.getSnapshot()).toMatchObject({ startedAt: 1000, endedAt: 2000, isMuted: true });
    store.set({ status: 'idle' });
    expect(store.getSnapshot()).toMatchObject({
      status: 'idle',
      startedAt: null,
      endedAt: null,
      isMuted: true,
    });

    store.set({ status: 'error', error: 'network_error', startedAt: 10, endedAt: 20 });
    store.set({ status: 'ongoing' });
    expect(store.getSnapshot()).toMatchObject({ status: 'ongoing', startedAt: 10, endedAt: null });
    store.set({ status: 'connecting', startedAt: 7 }); // explicit values win
    expect(store.getSnapshot()).toMatchObject({ status: 'connecting', startedAt: 7, endedAt: null });
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

  it('keeps one store across parent re-renders with an equal inline state, and applies a changed one', () => {
    vi.spyOn(Date, 'now').mockReturnValue(1000);
    const stores = new Set<unknown>();
    function Probe() {
      const store = useContext(WebCallContext);
      stores.add(store);
      const call = useWebCall();
      return <output data-testid="probe">{`${call.status}:${call.isMuted}:${call.startedAt}`}</output>;
    }
    let bump: () => void = () => {};
    let setMuted: (muted: boolean) => void = () => {};
    function Parent() {
      const [, setCount] = useState(0);
      const [muted, setMutedState] = useState(false);
      bump = () => setCount((n) => n + 1);
      setMuted = setMutedState;
      return (
        <MockWebCallProvider state={{ status: 'ongoing', isMuted: muted }}>
          <Probe />
        </MockWebCallProvider>
      );
    }
    render(<Parent />);
    const probe = screen.getByTestId('probe');
    expect(probe).toHaveTextContent('ongoing:false:1000');
    const [store] = [...stores] as [ReturnType<typeof createMockCallStore>];
    act(() => void store.mute());

    vi.spyOn(Date, 'now').mockReturnValue(5000);
    act(() => bump());
    act(() => bump());
    expect(stores.size).toBe(1);
    expect(probe).toHaveTextContent('ongoing:false:1000');
    expect(store.calls.map((c) => c.action)).toEqual(['mute']);

    act(() => setMuted(true));
    expect(stores.size).toBe(1);
    expect(probe).toHaveTextContent('ongoing:true:1000');
    expect(store.calls.map((c) => c.action)).toEqual(['mute']);
  });

  it('resets fields a new state prop no longer names', () => {
    const { rerender } = render(
      <MockWebCallProvider state={{ status: 'ongoing', isAgentTalking: true }}>
        <CallPanel />
      </MockWebCallProvider>,
    );
    const region = () => screen.getByRole('region', { name: 'Voice call' });
    expect(region()).toHaveAttribute('data-status', 'ongoing');
    rerender(
      <MockWebCallProvider state={{ status: 'error', error: 'network_error' }}>
        <CallPanel />
      </MockWebCallProvider>,
    );
    expect(region()).toHaveAttribute('data-status', 'error');
    rerender(
      <MockWebCallProvider>
        <CallPanel />
      </MockWebCallProvider>,
    );
    expect(region()).toHaveAttribute('data-status', 'idle');
  });
});
