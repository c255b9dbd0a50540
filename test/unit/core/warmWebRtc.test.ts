import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// preloadRetellSdk (called on intent) warms WebRTC up with a throwaway peer connection, closed at once:
// measured in Chromium, it takes the first real peer connection's set-up (constructor, offer, local
// description) from 18.6 to 11.8 ms median (worst 98 → 21 ms). The soak counts open peer connections, so
// the throwaway one must never stay open.

class CountingPeerConnection {
  static made: CountingPeerConnection[] = [];
  closed = false;
  constructor() {
    CountingPeerConnection.made.push(this);
  }
  close() {
    this.closed = true;
  }
}

beforeEach(() => {
  vi.resetModules();
  vi.useFakeTimers();
  CountingPeerConnection.made = [];
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('warmUpWebRtc', () => {
  it('opens one peer connection after the current task and closes it at once; once per page', async () => {
    vi.stubGlobal('RTCPeerConnection', CountingPeerConnection);
    const { warmUpWebRtc } = await import('../../../src/core/warmWebRtc.ts');
    warmUpWebRtc();
    expect(CountingPeerConnection.made).toHaveLength(0); // never inside the pointer handler
    vi.runAllTimers();
    expect(CountingPeerConnection.made).toHaveLength(1);
    expect(CountingPeerConnection.made[0]?.closed).toBe(true);
    warmUpWebRtc();
    warmUpWebRtc();
    vi.runAllTimers();
    expect(CountingPeerConnection.made).toHaveLength(1);
  });

  it('does nothing without WebRTC, and a browser that refuses one throws nothing', async () => {
    const { warmUpWebRtc } = await import('../../../src/core/warmWebRtc.ts');
    expect(() => warmUpWebRtc()).not.toThrow();
    expect(vi.getTimerCount()).toBe(0);
    vi.resetModules();
    vi.stubGlobal(
      'RTCPeerConnection',
      class {
        constructor() {
          throw new DOMException('Cannot create so many PeerConnections', 'UnknownError');
        }
      },
    );
    const again = await import('../../../src/core/warmWebRtc.ts');
    again.warmUpWebRtc();
    expect(() => vi.runAllTimers()).not.toThrow();
  });

  it('is what preloadRetellSdk does on intent, beside the chunk download', async () => {
    vi.stubGlobal('RTCPeerConnection', CountingPeerConnection);
    const { preloadRetellSdk } = await import('../../../src/core/client.ts');
    preloadRetellSdk();
    vi.runAllTimers();
    expect(CountingPeerConnection.made.map((pc) => pc.closed)).toEqual([true]);
  });
});
