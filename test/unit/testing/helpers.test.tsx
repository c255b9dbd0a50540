import { act, fireEvent, render, renderHook, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { useWebCall } from '../../../src/react/useWebCall.ts';
import { WebCallProvider } from '../../../src/react/WebCallProvider.tsx';
import {
  createTestWebCallOptions,
  createWebCallWrapper,
  FAST_TIMING,
  WebCallTestProvider,
} from '../../../src/testing/index.ts';

const waiting = [{ role: 'agent', text: 'Hello from the test agent' }] as const;

describe('createWebCallWrapper', () => {
  it('runs useWebCall against a simulated call: ongoing, transcript, remote hang-up', async () => {
    const onCallEnd = vi.fn();
    const wrapper = createWebCallWrapper({ timing: FAST_TIMING, script: waiting }, { onCallEnd });
    const { result } = renderHook(() => useWebCall(), { wrapper });
    expect(result.current.status).toBe('idle');

    act(() => {
      void result.current.start();
    });
    await waitFor(() => expect(result.current.status).toBe('ongoing'));
    expect(result.current.callId).toBe('call_simulated_1');
    await waitFor(() => expect(result.current.transcript.at(-1)?.content).toBe('Hello from the test agent'));
    expect(result.current.agentReady).toBe(true);

    expect(wrapper.clients).toHaveLength(1);
    act(() => wrapper.last?.hangUp());
    expect(result.current.status).toBe('ended');
    expect(result.current.endedBy).toBe('remote');
    expect(onCallEnd).toHaveBeenCalledWith(expect.objectContaining({ endedBy: 'remote' }));
    expect(wrapper.last?.listenerCount()).toBe(0);
  });

  it('plays the default script to its end, where the agent hangs up', async () => {
    const wrapper = createWebCallWrapper({ timing: FAST_TIMING });
    const { result } = renderHook(() => useWebCall(), { wrapper });
    act(() => {
      void result.current.start();
    });
    await waitFor(() => expect(result.current.status).toBe('ended'), { timeout: 3000 });
    expect(result.current.endedBy).toBe('remote');
    expect(result.current.transcript.length).toBe(7);
    expect(result.current.currentNode?.new_node_id).toBe('closing');
    expect(result.current.lastMetadata).toEqual({ topic: 'capabilities' });
  });

  it('shows a connect failure as an error', async () => {
    const wrapper = createWebCallWrapper({ timing: FAST_TIMING, failure: { connect: 'error' } });
    const { result } = renderHook(() => useWebCall(), { wrapper });
    act(() => {
      void result.current.start();
    });
    await waitFor(() => expect(result.current.status).toBe('error'));
    expect(result.current.error?.code).toBe('connection_failed');
  });

  it('ends the call when the wrapper unmounts', async () => {
    const wrapper = createWebCallWrapper({ timing: FAST_TIMING, script: waiting });
    const { result, unmount } = renderHook(() => useWebCall(), { wrapper });
    act(() => {
      void result.current.start();
    });
    await waitFor(() => expect(result.current.status).toBe('ongoing'));
    unmount();
    expect(wrapper.last?.state).toBe('ended');
  });
});

function CallUi() {
  const { status, toggle, transcript } = useWebCall();
  return (
    <div data-status={status}>
      <button type="button" onClick={() => void toggle()}>
        {status === 'ongoing' ? 'End call' : 'Call'}
      </button>
      <ul>
        {transcript.map((entry) => (
          <li key={entry.id}>{entry.content}</li>
        ))}
      </ul>
    </div>
  );
}

describe('WebCallTestProvider', () => {
  it('drives a UI through a whole call without a network or a Retell account', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    render(
      <WebCallTestProvider simulation={{ timing: FAST_TIMING, script: waiting }}>
        <CallUi />
      </WebCallTestProvider>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Call' }));
    expect(await screen.findByText('Hello from the test agent')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'End call' }));
    await waitFor(() =>
      expect(screen.getByRole('button').parentElement).toHaveAttribute('data-status', 'ended'),
    );
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('lets explicit provider props win', async () => {
    const getAccessToken = vi.fn(async () => 'my-token');
    render(
      <WebCallTestProvider
        simulation={{ timing: FAST_TIMING, script: waiting }}
        getAccessToken={getAccessToken}
      >
        <CallUi />
      </WebCallTestProvider>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Call' }));
    await screen.findByRole('button', { name: 'End call' });
    expect(getAccessToken).toHaveBeenCalledTimes(1);
  });
});

describe('createTestWebCallOptions', () => {
  it('plugs straight into a WebCallProvider', async () => {
    const options = createTestWebCallOptions({ timing: FAST_TIMING, script: waiting });
    expect(options.checkMicrophone).toBe(false);
    expect(options.createClient.options.audio).toBe('off');
    render(
      <WebCallProvider {...options}>
        <CallUi />
      </WebCallProvider>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Call' }));
    await screen.findByText('Hello from the test agent');
    expect(options.createClient.last?.startCalls[0]?.accessToken).toBe(
      'simulated_access_token_call_simulated_1',
    );
  });

  it('its getAccessToken rejects like fetch when the signal is aborted, before or during the delay', async () => {
    const options = createTestWebCallOptions({ tokenDelayMs: 50 });
    const body = { agent_id: 'agent_x' };
    const reason = new DOMException('gone', 'AbortError');
    await expect(options.getAccessToken({ body, signal: AbortSignal.abort(reason) })).rejects.toBe(reason);

    const controller = new AbortController();
    const pending = options.getAccessToken({ body, signal: controller.signal });
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);

    const immediate = createTestWebCallOptions();
    await expect(immediate.getAccessToken({ body, signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    // An aborted request used no call id.
    await expect(
      immediate.getAccessToken({ body, signal: new AbortController().signal }),
    ).resolves.toMatchObject({ call_id: 'call_simulated_1', agent_id: 'agent_x' });
  });
});
