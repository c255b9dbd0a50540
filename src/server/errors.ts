/**
 * Errors of the server handler: the public {@link WebCallHandlerError} an `authorize` hook throws to reject a
 * request, and the operator-facing {@link WebCallHandlerErrorEvent} reported through `onError`.
 */

/**
 * Options of {@link WebCallHandlerError}.
 *
 * @example
 * ```ts
 * throw new WebCallHandlerError(429, 'Slow down.', { headers: { 'Retry-After': '60' }, cause: limiterResult });
 * ```
 */
export interface WebCallHandlerErrorOptions {
  /** Extra response headers, e.g. `{ 'Retry-After': '30' }` with a 429. */
  headers?: HeadersInit;
  /** The underlying error; never sent to the browser. */
  cause?: unknown;
}

/**
 * A rejection the handler turns into `{ status: 'error', message }` with the given HTTP status. Throw it from
 * `authorize` to refuse a call (401 not signed in, 403 not allowed, 429 rate limited…). The `message` is
 * sent to the browser as is, so keep it short and free of secrets. A status outside 400–599 becomes 500.
 *
 * @example
 * ```ts
 * const handler = createWebCallHandler({
 *   agentId: 'agent_123',
 *   authorize: async (request) => {
 *     const user = await getSessionUser(request);
 *     if (!user) throw new WebCallHandlerError(401, 'Sign in to start a call.');
 *     if (!(await rateLimiter.take(user.id))) {
 *       throw new WebCallHandlerError(429, 'Too many calls; try again in a minute.', {
 *         headers: { 'Retry-After': '60' },
 *       });
 *     }
 *   },
 * });
 * ```
 */
export class WebCallHandlerError extends Error {
  override readonly name = 'WebCallHandlerError';
  /** The HTTP status answered to the browser (400–599). */
  readonly status: number;
  /** Extra headers of the error response. */
  readonly headers: Headers;

  constructor(status: number, message: string, options: WebCallHandlerErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.status = Number.isInteger(status) && status >= 400 && status <= 599 ? status : 500;
    this.headers = new Headers(options.headers);
  }
}

/**
 * Whether `value` is a {@link WebCallHandlerError} (also across duplicated copies of this package).
 *
 * @example
 * ```ts
 * try {
 *   await authorize(request, body);
 * } catch (error) {
 *   if (isWebCallHandlerError(error)) console.log(error.status, error.message);
 * }
 * ```
 */
export function isWebCallHandlerError(value: unknown): value is WebCallHandlerError {
  return (
    value instanceof WebCallHandlerError ||
    (value instanceof Error &&
      value.name === 'WebCallHandlerError' &&
      typeof (value as { status?: unknown }).status === 'number' &&
      (value as { headers?: unknown }).headers instanceof Headers)
  );
}

/**
 * What went wrong on the server side, in {@link WebCallHandlerErrorEvent.code}.
 *
 * @example
 * ```ts
 * const paging: WebCallHandlerErrorCode[] = ['retell_unauthorized', 'retell_payment_required'];
 * createWebCallHandler({
 *   agentId: 'agent_123',
 *   onError: (event) => {
 *     if (paging.includes(event.code)) pager.alert(event.message);
 *   },
 * });
 * ```
 */
export type WebCallHandlerErrorCode =
  /** Retell answered 401/403: the API key is wrong, revoked or from another workspace. */
  | 'retell_unauthorized'
  /** Retell answered 402: billing (trial ended, no payment method). */
  | 'retell_payment_required'
  /** Retell answered 429: the account is rate limited. */
  | 'retell_rate_limited'
  /** Retell answered 400/422: it refused the body the handler forwarded (unknown agent, bad version…). */
  | 'retell_rejected_request'
  /** Retell answered 5xx. */
  | 'retell_server_error'
  /** Retell answered a status the API does not document (404 from a wrong `baseUrl`, 3xx…). */
  | 'retell_unexpected_status'
  /** Retell did not answer within `timeoutMs`. */
  | 'retell_timeout'
  /** The connection to Retell failed or dropped. */
  | 'retell_network_error'
  /** Retell answered 2xx with a body that is not a valid `V2WebCallResponse`. */
  | 'retell_invalid_response'
  /** `authorize` threw something other than a {@link WebCallHandlerError}. */
  | 'authorize_failed'
  /** `authorize` returned a body that breaks the schema or the agent policy. */
  | 'authorize_invalid_body'
  /**
   * The options are wrong (no API key, no agent policy, `maxCallDurationMs` out of range…). The handler was
   * still created (a build that imports the route must not fail); every request answers 500 until fixed.
   */
  | 'configuration_error'
  /** No rate-limit key for this request: no `key` outside the Node adapter, or `key` threw or gave none. */
  | 'rate_limit_key_failed'
  /** The rate-limit store failed or took over 5 s: the request was refused (503), never let through. */
  | 'rate_limit_store_failed'
  /** The human check could not decide: the verifier threw, timed out (5 s) or reported a setup error. */
  | 'human_check_error'
  /** Retell created the call but its answer differs from the documented shape; forwarded anyway (201). */
  | 'retell_response_drift'
  /** A bug: anything else that escaped. */
  | 'internal_error';

/**
 * An operator-facing report of a server-side failure, passed to the `onError` option (default:
 * `console.error`). Browser input errors (400, 413, 415…) are not reported. `message` and `retellMessage`
 * never contain the API key.
 *
 * @example
 * ```ts
 * createWebCallHandler({
 *   agentId: 'agent_123',
 *   onError: (event) => logger.error({ code: event.code, status: event.status }, event.message),
 * });
 * ```
 */
export interface WebCallHandlerErrorEvent {
  code: WebCallHandlerErrorCode;
  /** A sentence for the operator (e.g. "RETELL_API_KEY is invalid …"). */
  message: string;
  /** The status answered to the browser. */
  status: number;
  /** Retell's HTTP status, when Retell answered. */
  retellStatus?: number;
  /** Retell's error `message`, when it sent one (redacted, at most 500 characters). */
  retellMessage?: string;
  /** The underlying error (a network error, a schema error, what `authorize` threw). */
  cause?: unknown;
}
