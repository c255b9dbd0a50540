'use client';
import type { CallStore } from '../core/store.ts';
import { useOptionalCallStore } from './internal/context.ts';
import { useOwnedCallStore, type WebCallOptions } from './useOwnedCallStore.ts';

/**
 * Every key of {@link WebCallOptions}; the `Record` makes the compiler flag a new option missing here.
 */
const OPTION_KEYS: Record<keyof WebCallOptions, true> = {
  endpoint: true,
  agentId: true,
  agentVersion: true,
  metadata: true,
  dynamicVariables: true,
  headers: true,
  fetchOptions: true,
  timeoutMs: true,
  getAccessToken: true,
  startCallOptions: true,
  createClient: true,
  checkMicrophone: true,
  tokenMaxAgeMs: true,
  agentReadyTimeoutMs: true,
  queryClient: true,
  onStatusChange: true,
  onCallStart: true,
  onAgentReady: true,
  onCallEnd: true,
  onError: true,
  onTranscript: true,
  onMetadata: true,
  onNodeTransition: true,
  onReconnecting: true,
  onReconnected: true,
  onAudioBlocked: true,
  onDeviceChange: true,
};

/**
 * Splits a component's props into the call options and the rest (what goes on the element).
 * @internal
 */
export function splitCallOptions<P extends object>(
  props: P,
): [WebCallOptions, Omit<P, keyof WebCallOptions>] {
  const options: Record<string, unknown> = {};
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(props)) {
    if (Object.hasOwn(OPTION_KEYS, key)) options[key] = value;
    else rest[key] = value;
  }
  return [options as WebCallOptions, rest as Omit<P, keyof WebCallOptions>];
}

/**
 * The store a component works on: the surrounding `WebCallProvider`'s call when there is one (then
 * `options` are ignored), else a call of its own built from `options` and ended on unmount. Provide the
 * result with `<WebCallContext.Provider>` so the component's children see the same call.
 * @internal
 */
export function useCallScope(options: WebCallOptions): CallStore {
  const shared = useOptionalCallStore();
  const owned = useOwnedCallStore(options, shared === null);
  return shared ?? owned;
}
