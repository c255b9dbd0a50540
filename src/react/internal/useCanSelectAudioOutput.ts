'use client';
import { useSyncExternalStore } from 'react';

const subscribe = () => () => {};
const getSnapshot = () =>
  typeof HTMLMediaElement !== 'undefined' &&
  typeof (HTMLMediaElement.prototype as { setSinkId?: unknown }).setSinkId === 'function';
const getServerSnapshot = () => false;

/**
 * Whether this browser can send audio to a chosen speaker (`HTMLMediaElement.prototype.setSinkId`; not in
 * Safari before 18.4 nor Firefox before 116). False on the server and during hydration, so server HTML and
 * the first client render agree.
 * @internal
 */
export function useCanSelectAudioOutput(): boolean {
  return useSyncExternalStore(subscribe, getSnapshot, getServerSnapshot);
}
