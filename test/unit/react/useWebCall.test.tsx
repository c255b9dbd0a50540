import { MutationCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, render, renderHook, screen } from '@testing-library/react';
import { delay, HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { type ReactNode, StrictMode, useState } from 'react';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { isMicrophoneGranted } from '../../../src/core/microphone.ts';
import type { CallSnapshot, CallStatus } from '../../../src/core/store.ts';
import { webCallTokenMutationKey } from '../../../src/react/mutation.ts';
import { shallowEqual, useCallState } from '../../../src/react/useCallState.ts';
import type { WebCallOptions } from '../../../src/react/useOwnedCallStore.ts';
import { useWebCall } from '../../../src/react/useWebCall.ts';
import { WebCallProvider } from '../../../src/react/WebCallProvider.tsx';
import { fakeClientFactory } from '../../support/fakeClient.ts';
import { installFakeMicrophone } from '../../support/media.ts';
import { installMicrophonePermission } from '../../support/permissions.ts';

const ENDPOINT = 'http://localhost:3000/api/create-web-call';
const V2 = {
  call_type: 'web_call',
  access_token: 'tok_1',
  call_id: 'call_1',
  agent_id: 'agent_1',
  agent_version: 1,
  call_status: 'registered',
};

const server = setupServer();
let tokenRequests: unknown[] = [];
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => {
  tokenRequests = [];
  server.use(
    http.post(ENDPOINT, async ({ request }) => {
      tokenRequests.push(await request.json());
      return HttpResponse.json(V2, { status: 201 });
    }),
  );
});
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

let mic: ReturnType<typeof installFakeMicrophone>;
beforeEach(() => {
  mic = installFakeMicrophone();
});
afterEach(() => mic.uninstall());

function options(factory: ReturnType<typeof fakeClientFactory>, extra: WebCallOptions = {}): WebCallOptions {
  return { endpoint: ENDPOINT, agentId: 'agent_1', createClient: factory.createClient, ...extra };
}

describe('useWebCall', () => {
  it('runs a whole call outside a provider: token over HTTP, connect, transcript, hang-up', async () => {
    const factory = fakeClientFactory();
    const { result } = renderHook(() => useWebCall(options(factory)));
    expect(result.current.status).toBe('idle');
    await act(async () => {
      void result.current.start();
    });
    await vi.waitFor(() => expect(result.current.status).toBe('connecting'));
    expect(tokenRequests).toEqual([{ agent_id: 'agent_1' }]);
    act(() => factory.last.connect());
    expect(result.current.status).toBe('ongoing');
    act(() => factory.last.emit('update', { transcript: [{ role: 'agent', content: 'Hi!' }] }));
    expect(result.current.transcript).toEqual([{ id: 't0', role: 'agent', content: 'Hi!' }]);
    act(() => factory.last.hangUp());
    expect(result.current).toMatchObject({ status: 'ended', endedBy: 'remote' });
    expect(mic.liveTracks()).toHaveLength(0);
    expect(factory.last.listenerCount()).toBe(0);
  });

  it('a returning user’s start(): the token request leaves before start() returns, tracked by the mutation', async () => {
    const permission = installMicrophonePermission('granted');
    try {
      await isMicrophoneGranted(); // the engine asks when it loads, before any click
      const queryClient = new QueryClient();
      const factory = fakeClientFactory();
      const fetch = vi.spyOn(globalThis, 'fetch');
      const { result } = renderHook(() => useWebCall(options(factory, { queryClient })));
      let sentInStart = false;
      let pendingInStart = -1;
      act(() => {
        void result.current.start();
        sentInStart = fetch.mock.calls.length === 1;
        pendingInStart = queryClient.isMutating({ mutationKey: webCallTokenMutationKey });
      });
      expect(sentInStart).toBe(true);
      expect(pendingInStart).toBe(1);
      await vi.waitFor(() => expect(result.current.status).toBe('connecting'));
      expect(tokenRequests).toEqual([{ agent_id: 'agent_1' }]);
      expect(queryClient.isMutating()).toBe(0);
      fetch.mockRestore();
    } finally {
      permission.uninstall();
    }
  });

  it('returns stable actions', async () => {
    const factory = fakeClientFactory();
    const { result, rerender } = renderHook(() => useWebCall(options(factory)));
    const { start, stop, toggle, mute, unmute, toggleMute } = result.current;
    rerender();
    await act(async () => {
      void result.current.start();
    });
    expect(result.current.start).toBe(start);
    expect(result.current.stop).toBe(stop);
    expect(result.current.toggle).toBe(toggle);
    expect([result.current.mute, result.current.unmute, result.current.toggleMute]).toEqual([
      mute,
      unmute,
      toggleMute,
    ]);
  });

  it('inside a provider shares the provider’s call and ignores its own options', async () => {
    const factory = fakeClientFactory();
    const other = fakeClientFactory();
    const wrapper = ({ children }: { children: ReactNode }) => (
      <WebCallProvider {...options(factory)}>{children}</WebCallProvider>
    );
    const { result } = renderHook(
      () => ({ a: useWebCall(options(other)), b: useWebCall(), status: useCallState((s) => s.status) }),
      { wrapper },
    );
    expect(result.current.a.store).toBe(result.current.b.store);
    await act(async () => {
      void result.current.a.start();
    });
    await vi.waitFor(() => expect(result.current.status).toBe('connecting'));
    expect(factory.clients).toHaveLength(1);
    expect(other.clients).toHaveLength(0);
  });

  it('passes start() overrides into the request body', async () => {
    const factory = fakeClientFactory();
    const { result } = renderHook(() => useWebCall(options(factory, { metadata: { a: 1 } })));
    await act(async () => {
      void result.current.start({ agentId: 'agent_9', dynamicVariables: { name: 'Ada' } });
    });
    await vi.waitFor(() => expect(tokenRequests).toHaveLength(1));
    expect(tokenRequests[0]).toEqual({
      agent_id: 'agent_9',
      metadata: { a: 1 },
      retell_llm_dynamic_variables: { name: 'Ada' },
    });
  });
});

describe('the token request is a TanStack Query mutation', () => {
  it('runs in an explicit queryClient, never retried even if that client retries by default', async () => {
    server.use(
      http.post(ENDPOINT, async ({ request }) => {
        tokenRequests.push(await request.json());
        return HttpResponse.json({ status: 'error', message: 'boom' }, { status: 500 });
      }),
    );
    const queryClient = new QueryClient({ defaultOptions: { mutations: { retry: 3, retryDelay: 1 } } });
    const seen: unknown[] = [];
    queryClient.getMutationCache().subscribe((event) => {
      if (event.type === 'added') seen.push(event.mutation.options.mutationKey);
    });
    const factory = fakeClientFactory();
    const { result } = renderHook(() => useWebCall(options(factory, { queryClient })));
    await act(async () => {
      await result.current.start().catch(() => {});
    });
    expect(result.current.status).toBe('error');
    expect(result.current.error).toMatchObject({
      code: 'token_request_failed',
      status: 500,
      message: 'boom',
    });
    expect(tokenRequests).toHaveLength(1);
    expect(seen).toEqual([webCallTokenMutationKey]);
  });

  it('uses an explicit queryClient option over the app’s', async () => {
    const appClient = new QueryClient();
    const explicit = new QueryClient();
    const explicitAdds = vi.fn();
    const appAdds = vi.fn();
    explicit.getMutationCache().subscribe((e) => e.type === 'added' && explicitAdds());
    appClient.getMutationCache().subscribe((e) => e.type === 'added' && appAdds());
    const factory = fakeClientFactory();
    const wrapper = ({ children }: { children: ReactNode }) => (
      <QueryClientProvider client={appClient}>{children}</QueryClientProvider>
    );
    const { result } = renderHook(() => useWebCall(options(factory, { queryClient: explicit })), { wrapper });
    await act(async () => {
      void result.current.start();
    });
    await vi.waitFor(() => expect(result.current.status).toBe('connecting'));
    expect(explicitAdds).toHaveBeenCalledTimes(1);
    expect(appAdds).not.toHaveBeenCalled();
  });

  it('never runs in the app’s QueryClientProvider: its MutationCache callbacks never see a token or an abort', async () => {
    const onSuccess = vi.fn();
    const onError = vi.fn();
    const added = vi.fn();
    const appClient = new QueryClient({ mutationCache: new MutationCache({ onSuccess, onError }) });
    appClient.getMutationCache().subscribe((e) => e.type === 'added' && added());
    const factory = fakeClientFactory();
    const wrapper = ({ children }: { children: ReactNode }) => (
      <QueryClientProvider client={appClient}>{children}</QueryClientProvider>
    );
    const { result } = renderHook(() => useWebCall(options(factory)), { wrapper });
    // A call stopped while its token is in flight (`aborted`), then one that gets its token (success).
    await act(async () => {
      void result.current.start();
      await result.current.stop();
    });
    expect(result.current.status).toBe('ended');
    await act(async () => {
      void result.current.start();
    });
    await vi.waitFor(() => expect(result.current.status).toBe('connecting'));
    expect(tokenRequests.length).toBeGreaterThanOrEqual(1);
    expect(added).not.toHaveBeenCalled();
    expect(onSuccess).not.toHaveBeenCalled();
    expect(onError).not.toHaveBeenCalled();
  });

  it('works with no QueryClient anywhere (a private one)', async () => {
    const factory = fakeClientFactory();
    const { result } = renderHook(() => useWebCall(options(factory)));
    await act(async () => {
      void result.current.start();
    });
    await vi.waitFor(() => expect(result.current.status).toBe('connecting'));
  });

  it('does not keep the token in the mutation cache (gcTime 0)', async () => {
    const queryClient = new QueryClient();
    const factory = fakeClientFactory();
    const { result } = renderHook(() => useWebCall(options(factory, { queryClient })));
    await act(async () => {
      void result.current.start();
    });
    await vi.waitFor(() => expect(result.current.status).toBe('connecting'));
    await vi.waitFor(() => expect(queryClient.getMutationCache().getAll()).toHaveLength(0));
  });
});

describe('lifecycle', () => {
  it('StrictMode: one start makes one token request, one client, one startCall; events fire once', async () => {
    const factory = fakeClientFactory();
    const onStatusChange = vi.fn();
    const onCallStart = vi.fn();
    const onTranscript = vi.fn();
    const wrapper = ({ children }: { children: ReactNode }) => <StrictMode>{children}</StrictMode>;
    const { result } = renderHook(
      () => useWebCall(options(factory, { onStatusChange, onCallStart, onTranscript })),
      { wrapper },
    );
    await act(async () => {
      void result.current.start();
    });
    await vi.waitFor(() => expect(result.current.status).toBe('connecting'));
    act(() => factory.last.connect());
    act(() => factory.last.emit('update', { transcript: [{ role: 'agent', content: 'Hi' }] }));
    expect(tokenRequests).toHaveLength(1);
    expect(factory.clients).toHaveLength(1);
    expect(factory.last.startCalls).toHaveLength(1);
    expect(onCallStart).toHaveBeenCalledTimes(1);
    expect(onTranscript).toHaveBeenCalledTimes(1);
    expect(onStatusChange.mock.calls.map((c) => c[0])).toEqual(['requesting', 'connecting', 'ongoing']);
    // Every listener is attached exactly once (StrictMode’s double effects lost none and added none).
    expect([...factory.last.listeners.values()].every((set) => set.size === 1)).toBe(true);
    act(() => factory.last.hangUp());
    expect(factory.last.listenerCount()).toBe(0);
  });

  it('StrictMode mount starts nothing by itself', () => {
    const factory = fakeClientFactory();
    render(
      <StrictMode>
        <WebCallProvider {...options(factory)}>
          <p>child</p>
        </WebCallProvider>
      </StrictMode>,
    );
    expect(factory.clients).toHaveLength(0);
    expect(tokenRequests).toHaveLength(0);
    expect(mic.getUserMedia).not.toHaveBeenCalled();
  });

  it('unmount during requesting aborts the token request and never calls startCall', async () => {
    let aborted = false;
    server.use(
      http.post(ENDPOINT, async ({ request }) => {
        request.signal.addEventListener('abort', () => {
          aborted = true;
        });
        await delay('infinite');
        return HttpResponse.json(V2);
      }),
    );
    const factory = fakeClientFactory();
    const { result, unmount } = renderHook(() => useWebCall(options(factory)));
    await act(async () => {
      void result.current.start();
    });
    expect(result.current.status).toBe('requesting');
    const store = result.current.store;
    unmount();
    expect(store.getSnapshot()).toMatchObject({ status: 'ended', endedBy: 'user' });
    await vi.waitFor(() => expect(aborted).toBe(true));
    expect(factory.clients.every((c) => c.startCalls.length === 0)).toBe(true);
    expect(mic.liveTracks()).toHaveLength(0);
  });

  it('unmount during connecting stops the call as soon as it connects', async () => {
    const factory = fakeClientFactory();
    const { result, unmount } = renderHook(() => useWebCall(options(factory)));
    await act(async () => {
      void result.current.start();
    });
    await vi.waitFor(() => expect(result.current.status).toBe('connecting'));
    const store = result.current.store;
    unmount();
    expect(store.getSnapshot().status).toBe('ending');
    factory.last.connect();
    expect(store.getSnapshot()).toMatchObject({ status: 'ended', endedBy: 'user' });
    expect(factory.last.connected).toBe(false);
    expect(factory.last.listenerCount()).toBe(0);
  });

  it('unmount during an ongoing call stops the client and releases everything', async () => {
    const factory = fakeClientFactory();
    const onCallEnd = vi.fn();
    const { result, unmount } = renderHook(() => useWebCall(options(factory, { onCallEnd })));
    await act(async () => {
      void result.current.start();
    });
    await vi.waitFor(() => expect(result.current.status).toBe('connecting'));
    act(() => factory.last.connect());
    unmount();
    expect(factory.last.connected).toBe(false);
    expect(factory.last.listenerCount()).toBe(0);
    expect(onCallEnd).toHaveBeenCalledWith(expect.objectContaining({ endedBy: 'user' }));
    expect(mic.liveTracks()).toHaveLength(0);
  });

  it('callbacks always run the latest prop', async () => {
    const factory = fakeClientFactory();
    const first = vi.fn();
    const second = vi.fn();
    const { result, rerender } = renderHook(
      ({ cb }) => useWebCall(options(factory, { onStatusChange: cb })),
      {
        initialProps: { cb: first },
      },
    );
    rerender({ cb: second });
    await act(async () => {
      void result.current.start();
    });
    await vi.waitFor(() => expect(result.current.status).toBe('connecting'));
    expect(first).not.toHaveBeenCalled();
    expect(second.mock.calls.map((c) => c[0])).toEqual(['requesting', 'connecting']);
  });

  it('onError fires once with the typed error; the error is in state', async () => {
    mic.deny('NotAllowedError');
    const factory = fakeClientFactory();
    const onError = vi.fn();
    const { result } = renderHook(() => useWebCall(options(factory, { onError })));
    await act(async () => {
      await result.current.start().catch(() => {});
    });
    expect(result.current.status).toBe('error');
    expect(result.current.error?.code).toBe('microphone_permission_denied');
    expect(onError).toHaveBeenCalledExactlyOnceWith(result.current.error);
  });
});

describe('useCallState', () => {
  it('throws a clear error outside a provider', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(() => renderHook(() => useCallState((s) => s.status))).toThrow(
      /useCallState must be used within a <WebCallProvider>/,
    );
  });

  it('re-renders only when its slice changes (counted)', async () => {
    const factory = fakeClientFactory();
    const renders: { status: CallStatus[]; muted: boolean[]; pair: unknown[]; all: number } = {
      status: [],
      muted: [],
      pair: [],
      all: 0,
    };
    function Status() {
      renders.status.push(useCallState((s) => s.status));
      return null;
    }
    function Muted() {
      renders.muted.push(useCallState((s) => s.isMuted));
      return null;
    }
    function Pair() {
      renders.pair.push(
        useCallState((s: CallSnapshot) => ({ status: s.status, agentReady: s.agentReady }), shallowEqual),
      );
      return null;
    }
    function All() {
      useWebCall();
      renders.all++;
      return null;
    }
    let start!: () => Promise<void>;
    function Start() {
      start = useWebCall().start;
      return null;
    }
    render(
      <WebCallProvider {...options(factory)}>
        <Status />
        <Muted />
        <Pair />
        <All />
        <Start />
      </WebCallProvider>,
    );
    await act(async () => {
      void start();
    });
    await vi.waitFor(() => expect(renders.status.at(-1)).toBe('connecting'));
    act(() => factory.last.connect());
    const allBefore = renders.all;
    act(() => {
      for (let i = 1; i <= 50; i++) {
        factory.last.emit('update', { transcript: [{ role: 'agent', content: 'word '.repeat(i) }] });
        factory.last.emit(i % 2 ? 'agent_start_talking' : 'agent_stop_talking');
      }
      for (let i = 0; i < 100; i++) factory.last.emit('audio', new Float32Array(64));
    });
    expect(renders.status).toEqual(['idle', 'requesting', 'connecting', 'ongoing']);
    expect(renders.muted).toEqual([false]);
    expect(renders.pair).toHaveLength(4);
    // The whole-snapshot hook does re-render (that is its documented cost), proving updates happened.
    expect(renders.all).toBeGreaterThan(allBefore);
    act(() => factory.last.emit('call_ready'));
    expect(renders.pair).toHaveLength(5);
    expect(renders.status).toHaveLength(4);
  });

  it('supports a selector whose identity changes every render', async () => {
    const factory = fakeClientFactory();
    function Counter() {
      const [n, setN] = useState(0);
      const status = useCallState((s) => `${s.status}:${n}`);
      return (
        <button type="button" onClick={() => setN(n + 1)}>
          {status}
        </button>
      );
    }
    render(
      <WebCallProvider {...options(factory)}>
        <Counter />
      </WebCallProvider>,
    );
    expect(screen.getByRole('button').textContent).toBe('idle:0');
    act(() => screen.getByRole('button').click());
    expect(screen.getByRole('button').textContent).toBe('idle:1');
  });
});
