import { EAGER_MESSAGES, registerWebCallErrorClass } from './eagerErrors.ts';

/**
 * Every way a web call can fail, as a string union you can `switch` on.
 *
 * - `token_request_failed`: the token endpoint answered with a non-2xx status (`status`, backend `message`).
 * - `token_response_invalid`: the endpoint answered 2xx but not with JSON, or without a usable `access_token`.
 * - `human_check_failed`: the endpoint's human check (a captcha) was missing or failed (HTTP 403 with
 *   `reason: 'human_check_failed'`, as `retell-web-call-react/server`'s `verifyHuman` answers).
 * - `token_request_timeout`: the endpoint did not answer within `timeoutMs`.
 * - `network_error`: the request never reached the endpoint (offline, DNS, CORS).
 * - `microphone_permission_denied`: the user or the browser blocked the microphone.
 * - `microphone_not_found`: there is no microphone (or not the requested `captureDeviceId`).
 * - `microphone_unavailable`: a microphone exists but cannot be opened (another app holds it).
 * - `insecure_context`: the page is not served over https or from localhost.
 * - `unsupported_browser`: the browser lacks `getUserMedia` or WebRTC.
 * - `sdk_load_failed`: the lazily loaded Retell SDK chunk failed to load.
 * - `connection_failed`: the SDK could not join the call (before `call_started`).
 * - `call_failed`: the SDK reported an error after the call had started, or the connection was lost.
 * - `agent_unavailable`: the call connected but the agent never answered (no `call_ready` in time).
 * - `incompatible_token`: the token is for a transport the browser client cannot join (a v3 "gateway" token
 *   given to Retell's SDK 2.x).
 * - `aborted`: `stop()` was called before the call started; only seen by a caller awaiting `start()`.
 *
 * @example
 * ```ts
 * function describe(code: WebCallErrorCode): string {
 *   return code === 'microphone_permission_denied' ? 'Please allow the microphone.' : 'Please try again.';
 * }
 * ```
 */
export type WebCallErrorCode =
  | 'token_request_failed'
  | 'token_response_invalid'
  | 'human_check_failed'
  | 'token_request_timeout'
  | 'network_error'
  | 'microphone_permission_denied'
  | 'microphone_not_found'
  | 'microphone_unavailable'
  | 'insecure_context'
  | 'unsupported_browser'
  | 'sdk_load_failed'
  | 'connection_failed'
  | 'call_failed'
  | 'agent_unavailable'
  | 'incompatible_token'
  | 'aborted';

/**
 * Every {@link WebCallErrorCode}, in a stable order (handy for exhaustive tests and stories).
 *
 * @example
 * ```ts
 * for (const code of WEB_CALL_ERROR_CODES) console.log(code, new WebCallError(code).message);
 * ```
 */
export const WEB_CALL_ERROR_CODES: readonly WebCallErrorCode[] = [
  'token_request_failed',
  'token_response_invalid',
  'human_check_failed',
  'token_request_timeout',
  'network_error',
  'microphone_permission_denied',
  'microphone_not_found',
  'microphone_unavailable',
  'insecure_context',
  'unsupported_browser',
  'sdk_load_failed',
  'connection_failed',
  'call_failed',
  'agent_unavailable',
  'incompatible_token',
  'aborted',
];

const DEFAULT_MESSAGES: Record<WebCallErrorCode, string> = {
  token_request_failed: 'The server could not create the call.',
  token_response_invalid: 'The server answered with something that is not a web-call token.',
  human_check_failed: 'The server could not verify that you are a person.',
  token_request_timeout: 'The server took too long to create the call.',
  network_error: 'Could not reach the server. Check your connection.',
  microphone_permission_denied: 'Microphone access was blocked.',
  microphone_not_found: 'No microphone was found.',
  microphone_unavailable: 'The microphone is in use by another application or could not be started.',
  insecure_context: 'Voice calls need a secure page (https or localhost).',
  unsupported_browser: 'This browser does not support voice calls.',
  sdk_load_failed: 'The voice-call component failed to load.',
  connection_failed: 'Could not connect the call.',
  call_failed: EAGER_MESSAGES.call_failed,
  agent_unavailable: 'The agent did not answer.',
  incompatible_token: 'The server created a kind of call this browser client cannot join.',
  aborted: EAGER_MESSAGES.aborted,
};

/**
 * Whether trying again (possibly after the user fixed something) can succeed, per code and HTTP status.
 *
 * @example
 * ```ts
 * defaultRetryable('token_request_failed', 503); // true
 * ```
 * @internal
 */
export function defaultRetryable(code: WebCallErrorCode, status: number | undefined): boolean {
  switch (code) {
    case 'token_request_failed':
      return status === undefined || status === 408 || status === 425 || status === 429 || status >= 500;
    case 'token_response_invalid':
    case 'incompatible_token':
    case 'insecure_context':
    case 'unsupported_browser':
    case 'aborted':
      return false;
    default:
      return true;
  }
}

/**
 * Options for {@link WebCallError}'s constructor.
 *
 * @example
 * ```ts
 * const options: WebCallErrorOptions = { status: 503, cause: body, retryable: true };
 * throw new WebCallError('token_request_failed', 'Service unavailable.', options);
 * ```
 */
export interface WebCallErrorOptions {
  /** HTTP status of the token endpoint's answer, for `token_request_failed`. */
  status?: number;
  /** The underlying error (a `DOMException`, a `ZodError`, the SDK's payload, a parsed error body…). */
  cause?: unknown;
  /** Overrides the per-code default of {@link WebCallError.retryable}. */
  retryable?: boolean;
  /** How long to wait before trying again (from a 429's `Retry-After`), in ms. */
  retryAfterMs?: number;
}

/**
 * The one error type of this library. Branch on `code`, show `message`, offer a retry when `retryable`.
 *
 * @example
 * ```ts
 * try {
 *   await start();
 * } catch (error) {
 *   if (isWebCallError(error) && error.code === 'microphone_permission_denied') showMicHelp();
 * }
 * ```
 */
export class WebCallError extends Error {
  override readonly name = 'WebCallError' as const;
  /** What went wrong; see {@link WebCallErrorCode}. */
  readonly code: WebCallErrorCode;
  /** HTTP status from the token endpoint, when there was one. */
  readonly status: number | undefined;
  /** Whether starting again may succeed (a network blip, a 5xx, a 429, a microphone the user can re-allow). */
  readonly retryable: boolean;
  /** How long the server asked us to wait before trying again (a 429's `Retry-After`), in ms. */
  readonly retryAfterMs: number | undefined;

  constructor(code: WebCallErrorCode, message?: string, options: WebCallErrorOptions = {}) {
    super(
      message || DEFAULT_MESSAGES[code],
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.code = code;
    this.status = options.status;
    this.retryable = options.retryable ?? defaultRetryable(code, options.status);
    this.retryAfterMs = options.retryAfterMs;
  }
}

// `error instanceof WebCallError` also holds for errors the store raised before this module was loaded (plain
// `Error`s with the same fields, from a page that had not imported the class yet) and for errors of another
// copy of this package: the same test as isWebCallError. Subclasses keep the ordinary check.
Object.defineProperty(WebCallError, Symbol.hasInstance, {
  value(this: typeof WebCallError, value: unknown): boolean {
    if (this !== WebCallError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return (
      value instanceof Error &&
      (Object.prototype.isPrototypeOf.call(WebCallError.prototype, value) ||
        ((value as { name?: unknown }).name === 'WebCallError' &&
          typeof (value as { code?: unknown }).code === 'string'))
    );
  },
});

// Errors the store raises before the call engine loads are instances of this class from now on.
registerWebCallErrorClass(WebCallError);

/**
 * Type guard for {@link WebCallError}. Also recognises errors from another copy of this package
 * (two versions in one bundle), where `instanceof` would fail.
 *
 * @example
 * ```ts
 * onError: (error) => { if (isWebCallError(error)) track(error.code) }
 * ```
 */
export function isWebCallError(value: unknown): value is WebCallError {
  return value instanceof WebCallError;
}
