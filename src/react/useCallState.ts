'use client';
import { useCallback, useDebugValue, useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import type { CallSnapshot, CallStore } from '../core/store.ts';
import { useCallStore } from './internal/context.ts';

/**
 * Reads a slice of `store` with `useSyncExternalStore`, re-rendering only when the slice changes
 * (by `isEqual`, default `Object.is`). Selections are memoised per snapshot, so object-returning selectors
 * with a structural `isEqual` do not loop. Server rendering reads the idle snapshot.
 * @internal
 */
export function useStoreState<T>(
  store: CallStore,
  selector: (snapshot: CallSnapshot) => T,
  isEqual: (a: T, b: T) => boolean = Object.is,
): T {
  // The last selection React rendered; lets a new snapshot keep the old selection when equal.
  const rendered = useRef<{ value: T } | null>(null);

  const [getSelection, getServerSelection] = useMemo(() => {
    let memoSnapshot: CallSnapshot | undefined;
    let memoSelection: T;
    const select = (next: CallSnapshot): T => {
      if (memoSnapshot === next) return memoSelection;
      const selection = selector(next);
      memoSnapshot = next;
      const previous = rendered.current;
      memoSelection = previous !== null && isEqual(previous.value, selection) ? previous.value : selection;
      return memoSelection;
    };
    const initial = store.getInitialSnapshot();
    let serverSelection: { value: T } | undefined;
    return [
      () => select(store.getSnapshot()),
      () => {
        serverSelection ??= { value: selector(initial) };
        return serverSelection.value;
      },
    ];
  }, [store, selector, isEqual]);

  const subscribe = useCallback((onChange: () => void) => store.subscribe(onChange), [store]);
  const value = useSyncExternalStore(subscribe, getSelection, getServerSelection);
  useEffect(() => {
    rendered.current = { value };
  }, [value]);
  useDebugValue(value);
  return value;
}

/**
 * Reads one slice of the surrounding call and re-renders only when that slice changes. The one way
 * components read call state; pass `isEqual` (e.g. a shallow compare) when the selector builds objects.
 * Must be used within a `WebCallProvider`.
 *
 * @example
 * ```tsx
 * function Timer() {
 *   const startedAt = useCallState((s) => s.startedAt);
 *   return startedAt ? <Elapsed since={startedAt} /> : null;
 * }
 * ```
 */
export function useCallState<T>(
  selector: (snapshot: CallSnapshot) => T,
  isEqual?: (a: T, b: T) => boolean,
): T {
  return useStoreState(useCallStore('useCallState'), selector, isEqual);
}

/**
 * Compares two flat objects or arrays key by key with `Object.is`: the `isEqual` for selectors that pick
 * several fields.
 *
 * @example
 * ```ts
 * const { isMuted, status } = useCallState((s) => ({ isMuted: s.isMuted, status: s.status }), shallowEqual);
 * ```
 */
export function shallowEqual<T>(a: T, b: T): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const keysA = Object.keys(a);
  if (keysA.length !== Object.keys(b).length) return false;
  return keysA.every(
    (key) =>
      Object.hasOwn(b, key) &&
      Object.is((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
  );
}
