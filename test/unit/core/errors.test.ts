import { describe, expect, it } from 'vitest';
import { isWebCallError, WEB_CALL_ERROR_CODES, WebCallError } from '../../../src/core/errors.ts';

describe('WebCallError', () => {
  it('is an Error with name, code, status, cause and a default message per code', () => {
    const cause = new Error('root');
    const error = new WebCallError('token_request_failed', undefined, { status: 503, cause });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('WebCallError');
    expect(error.code).toBe('token_request_failed');
    expect(error.status).toBe(503);
    expect(error.cause).toBe(cause);
    expect(error.message).toBe('The server could not create the call.');
    expect(String(error)).toBe('WebCallError: The server could not create the call.');
  });

  it('has a plain-words default message for every code', () => {
    const messages = WEB_CALL_ERROR_CODES.map((code) => new WebCallError(code).message);
    expect(messages.every((m) => m.length > 10)).toBe(true);
    expect(new Set(messages).size).toBe(WEB_CALL_ERROR_CODES.length);
  });

  it.each([
    [undefined, true],
    [400, false],
    [401, false],
    [403, false],
    [408, true],
    [429, true],
    [500, true],
    [503, true],
  ])('token_request_failed with status %s is retryable: %s', (status, retryable) => {
    expect(new WebCallError('token_request_failed', undefined, { status }).retryable).toBe(retryable);
  });

  it('marks configuration problems as not retryable and transient ones as retryable', () => {
    const retryable = Object.fromEntries(WEB_CALL_ERROR_CODES.map((c) => [c, new WebCallError(c).retryable]));
    expect(retryable).toMatchObject({
      token_response_invalid: false,
      insecure_context: false,
      unsupported_browser: false,
      aborted: false,
      token_request_timeout: true,
      network_error: true,
      microphone_permission_denied: true,
      microphone_not_found: true,
      microphone_unavailable: true,
      sdk_load_failed: true,
      connection_failed: true,
      call_failed: true,
    });
    expect(new WebCallError('network_error', undefined, { retryable: false }).retryable).toBe(false);
  });
});

describe('isWebCallError', () => {
  it('recognises instances and look-alikes from another copy of the package', () => {
    expect(isWebCallError(new WebCallError('aborted'))).toBe(true);
    const foreign = Object.assign(new Error('x'), { name: 'WebCallError', code: 'network_error' });
    expect(isWebCallError(foreign)).toBe(true);
  });

  it.each([new Error('x'), { name: 'WebCallError', code: 'network_error' }, null, 'WebCallError'])(
    'rejects %s',
    (value) => {
      expect(isWebCallError(value)).toBe(false);
    },
  );
});
