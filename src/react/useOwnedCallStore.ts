'use client';
import { MutationObserver, type QueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { callStoreInternals } from '../core/callStoreInternals.ts';
import { type CallOptions, type CallStore, createCallStore } from '../core/store.ts';
import { getPrivateQueryClient } from './internal/queryClient.ts';
import { useIsomorphicLayoutEffect } from './internal/useIsomorphicLayoutEffect.ts';
import { tokenMutationOptions } from './mutation.ts';

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
   * The QueryClient the token mutation runs in. Without it, a private client: the app's
   * `QueryClientProvider` (its global `MutationCache` callbacks, Devtools, persisters) never sees an access
   * token or an `aborted` error. Pass one explicitly only if you want the token request there (e.g. to watch
   * it with `useIsMutating({ mutationKey: webCallTokenMutationKey })`).
   */
  queryClient?: QueryClient;
}

/**
 * Creates a store for the life of the component, keeps its options current (so callbacks are always the
 * latest props), runs its token requests as TanStack mutations, and ends its call on unmount.
 * With `enabled: false` it creates nothing that costs (the store is inert) and wires nothing.
 * @internal
 */
export function useOwnedCallStore(options: WebCallOptions, enabled = true): CallStore {
  const [store] = useState(() => createCallStore());
  const queryClient = options.queryClient;

  useIsomorphicLayoutEffect(() => {
    if (!enabled) return;
    const client = queryClient ?? getPrivateQueryClient();
    const internals = callStoreInternals(store);
    if (!internals) return; // cannot happen: the store is createCallStore's
    internals.options = options;
    internals.requestToken = async (request, requestWebCallToken) => {
      // The request leaves now, in the task of the click that started the call; the mutation tracks it (its
      // own steps would send it a few microtasks later, after React rendered and the audio unlock).
      const response = requestWebCallToken(request);
      response.catch(() => {}); // the mutation reports it
      const observer = new MutationObserver(
        client,
        tokenMutationOptions(() => response),
      );
      try {
        return await observer.mutate(request);
      } finally {
        // Detach so the mutation (it holds the token) is garbage-collected at once (gcTime 0).
        observer.reset();
      }
    };
  });

  useEffect(() => {
    if (!enabled) return;
    return () => {
      void store.stop();
    };
  }, [store, enabled]);

  return store;
}
