'use client';
import { useMemo } from 'react';
import type { CallSnapshot, CallStore } from '../core/store.ts';
import { selectSnapshot } from './internal/selectors.ts';
import { bindActions, type WebCallActions } from './useCallActions.ts';
import { useCallScope } from './useCallScope.ts';
import { useStoreState } from './useCallState.ts';
import type { WebCallOptions } from './useOwnedCallStore.ts';

/**
 * What {@link useWebCall} returns: the whole snapshot, the actions, and the underlying store.
 *
 * @example
 * ```ts
 * const { status, transcript, toggle, store }: UseWebCallResult = useWebCall({ agentId: 'agent_123' });
 * ```
 */
export type UseWebCallResult = CallSnapshot & WebCallActions & { store: CallStore };

/**
 * The call as one object: status, transcript, mute state… plus `start`, `stop`, `toggle`, `mute`, `unmute`,
 * `toggleMute`. Inside a `WebCallProvider` it is that provider's call (and `options` are ignored); outside
 * one it owns a call made from `options`, ended when the component unmounts.
 *
 * It re-renders on every change of the call, transcript updates included. For components that show one
 * thing, read just that with `useCallState(selector)`.
 *
 * @example
 * ```tsx
 * function Talk() {
 *   const { status, toggle, transcript } = useWebCall({ agentId: 'agent_123' });
 *   return (
 *     <>
 *       <button type="button" onClick={() => toggle()}>{status === 'ongoing' ? 'End' : 'Talk'}</button>
 *       {transcript.map((t) => <p key={t.id}>{t.role}: {t.content}</p>)}
 *     </>
 *   );
 * }
 * ```
 */
export function useWebCall(options: WebCallOptions = {}): UseWebCallResult {
  const store = useCallScope(options);
  const snapshot = useStoreState(store, selectSnapshot);
  const actions = useMemo(() => bindActions(store), [store]);
  return useMemo(() => ({ ...snapshot, ...actions, store }), [snapshot, actions, store]);
}
