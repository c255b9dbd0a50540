/** The origin policy: an explicit allowlist with CORS, or same-origin only. */

/** What the origin policy needs. */
export interface OriginPolicy {
  allowedOrigins: ReadonlySet<string> | undefined;
  allowRequestsWithoutOrigin: boolean;
  allowCredentials: boolean;
  allowedHeaders: string;
}

/** The decision for one request. */
export type OriginDecision =
  | { allowed: true /** CORS headers for an allowed cross-origin request. */; cors: Headers | undefined }
  | { allowed: false; message: string; cors: undefined };

/**
 * With `allowedOrigins`: the `Origin` must be listed (a missing one only passes with
 * `allowRequestsWithoutOrigin`), and listed origins get `Access-Control-Allow-Origin` (never `*`).
 * Without it: same-origin only, judged by the browser's `Sec-Fetch-Site`; no CORS headers at all.
 */
export function decideOrigin(request: Request, policy: OriginPolicy): OriginDecision {
  const origin = request.headers.get('origin');
  if (policy.allowedOrigins === undefined) {
    const site = request.headers.get('sec-fetch-site')?.trim().toLowerCase();
    if (site === 'cross-site' || site === 'same-site') {
      return {
        allowed: false,
        message: 'Cross-origin requests are not allowed.',
        cors: undefined,
      };
    }
    return { allowed: true, cors: undefined };
  }
  if (origin === null) {
    return policy.allowRequestsWithoutOrigin
      ? { allowed: true, cors: undefined }
      : { allowed: false, message: 'Requests without an Origin header are not allowed.', cors: undefined };
  }
  const normalized = origin.trim().toLowerCase();
  if (!policy.allowedOrigins.has(normalized)) {
    return { allowed: false, message: 'This origin is not allowed.', cors: undefined };
  }
  // Retry-After is not a CORS-safelisted response header: without this a cross-origin page cannot read it.
  const cors = new Headers({
    'Access-Control-Allow-Origin': normalized,
    'Access-Control-Expose-Headers': 'Retry-After',
    Vary: 'Origin',
  });
  if (policy.allowCredentials) cors.set('Access-Control-Allow-Credentials', 'true');
  return { allowed: true, cors };
}

/** Headers of a successful preflight answer for an allowed origin. */
export function preflightHeaders(cors: Headers, policy: OriginPolicy): Headers {
  const headers = new Headers(cors);
  headers.set('Access-Control-Allow-Methods', 'POST');
  headers.set('Access-Control-Allow-Headers', policy.allowedHeaders);
  headers.set('Access-Control-Max-Age', '600');
  return headers;
}
