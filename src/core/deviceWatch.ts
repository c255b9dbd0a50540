/*
 * Notices that the microphone or speaker a call uses was unplugged. Loaded with `import()` when a call starts,
 * so it never sits in the initial bundle.
 */

/**
 * The two kinds of device a call chooses.
 * @internal
 */
export type AudioDeviceKind = 'audioinput' | 'audiooutput';

/**
 * Listens to `navigator.mediaDevices`' `devicechange` and calls `onRemoved(kind)` when the device `chosen(kind)`
 * names is no longer listed by `enumerateDevices()`. `null` and `'default'` are never "removed": the browser
 * always has a default. Returns the function that removes the listener (an enumeration still in flight then
 * reports nothing). Does nothing where `mediaDevices` cannot tell.
 *
 * @example
 * ```ts
 * const unwatch = watchDeviceRemoval(
 *   (kind) => (kind === 'audioinput' ? micId : speakerId),
 *   (kind) => console.log(kind, 'unplugged'),
 * );
 * ```
 * @internal
 */
export function watchDeviceRemoval(
  chosen: (kind: AudioDeviceKind) => string | null,
  onRemoved: (kind: AudioDeviceKind) => void,
): () => void {
  const devices = typeof navigator === 'undefined' ? undefined : navigator.mediaDevices;
  if (typeof devices?.addEventListener !== 'function' || typeof devices.enumerateDevices !== 'function') {
    return () => {};
  }
  let watching = true;
  const onDeviceChange = () => {
    devices.enumerateDevices().then(
      (list) => {
        if (!watching) return;
        for (const kind of ['audioinput', 'audiooutput'] as const) {
          const id = chosen(kind);
          if (id === null || id === 'default') continue;
          if (!list.some((device) => device.kind === kind && device.deviceId === id)) onRemoved(kind);
        }
      },
      () => {
        // The browser would not list devices this time; the next devicechange asks again.
      },
    );
  };
  devices.addEventListener('devicechange', onDeviceChange);
  return () => {
    watching = false;
    devices.removeEventListener('devicechange', onDeviceChange);
  };
}
