import { clientAddressOf } from './clientAddress.ts';
import { rateLimitBucket } from './ipAddress.ts';
import { createMemoryRateLimitStore } from './memoryRateLimitStore.ts';
import type { RateLimitStore } from './rateLimitStore.ts';
import { Refusal } from './refusal.ts';
import { withTimeout } from './timeout.ts';

/**
 * The `rateLimit` option: at most `limit` token requests per `key` per fixed window of `windowMs`. Checked
 * before anything that costs money (before `verifyHuman`, `authorize` and Retell); over the limit the
 * browser gets 429 with `Retry-After` (whole seconds, at least 1) and
 * `{ status: 'error', message: 'Too many calls. Try again in N seconds.', reason: 'rate_limited' }`.
 *
 * @example
 * ```ts
 * const rateLimit: RateLimitOptions = {
 *   limit: 5,
 *   windowMs: 10 * 60_000,
 *   key: (request) => clientIp(request, { trustedHeader: 'cf-connecting-ip' }),
 *   store: createRedisRateLimitStore(redis),
 * };
 * ```
 */
export interface RateLimitOptions {
  /** Requests allowed per key per window (a positive integer). */
  limit: number;
  /** The window in milliseconds (a positive integer). */
  windowMs: number;
  /**
   * Who is counted. Defaults to the socket address when the handler runs behind `toNodeHandler` /
   * `createNodeWebCallHandler`; anywhere else (Next.js, Hono, workers) a Fetch `Request` carries no client
   * address, so `key` is required, for example `clientIp(request, { trustedHeader })` or a user id. A key
   * that is missing, empty or throws answers 500 and calls `onError` (never one bucket shared by everyone).
   * Keys that are IPv6 addresses count per /64 network.
   */
  key?: (request: Request) => string | undefined | Promise<string | undefined>;
  /**
   * Where hits are counted.
   * @defaultValue `createMemoryRateLimitStore()`, one per handler (this process only)
   */
  store?: RateLimitStore;
}

/** `rateLimit` after its checks. */
export interface RateLimitRule {
  limit: number;
  windowMs: number;
  key: RateLimitOptions['key'];
  store: RateLimitStore;
}

/** How long a store may take before the request is refused. */
export const RATE_LIMIT_STORE_TIMEOUT_MS = 5_000;
/** Longer keys are counted by their SHA-256 digest, so a store never holds a huge key and no two share a bucket. */
const MAX_KEY_LENGTH = 512;

/** Checks `rateLimit`; a reason when it is wrong. */
export function resolveRateLimit(options: RateLimitOptions | undefined): RateLimitRule | string | undefined {
  if (options === undefined) return undefined;
  if (typeof options !== 'object' || options === null) return '`rateLimit` must be an object.';
  const { limit, windowMs, key, store } = options;
  if (!Number.isSafeInteger(limit) || limit < 1) {
    return `\`rateLimit.limit\` must be a positive integer (got ${String(limit)}).`;
  }
  if (!Number.isSafeInteger(windowMs) || windowMs < 1) {
    return `\`rateLimit.windowMs\` must be a positive integer of milliseconds (got ${String(windowMs)}).`;
  }
  if (key !== undefined && typeof key !== 'function') return '`rateLimit.key` must be a function.';
  if (
    store !== undefined &&
    (typeof store !== 'object' || store === null || typeof store.hit !== 'function')
  ) {
    return '`rateLimit.store` must be a RateLimitStore (an object with a `hit(key, windowMs)` method).';
  }
  return { limit, windowMs, key, store: store ?? createMemoryRateLimitStore() };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function keyOf(rule: RateLimitRule, request: Request): Promise<string> {
  const failure = (message: string, cause?: unknown) =>
    new Refusal(500, 'Internal server error.', {
      event: { code: 'rate_limit_key_failed', message, ...(cause === undefined ? {} : { cause }) },
    });
  if (rule.key === undefined) {
    const address = clientAddressOf(request);
    if (address !== undefined) return address;
    throw failure(
      'rateLimit has no `key` and this request did not come through toNodeHandler, so there is no client ' +
        'address: pass `rateLimit.key`, e.g. (request) => clientIp(request, { trustedHeader: "x-real-ip" }).',
    );
  }
  let key: unknown;
  try {
    key = await rule.key(request);
  } catch (error) {
    throw failure(`rateLimit.key threw: ${describe(error)}`, error);
  }
  if (typeof key !== 'string' || key.trim() === '') {
    throw failure(
      `rateLimit.key gave ${key === '' ? 'an empty string' : String(key)} for this request (is the trusted header set by your platform?); the request was refused rather than counted in a shared bucket.`,
    );
  }
  return key.length > MAX_KEY_LENGTH ? `sha256:${await sha256Hex(key)}` : key;
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * Counts the request and throws a {@link Refusal} when it is over the limit (429), has no key (500) or the
 * store fails or stalls (503, fail closed: a broken store must not turn into unlimited calls).
 */
export async function enforceRateLimit(rule: RateLimitRule, request: Request): Promise<void> {
  const bucket = rateLimitBucket(await keyOf(rule, request));
  let counted: Awaited<ReturnType<RateLimitStore['hit']>>;
  try {
    counted = await withTimeout(
      Promise.resolve().then(() => rule.store.hit(bucket, rule.windowMs)),
      RATE_LIMIT_STORE_TIMEOUT_MS,
      `the rate-limit store did not answer within ${RATE_LIMIT_STORE_TIMEOUT_MS} ms`,
    );
    if (!Number.isFinite(counted?.count) || !Number.isFinite(counted?.resetInMs)) {
      throw new Error(`the rate-limit store answered ${JSON.stringify(counted)}, not { count, resetInMs }`);
    }
  } catch (error) {
    throw new Refusal(503, 'The call service is temporarily unavailable; try again shortly.', {
      event: {
        code: 'rate_limit_store_failed',
        message: `The rate-limit store failed, so the request was refused (fail closed): ${describe(error)}`,
        cause: error,
      },
    });
  }
  if (counted.count <= rule.limit) return;
  const seconds = Math.max(1, Math.ceil(counted.resetInMs / 1000));
  throw new Refusal(429, `Too many calls. Try again in ${seconds} seconds.`, {
    headers: new Headers({ 'Retry-After': String(seconds) }),
    reason: 'rate_limited',
  });
}
