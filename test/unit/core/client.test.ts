import { beforeEach, describe, expect, it, vi } from 'vitest';

// A stand-in for retell-client-js-sdk 2.0.8's RetellWebClient: `room` exists from startCall on, and
// stopCall() only releases it when the call connected (the SDK's own behaviour).
type Room = { disconnect: () => void };
const rooms: Array<{ disconnect: ReturnType<typeof vi.fn<() => void>> }> = [];
// biome-ignore lint/suspicious/noExplicitAny: the mocked SDK instances, inspected by the tests
const instances: any[] = [];
vi.mock('retell-client-js-sdk', () => {
  class RetellWebClient {
    room: Room | undefined;
    connected = false;
    listeners = new Map<string, Set<(...args: unknown[]) => void>>();
    constructor() {
      instances.push(this);
    }
    startCall = vi.fn(async () => {
      const room = { disconnect: vi.fn<() => void>() };
      this.room = room;
      rooms.push(room);
    });
    stopCall = vi.fn(() => {
      if (!this.connected) return;
      this.connected = false;
      this.room?.disconnect();
      this.room = undefined;
    });
    mute = vi.fn();
    unmute = vi.fn();
    startAudioPlayback = vi.fn(async () => {});
    on(event: string, listener: (...args: unknown[]) => void) {
      if (!this.listeners.has(event)) this.listeners.set(event, new Set());
      this.listeners.get(event)?.add(listener);
      return this;
    }
    off(event: string, listener: (...args: unknown[]) => void) {
      this.listeners.get(event)?.delete(listener);
      return this;
    }
  }
  return { RetellWebClient };
});

const { createRetellWebClient } = await import('../../../src/core/client.ts');

beforeEach(() => {
  rooms.length = 0;
});

describe('createRetellWebClient (the SDK adapter)', () => {
  it('forwards every call and listener to the SDK', async () => {
    const client = await createRetellWebClient();
    const sdk = instances.at(-1);
    await client.startCall({ accessToken: 't', sampleRate: 24000 });
    expect(sdk.startCall).toHaveBeenCalledWith({ accessToken: 't', sampleRate: 24000 });
    client.mute();
    client.unmute();
    await client.startAudioPlayback();
    expect([sdk.mute.mock.calls.length, sdk.unmute.mock.calls.length]).toEqual([1, 1]);
    expect(sdk.startAudioPlayback).toHaveBeenCalledTimes(1);
    const listener = vi.fn();
    client.on('call_started', listener);
    expect(sdk.listeners.get('call_started').has(listener)).toBe(true);
    client.off('call_started', listener);
    expect(sdk.listeners.get('call_started').size).toBe(0);
  });

  it('disconnects the room SDK 2.0.8 leaves behind after a failed or cancelled join', async () => {
    const client = await createRetellWebClient();
    await client.startCall({ accessToken: 't' }); // never connected
    client.stopCall();
    expect(rooms[0]?.disconnect).toHaveBeenCalledTimes(1);
  });

  it('stopping twice is harmless', async () => {
    const client = await createRetellWebClient();
    await client.startCall({ accessToken: 't' });
    client.stopCall();
    client.stopCall();
    expect(rooms[0]?.disconnect.mock.calls.length).toBeGreaterThanOrEqual(1);
  });

  it('imports the SDK once and shares it', async () => {
    const sdk = await import('retell-client-js-sdk');
    const a = await createRetellWebClient();
    const b = await createRetellWebClient();
    expect(a).not.toBe(b);
    expect(sdk.RetellWebClient).toBeTypeOf('function');
  });
});
