'use client';
import { useMemo } from 'react';
import type { CallStore, StartOverrides } from '../core/store.ts';
import { useCallStore } from './internal/context.ts';

/**
 * The actions of a call; stable for the life of the component.
 *
 * @example
 * ```tsx
 * const { start }: WebCallActions = useCallActions();
 * <button type="button" onClick={() => start({ dynamicVariables: { name: 'Ada' } })}>Call</button>
 * ```
 */
export interface WebCallActions {
  /** Starts a call; see `CallStore.start`. Safe to call without awaiting. */
  start: (overrides?: StartOverrides) => Promise<void>;
  /** Ends the call from any status; resolves once the microphone and client are released. */
  stop: () => Promise<void>;
  /** Stops a live call, else starts one. */
  toggle: () => Promise<void>;
  mute: () => void;
  unmute: () => void;
  toggleMute: () => void;
  /** Retries agent audio playback from a click, if the browser blocked autoplay. */
  startAudioPlayback: () => Promise<void>;
  /** Chooses the microphone: for the next call, or live during a call. */
  setInputDevice: (deviceId: string) => Promise<void>;
  /** Chooses the speaker (where the browser can switch it): for the next call, or live. */
  setOutputDevice: (deviceId: string) => Promise<void>;
  /** The agent's playback volume, 0…1. */
  setVolume: (volume: number) => void;
}

/** Binds a store's actions into plain functions (safe to pass as event handlers). @internal */
export function bindActions(store: CallStore): WebCallActions {
  return {
    start: (overrides?: StartOverrides) => store.start(overrides),
    stop: () => store.stop(),
    toggle: () => store.toggle(),
    mute: () => store.mute(),
    unmute: () => store.unmute(),
    toggleMute: () => store.toggleMute(),
    startAudioPlayback: () => store.startAudioPlayback(),
    setInputDevice: (deviceId: string) => store.setInputDevice(deviceId),
    setOutputDevice: (deviceId: string) => store.setOutputDevice(deviceId),
    setVolume: (volume: number) => store.setVolume(volume),
  };
}

/**
 * The actions of the surrounding call, stable across renders; the component never re-renders for call
 * state. Must be used within a `WebCallProvider`.
 *
 * @example
 * ```tsx
 * function HangUp() {
 *   const { stop } = useCallActions();
 *   return <button type="button" onClick={() => stop()}>Hang up</button>;
 * }
 * ```
 */
export function useCallActions(): WebCallActions {
  const store = useCallStore('useCallActions');
  return useMemo(() => bindActions(store), [store]);
}
