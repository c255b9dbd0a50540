/** Response builders: JSON only, `Cache-Control: no-store`, and a last guard that keeps the key out. */

const REDACTED = '[redacted]';

/** Replaces every occurrence of `secret` in `text`. */
export function redact(text: string, secret: string): string {
  return secret !== '' && text.includes(secret) ? text.split(secret).join(REDACTED) : text;
}

/** Headers every answer carries. */
function baseHeaders(extra: Headers | undefined, secret: string): Headers {
  const headers = new Headers();
  extra?.forEach((value, name) => {
    if (!value.includes(secret) && !name.includes(secret)) headers.append(name, value);
  });
  headers.set('Cache-Control', 'no-store');
  headers.set('X-Content-Type-Options', 'nosniff');
  return headers;
}

/** A JSON answer; the text is redacted once more as a last line of defence. */
export function jsonResponse(
  status: number,
  body: unknown,
  extra: Headers | undefined,
  secret: string,
): Response {
  const headers = baseHeaders(extra, secret);
  headers.set('Content-Type', 'application/json; charset=utf-8');
  return new Response(redact(JSON.stringify(body), secret), { status, headers });
}

/**
 * Why the guard refused a request, sent as `reason` beside Retell's error shape so the browser can tell a
 * rate limit or a failed human check from any other 429/403.
 */
export type GuardReason = 'rate_limited' | 'human_check_failed';

/** Retell's error shape, `{ status: 'error', message }`, plus `reason` when the guard refused. */
export function errorResponse(
  status: number,
  message: string,
  extra: Headers | undefined,
  secret: string,
  reason?: GuardReason,
): Response {
  const body = {
    status: 'error',
    message: redact(message, secret),
    ...(reason === undefined ? {} : { reason }),
  };
  return jsonResponse(status, body, extra, secret);
}

/** An empty answer (preflight, plain OPTIONS). */
export function emptyResponse(status: number, extra: Headers | undefined, secret: string): Response {
  return new Response(null, { status, headers: baseHeaders(extra, secret) });
}
