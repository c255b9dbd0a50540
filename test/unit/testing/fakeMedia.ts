import { vi } from 'vitest';

/** A microphone track as a browser hands it out: an EventTarget that can end. */
export class FakeMicTrack extends EventTarget {
  readonly kind = 'audio';
  readyState: 'live' | 'ended' = 'live';
  enabled = true;
  constructor(readonly deviceId: string) {
    super();
  }
  stop() {
    this.readyState = 'ended';
  }
  getSettings() {
    return { deviceId: this.deviceId };
  }
}

/**
 * Installs `navigator.mediaDevices` as an EventTarget (so `devicechange` can fire) whose `getUserMedia`
 * opens the requested device (`deviceId.exact`, else `'default'`) and refuses devices listed in `missing`.
 */
export function installMediaDevices() {
  const tracks: FakeMicTrack[] = [];
  const missing = new Set<string>();
  let holding = false;
  const held: Array<() => void> = [];
  const devices = new EventTarget() as EventTarget & { getUserMedia: unknown };
  const getUserMedia = vi.fn(async (constraints?: MediaStreamConstraints) => {
    const audio = constraints?.audio;
    const exact =
      typeof audio === 'object' ? (audio.deviceId as { exact?: string } | undefined)?.exact : undefined;
    const id = exact ?? 'default';
    if (holding) await new Promise<void>((resolve) => held.push(resolve));
    if (missing.has(id)) throw new DOMException('no such device', 'OverconstrainedError');
    const track = new FakeMicTrack(id);
    tracks.push(track);
    return { getTracks: () => [track], getAudioTracks: () => [track] } as unknown as MediaStream;
  });
  devices.getUserMedia = getUserMedia;
  Object.defineProperty(navigator, 'mediaDevices', { configurable: true, value: devices });
  return {
    devices,
    getUserMedia,
    tracks,
    missing,
    liveTracks: () => tracks.filter((t) => t.readyState === 'live'),
    /** Keeps the next `getUserMedia` calls pending until `release()`, like an open permission prompt. */
    hold() {
      holding = true;
    },
    release() {
      holding = false;
      for (const resolve of held.splice(0)) resolve();
    },
    uninstall() {
      Reflect.deleteProperty(navigator, 'mediaDevices');
    },
  };
}
