'use client';
import { useCallback, useEffect, useMemo, useSyncExternalStore } from 'react';
import { useCallStore } from './internal/context.ts';
import {
  AUDIO_DEVICE_KINDS,
  type AudioDeviceKind,
  type DeviceList,
  deviceSource,
  EMPTY_DEVICE_LIST,
  type MediaPermissionState,
} from './internal/mediaDeviceSource.ts';
import { selectInputDeviceId, selectOutputDeviceId, selectStatus } from './internal/selectors.ts';
import { useStoreState } from './useCallState.ts';

export type { AudioDeviceKind, MediaPermissionState } from './internal/mediaDeviceSource.ts';

/**
 * What {@link useMediaDevices} returns.
 *
 * @example
 * ```tsx
 * const { devices, activeId, select, permission }: UseMediaDevicesResult = useMediaDevices('audioinput');
 * ```
 */
export interface UseMediaDevicesResult {
  /**
   * The browser's devices of this kind, in its order. Empty on the server and before the first
   * enumeration; before permission browsers list no ids or labels, so it is usually empty then too.
   */
  devices: readonly MediaDeviceInfo[];
  /** The device the call uses (the snapshot's `inputDeviceId`/`outputDeviceId`); null = the default. */
  activeId: string | null;
  /** Chooses a device: for the next call, or live during a call (`setInputDevice`/`setOutputDevice`). */
  select: (deviceId: string) => Promise<void>;
  /** Microphone permission, which also decides whether labels are visible. */
  permission: MediaPermissionState;
}

const getServerDeviceList = (): DeviceList => EMPTY_DEVICE_LIST;

/**
 * The microphones (`'audioinput'`) or speakers (`'audiooutput'`) of this browser, and the call's choice
 * among them. The list follows `devicechange` (a headset plugged in or out) and gets its labels once the
 * microphone is allowed (`permission`, from the Permissions API where present). However many components
 * use it, each kind has one shared `devicechange` listener, removed with its last reader. Server rendering
 * and hydration see an empty list. Must be used within a `WebCallProvider` or `CallPanel`.
 *
 * Throws a `TypeError` for any other `kind`.
 *
 * @example
 * ```tsx
 * function MicrophoneMenu() {
 *   const { devices, activeId, select, permission } = useMediaDevices('audioinput');
 *   if (permission !== 'granted') return <p>Start a call to choose a microphone.</p>;
 *   return (
 *     <ul>
 *       {devices.map((d) => (
 *         <li key={d.deviceId}>
 *           <button type="button" aria-pressed={d.deviceId === activeId} onClick={() => select(d.deviceId)}>
 *             {d.label}
 *           </button>
 *         </li>
 *       ))}
 *     </ul>
 *   );
 * }
 * ```
 */
export function useMediaDevices(kind: AudioDeviceKind): UseMediaDevicesResult {
  if (!AUDIO_DEVICE_KINDS.includes(kind)) {
    throw new TypeError(
      `useMediaDevices: kind must be 'audioinput' or 'audiooutput', got ${JSON.stringify(kind)}.`,
    );
  }
  const store = useCallStore('useMediaDevices');
  const source = deviceSource(kind);
  const list = useSyncExternalStore(source.subscribe, source.getSnapshot, getServerDeviceList);
  const activeId = useStoreState(store, kind === 'audioinput' ? selectInputDeviceId : selectOutputDeviceId);
  const status = useStoreState(store, selectStatus);

  // A call that reaches `ongoing` has just been given the microphone: browsers reveal labels then, and not
  // every browser reports the grant (no permission `change` event), so look again.
  useEffect(() => {
    if (status === 'ongoing') source.refresh();
  }, [source, status]);

  const select = useCallback(
    (deviceId: string) =>
      kind === 'audioinput' ? store.setInputDevice(deviceId) : store.setOutputDevice(deviceId),
    [store, kind],
  );
  return useMemo(
    () => ({ devices: list.devices, activeId, select, permission: list.permission }),
    [list, activeId, select],
  );
}
