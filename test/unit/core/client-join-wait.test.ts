import { EventEmitter } from 'eventemitter3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WebCallClient } from '../../../src/core/client.ts';
import { createJoinBackoff } from '../../../src/core/liveKitBackoff.ts';
import { type RetellSdkLike, wrapRetellSdk } from '../../../src/core/retellAdapter.ts';

// The adapter tells the store when LiveKit's back-off will let the next join dial (`join_wait`), from how
// earlier joins in the page ended. The SDK here does what 2.0.8 does: `this.room = new Room()` and
// `this.room.connect(RETELL_URL, token)` synchronously inside startCall; a failed join emits `error`.

const RETELL_URL = 'wss://retell-ai-4ihahnq7.livekit.cloud';
/** LiveKit's ConnectionErrorReason values. */
const ServerUnreachable = 1;
const Cancelled = 3;
const NotAllowed = 0;

type Join = { resolve: () => void; reject: (error: unknown) => void };

class FakeRoom extends EventEmitter {
  readonly joins: Join[] = [];
  readonly connect = (_url: string, _token: string) =>
    new Promise<void>((resolve, reject) => this.joins.push({ resolve, reject }));
  disconnect = vi.fn(async () => {
    for (const join of this.joins.splice(0))
      join.reject(Object.assign(new Error('cancelled'), { reason: Cancelled }));
  });
}

class FakeSdk extends EventEmitter {
  room: FakeRoom | undefined = undefined;
  connected = false;
  readonly rooms: FakeRoom[] = [];
  async startCall(config: { accessToken: string }) {
    try {
      this.room = new FakeRoom();
      this.rooms.push(this.room);
      await this.room.connect(RETELL_URL, config.accessToken);
      this.connected = true;
      this.emit('call_started');
    } catch {
      this.emit('error', 'Error starting call');
      this.stopCall();
    }
  }
  stopCall() {
    if (!this.connected) return;
    this.connected = false;
    this.emit('call_ended');
    void this.room?.disconnect();
    delete this.room;
  }
  mute() {}
  unmute() {}
  async startAudioPlayback() {}
}

const failure = (reason: number) =>
  Object.assign(new Error('could not establish signal connection'), { reason });

let sdk: FakeSdk;
let client: WebCallClient;
let waits: Array<number | null>;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
  sdk = new FakeSdk();
  client = wrapRetellSdk(sdk as unknown as RetellSdkLike, createJoinBackoff());
  waits = [];
  client.on('join_wait', ({ until }) => waits.push(until));
});
afterEach(() => {
  vi.useRealTimers();
});

/** Starts a call and ends its join with `outcome` (a LiveKit reason, or 'connected'). */
async function join(outcome: number | 'connected') {
  const joining = client.startCall({ accessToken: 't' });
  const room = sdk.rooms.at(-1);
  const pending = room?.joins.at(-1);
  if (!pending) throw new Error('the SDK did not call room.connect');
  if (outcome === 'connected') pending.resolve();
  else pending.reject(failure(outcome));
  await joining;
}

describe('join_wait from the Retell adapter', () => {
  it('nothing before the first join; after each counted failure, the next join waits 0.5 s, 1 s, 2 s…', async () => {
    await join(ServerUnreachable);
    expect(waits).toEqual([]);
    const expected: number[] = [];
    for (const delay of [500, 1000, 2000]) {
      const failedAt = Date.now();
      vi.advanceTimersByTime(100); // the user clicks "Try again" a little later
      const joining = client.startCall({ accessToken: 't' });
      expected.push(failedAt + delay);
      expect(waits).toEqual([...expected.slice(0, -1).flatMap((until) => [until, null]), failedAt + delay]);
      // When LiveKit's sleep ends, the wait is over: { until: null }.
      vi.advanceTimersByTime(delay - 101);
      expect(waits.at(-1)).toBe(failedAt + delay);
      vi.advanceTimersByTime(1);
      expect(waits.at(-1)).toBeNull();
      sdk.rooms.at(-1)?.joins.at(-1)?.reject(failure(ServerUnreachable));
      await joining;
    }
  });

  it('a join that connects resets it; refused and cancelled joins count nothing', async () => {
    await join(ServerUnreachable);
    await join('connected');
    client.stopCall();
    waits.length = 0;
    await join(NotAllowed);
    await join(Cancelled);
    await join(ServerUnreachable);
    expect(waits).toEqual([]); // each of these started with nothing to wait for
    void client.startCall({ accessToken: 't' });
    expect(waits).toEqual([Date.now() + 500]);
    client.stopCall();
  });

  it('a user who comes back after the wait sees none', async () => {
    await join(ServerUnreachable);
    vi.advanceTimersByTime(500);
    void client.startCall({ accessToken: 't' });
    expect(waits).toEqual([]);
    client.stopCall();
  });

  it('stopCall during the wait: no late { until: null }, the room is disconnected', async () => {
    await join(ServerUnreachable);
    void client.startCall({ accessToken: 't' });
    expect(waits).toHaveLength(1);
    client.stopCall();
    expect(sdk.rooms.at(-1)?.disconnect).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0); // nothing left running
    vi.advanceTimersByTime(20_000);
    expect(waits).toHaveLength(1);
  });

  it('leaves the SDK’s room a plain field and hands LiveKit’s own join promise to the SDK', async () => {
    const joining = client.startCall({ accessToken: 't' });
    expect(Object.getOwnPropertyDescriptor(sdk, 'room')).toMatchObject({
      writable: true,
      value: sdk.rooms[0],
    });
    const room = sdk.rooms[0] as FakeRoom;
    room.joins[0]?.resolve();
    await joining;
    expect(sdk.connected).toBe(true);
    client.stopCall();
    expect(Object.hasOwn(sdk, 'room')).toBe(false); // the SDK's own `delete this.room` still works
  });
});
