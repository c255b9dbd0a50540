/*
 * What the library's own layers (React, testing) read and set on a store, outside the public `CallStore`:
 * its options and how it runs the token request. Kept in a module-private WeakMap, so neither is part of
 * the public types or reachable from a store object.
 */
import type { WebCallResponse } from './schemas.ts';
import type { CallOptions, CallStore } from './store.ts';
import type { WebCallTokenRequest } from './token.ts';

/**
 * Runs a store's token request, given the engine's `requestWebCallToken` to do it with (the React layer runs
 * it inside a TanStack Query mutation; receiving it here keeps it out of the initial bundle).
 * @internal
 */
export type TokenRequester = (
  request: WebCallTokenRequest,
  requestWebCallToken: (request: WebCallTokenRequest) => Promise<WebCallResponse>,
) => Promise<WebCallResponse>;

/**
 * A store's private settings. The store reads both at each `start()`, so they may change at any time.
 * @internal
 */
export interface CallStoreInternals {
  /** The options of the next call (callbacks are read when they fire). */
  options: CallOptions;
  /** Runs the token request; `undefined` calls `requestWebCallToken` directly. */
  requestToken: TokenRequester | undefined;
}

const internalsOf = new WeakMap<CallStore, CallStoreInternals>();

/**
 * Makes `internals` the private settings of `store` (`createCallStore` does this for each store it makes).
 *
 * @example
 * ```ts
 * const internals: CallStoreInternals = { options, requestToken: undefined };
 * registerCallStoreInternals(store, internals);
 * ```
 * @internal
 */
export function registerCallStoreInternals(store: CallStore, internals: CallStoreInternals): void {
  internalsOf.set(store, internals);
}

/**
 * The private settings of a store made by `createCallStore`; `undefined` for any other `CallStore` (a mock,
 * a test double), which has none.
 *
 * @example
 * ```ts
 * const internals = callStoreInternals(store);
 * if (internals) internals.options = { ...options, agentId: 'agent_456' };
 * ```
 * @internal
 */
export function callStoreInternals(store: CallStore): CallStoreInternals | undefined {
  return internalsOf.get(store);
}
