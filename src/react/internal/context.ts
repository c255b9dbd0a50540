'use client';
import { createContext, useContext } from 'react';
import type { CallStore } from '../../core/store.ts';

/** The store of the nearest `WebCallProvider`. @internal */
export const WebCallContext = createContext<CallStore | null>(null);

/** The nearest provider's store, or null. @internal */
export function useOptionalCallStore(): CallStore | null {
  return useContext(WebCallContext);
}

/**
 * The nearest `WebCallProvider`'s store; throws a clear error outside one.
 * @internal
 */
export function useCallStore(hookName: string): CallStore {
  const store = useContext(WebCallContext);
  if (!store) {
    throw new Error(
      `${hookName} must be used within a <WebCallProvider> (or inside <CallPanel>/<CallButton>, which provide one).`,
    );
  }
  return store;
}
