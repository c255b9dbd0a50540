import { delay, HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { isWebCallError, type WebCallError } from '../../../src/core/errors.ts';
import { parseRetryAfter, requestWebCallToken } from '../../../src/core/token.ts';

const ENDPOINT = 'http://localhost:3000/api/create-web-call';
const V2 = {
  call_type: 'web_call',
  access_token: 'tok_abc',
  call_id: 'call_abc',
  agent_id: 'agent_1',
  agent_version: 1,
  call_status: 'registered',
};

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

async function failure(promise: Promise<unknown>): Promise<WebCallError> {
  try {
    await promise;
  } catch (error) {
    if (isWebCallError(error)) return error;
    throw new Error(`expected a WebCallError, got ${String(error)}`);
  }
  throw new Error('expected the request to fail');
}

const request = (extra: Partial<Parameters<typeof requestWebCallToken>[0]> = {}) =>
  requestWebCallToken({ body: { agent_id: 'agent_1' }, endpoint: ENDPOINT, ...extra });

describe('requestWebCallToken', () => {
  it('POSTs the body as JSON with the extra headers and fetch options, and returns the parsed response', async () => {
    let seen: { body: unknown; headers: Headers; credentials: string } | undefined;
    server.use(
      http.post(ENDPOINT, async ({ request: r }) => {
        seen = { body: await r.json(), headers: r.headers, credentials: r.credentials };
        return HttpResponse.json({ ...V2, extra_field: 42 }, { status: 201 });
      }),
    );
    const result = await request({
      body: { agent_id: 'agent_1', metadata: { user: 'u1' } },
      headers: { 'X-CSRF': 'abc' },
      fetchOptions: { credentials: 'include' },
    });
    expect(result).toEqual({ ...V2, extra_field: 42 });
    expect(seen?.body).toEqual({ agent_id: 'agent_1', metadata: { user: 'u1' } });
    expect(seen?.headers.get('content-type')).toBe('application/json');
    expect(seen?.headers.get('x-csrf')).toBe('abc');
    expect(seen?.credentials).toBe('include');
  });

  it('uses /api/create-web-call by default (relative to the page)', async () => {
    server.use(http.post('*/api/create-web-call', () => HttpResponse.json(V2)));
    await expect(requestWebCallToken({ body: { agent_id: 'a' } })).resolves.toMatchObject({
      access_token: 'tok_abc',
    });
  });

  it('accepts a v3-shaped body and passes its fields through', async () => {
    const v3 = {
      access_token: 'v3',
      call_id: 'call_v3',
      transport: 'gateway',
      ice_servers: [{ urls: ['stun:a', 'turn:b'], username: 'u', credential: 'c' }],
      expires_at: 1_800_000_000_000,
    };
    server.use(http.post(ENDPOINT, () => HttpResponse.json(v3)));
    await expect(request()).resolves.toEqual(v3);
  });

  it.each([
    [400, 'Invalid request format, please check API reference.', false],
    [401, 'API key is missing or invalid.', false],
    [402, 'Trial has ended, please add payment method.', false],
    [422, 'Cannot find requested asset under given api key.', false],
    [429, 'Account rate limited, please throttle your requests.', true],
    [500, 'An unexpected server error occurred.', true],
    [503, 'Service unavailable', true],
  ])(
    'a %i with Retell’s error body → token_request_failed with status and message',
    async (status, message, retryable) => {
      server.use(http.post(ENDPOINT, () => HttpResponse.json({ status: 'error', message }, { status })));
      const error = await failure(request());
      expect(error).toMatchObject({ code: 'token_request_failed', status, message, retryable });
      expect(error.cause).toEqual({ status: 'error', message });
    },
  );

  it('an HTML error page → token_request_failed with a status message and the text as cause', async () => {
    const html = '<html><body><h1>502 Bad Gateway</h1></body></html>';
    server.use(
      http.post(
        ENDPOINT,
        () => new HttpResponse(html, { status: 502, headers: { 'Content-Type': 'text/html' } }),
      ),
    );
    const error = await failure(request());
    expect(error).toMatchObject({ code: 'token_request_failed', status: 502, retryable: true });
    expect(error.message).toContain('502');
    expect(error.cause).toBe(html);
  });

  it('a 200 with HTML (e.g. an SPA fallback page) → token_response_invalid', async () => {
    server.use(http.post(ENDPOINT, () => HttpResponse.html('<!doctype html><div id="root"></div>')));
    const error = await failure(request());
    expect(error).toMatchObject({ code: 'token_response_invalid', retryable: false });
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  it.each([
    ['no access_token', { call_id: 'c' }],
    ['an empty access_token', { access_token: '' }],
    ['a blank access_token', { access_token: '   ' }],
    ['a numeric access_token', { access_token: 123 }],
    ['a JSON array', [V2]],
    ['JSON null', null],
    ['a JSON string', 'tok'],
  ])('a 2xx with %s → token_response_invalid with the zod error as cause', async (_name, body) => {
    server.use(http.post(ENDPOINT, () => HttpResponse.json(body)));
    const error = await failure(request());
    expect(error.code).toBe('token_response_invalid');
    expect((error.cause as { name?: string }).name).toMatch(/ZodError|SyntaxError/);
  });

  it('Retell drift never fails a call Retell already created (null agent_version, new call_status word)', async () => {
    const body = {
      ...V2,
      agent_version: null,
      call_status: 'queued',
      expires_at: 'soon',
      new_field: { a: 1 },
    };
    server.use(http.post(ENDPOINT, () => HttpResponse.json(body, { status: 201 })));
    const result = await request();
    expect(result).toMatchObject({
      access_token: 'tok_abc',
      agent_version: null,
      call_status: 'queued',
      new_field: { a: 1 },
    });
    expect(result.expires_at).toBeUndefined();
  });

  it('a headers function is called once per request, awaited, and its headers sent', async () => {
    const seen: Array<string | null> = [];
    server.use(
      http.post(ENDPOINT, ({ request: r }) => {
        seen.push(r.headers.get('x-captcha-token'));
        return HttpResponse.json(V2);
      }),
    );
    let n = 0;
    const headers = vi.fn(async () => ({ 'x-captcha-token': `captcha-${++n}` }));
    await request({ headers });
    await request({ headers });
    expect(headers).toHaveBeenCalledTimes(2);
    expect(seen).toEqual(['captcha-1', 'captcha-2']);
  });

  it('fixed headers: the request leaves before requestWebCallToken returns (in the caller’s task, a click’s)', async () => {
    const fetch = vi.fn(async () => HttpResponse.json(V2));
    const pending = request({ headers: { 'X-CSRF': 'abc' }, fetch });
    expect(fetch).toHaveBeenCalledTimes(1);
    await expect(pending).resolves.toEqual(V2);
    const [, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(new Headers(init.headers).get('x-csrf')).toBe('abc');
  });

  it('a headers function: the request waits for it, then leaves with its headers', async () => {
    const fetch = vi.fn(async () => HttpResponse.json(V2));
    let answer!: (headers: HeadersInit) => void;
    const pending = request({ headers: () => new Promise((resolve) => (answer = resolve)), fetch });
    await Promise.resolve();
    expect(fetch).not.toHaveBeenCalled();
    answer({ 'x-captcha-token': 'fresh' });
    await expect(pending).resolves.toEqual(V2);
    const [, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(new Headers(init.headers).get('x-captcha-token')).toBe('fresh');
  });

  it('a headers function that throws → token_request_failed with the cause, and nothing sent', async () => {
    const handler = vi.fn(() => HttpResponse.json(V2));
    server.use(http.post(ENDPOINT, handler));
    const boom = new Error('captcha widget not ready');
    const error = await failure(
      request({
        headers: () => {
          throw boom;
        },
      }),
    );
    expect(error).toMatchObject({ code: 'token_request_failed', cause: boom });
    expect(handler).not.toHaveBeenCalled();
  });

  it('aborted while the headers function runs → aborted, and nothing sent (no Retell call minted)', async () => {
    const handler = vi.fn(() => HttpResponse.json(V2));
    server.use(http.post(ENDPOINT, handler));
    const controller = new AbortController();
    const error = await failure(
      request({
        signal: controller.signal,
        headers: async () => {
          controller.abort();
          return { 'x-captcha-token': 't' };
        },
      }),
    );
    expect(error.code).toBe('aborted');
    expect(handler).not.toHaveBeenCalled();
  });

  it.each([
    ['delta-seconds', '12', 12_000],
    ['zero', '0', 0],
  ])('a 429 with Retry-After (%s) → retryAfterMs, retryable', async (_name, header, expected) => {
    server.use(
      http.post(ENDPOINT, () =>
        HttpResponse.json(
          { status: 'error', message: 'Too many calls. Try again in 12 seconds.', reason: 'rate_limited' },
          { status: 429, headers: { 'Retry-After': header } },
        ),
      ),
    );
    const error = await failure(request());
    expect(error).toMatchObject({
      code: 'token_request_failed',
      status: 429,
      retryable: true,
      retryAfterMs: expected,
      message: 'Too many calls. Try again in 12 seconds.',
    });
  });

  it('a 429 without Retry-After has no retryAfterMs', async () => {
    server.use(http.post(ENDPOINT, () => HttpResponse.json({ status: 'error' }, { status: 429 })));
    const error = await failure(request());
    expect(error.retryAfterMs).toBeUndefined();
  });

  it('a 403 from the human check → human_check_failed (retryable); any other 403 stays token_request_failed', async () => {
    server.use(
      http.post(ENDPOINT, () =>
        HttpResponse.json(
          { status: 'error', message: 'Human check failed.', reason: 'human_check_failed' },
          { status: 403 },
        ),
      ),
    );
    expect(await failure(request())).toMatchObject({
      code: 'human_check_failed',
      status: 403,
      retryable: true,
      message: 'Human check failed.',
    });
    server.use(
      http.post(ENDPOINT, () =>
        HttpResponse.json({ status: 'error', message: 'Origin not allowed.' }, { status: 403 }),
      ),
    );
    expect(await failure(request())).toMatchObject({
      code: 'token_request_failed',
      status: 403,
      retryable: false,
    });
  });

  it('a server that never answers → token_request_timeout after timeoutMs', async () => {
    server.use(
      http.post(ENDPOINT, async () => {
        await delay('infinite');
        return HttpResponse.json(V2);
      }),
    );
    const error = await failure(request({ timeoutMs: 50 }));
    expect(error).toMatchObject({ code: 'token_request_timeout', retryable: true });
  });

  it('a network failure → network_error', async () => {
    server.use(http.post(ENDPOINT, () => HttpResponse.error()));
    const error = await failure(request());
    expect(error).toMatchObject({ code: 'network_error', retryable: true });
    expect(error.cause).toBeInstanceOf(TypeError);
  });

  it('the caller aborting → aborted, and the request is cancelled', async () => {
    let aborted = false;
    server.use(
      http.post(ENDPOINT, async ({ request: r }) => {
        r.signal.addEventListener('abort', () => {
          aborted = true;
        });
        await delay('infinite');
        return HttpResponse.json(V2);
      }),
    );
    const controller = new AbortController();
    const pending = failure(request({ signal: controller.signal }));
    await vi.waitFor(() => expect(aborted).toBe(false));
    controller.abort();
    const error = await pending;
    expect(error.code).toBe('aborted');
  });

  it('an already-aborted signal never sends', async () => {
    const handler = vi.fn(() => HttpResponse.json(V2));
    server.use(http.post(ENDPOINT, handler));
    const controller = new AbortController();
    controller.abort();
    expect((await failure(request({ signal: controller.signal }))).code).toBe('aborted');
    expect(handler).not.toHaveBeenCalled();
  });

  describe('getAccessToken', () => {
    it('replaces the fetch and is validated like the endpoint', async () => {
      const getAccessToken = vi.fn(async () => V2);
      await expect(request({ getAccessToken })).resolves.toEqual(V2);
      expect(getAccessToken).toHaveBeenCalledWith({
        body: { agent_id: 'agent_1' },
        signal: expect.any(AbortSignal),
      });
    });

    it('may return just the token string', async () => {
      await expect(request({ getAccessToken: async () => 'just-a-token' })).resolves.toEqual({
        access_token: 'just-a-token',
      });
    });

    it('an invalid result → token_response_invalid', async () => {
      const error = await failure(request({ getAccessToken: async () => ({}) as never }));
      expect(error.code).toBe('token_response_invalid');
    });

    it('a thrown WebCallError is kept; anything else → network_error', async () => {
      const { WebCallError } = await import('../../../src/core/errors.ts');
      const own = new WebCallError('token_request_failed', 'No seats left', { status: 409 });
      expect(await failure(request({ getAccessToken: () => Promise.reject(own) }))).toBe(own);
      const other = await failure(
        request({ getAccessToken: () => Promise.reject(new Error('axios said no')) }),
      );
      expect(other.code).toBe('network_error');
    });

    it('times out even if it ignores its signal', async () => {
      const error = await failure(request({ timeoutMs: 30, getAccessToken: () => new Promise(() => {}) }));
      expect(error.code).toBe('token_request_timeout');
    });
  });
});

describe('loadSchemas', () => {
  it('parses one sample answer as it loads (zod builds its parsers on the first object: before the click)', async () => {
    vi.resetModules();
    const { webCallResponseSchema } = await import('../../../src/core/schemas.ts');
    const parse = vi.spyOn(webCallResponseSchema, 'safeParse');
    const { loadSchemas } = await import('../../../src/core/token.ts');
    await loadSchemas();
    expect(parse).toHaveBeenCalledTimes(1);
    // A valid answer with a v3 ICE server: zod builds the answer's parser and the nested ICE server's.
    const [sample] = parse.mock.calls[0] ?? [];
    expect(parse.mock.results[0]?.value).toMatchObject({ success: true });
    expect(sample).toMatchObject({ ice_servers: [expect.any(Object)] });
    await loadSchemas();
    expect(parse).toHaveBeenCalledTimes(1); // once per page
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-12-01T12:00:00Z');
  it.each([
    [null, undefined],
    ['', undefined],
    ['soon', undefined],
    ['-3', undefined],
    ['1.5', undefined],
    ['30', 30_000],
    [' 7 ', 7_000],
    ['Tue, 01 Dec 2026 12:00:45 GMT', 45_000],
    ['Tue, 01 Dec 2026 11:59:00 GMT', 0],
  ])('%j → %j', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
});
