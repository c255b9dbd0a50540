'use client';
import { MutationObserver, type QueryClient, QueryClientContext } from '@tanstack/react-query';
import { useContext, useEffect, useLayoutEffect, useState } from 'react';
import { type CallOptions, type CallStore, createCallStore } from '../core/store.ts';
import type { WebCallTokenRequest } from '../core/token.ts';
import { webCallTokenMutationOptions } from './mutation.ts';
import { getPrivateQueryClient } from './queryClient.ts';

/**
 * Options of a call owned by a provider or a standalone hook/component.
 *
 * @example
 * ```ts
 * const options: WebCallOptions = { agentId: 'agent_123', queryClient, onError: (e) => track(e.code) };
 * const call = useWebCall(options);
 * ```
 */
export interface WebCallOptions extends CallOptions {
  /**
   * The QueryClient the token mutation runs in. Defaults to the app's `QueryClientProvider`, and without one
   * to a private client.
   */
  queryClient?: QueryClient;
}

const useIsomorphicLayoutEffect = typeof window === 'undefined' ? useEffect : useLayoutEffect;

/**
 * Creates a store for the life of the component, keeps its options current (so callbacks are always the
 * latest props), runs its token requests as TanStack mutations, and ends its call on unmount.
 * With `enabled: false` it creates nothing that costs (the store is inert) and wires nothing.
 * @internal
 */
export function useOwnedCallStore(options: WebCallOptions, enabled = true): CallStore {
  const contextClient = useContext(QueryClientContext);
  const [store] = useState(() => createCallStore());
  const queryClient = options.queryClient ?? contextClient;

  useIsomorphicLayoutEffect(() => {
    if (!enabled) return;
    const client = queryClient ?? getPrivateQueryClient();
    store.setOptions({
      ...options,
      requestToken: async (request: WebCallTokenRequest) => {
        const observer = new MutationObserver(client, webCallTokenMutationOptions());
        try {
          return await observer.mutate(request);
        } finally {
          // Detach so the mutation (it holds the token) is garbage-collected at once (gcTime 0).
          observer.reset();
        }
      },
    });
  });

  useEffect(() => {
    if (!enabled) return;
    return () => {
      void store.stop();
    };
  }, [store, enabled]);

  return store;
}
