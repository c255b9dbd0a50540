import {
  type CallStoreInternals,
  callStoreInternals,
  type TokenRequester,
} from '../../src/core/callStoreInternals.ts';
import type { CallOptions, CallStore } from '../../src/core/store.ts';

/** The private settings of a store made by `createCallStore`; throws for any other store. */
export function internalsOf(store: CallStore): CallStoreInternals {
  const internals = callStoreInternals(store);
  if (!internals) throw new Error('Not a store made by createCallStore');
  return internals;
}

/** Routes the store's token requests through `requestToken`, as the React layer does with its mutation. */
export function withTokenRequester<S extends CallStore>(store: S, requestToken: TokenRequester): S {
  internalsOf(store).requestToken = requestToken;
  return store;
}

/** Merges `patch` into the store's options (read at the next `start()`; callbacks at once). */
export function patchOptions(store: CallStore, patch: CallOptions): void {
  const internals = internalsOf(store);
  internals.options = { ...internals.options, ...patch };
}
