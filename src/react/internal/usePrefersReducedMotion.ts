'use client';
import { useSyncExternalStore } from 'react';

const QUERY = '(prefers-reduced-motion: reduce)';

let cached: { matchMedia: Window['matchMedia']; query: MediaQueryList } | undefined;

/**
 * One MediaQueryList per `matchMedia` (so per page, or per test stub), made on first use: never at import,
 * never on the server, and not on every render.
 */
function mediaQuery(): MediaQueryList | null {
  if (typeof window === 'undefined' || typeof window.matchMedia !== 'function') return null;
  if (cached?.matchMedia !== window.matchMedia) {
    cached = { matchMedia: window.matchMedia, query: window.matchMedia(QUERY) };
  }
  return cached.query;
}

function subscribe(onChange: () => void): () => void {
  const query = mediaQuery();
  if (!query) return () => {};
  // Safari < 14 has only addListener.
  if (typeof query.addEventListener === 'function') {
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }
  query.addListener(onChange);
  return () => query.removeListener(onChange);
}

const getSnapshot = () => mediaQuery()?.matches ?? false;
const getServerSnapshot = () => false;

/**
 * True when the user asked for less motion (`prefers-reduced-motion: reduce`); false on the server and where
 * `matchMedia` is missing. Re-renders only when the preference changes.
 * @internal
 */
export function usePrefersReducedMotion(): boolean {
  return useSyncExternalStore(subscribe, getSnapshot, getServerSnapshot);
}
