import { parseIp } from './ipAddress.ts';

/**
 * Options of {@link clientIp}.
 *
 * @example
 * ```ts
 * const options: ClientIpOptions = { trustedHeader: 'cf-connecting-ip' };
 * ```
 */
export interface ClientIpOptions {
  /**
   * The one header your platform's proxy sets and the browser cannot: `x-real-ip` (Vercel, nginx with
   * `proxy_set_header X-Real-IP $remote_addr`), `x-vercel-forwarded-for` (Vercel), `cf-connecting-ip`
   * (Cloudflare). With `x-forwarded-for`, the rightmost entry is read: the one your proxy appended (the
   * entries before it came from the browser and can say anything).
   */
  trustedHeader: string;
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * The client's IP address as the app's own proxy reported it in `trustedHeader`, in canonical form
 * (`1.2.3.4`, `2001:db8::1`; a port and brackets dropped, an IPv4-mapped IPv6 address as IPv4), or
 * `undefined` when the header is missing or holds no address. The header may hold a comma-separated list;
 * the rightmost entry, the one the trusted proxy wrote last, is the one read, never the leftmost (which
 * the browser controls). Use it for `rateLimit.key` when requests do not come through the Node adapter:
 * a `key` that gives no value answers 500 (and `onError`) rather than sharing one bucket.
 *
 * Only name a header your platform always overwrites or appends to; on a host without such a proxy every
 * header comes from the browser, so rate-limit by something else (a session, a user id).
 *
 * @example
 * ```ts
 * // Vercel: the platform sets x-real-ip to the connecting address.
 * createWebCallHandler({
 *   agentId: process.env.RETELL_AGENT_ID,
 *   rateLimit: {
 *     limit: 5,
 *     windowMs: 60_000,
 *     key: (request) => clientIp(request, { trustedHeader: 'x-real-ip' }),
 *   },
 * });
 * ```
 */
export function clientIp(request: Request, options: ClientIpOptions): string | undefined {
  const name = options?.trustedHeader;
  if (typeof name !== 'string' || !HEADER_NAME.test(name)) {
    throw new TypeError(
      `[retell-web-call-react/server] clientIp: \`trustedHeader\` must be a header name (got ${JSON.stringify(name)}).`,
    );
  }
  const value = request.headers.get(name);
  if (value === null) return undefined;
  const entries = value.split(',');
  return parseIp(entries[entries.length - 1] as string)?.text;
}
