'use client';
import type { CallStore } from '../core/store.ts';
import { useOptionalCallStore } from './internal/context.ts';
import { useOwnedCallStore, type WebCallOptions } from './useOwnedCallStore.ts';

/** Every key of {@link WebCallOptions}, space-separated (a list of names is smaller shipped as one string). */
const OPTION_NAMES =
  'endpoint agentId agentVersion metadata dynamicVariables headers fetchOptions timeoutMs getAccessToken startCallOptions createClient checkMicrophone tokenMaxAgeMs agentReadyTimeoutMs queryClient onStatusChange onCallStart onAgentReady onCallEnd onError onTranscript onMetadata onNodeTransition onReconnecting onReconnected onAudioBlocked onDeviceChange';

/** The names in a space-separated list, as a union. */
type NamesIn<S extends string> = S extends `${infer Name} ${infer Rest}` ? Name | NamesIn<Rest> : S;
/** `true` only when the list names every option and nothing else: a new option missing here fails to compile. */
type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const OPTION_NAMES_COMPLETE: SameKeys<NamesIn<typeof OPTION_NAMES>, keyof WebCallOptions> = true;
void OPTION_NAMES_COMPLETE;

const OPTION_KEYS: ReadonlySet<string> = new Set(OPTION_NAMES.split(' '));

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
    if (OPTION_KEYS.has(key)) options[key] = value;
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
