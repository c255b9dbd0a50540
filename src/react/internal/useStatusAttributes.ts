'use client';
import type { CallStatus, CallStore } from '../../core/store.ts';
import { useStoreState } from '../useCallState.ts';
import { selectAudioBlocked, selectIsReconnecting, selectStatus } from './selectors.ts';
import { dataFlag } from './visuallyHidden.ts';

/** The state attributes every part carries. @internal */
export interface StatusAttributes {
  'data-status': CallStatus;
  'data-reconnecting': '' | undefined;
  'data-audio-blocked': '' | undefined;
}

/**
 * `data-status`, `data-reconnecting` (present while the call reconnects) and `data-audio-blocked` (present
 * while the browser refuses to play the agent) for a part's root element. Re-renders only when one changes.
 * @internal
 */
export function useStatusAttributes(store: CallStore): StatusAttributes {
  const status = useStoreState(store, selectStatus);
  const reconnecting = useStoreState(store, selectIsReconnecting);
  const audioBlocked = useStoreState(store, selectAudioBlocked);
  return {
    'data-status': status,
    'data-reconnecting': dataFlag(reconnecting),
    'data-audio-blocked': dataFlag(audioBlocked),
  };
}
