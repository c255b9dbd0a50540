/**
 * What a rate-limit store reports for one hit.
 *
 * @example
 * ```ts
 * const counted: RateLimitCount = await store.hit('203.0.113.7', 60_000);
 * if (counted.count > 5) console.log(`wait ${counted.resetInMs} ms`);
 * ```
 */
export interface RateLimitCount {
  /** Hits of this key in the current window, this one included. */
  count: number;
  /** Milliseconds until the current window ends and the count starts again from zero. */
  resetInMs: number;
}

/**
 * Where `rateLimit` counts: a fixed window per key. `hit` counts one request atomically and returns the new
 * count; it must never lose a hit under concurrency (the handler relies on `count` to let exactly `limit`
 * requests through). A store that throws or takes over 5 s makes the handler refuse the request (503).
 *
 * @example
 * ```ts
 * // Built in: createMemoryRateLimitStore() (one process), createRedisRateLimitStore(client) (many).
 * const store: RateLimitStore = createRedisRateLimitStore(redis);
 * createWebCallHandler({ agentId: 'agent_123', rateLimit: { limit: 5, windowMs: 60_000, store } });
 * ```
 */
export interface RateLimitStore {
  hit(key: string, windowMs: number): Promise<RateLimitCount>;
}
