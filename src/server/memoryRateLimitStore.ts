import type { RateLimitCount, RateLimitStore } from './rateLimitStore.ts';

/**
 * Options of {@link createMemoryRateLimitStore}.
 *
 * @example
 * ```ts
 * const store = createMemoryRateLimitStore({ maxKeys: 50_000 });
 * ```
 */
export interface MemoryRateLimitStoreOptions {
  /**
   * Most keys held at once. Expired windows are swept first; if every key is still live, the oldest window
   * is dropped (that key starts again from zero), so memory stays bounded under a flood of addresses.
   * @defaultValue 10000
   */
  maxKeys?: number;
}

/**
 * The in-memory store: a {@link RateLimitStore} with its {@link MemoryRateLimitStore.size}.
 *
 * @example
 * ```ts
 * const store: MemoryRateLimitStore = createMemoryRateLimitStore();
 * console.log(store.size); // keys currently held
 * ```
 */
export interface MemoryRateLimitStore extends RateLimitStore {
  /** Keys held right now (never more than `maxKeys`). */
  readonly size: number;
}

interface Window {
  count: number;
  resetAt: number;
}

/** Default `maxKeys` of the memory store. */
const DEFAULT_MAX_KEYS = 10_000;

/**
 * A rate-limit store in this process's memory: fixed windows per key, bounded (`maxKeys`), with expired
 * windows swept as hits arrive (no timer keeps the process alive). It is the default store of `rateLimit`.
 * Each process (each serverless instance, each cluster worker) counts on its own, so on several instances
 * use {@link createRedisRateLimitStore}.
 *
 * @example
 * ```ts
 * createWebCallHandler({
 *   agentId: 'agent_123',
 *   rateLimit: { limit: 5, windowMs: 60_000, store: createMemoryRateLimitStore({ maxKeys: 50_000 }) },
 * });
 * ```
 */
export function createMemoryRateLimitStore(options: MemoryRateLimitStoreOptions = {}): MemoryRateLimitStore {
  const maxKeys = options.maxKeys ?? DEFAULT_MAX_KEYS;
  if (!Number.isSafeInteger(maxKeys) || maxKeys < 1) {
    throw new TypeError(
      `[retell-web-call-react/server] createMemoryRateLimitStore: \`maxKeys\` must be a positive integer (got ${String(maxKeys)}).`,
    );
  }
  // Insertion order is window-start order (a key whose window expired is deleted and inserted again), so
  // with one windowMs the expired windows are always at the front: sweeping stops at the first live one,
  // and each window is swept at most once (no full scan per hit, even when full).
  const windows = new Map<string, Window>();

  const sweep = (now: number) => {
    for (const [key, window] of windows) {
      if (window.resetAt > now) break;
      windows.delete(key);
    }
  };

  const count = (key: string, windowMs: number): RateLimitCount => {
    const now = Date.now();
    sweep(now);
    let window = windows.get(key);
    if (window !== undefined && window.resetAt <= now) {
      windows.delete(key);
      window = undefined;
    }
    if (window === undefined) {
      if (windows.size >= maxKeys) windows.delete(windows.keys().next().value as string);
      window = { count: 0, resetAt: now + windowMs };
      windows.set(key, window);
    }
    window.count++;
    return { count: window.count, resetInMs: window.resetAt - now };
  };

  return {
    hit: async (key, windowMs) => count(key, windowMs),
    get size() {
      return windows.size;
    },
  };
}
