import { vi } from 'vitest';

/**
 * Installs a fake `navigator.permissions` whose `query({ name: 'microphone' })` answers one shared
 * `PermissionStatus` (jsdom has no Permissions API). `set(state)` changes it and fires its `change` event,
 * as a browser does when the user re-allows the microphone. `'throws'` mimics older Firefox, which rejected
 * the `'microphone'` name.
 */
export function installMicrophonePermission(initial: PermissionState | 'throws' = 'prompt') {
  let mode: PermissionState | 'throws' = initial;
  const status = Object.defineProperties(new EventTarget(), {
    name: { value: 'microphone' },
    onchange: { value: null, writable: true },
    state: { get: (): PermissionState => (mode === 'throws' ? 'prompt' : mode) },
  }) as unknown as PermissionStatus;
  const query = vi.fn(async (descriptor: { name: string }) => {
    if (mode === 'throws') throw new TypeError(`'${descriptor.name}' is not a valid value for name`);
    return status;
  });
  Object.defineProperty(navigator, 'permissions', { configurable: true, value: { query } });
  return {
    query,
    status,
    set(next: PermissionState | 'throws') {
      mode = next;
      status.dispatchEvent(new Event('change'));
    },
    uninstall() {
      Reflect.deleteProperty(navigator, 'permissions');
    },
  };
}
