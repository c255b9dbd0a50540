import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { catchRoomHooks, watchJoins } from '../../../src/core/liveKitRoom.ts';

// catchRoomHooks: what LiveKit's Room hooks onto the page during the SDK's synchronous startCall() (a
// devicechange listener, a FinalizationRegistry registration) is let go of on release, and nothing else is.
// The browser test (test/browser/room-release.browser.test.tsx) shows the rooms collected in Chromium.

let media: EventTarget;
beforeEach(() => {
  media = new EventTarget();
  Object.defineProperty(navigator, 'mediaDevices', { configurable: true, value: media });
});
afterEach(() => {
  Reflect.deleteProperty(navigator, 'mediaDevices');
});

/** One hook a script makes, inside the synchronous call or after it. */
type Hook =
  | { kind: 'listen'; type: 'devicechange' | 'other'; capture: 'none' | 'flag' | 'object'; inside: boolean }
  | { kind: 'register'; registry: 0 | 1; target: 'room' | 'other'; token: boolean; inside: boolean };

const hookArbitrary: fc.Arbitrary<Hook> = fc.oneof(
  fc.record({
    kind: fc.constant('listen' as const),
    type: fc.constantFrom('devicechange' as const, 'other' as const),
    capture: fc.constantFrom('none' as const, 'flag' as const, 'object' as const),
    inside: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('register' as const),
    registry: fc.constantFrom(0 as const, 1 as const),
    target: fc.constantFrom('room' as const, 'other' as const),
    token: fc.boolean(),
    inside: fc.boolean(),
  }),
);

const SEED = Number(process.env.ROOM_HOOKS_PROPERTY_SEED ?? 20261201);

/** Runs `hooks` around catchRoomHooks and checks that release(room) let go of exactly what it should. */
function checkRelease(hooks: Hook[]): void {
  const room = {};
  const other = {};
  const registries = [new FinalizationRegistry(() => {}), new FinalizationRegistry(() => {})];
  const unregisters = registries.map((registry) => vi.spyOn(registry, 'unregister'));
  const calls = hooks.map(() => 0);
  const tokens = hooks.map(() => ({}));
  const apply = (hook: Hook, n: number) => {
    if (hook.kind === 'listen') {
      const options = { none: undefined, flag: true, object: { capture: true } }[hook.capture];
      media.addEventListener(
        hook.type,
        () => {
          calls[n] = (calls[n] ?? 0) + 1;
        },
        options,
      );
    } else {
      const target = hook.target === 'room' ? room : other;
      const registry = registries[hook.registry] as FinalizationRegistry<unknown>;
      if (hook.token) registry.register(target, n, tokens[n]);
      else registry.register(target, n);
    }
  };
  const addEventListener = media.addEventListener;
  const register = FinalizationRegistry.prototype.register;
  const hooked = catchRoomHooks(() => {
    hooks.forEach((hook, n) => {
      if (hook.inside) apply(hook, n);
    });
    return 'started';
  });
  // The wrappers lived for the synchronous call only.
  expect(media.addEventListener).toBe(addEventListener);
  expect(Object.hasOwn(media, 'addEventListener')).toBe(false);
  expect(FinalizationRegistry.prototype.register).toBe(register);
  hooks.forEach((hook, n) => {
    if (!hook.inside) apply(hook, n);
  });
  expect(hooked.result).toBe('started');

  hooked.release(room);
  hooked.release(room); // idempotent

  media.dispatchEvent(new Event('devicechange'));
  media.dispatchEvent(new Event('other'));
  hooks.forEach((hook, n) => {
    if (hook.kind !== 'listen') return;
    const removed = hook.inside && hook.type === 'devicechange';
    expect(calls[n]).toBe(removed ? 0 : 1);
  });
  const expected = [0, 1].map(
    (r) =>
      hooks.filter(
        (hook) =>
          hook.kind === 'register' &&
          hook.registry === r &&
          hook.inside &&
          !hook.token &&
          hook.target === 'room',
      ).length,
  );
  expect(unregisters.map((spy) => spy.mock.calls.length)).toEqual(expected);
  for (const spy of unregisters) for (const result of spy.mock.results) expect(result.value).toBe(true);
  // Registrations with the caller's own token were left alone.
  hooks.forEach((hook, n) => {
    if (hook.kind !== 'register' || !hook.token) return;
    expect(registries[hook.registry]?.unregister(tokens[n] as object)).toBe(true);
  });
}

describe('catchRoomHooks', () => {
  it('release(room) removes exactly the devicechange listeners and room registrations made inside the call', () => {
    fc.assert(fc.property(fc.array(hookArbitrary, { maxLength: 12 }), checkRelease), {
      seed: SEED,
      numRuns: 150,
    });
  });

  it('counterexamples fast-check found against deliberately broken versions', () => {
    // Unregistering every registration, not only the room's.
    checkRelease([{ kind: 'register', registry: 0, target: 'other', token: false, inside: true }]);
    // Removing listeners of any type, not only devicechange.
    checkRelease([{ kind: 'listen', type: 'other', capture: 'none', inside: true }]);
  });

  it('puts back a previous own addEventListener and the registry method even when the call throws', () => {
    const own = vi.fn(EventTarget.prototype.addEventListener);
    Object.defineProperty(media, 'addEventListener', { configurable: true, writable: true, value: own });
    const register = FinalizationRegistry.prototype.register;
    expect(() =>
      catchRoomHooks(() => {
        media.addEventListener('devicechange', () => {});
        throw new Error('startCall threw');
      }),
    ).toThrow('startCall threw');
    expect(media.addEventListener).toBe(own);
    expect(own).toHaveBeenCalledTimes(1); // the page's own method still ran under the wrapper
    expect(FinalizationRegistry.prototype.register).toBe(register);
  });

  it('wraps nothing where navigator.mediaDevices is missing or its addEventListener is not configurable', () => {
    Reflect.deleteProperty(navigator, 'mediaDevices');
    expect(catchRoomHooks(() => 1).result).toBe(1);

    const locked = new EventTarget();
    const listener = vi.fn();
    Object.defineProperty(locked, 'addEventListener', {
      configurable: false,
      value: EventTarget.prototype.addEventListener,
    });
    Object.defineProperty(navigator, 'mediaDevices', { configurable: true, value: locked });
    const hooked = catchRoomHooks(() => locked.addEventListener('devicechange', listener));
    hooked.release(undefined);
    locked.dispatchEvent(new Event('devicechange'));
    expect(listener).toHaveBeenCalledTimes(1); // not caught, so not removed

    // A frozen mediaDevices whose addEventListener is inherited (review finding: defineProperty threw).
    const frozen = Object.freeze(new EventTarget());
    Object.defineProperty(navigator, 'mediaDevices', { configurable: true, value: frozen });
    const caught = catchRoomHooks(() => frozen.addEventListener('devicechange', listener));
    caught.release(undefined);
    frozen.dispatchEvent(new Event('devicechange'));
    expect(listener).toHaveBeenCalledTimes(2);
  });
});

describe('watchJoins', () => {
  it("its undo puts LiveKit's own connect back, so the room no longer reaches the callbacks", async () => {
    const connect = vi.fn(async (_url: string) => {});
    const room = { connect };
    const started = vi.fn();
    const unwatch = watchJoins(room, started, () => {});
    expect(room.connect).not.toBe(connect);
    await room.connect('wss://project.livekit.cloud');
    expect(started).toHaveBeenCalledWith('wss://project.livekit.cloud');
    unwatch();
    expect(room.connect).toBe(connect);
    await room.connect('wss://project.livekit.cloud');
    expect(started).toHaveBeenCalledTimes(1);
  });
});
