/*
 * The errors the store raises before the call engine has loaded (`aborted`, `unsupported_browser`,
 * `sdk_load_failed`, and `call_failed` as a fallback), without the full message table: a page with only a
 * call button does not carry the other fifteen messages. `errors.ts` (the `WebCallError` class with every
 * default message) registers its class here when it is evaluated, which happens in every bundle that
 * imports `WebCallError` or `isWebCallError` (the call engine does too). Until then these errors are plain
 * `Error`s with the same fields as a `WebCallError` (`isWebCallError` recognises them, as it recognises one
 * from another copy of the package): an app that never imports the class cannot tell them apart from it.
 */
import type { WebCallError, WebCallErrorCode, WebCallErrorOptions } from './errors.ts';

type WebCallErrorClass = new (
  code: WebCallErrorCode,
  message?: string,
  options?: WebCallErrorOptions,
) => WebCallError;

/** The codes the store raises before the engine loads. @internal */
export type EagerErrorCode = 'aborted' | 'call_failed' | 'unsupported_browser' | 'sdk_load_failed';

/**
 * The default messages of the codes the store raises on its own (`errors.ts` uses the same strings, and a
 * test checks that they agree with `new WebCallError(code).message`).
 * @internal
 */
export const EAGER_MESSAGES: Readonly<Record<'aborted' | 'call_failed', string>> = {
  aborted: 'The call was cancelled before it started.',
  call_failed: 'The call failed.',
};

let registered: WebCallErrorClass | undefined;

/**
 * Makes `errorClass` the class of every error {@link createEagerError} makes from now on (`errors.ts` calls
 * this once, when it is evaluated).
 *
 * @example
 * ```ts
 * registerWebCallErrorClass(WebCallError);
 * ```
 * @internal
 */
export function registerWebCallErrorClass(errorClass: WebCallErrorClass): void {
  registered = errorClass;
}

/**
 * A `WebCallError` raised by the store itself: an instance of the class once `errors.ts` has been evaluated,
 * else an `Error` with the same `name`, `code`, `message`, `status`, `retryable`, `retryAfterMs` and `cause`.
 *
 * @example
 * ```ts
 * run.started.reject(createEagerError('aborted'));
 * ```
 * @internal
 */
export function createEagerError(
  code: EagerErrorCode,
  message: string = EAGER_MESSAGES[code as keyof typeof EAGER_MESSAGES],
  cause?: unknown,
): WebCallError {
  const options = cause === undefined ? undefined : { cause };
  if (registered) return new registered(code, message, options);
  return Object.assign(new Error(message, options), {
    name: 'WebCallError' as const,
    code,
    status: undefined,
    // As `defaultRetryable` in errors.ts decides for these codes without a status (a test checks that).
    retryable: code === 'call_failed' || code === 'sdk_load_failed',
    retryAfterMs: undefined,
  });
}
