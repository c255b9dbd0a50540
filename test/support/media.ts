import { vi } from 'vitest';

export interface FakeTrack {
  kind: 'audio';
  readyState: 'live' | 'ended';
  stop: () => void;
}

/**
 * Installs a fake `navigator.mediaDevices.getUserMedia` (jsdom has none). Every track it hands out is
 * recorded, so tests can assert all of them were stopped. `outcome` decides what the next calls do.
 */
export function installFakeMicrophone() {
  const tracks: FakeTrack[] = [];
  let outcome: 'grant' | DOMException | 'pending' = 'grant';
  const pending: Array<{ resolve: (s: MediaStream) => void; reject: (e: unknown) => void }> = [];

  const makeStream = (): MediaStream => {
    const track: FakeTrack = {
      kind: 'audio',
      readyState: 'live',
      stop() {
        track.readyState = 'ended';
      },
    };
    tracks.push(track);
    return { getTracks: () => [track], getAudioTracks: () => [track] } as unknown as MediaStream;
  };

  const getUserMedia = vi.fn((_constraints?: MediaStreamConstraints): Promise<MediaStream> => {
    if (outcome === 'grant') return Promise.resolve(makeStream());
    if (outcome === 'pending') {
      return new Promise<MediaStream>((resolve, reject) => {
        pending.push({ resolve, reject });
      });
    }
    return Promise.reject(outcome);
  });

  Object.defineProperty(navigator, 'mediaDevices', {
    configurable: true,
    value: { getUserMedia },
  });

  return {
    getUserMedia,
    tracks,
    /** Tracks still open (must be none whenever a call is not live). */
    liveTracks: () => tracks.filter((t) => t.readyState === 'live'),
    grant() {
      outcome = 'grant';
    },
    deny(name: string) {
      outcome = new DOMException('mocked', name);
    },
    hold() {
      outcome = 'pending';
    },
    /** Resolves every held request with a new live stream. */
    releaseHeld() {
      for (const p of pending.splice(0)) p.resolve(makeStream());
    },
    uninstall() {
      Reflect.deleteProperty(navigator, 'mediaDevices');
    },
  };
}
