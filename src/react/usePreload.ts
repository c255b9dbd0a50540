'use client';
import { createContext, type Ref, type RefCallback, useContext, useEffect, useMemo, useRef } from 'react';
import { callStoreInternals } from '../core/callStoreInternals.ts';
import { type CallStore, loadCallEngine } from '../core/store.ts';
import { composeRefs } from './internal/Slot.tsx';
import { prefersSavingData, whenIdle, whenVisibleAndIdle } from './internal/whenVisibleAndIdle.ts';

/**
 * When a call control starts loading what a call needs (the Retell SDK chunk, the token validator, a
 * preconnect to Retell's LiveKit host), never a token and never the microphone:
 * - `'intent'` (default): on pointer enter, pointer down or focus of the control (the small call engine
 *   chunk already at the first idle moment after the control mounts; not when the user asked to save data);
 * - `'visible'`: also as soon as the control is on screen and the browser is idle (for a page whose purpose
 *   is the call); skipped when the user asked to save data;
 * - `'none'`: only when the call starts.
 *
 * @example
 * ```tsx
 * const preload: PreloadMode = 'visible';
 * <CallPanel agentId="agent_123" preload={preload} />
 * ```
 */
export type PreloadMode = 'intent' | 'visible' | 'none';

/** The `preload` of the nearest `WebCallProvider`, the default of the controls inside it. @internal */
export const PreloadContext = createContext<PreloadMode | undefined>(undefined);

/**
 * Starts the store's lazy loads, and a preconnect when the call will use Retell's SDK (a store with no
 * options of its own, such as a mock, counts as one that does).
 */
function startPreload(store: CallStore): void {
  store.preload();
  // The preconnect helper travels with the call engine, which the default 'intent' has loaded at the first
  // idle moment; otherwise it follows as soon as the engine (loading now, ~3 kB) is here, long before the
  // SDK chunk it prepares for. A failed load is reported by the next start().
  if (!callStoreInternals(store)?.options.createClient) {
    loadCallEngine().then(
      (engine) => engine.preconnect(),
      () => {},
    );
  }
}

/**
 * A call control's preloading: `onIntent` for its pointer/focus handlers (a no-op for `'none'`) and a
 * `ref` (composed with `forwardedRef`) that `'visible'` watches. `mode` falls back to the provider's.
 * @internal
 */
export function usePreload<T extends Element>(
  store: CallStore,
  mode: PreloadMode | undefined,
  forwardedRef?: Ref<T>,
): { ref: RefCallback<T>; onIntent: () => void } {
  const inherited = useContext(PreloadContext);
  const resolved = mode ?? inherited ?? 'intent';
  const element = useRef<T | null>(null);
  const ref = useMemo(() => composeRefs(forwardedRef, element), [forwardedRef]);
  useEffect(() => {
    if (resolved === 'none' || prefersSavingData()) return;
    if (resolved === 'visible') {
      return element.current ? whenVisibleAndIdle(element.current, () => startPreload(store)) : undefined;
    }
    // The call engine (~3 kB gzip) loads at the first idle moment, so a click that comes before the intent
    // preload has finished does not wait for it (the SDK chunk, far larger, still waits for intent).
    return whenIdle(() => {
      loadCallEngine().catch(() => {}); // reported by the next start()
    });
  }, [resolved, store]);
  const onIntent = () => {
    if (resolved !== 'none') startPreload(store);
  };
  return { ref, onIntent };
}
