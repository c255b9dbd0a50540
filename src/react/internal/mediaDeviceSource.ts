/**
 * One shared view of the browser's audio devices per kind: a single `devicechange` listener and a single
 * Permissions API watcher however many components read it, attached with the first reader and removed
 * with the last. No React here: `useMediaDevices` reads it with `useSyncExternalStore`.
 * @internal
 */

/**
 * The kinds of audio device a call uses: microphones (`'audioinput'`) and speakers (`'audiooutput'`).
 *
 * @example
 * ```tsx
 * const kind: AudioDeviceKind = 'audioinput';
 * <DeviceSelect kind={kind} />
 * ```
 */
export type AudioDeviceKind = 'audioinput' | 'audiooutput';

/**
 * Whether the page may use the microphone, from the Permissions API; `'unknown'` where the browser does
 * not say (before the first check, on the server, or without the API and before any device has a label).
 * Device labels (and, in Chromium, real device ids) appear only once it is `'granted'`.
 *
 * @example
 * ```tsx
 * const { permission }: { permission: MediaPermissionState } = useMediaDevices('audioinput');
 * if (permission === 'denied') return <p>Allow the microphone in the address bar.</p>;
 * ```
 */
export type MediaPermissionState = 'granted' | 'denied' | 'prompt' | 'unknown';

/** What a device source publishes. @internal */
export interface DeviceList {
  /** Devices of the source's kind that have an id (browsers hide them before permission). */
  readonly devices: readonly MediaDeviceInfo[];
  readonly permission: MediaPermissionState;
}

/** A shared device source. @internal */
export interface DeviceSource {
  subscribe(listener: () => void): () => void;
  getSnapshot(): DeviceList;
  /** Enumerates again (coalesced: at most one enumeration in flight, plus one queued). */
  refresh(): void;
}

/** The list before the first enumeration, on the server, and where there is no `mediaDevices`. @internal */
export const EMPTY_DEVICE_LIST: DeviceList = Object.freeze({
  devices: Object.freeze([]) as readonly MediaDeviceInfo[],
  permission: 'unknown' as const,
});

/** The kinds `useMediaDevices` accepts. @internal */
export const AUDIO_DEVICE_KINDS: readonly AudioDeviceKind[] = ['audioinput', 'audiooutput'];

function mediaDevices(): MediaDevices | undefined {
  if (typeof navigator === 'undefined') return undefined;
  return navigator.mediaDevices ?? undefined;
}

function sameDevices(a: readonly MediaDeviceInfo[], b: readonly MediaDeviceInfo[]): boolean {
  return (
    a.length === b.length &&
    a.every((device, index) => {
      const other = b[index] as MediaDeviceInfo;
      return (
        device.deviceId === other.deviceId && device.label === other.label && device.groupId === other.groupId
      );
    })
  );
}

function toPermission(state: string | undefined): MediaPermissionState {
  return state === 'granted' || state === 'denied' || state === 'prompt' ? state : 'unknown';
}

function createDeviceSource(kind: AudioDeviceKind): DeviceSource {
  let snapshot: DeviceList = EMPTY_DEVICE_LIST;
  const listeners = new Set<() => void>();
  /** Set while attached: removes the listeners and drops in-flight results. */
  let detach: (() => void) | null = null;
  /** The Permissions API's answer; null when it has not answered (or does not exist). */
  let permissionState: MediaPermissionState | null = null;
  let inFlight = false;
  let queued = false;

  const publish = (next: DeviceList) => {
    if (next.permission === snapshot.permission && sameDevices(next.devices, snapshot.devices)) return;
    snapshot = next;
    for (const listener of [...listeners]) listener();
  };

  const permissionOf = (devices: readonly MediaDeviceInfo[]): MediaPermissionState =>
    permissionState ?? (devices.some((device) => device.label !== '') ? 'granted' : 'unknown');

  const enumerate = async () => {
    const media = mediaDevices();
    if (!detach || typeof media?.enumerateDevices !== 'function') return;
    if (inFlight) {
      queued = true;
      return;
    }
    inFlight = true;
    const attachedAs = detach;
    let all: MediaDeviceInfo[] = [];
    try {
      all = await media.enumerateDevices();
    } catch {
      // A browser that refuses to list devices leaves the list empty: the select shows only "Default".
    }
    // A result from before a detach belongs to nobody (the detach already cleared `inFlight`).
    if (detach !== attachedAs) return;
    inFlight = false;
    const devices = all.filter((device) => device.kind === kind && device.deviceId !== '');
    publish({ devices, permission: permissionOf(devices) });
    if (queued) {
      queued = false;
      void enumerate();
    }
  };

  const attach = () => {
    const media = mediaDevices();
    let stopped = false;
    let permissionStatus: PermissionStatus | null = null;
    const onDeviceChange = () => void enumerate();
    const onPermissionChange = () => {
      permissionState = toPermission(permissionStatus?.state);
      publish({ devices: snapshot.devices, permission: permissionState });
      // Labels (and Chromium's real ids) appear once access is granted.
      void enumerate();
    };
    media?.addEventListener?.('devicechange', onDeviceChange);
    detach = () => {
      stopped = true;
      media?.removeEventListener?.('devicechange', onDeviceChange);
      permissionStatus?.removeEventListener('change', onPermissionChange);
    };
    const permissions = typeof navigator === 'undefined' ? undefined : navigator.permissions;
    if (typeof permissions?.query === 'function') {
      // Firefox (before 2024) and old Safari reject 'microphone': the permission stays inferred from labels.
      permissions.query({ name: 'microphone' as PermissionName }).then(
        (status) => {
          if (stopped) return;
          permissionStatus = status;
          status.addEventListener('change', onPermissionChange);
          permissionState = toPermission(status.state);
          publish({ devices: snapshot.devices, permission: permissionState });
        },
        () => {},
      );
    }
    void enumerate();
  };

  return {
    subscribe(listener) {
      listeners.add(listener);
      if (listeners.size === 1) attach();
      return () => {
        listeners.delete(listener);
        if (listeners.size > 0 || !detach) return;
        detach();
        detach = null;
        // The next reader starts from scratch (the page's devices, or a test's stub, may differ by then).
        permissionState = null;
        inFlight = false;
        queued = false;
        snapshot = EMPTY_DEVICE_LIST;
      };
    },
    getSnapshot: () => snapshot,
    refresh() {
      void enumerate();
    },
  };
}

const sources = new Map<AudioDeviceKind, DeviceSource>();

/** The shared source for `kind`, made on first use. @internal */
export function deviceSource(kind: AudioDeviceKind): DeviceSource {
  let source = sources.get(kind);
  if (!source) {
    source = createDeviceSource(kind);
    sources.set(kind, source);
  }
  return source;
}
