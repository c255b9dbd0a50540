'use client';
import { useState } from 'react';
import { report } from '../../core/callRun.ts';
import type { DeviceSelect } from '../components/DeviceSelect.tsx';
import { useIsomorphicLayoutEffect } from './useIsomorphicLayoutEffect.ts';

type DeviceSelectComponent = typeof DeviceSelect;

/** The loaded component, shared by every panel (a later mount renders it at once). */
let loaded: DeviceSelectComponent | undefined;

/**
 * `DeviceSelect` for `CallPanel showDevices`, loaded on demand so panels without device menus never carry
 * it (nor the device enumeration behind it). `undefined` on the server, in the first render (so hydration matches) and until the
 * chunk arrives (render {@link DeviceSelectPlaceholder} meanwhile); a chunk that fails to load is reported and
 * tried again at the next mount.
 * @internal
 */
export function useLazyDeviceSelect(enabled: boolean): DeviceSelectComponent | undefined {
  // Never from the cache in the first render: server HTML holds the placeholder, so hydration must too.
  const [component, setComponent] = useState<DeviceSelectComponent>();
  // A layout effect: once the code is here, the menus replace the placeholder before the browser paints.
  useIsomorphicLayoutEffect(() => {
    if (!enabled || component) return;
    if (loaded) {
      setComponent(() => loaded);
      return;
    }
    let live = true;
    import('../components/DeviceSelect.tsx').then(
      (module) => {
        loaded = module.DeviceSelect;
        if (live) setComponent(() => module.DeviceSelect);
      },
      (error: unknown) => report(error),
    );
    return () => {
      live = false;
    };
  }, [enabled, component]);
  return component;
}

/**
 * What a microphone menu occupies while its code loads: the same label line and control height (same
 * classes, so the default CSS sizes it), hidden from assistive technology, so nothing moves when it arrives.
 * @internal
 */
export function DeviceSelectPlaceholder() {
  return (
    <div className="rwc-device-select" aria-hidden="true" data-placeholder="">
      <span className="rwc-device-select__label">{'\u00a0'}</span>
      <span className="rwc-device-select__select" />
    </div>
  );
}
