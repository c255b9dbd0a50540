import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { createEagerError, EAGER_MESSAGES, type EagerErrorCode } from '../../../src/core/eagerErrors.ts';
import { isWebCallError, WebCallError } from '../../../src/core/errors.ts';

const EAGER_CODES: readonly EagerErrorCode[] = [
  'aborted',
  'call_failed',
  'unsupported_browser',
  'sdk_load_failed',
];

/** Every field a WebCallError carries, as a plain object (prototype aside). */
function fieldsOf(error: Error & Partial<WebCallError>) {
  return {
    name: error.name,
    code: error.code,
    message: error.message,
    status: error.status,
    retryable: error.retryable,
    retryAfterMs: error.retryAfterMs,
    cause: error.cause,
    hasCause: Object.hasOwn(error, 'cause'),
    text: String(error),
    ownKeys: Reflect.ownKeys(error).filter((key) => key !== 'stack'),
  };
}

/** A fresh copy of eagerErrors.ts that no errors.ts has registered with (a bundle without the class). */
async function unregisteredEagerErrors(): Promise<typeof import('../../../src/core/eagerErrors.ts')> {
  vi.resetModules();
  return import('../../../src/core/eagerErrors.ts');
}

describe('errors the store raises before the call engine loads', () => {
  it('have exactly the messages of new WebCallError(code), for every code the store raises itself', () => {
    // Today's texts, pinned: the class and the eager path share these strings.
    expect(EAGER_MESSAGES).toEqual({
      aborted: 'The call was cancelled before it started.',
      call_failed: 'The call failed.',
    });
    for (const [code, message] of Object.entries(EAGER_MESSAGES)) {
      expect(message).toBe(new WebCallError(code as EagerErrorCode).message);
    }
  });

  it('are WebCallError instances once errors.ts is loaded (any app that imports the class, and the engine)', () => {
    for (const code of EAGER_CODES) {
      const error = createEagerError(
        code,
        code === 'aborted' || code === 'call_failed' ? undefined : 'Custom.',
      );
      expect(error).toBeInstanceOf(WebCallError);
      expect(fieldsOf(error)).toEqual(
        fieldsOf(
          new WebCallError(code, code === 'aborted' || code === 'call_failed' ? undefined : 'Custom.'),
        ),
      );
    }
  });

  it('without the class in the bundle: an Error with the same fields, recognised by isWebCallError and instanceof', async () => {
    const fresh = await unregisteredEagerErrors();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...EAGER_CODES),
        fc.option(fc.string({ minLength: 1 }), { nil: undefined }),
        fc.option(fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.object()), { nil: undefined }),
        async (code, message, cause) => {
          const needsMessage = code === 'unsupported_browser' || code === 'sdk_load_failed';
          const text = needsMessage ? (message ?? 'Given.') : message;
          const lookAlike = fresh.createEagerError(code, text, cause);
          const real = new WebCallError(code, text, cause === undefined ? {} : { cause });
          // instanceof holds too, so an app that loads the class only later still recognises the error.
          expect(lookAlike).toBeInstanceOf(WebCallError);
          expect(lookAlike).toBeInstanceOf(Error);
          expect(isWebCallError(lookAlike)).toBe(true);
          expect(fieldsOf(lookAlike)).toEqual(fieldsOf(real));
        },
      ),
      { seed: Number(process.env.EAGER_ERRORS_SEED ?? Date.now()) },
    );
  });

  it('instanceof WebCallError is exactly isWebCallError; a subclass keeps the ordinary check', () => {
    class QuotaError extends WebCallError {}
    const quota = new QuotaError('network_error');
    expect(quota).toBeInstanceOf(QuotaError);
    expect(new WebCallError('network_error')).not.toBeInstanceOf(QuotaError);
    const named = Object.assign(new Error('x'), { name: 'WebCallError' });
    expect(named).not.toBeInstanceOf(WebCallError); // no code
    expect({ name: 'WebCallError', code: 'aborted' }).not.toBeInstanceOf(WebCallError); // not an Error
    fc.assert(
      fc.property(fc.anything(), fc.string(), (value, code) => {
        const candidates = [value, Object.assign(new Error('y'), { name: 'WebCallError', code })];
        for (const candidate of candidates) {
          expect(candidate instanceof WebCallError).toBe(isWebCallError(candidate));
        }
      }),
    );
  });
});
