import { vi } from 'vitest';

/** A device as the test describes it. */
export interface FakeDevice {
  kind: MediaDeviceKind;
  deviceId: string;
  label: string;
  groupId?: string;
}

type PermissionAnswer = 'granted' | 'denied' | 'prompt';

/**
 * Installs a fake `navigator.mediaDevices` (an `EventTarget` with `enumerateDevices`) and, unless
 * `permission` is null, a fake `navigator.permissions` answering for 'microphone' (jsdom has neither).
 * `enumerateDevices` returns what `setDevices` last set; `hold()` keeps the next enumerations pending until
 * `release()`. Restore with `uninstall()`.
 */
export function installFakeMediaDevices(
  initial: FakeDevice[] = [],
  options: { permission?: PermissionAnswer | null } = {},
) {
  let devices = initial;
  let held: Array<() => void> | null = null;
  const media = new EventTarget() as EventTarget & { enumerateDevices: () => Promise<MediaDeviceInfo[]> };
  const addListener = vi.spyOn(media, 'addEventListener');
  const removeListener = vi.spyOn(media, 'removeEventListener');
  const snapshotDevices = () =>
    devices.map(
      (device) =>
        ({
          groupId: '',
          ...device,
          toJSON() {
            return this;
          },
        }) as unknown as MediaDeviceInfo,
    );
  const enumerateDevices = vi.fn(() => {
    if (held) {
      return new Promise<MediaDeviceInfo[]>((resolve) => {
        held?.push(() => resolve(snapshotDevices()));
      });
    }
    return Promise.resolve(snapshotDevices());
  });
  media.enumerateDevices = enumerateDevices;
  Object.defineProperty(navigator, 'mediaDevices', { configurable: true, value: media });

  const permissionStatus = new EventTarget() as EventTarget & { state: PermissionAnswer; name: string };
  permissionStatus.state = options.permission ?? 'prompt';
  permissionStatus.name = 'microphone';
  const query = vi.fn(async ({ name }: { name: string }) => {
    if (name !== 'microphone') throw new TypeError(`unsupported permission ${name}`);
    return permissionStatus;
  });
  if (options.permission !== null) {
    Object.defineProperty(navigator, 'permissions', { configurable: true, value: { query } });
  }

  const devicechangeListeners = () =>
    addListener.mock.calls.filter(([type]) => type === 'devicechange').length -
    removeListener.mock.calls.filter(([type]) => type === 'devicechange').length;

  return {
    media,
    enumerateDevices,
    query,
    addListener,
    removeListener,
    /** `devicechange` listeners currently attached. */
    devicechangeListeners,
    /** Replaces the device list; with `notify` (default) fires `devicechange`, as a browser does. */
    setDevices(next: FakeDevice[], notify = true) {
      devices = next;
      if (notify) media.dispatchEvent(new Event('devicechange'));
    },
    /** Changes the microphone permission and fires the PermissionStatus `change` event. */
    setPermission(state: PermissionAnswer) {
      permissionStatus.state = state;
      permissionStatus.dispatchEvent(new Event('change'));
    },
    hold() {
      held = [];
    },
    release() {
      const waiting = held ?? [];
      held = null;
      for (const resolve of waiting) resolve();
    },
    uninstall() {
      Reflect.deleteProperty(navigator, 'mediaDevices');
      Reflect.deleteProperty(navigator, 'permissions');
    },
  };
}

/** Devices as Chromium lists them before permission: one nameless, id-less entry per kind. */
export const BEFORE_PERMISSION: FakeDevice[] = [
  { kind: 'audioinput', deviceId: '', label: '' },
  { kind: 'audiooutput', deviceId: '', label: '' },
];

/** Devices as Chromium lists them after permission, with its `default` entries. */
export const AFTER_PERMISSION: FakeDevice[] = [
  { kind: 'audioinput', deviceId: 'default', label: 'Default - Built-in Microphone', groupId: 'g1' },
  { kind: 'audioinput', deviceId: 'mic-builtin', label: 'Built-in Microphone', groupId: 'g1' },
  { kind: 'audioinput', deviceId: 'mic-usb', label: 'USB Headset Microphone', groupId: 'g2' },
  { kind: 'audiooutput', deviceId: 'default', label: 'Default - Built-in Speakers', groupId: 'g1' },
  { kind: 'audiooutput', deviceId: 'spk-usb', label: 'USB Headset Earphones', groupId: 'g2' },
  { kind: 'videoinput', deviceId: 'cam', label: 'FaceTime Camera', groupId: 'g3' },
];
