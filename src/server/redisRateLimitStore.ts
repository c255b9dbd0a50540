import type { RateLimitCount, RateLimitStore } from './rateLimitStore.ts';

/**
 * The part of a node-redis client (v4 or later; `createClient()` or `createCluster()`) the Redis store uses:
 * `eval(script, { keys, arguments })`.
 *
 * @example
 * ```ts
 * import { createClient } from 'redis';
 * const client: NodeRedisEvalClient = await createClient({ url: process.env.REDIS_URL }).connect();
 * ```
 */
export interface NodeRedisEvalClient {
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

/**
 * The part of an ioredis client (`new Redis()` or `new Cluster()`) the Redis store uses:
 * `eval(script, numKeys, ...keysAndArgs)`, told apart from node-redis by its `defineCommand` method.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * const client: IoRedisEvalClient = new Redis(process.env.REDIS_URL!);
 * ```
 */
export interface IoRedisEvalClient {
  eval(script: string, numKeys: number, ...keysAndArgs: string[]): Promise<unknown>;
  defineCommand(...args: never[]): unknown;
}

/**
 * Options of {@link createRedisRateLimitStore}.
 *
 * @example
 * ```ts
 * createRedisRateLimitStore(redis, { prefix: 'myapp:web-call-rate:' });
 * ```
 */
export interface RedisRateLimitStoreOptions {
  /**
   * Prefix of every key the store writes (one key per client per window).
   * @defaultValue `'retell-web-call:rate:'`
   */
  prefix?: string;
}

/**
 * One hit, atomically: count it, start the window's expiry on the first hit (and repair a key that lost
 * its expiry), and return the count with the time left. Redis's clock decides the window, so every instance
 * agrees.
 */
const HIT_SCRIPT = `local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if count == 1 or ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}`;

const DEFAULT_PREFIX = 'retell-web-call:rate:';

function isIoRedis(client: NodeRedisEvalClient | IoRedisEvalClient): client is IoRedisEvalClient {
  return typeof (client as Partial<IoRedisEvalClient>).defineCommand === 'function';
}

function readReply(reply: unknown): RateLimitCount {
  if (Array.isArray(reply) && reply.length === 2) {
    const [count, ttl] = reply.map(Number) as [number, number];
    if (Number.isSafeInteger(count) && count > 0 && Number.isSafeInteger(ttl) && ttl >= 0) {
      return { count, resetInMs: ttl };
    }
  }
  throw new Error(`The rate-limit script answered ${JSON.stringify(reply)}, not [count, ttl].`);
}

/**
 * A rate-limit store in Redis, for apps on several instances (serverless, a cluster): every instance counts
 * in the same keys, so the limit holds across all of them. Each hit is one Lua script (INCR, PEXPIRE on the
 * first hit, PTTL), so concurrent requests never lose a count, and every key expires with its window.
 *
 * Pass the client your app already has, connected: node-redis (`createClient`, v4 or later) or ioredis
 * (`new Redis`); neither is a dependency of this package. The client's own reconnect and offline-queue
 * settings apply; a hit that fails or takes over 5 s refuses the request with 503 (fail closed).
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import { clientIp, createRedisRateLimitStore, createWebCallHandler } from 'retell-web-call-react/server';
 *
 * // lazyConnect: importing the route (as `next build` does) opens no connection.
 * const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true });
 * export const POST = createWebCallHandler({
 *   agentId: process.env.RETELL_AGENT_ID,
 *   rateLimit: {
 *     limit: 5,
 *     windowMs: 10 * 60_000,
 *     key: (request) => clientIp(request, { trustedHeader: 'x-real-ip' }),
 *     store: createRedisRateLimitStore(redis),
 *   },
 * });
 * ```
 */
export function createRedisRateLimitStore(
  client: NodeRedisEvalClient | IoRedisEvalClient,
  options: RedisRateLimitStoreOptions = {},
): RateLimitStore {
  if (typeof client !== 'object' || client === null || typeof client.eval !== 'function') {
    throw new TypeError(
      '[retell-web-call-react/server] createRedisRateLimitStore: pass a node-redis or ioredis client (it has no `eval` method).',
    );
  }
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  if (typeof prefix !== 'string') {
    throw new TypeError(
      '[retell-web-call-react/server] createRedisRateLimitStore: `prefix` must be a string.',
    );
  }
  return {
    async hit(key, windowMs) {
      const redisKey = `${prefix}${key}`;
      const ttl = String(windowMs);
      const reply = isIoRedis(client)
        ? await client.eval(HIT_SCRIPT, 1, redisKey, ttl)
        : await client.eval(HIT_SCRIPT, { keys: [redisKey], arguments: [ttl] });
      return readReply(reply);
    },
  };
}
