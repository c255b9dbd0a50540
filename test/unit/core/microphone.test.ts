import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { isMicrophoneGranted, microphoneGrantedNow } from '../../../src/core/microphone.ts';
import { installMicrophonePermission } from '../../support/permissions.ts';

// The permission is learnt once (a round trip to the browser), then read synchronously from the live
// PermissionStatus, so a returning user's click can send the token request at once.

let permission: ReturnType<typeof installMicrophonePermission> | undefined;
afterEach(() => {
  permission?.uninstall();
  permission = undefined;
});

describe('microphoneGrantedNow', () => {
  it('is unknown until a query answered, then answers without asking again', async () => {
    permission = installMicrophonePermission('granted');
    expect(microphoneGrantedNow()).toBeUndefined();
    await expect(isMicrophoneGranted()).resolves.toBe(true);
    expect(microphoneGrantedNow()).toBe(true);
    expect(microphoneGrantedNow()).toBe(true);
    expect(permission.query).toHaveBeenCalledTimes(1);
  });

  it('follows the kept status at once: blocked, re-allowed, reset to prompt', async () => {
    permission = installMicrophonePermission('granted');
    await isMicrophoneGranted();
    permission.set('denied');
    expect(microphoneGrantedNow()).toBe(false);
    permission.set('granted');
    expect(microphoneGrantedNow()).toBe(true);
    permission.set('prompt');
    expect(microphoneGrantedNow()).toBe(false);
    expect(permission.query).toHaveBeenCalledTimes(1);
  });

  it('is false at once without a Permissions API (nothing to ask)', () => {
    Reflect.deleteProperty(navigator, 'permissions');
    expect(microphoneGrantedNow()).toBe(false);
  });

  it('stays unknown after a query that throws (older Firefox), so the next call asks again', async () => {
    permission = installMicrophonePermission('throws');
    await expect(isMicrophoneGranted()).resolves.toBe(false);
    expect(microphoneGrantedNow()).toBeUndefined();
    permission.set('granted');
    await expect(isMicrophoneGranted()).resolves.toBe(true);
    expect(permission.query).toHaveBeenCalledTimes(2);
    expect(microphoneGrantedNow()).toBe(true);
  });

  it('keeps no plain snapshot (only a real PermissionStatus stays current)', async () => {
    let state: PermissionState = 'granted';
    Object.defineProperty(navigator, 'permissions', {
      configurable: true,
      value: { query: async () => ({ state }) },
    });
    await expect(isMicrophoneGranted()).resolves.toBe(true);
    expect(microphoneGrantedNow()).toBeUndefined();
    state = 'denied';
    await expect(isMicrophoneGranted()).resolves.toBe(false);
    Reflect.deleteProperty(navigator, 'permissions');
  });

  it('starts afresh when the page replaces navigator.permissions', async () => {
    permission = installMicrophonePermission('granted');
    await isMicrophoneGranted();
    permission.uninstall();
    permission = installMicrophonePermission('denied');
    expect(microphoneGrantedNow()).toBeUndefined();
    await expect(isMicrophoneGranted()).resolves.toBe(false);
    expect(microphoneGrantedNow()).toBe(false);
  });

  it('property: once known, every read equals the browser’s current state, whatever the changes', async () => {
    const states = fc.constantFrom<PermissionState>('granted', 'denied', 'prompt');
    await fc.assert(
      fc.asyncProperty(
        states,
        fc.array(fc.option(states, { nil: undefined }), { maxLength: 30 }),
        async (initial, steps) => {
          permission?.uninstall();
          const current = installMicrophonePermission(initial);
          permission = current;
          let state = initial;
          await isMicrophoneGranted();
          for (const step of steps) {
            if (step === undefined) {
              // A read, as a start() does.
              expect(microphoneGrantedNow()).toBe(state === 'granted');
            } else {
              state = step;
              current.set(step);
            }
          }
          expect(microphoneGrantedNow()).toBe(state === 'granted');
          expect(current.query).toHaveBeenCalledTimes(1);
        },
      ),
      {
        numRuns: 200,
        ...(process.env.MICROPHONE_PROPERTY_SEED
          ? { seed: Number(process.env.MICROPHONE_PROPERTY_SEED) }
          : {}),
      },
    );
  });
});
