import { act, render, renderHook } from '@testing-library/react';
import fc from 'fast-check';
import type { ReactNode } from 'react';
import { renderToString } from 'react-dom/server';
import { afterEach, describe, expect, it } from 'vitest';
import { type AudioDeviceKind, useMediaDevices } from '../../../src/react/useMediaDevices.ts';
import { createFakeStore, FakeStoreProvider, settle, snapshotOf } from '../../support/components.tsx';
import {
  AFTER_PERMISSION,
  BEFORE_PERMISSION,
  type FakeDevice,
  installFakeMediaDevices,
} from './fakeMediaDevices.ts';

let fake: ReturnType<typeof installFakeMediaDevices> | undefined;
afterEach(() => {
  fake?.uninstall();
  fake = undefined;
});

function renderDevices(kind: AudioDeviceKind, store = createFakeStore()) {
  const wrapper = ({ children }: { children: ReactNode }) => (
    <FakeStoreProvider store={store.store}>{children}</FakeStoreProvider>
  );
  return { ...renderHook(() => useMediaDevices(kind), { wrapper }), fakeStore: store };
}

const ids = (devices: readonly MediaDeviceInfo[]) => devices.map((device) => device.deviceId);

describe('useMediaDevices', () => {
  it('lists the devices of its kind, skipping the nameless ones browsers show before permission', async () => {
    fake = installFakeMediaDevices(AFTER_PERMISSION, { permission: 'granted' });
    const { result } = renderDevices('audioinput');
    await settle();
    expect(ids(result.current.devices)).toEqual(['default', 'mic-builtin', 'mic-usb']);
    expect(result.current.devices[2]?.label).toBe('USB Headset Microphone');
    expect(result.current.permission).toBe('granted');

    const speakers = renderDevices('audiooutput');
    await settle();
    expect(ids(speakers.result.current.devices)).toEqual(['default', 'spk-usb']);
  });

  it('follows devicechange: a headset plugged in, then out', async () => {
    fake = installFakeMediaDevices(AFTER_PERMISSION.slice(0, 2), { permission: 'granted' });
    const { result } = renderDevices('audioinput');
    await settle();
    expect(ids(result.current.devices)).toEqual(['default', 'mic-builtin']);

    fake.setDevices(AFTER_PERMISSION);
    await settle();
    expect(ids(result.current.devices)).toEqual(['default', 'mic-builtin', 'mic-usb']);

    fake.setDevices(AFTER_PERMISSION.filter((device) => device.groupId !== 'g2'));
    await settle();
    expect(ids(result.current.devices)).toEqual(['default', 'mic-builtin']);
  });

  it('gets the labels when permission is granted (Permissions API change event)', async () => {
    fake = installFakeMediaDevices(BEFORE_PERMISSION, { permission: 'prompt' });
    const { result } = renderDevices('audioinput');
    await settle();
    expect(result.current.devices).toEqual([]);
    expect(result.current.permission).toBe('prompt');

    // The browser grants access: it reveals ids and labels without a devicechange.
    fake.setDevices(AFTER_PERMISSION, false);
    act(() => fake?.setPermission('granted'));
    await settle();
    expect(result.current.permission).toBe('granted');
    expect(ids(result.current.devices)).toEqual(['default', 'mic-builtin', 'mic-usb']);

    act(() => fake?.setPermission('denied'));
    await settle();
    expect(result.current.permission).toBe('denied');
  });

  it('looks again when a call becomes ongoing (browsers that report no permission change)', async () => {
    fake = installFakeMediaDevices(BEFORE_PERMISSION, { permission: null });
    const store = createFakeStore(snapshotOf({ status: 'connecting' }));
    const { result } = renderDevices('audioinput', store);
    await settle();
    expect(result.current.devices).toEqual([]);
    expect(result.current.permission).toBe('unknown');

    fake.setDevices(AFTER_PERMISSION, false);
    act(() => store.set({ status: 'ongoing', startedAt: 1 }));
    await settle();
    expect(ids(result.current.devices)).toEqual(['default', 'mic-builtin', 'mic-usb']);
    // Without the Permissions API, visible labels mean access was granted.
    expect(result.current.permission).toBe('granted');
  });

  it('shares one devicechange listener per kind between any number of readers, removed with the last', async () => {
    fake = installFakeMediaDevices(AFTER_PERMISSION, { permission: 'granted' });
    const store = createFakeStore();
    function Reader({ kind }: { kind: AudioDeviceKind }) {
      const { devices } = useMediaDevices(kind);
      return <span>{devices.length}</span>;
    }
    const view = render(
      <FakeStoreProvider store={store.store}>
        {Array.from({ length: 10 }, (_, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: identical readers
          <Reader key={`in${index}`} kind="audioinput" />
        ))}
        {Array.from({ length: 10 }, (_, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: identical readers
          <Reader key={`out${index}`} kind="audiooutput" />
        ))}
      </FakeStoreProvider>,
    );
    await settle();
    expect(fake.devicechangeListeners()).toBe(2);
    expect(fake.addListener).toHaveBeenCalledTimes(2);
    // One enumeration per kind, not per reader; one permission query per kind.
    expect(fake.enumerateDevices).toHaveBeenCalledTimes(2);
    expect(fake.query).toHaveBeenCalledTimes(2);

    fake.setDevices(AFTER_PERMISSION.slice(0, 1));
    await settle();
    expect(fake.enumerateDevices).toHaveBeenCalledTimes(4);
    expect(view.container.textContent).toBe(`${'1'.repeat(10)}${'0'.repeat(10)}`);

    view.unmount();
    expect(fake.devicechangeListeners()).toBe(0);
  });

  it('coalesces a burst of devicechange events: one enumeration in flight, one more after it', async () => {
    fake = installFakeMediaDevices(AFTER_PERMISSION.slice(0, 2), { permission: 'granted' });
    const { result } = renderDevices('audioinput');
    await settle();
    expect(fake.enumerateDevices).toHaveBeenCalledTimes(1);
    fake.hold();
    fake.setDevices(AFTER_PERMISSION.slice(0, 1));
    fake.setDevices(AFTER_PERMISSION.slice(0, 3));
    fake.setDevices(AFTER_PERMISSION);
    expect(fake.enumerateDevices).toHaveBeenCalledTimes(2);
    fake.release();
    await settle();
    // The queued look saw the last list.
    expect(fake.enumerateDevices).toHaveBeenCalledTimes(3);
    expect(ids(result.current.devices)).toEqual(['default', 'mic-builtin', 'mic-usb']);
  });

  it('drops an enumeration that finishes after the last reader left', async () => {
    fake = installFakeMediaDevices(AFTER_PERMISSION, { permission: 'granted' });
    fake.hold();
    const first = renderDevices('audioinput');
    first.unmount();
    fake.release();
    await settle();
    // A new reader starts from an empty list, not from the stale answer.
    fake.setDevices([], false);
    const second = renderDevices('audioinput');
    expect(second.result.current.devices).toEqual([]);
    await settle();
    expect(second.result.current.devices).toEqual([]);
  });

  it('activeId is the snapshot’s device; select calls the store’s setter for the kind', async () => {
    fake = installFakeMediaDevices(AFTER_PERMISSION, { permission: 'granted' });
    const store = createFakeStore(snapshotOf({ inputDeviceId: 'mic-usb', outputDeviceId: null }));
    const mic = renderDevices('audioinput', store);
    const speaker = renderDevices('audiooutput', store);
    expect(mic.result.current.activeId).toBe('mic-usb');
    expect(speaker.result.current.activeId).toBeNull();

    await mic.result.current.select('mic-builtin');
    expect(store.store.setInputDevice).toHaveBeenCalledWith('mic-builtin');
    await speaker.result.current.select('spk-usb');
    expect(store.store.setOutputDevice).toHaveBeenCalledWith('spk-usb');
    expect(store.store.setInputDevice).toHaveBeenCalledTimes(1);

    act(() => store.set({ inputDeviceId: 'default' }));
    expect(mic.result.current.activeId).toBe('default');
  });

  it('is safe without mediaDevices (insecure context): empty list, unknown permission', async () => {
    const { result } = renderDevices('audioinput');
    await settle();
    expect(result.current.devices).toEqual([]);
    expect(result.current.permission).toBe('unknown');
  });

  it('renders an empty list on the server without touching navigator', () => {
    fake = installFakeMediaDevices(AFTER_PERMISSION, { permission: 'granted' });
    const store = createFakeStore();
    function Reader() {
      const { devices, permission } = useMediaDevices('audioinput');
      return <i>{`${devices.length}/${permission}`}</i>;
    }
    const html = renderToString(
      <FakeStoreProvider store={store.store}>
        <Reader />
      </FakeStoreProvider>,
    );
    expect(html).toBe('<i>0/unknown</i>');
    expect(fake.enumerateDevices).not.toHaveBeenCalled();
  });

  it('throws a TypeError for any other kind', () => {
    expect(() => renderDevices('videoinput' as AudioDeviceKind)).toThrow(
      new TypeError(`useMediaDevices: kind must be 'audioinput' or 'audiooutput', got "videoinput".`),
    );
  });

  it('property: after any sequence of device changes the list is the browser’s last, filtered', async () => {
    const device = fc.record({
      kind: fc.constantFrom<MediaDeviceKind>('audioinput', 'audiooutput', 'videoinput'),
      deviceId: fc.oneof(fc.constant(''), fc.constant('default'), fc.stringMatching(/^[a-z0-9]{1,6}$/)),
      label: fc.oneof(fc.constant(''), fc.string({ maxLength: 12 })),
    });
    const list = fc.uniqueArray(device, { maxLength: 6, selector: (d) => `${d.kind}:${d.deviceId}` });
    const step = fc.record({ devices: list, notify: fc.boolean(), grant: fc.boolean() });
    for (const seed of [1, 2, 3]) {
      await fc.assert(
        fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 5 }), async (steps) => {
          fake = installFakeMediaDevices(BEFORE_PERMISSION, { permission: 'prompt' });
          const view = renderDevices('audioinput');
          try {
            await settle();
            let shown: FakeDevice[] = [];
            for (const { devices, notify, grant } of steps) {
              fake.setDevices(devices, notify);
              if (grant) act(() => fake?.setPermission('granted'));
              // The browser only reports changes it announces (devicechange or a permission change).
              if (notify || grant) shown = devices;
              await settle();
            }
            const expected = shown.filter((d) => d.kind === 'audioinput' && d.deviceId !== '');
            expect(view.result.current.devices.map((d) => [d.deviceId, d.label])).toEqual(
              expected.map((d) => [d.deviceId, d.label]),
            );
          } finally {
            view.unmount();
            fake.uninstall();
          }
        }),
        { seed, numRuns: 40 },
      );
    }
  });
});
