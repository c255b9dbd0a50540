'use client';
import { useContext, useState } from 'react';
import { report } from '../../core/callRun.ts';
import { lazyImport } from '../../core/lazy.ts';
import type { CallStatus } from '../../core/store.ts';
import { PreloadContext, type PreloadMode } from '../usePreload.ts';
import { useIsomorphicLayoutEffect } from './useIsomorphicLayoutEffect.ts';
import { prefersSavingData, whenIdle } from './whenVisibleAndIdle.ts';

/** The components of the call-time chunk. @internal */
export type CallTimeParts = typeof import('./callTimeParts.ts');

/** The loaded chunk, shared by every panel (a later mount shows the parts before the browser paints). */
let loaded: CallTimeParts | undefined;

/**
 * Loads the call-time chunk once (a failed load is forgotten, so the next try loads again).
 *
 * @example
 * ```ts
 * await loadCallTimeParts(); // a test setup: every CallPanel from now on shows the parts at once
 * ```
 * @internal
 */
export const loadCallTimeParts: () => Promise<CallTimeParts> = lazyImport(() =>
  import('./callTimeParts.ts').then((parts) => {
    loaded = parts;
    return parts;
  }),
);

/**
 * The parts of `CallPanel` that only show something during a call (agent indicator, audio levels,
 * transcript with its announcer, "Tap to hear the agent"), loaded on demand: at the browser's first idle
 * moment after the panel mounts (skipped with `preload="none"`, the panel's or else its provider's, and when
 * the user asked to save data), or at once when a call starts. `undefined` on the server, in the first render (so hydration matches the server's HTML) and until the chunk arrives: render the placeholders
 * of `CallTimePlaceholders.tsx` meanwhile, which have the same markup as the idle parts. A chunk that fails
 * to load is reported and tried again when the call starts and at each later status change.
 * @internal
 */
export function useCallTimeParts(status: CallStatus, preload?: PreloadMode): CallTimeParts | undefined {
  const inherited = useContext(PreloadContext);
  const loadsWhenIdle = (preload ?? inherited) !== 'none';
  // Never from the cache in the first render: server HTML holds the placeholders, so hydration must too.
  const [parts, setParts] = useState<CallTimeParts>();
  // A layout effect: once the code is here, the parts replace the placeholders before the browser paints.
  useIsomorphicLayoutEffect(() => {
    if (parts) return;
    if (loaded) {
      setParts(loaded);
      return;
    }
    let live = true;
    const show = () => {
      loadCallTimeParts().then((module) => {
        if (live) setParts(module);
      }, report);
    };
    let cancel: (() => void) | undefined;
    // At the first idle moment (unless told not to preload); at once when a call starts; and again at each
    // status change after a failed load (a flaky network), so a later call still gets its parts.
    if (status !== 'idle') show();
    else if (loadsWhenIdle && !prefersSavingData()) cancel = whenIdle(show);
    return () => {
      live = false;
      cancel?.();
    };
  }, [parts, status, loadsWhenIdle]);
  return parts;
}
