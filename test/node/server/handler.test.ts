import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type CreateWebCallHandlerOptions,
  createWebCallHandler,
  WebCallHandlerError,
  type WebCallHandlerErrorEvent,
} from '../../../src/server/index.ts';
import { type FakeRetell, startFakeRetell } from './fakeRetell.ts';
import { ENDPOINT, setUpHandlerTests } from './handlerFixture.ts';
import { API_KEY, capture, captured, expectErrorShape, expectNoKeyAnywhere, reported } from './helpers.ts';

const handlerTests = setUpHandlerTests();
const { events, make } = handlerTests;
/** The fake Retell, started by the shared setup's beforeAll (which runs before this one). */
let fake: FakeRetell;
beforeAll(() => {
  fake = handlerTests.fake;
});

function post(body: unknown, init: { headers?: Record<string, string>; raw?: boolean } = {}): Request {
  return new Request(ENDPOINT, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...init.headers },
    body: init.raw ? (body as BodyInit) : JSON.stringify(body),
  });
}

async function call(handler: (request: Request) => Promise<Response>, request: Request) {
  return capture(await handler(request));
}

describe('success', () => {
  it('POSTs once to {baseUrl}/v2/create-web-call with the bearer key and answers 201 with the validated call', async () => {
    const result = await call(make(), post({ metadata: { cart: 'c1' } }));
    expect(result.status).toBe(201);
    expect(result.headers.get('content-type')).toMatch(/^application\/json/);
    expect(result.headers.get('cache-control')).toBe('no-store');
    expect(result.json).toEqual({
      call_type: 'web_call',
      access_token: expect.stringMatching(/^eyJ/),
      call_id: expect.stringMatching(/^call_/),
      agent_id: 'agent_fixed',
      agent_name: 'Fixed agent',
      agent_version: 1,
      call_status: 'registered',
    });
    expect(fake.requests).toHaveLength(1);
    const [sent] = fake.requests;
    expect(sent?.method).toBe('POST');
    expect(sent?.url).toBe('/v2/create-web-call');
    expect(sent?.authorization).toBe(`Bearer ${API_KEY}`);
    expect(sent?.contentType).toMatch(/^application\/json/);
    expect(sent?.body).toEqual({ agent_id: 'agent_fixed', metadata: { cart: 'c1' } });
  });

  it('does not echo metadata or dynamic variables unless exposeCallDetails is set', async () => {
    const body = { metadata: { m: 1 }, retell_llm_dynamic_variables: { name: 'Ada' } };
    const hidden = await call(make(), post(body));
    expect(hidden.json).not.toHaveProperty('metadata');
    expect(hidden.json).not.toHaveProperty('retell_llm_dynamic_variables');
    const shown = await call(make({ exposeCallDetails: true }), post(body));
    expect(shown.json).toMatchObject(body);
  });

  it('accepts the agent id the fixed agent already has, a utf-8 charset and a trailing slash in baseUrl', async () => {
    const handler = make({ baseUrl: `${fake.baseUrl}/` });
    const result = await call(
      handler,
      post({ agent_id: 'agent_fixed' }, { headers: { 'content-type': 'Application/JSON; charset=UTF-8' } }),
    );
    expect(result.status).toBe(201);
    expect(fake.requests[0]?.url).toBe('/v2/create-web-call');
  });

  it('reads the key from RETELL_API_KEY by default', async () => {
    vi.stubEnv('RETELL_API_KEY', API_KEY);
    try {
      const handler = createWebCallHandler({ baseUrl: fake.baseUrl, agentId: 'agent_fixed' });
      expect((await call(handler, post({}))).status).toBe(201);
      expect(fake.requests[0]?.authorization).toBe(`Bearer ${API_KEY}`);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe('configuration errors answer 500 at request time, never throw at creation', () => {
  async function misconfigured(options: CreateWebCallHandlerOptions) {
    const seen: WebCallHandlerErrorEvent[] = [];
    let handler: ((request: Request) => Promise<Response>) | undefined;
    expect(() => {
      handler = createWebCallHandler({ ...options, onError: (event) => void seen.push(event) });
    }).not.toThrow();
    const result = await call(handler as (request: Request) => Promise<Response>, post({}));
    expectErrorShape(result, 500, 'not configured correctly');
    expect(fake.requests).toHaveLength(0);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.code).toBe('configuration_error');
    expect(seen[0]?.status).toBe(500);
    reported.push(...seen);
    return seen[0]?.message ?? '';
  }

  it('a missing API key: created fine (a build imports it), every request 500 + onError', async () => {
    vi.stubEnv('RETELL_API_KEY', '');
    try {
      expect(await misconfigured({ agentId: 'agent_fixed' })).toMatch(/RETELL_API_KEY/);
      expect(await misconfigured({ agentId: 'agent_fixed', apiKey: '   ' })).toMatch(/API key/);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it.each<[string, CreateWebCallHandlerOptions, RegExp]>([
    ['no agent policy', { apiKey: API_KEY }, /agentId.*allowedAgentIds.*allowAnyAgent/],
    ['empty allowlist', { apiKey: API_KEY, allowedAgentIds: [] }, /allowedAgentIds/],
    ['blank agentId', { apiKey: API_KEY, agentId: ' ' }, /agentId/],
    ['wildcard origin', { apiKey: API_KEY, agentId: 'a', allowedOrigins: ['*'] }, /"\*"/],
    [
      'origin with a path',
      { apiKey: API_KEY, agentId: 'a', allowedOrigins: ['https://a.com/x'] },
      /bare origin/,
    ],
    ['plain-http baseUrl', { apiKey: API_KEY, agentId: 'a', baseUrl: 'http://api.example.com' }, /https/],
    ['zero timeout', { apiKey: API_KEY, agentId: 'a', timeoutMs: 0 }, /timeoutMs/],
    ['key with a newline', { apiKey: 'key_a\nb', agentId: 'a' }, /whitespace/],
  ])('%s', async (_name, options, message) => {
    expect(await misconfigured(options)).toMatch(message);
  });

  it('never puts the key in a configuration report or answer', async () => {
    const secret = 'key_secret_in_error_check';
    const message = await misconfigured({ apiKey: secret, baseUrl: 'ftp://nope' });
    expect(message).toMatch(/agentId/);
    expect(message).not.toContain(secret);
    expectNoKeyAnywhere(secret);
  });

  it('the default onError (console.error) reports it when onError itself is not a function', async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const handler = createWebCallHandler({ apiKey: API_KEY, agentId: 'a', onError: 'nope' as never });
      expectErrorShape(await call(handler, post({})), 500);
      expect(spy).toHaveBeenCalledTimes(1);
      expect(String(spy.mock.calls[0]?.[0])).toMatch(/configuration_error: createWebCallHandler: `onError`/);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('method and content type', () => {
  it.each(['GET', 'PUT', 'DELETE', 'PATCH'])('%s answers 405 with Allow', async (method) => {
    const request = new Request(ENDPOINT, method === 'GET' ? { method } : { method, body: '{}' });
    const result = await call(make(), request);
    expectErrorShape(result, 405, 'POST');
    expect(result.headers.get('allow')).toBe('POST, OPTIONS');
    expect(fake.requests).toHaveLength(0);
  });

  it.each([
    ['text/plain', 'text/plain'],
    ['form', 'application/x-www-form-urlencoded'],
    ['json with another charset', 'application/json; charset=latin1'],
    ['json-ish', 'application/jsonp'],
  ])('rejects %s with 415', async (_name, contentType) => {
    const result = await call(make(), post({}, { headers: { 'content-type': contentType } }));
    expectErrorShape(result, 415, 'application/json');
    expect(fake.requests).toHaveLength(0);
  });

  it('rejects a missing content type with 415', async () => {
    const request = new Request(ENDPOINT, { method: 'POST', body: new Uint8Array([123, 125]) });
    expect(request.headers.get('content-type')).toBeNull();
    expectErrorShape(await call(make(), request), 415);
  });
});

describe('body reading', () => {
  it.each([
    ['not JSON', '{"agent_id":', /not valid JSON/],
    ['empty', '', /empty/],
    ['an array', '[]', /JSON object/],
    ['null', 'null', /JSON object/],
    ['a string', '"agent_fixed"', /JSON object/],
  ])('rejects a body that is %s with 400', async (_name, text, message) => {
    expectErrorShape(await call(make(), post(text, { raw: true })), 400, message);
    expect(fake.requests).toHaveLength(0);
  });

  it('rejects invalid UTF-8 with 400', async () => {
    const bytes = new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]);
    expectErrorShape(await call(make(), post(bytes, { raw: true })), 400, /UTF-8/);
  });

  it('answers 413 from Content-Length alone, before reading', async () => {
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(1024).fill(32));
        if (pulled > 100) controller.close();
      },
    });
    const request = new Request(ENDPOINT, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': '999999' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expectErrorShape(await call(make(), request), 413, /too large/);
    expect(pulled).toBeLessThanOrEqual(2);
  });

  it('cuts a streamed body without Content-Length off at the limit (413) without reading it all', async () => {
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new TextEncoder().encode(pulled === 1 ? '{"metadata":{"x":"' : 'a'.repeat(1024)));
        if (pulled >= 1000) controller.close();
      },
    });
    const request = new Request(ENDPOINT, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(request.headers.get('content-length')).toBeNull();
    expectErrorShape(await call(make({ maxBodyBytes: 4096 }), request), 413, '4096');
    expect(pulled).toBeLessThan(20);
    expect(fake.requests).toHaveLength(0);
  });

  it('accepts a body exactly at the limit and rejects one byte more', async () => {
    const base = JSON.stringify({ metadata: { pad: '' } });
    const exact = JSON.stringify({ metadata: { pad: 'p'.repeat(200 - base.length) } });
    expect(exact.length).toBe(200);
    expect((await call(make({ maxBodyBytes: 200 }), post(exact, { raw: true }))).status).toBe(201);
    expectErrorShape(await call(make({ maxBodyBytes: 199 }), post(exact, { raw: true })), 413);
  });
});

describe('body rules', () => {
  it.each<[string, unknown, RegExp]>([
    ['an unknown field', { agent_id: 'agent_fixed', webhook_url: 'https://evil.example' }, /webhook_url/],
    ['another agent than the fixed one', { agent_id: 'agent_b' }, /agent_id is not allowed/],
    ['a blank agent id', { agent_id: '  ' }, /agent_id/],
    ['a numeric agent id', { agent_id: 42 }, /agent_id/],
    [
      'agent_override',
      { agent_override: { retell_llm: { begin_message: 'hi' } } },
      /agent_override is not allowed/,
    ],
    ['array metadata', { metadata: ['a'] }, /metadata/],
    ['string metadata', { metadata: 'user=1' }, /metadata/],
    ['metadata over 4 KiB', { metadata: { blob: 'x'.repeat(4100) } }, /metadata is too large/],
    [
      'a non-string dynamic variable',
      { retell_llm_dynamic_variables: { age: 42 } },
      /retell_llm_dynamic_variables/,
    ],
    [
      'a nested dynamic variable',
      { retell_llm_dynamic_variables: { a: { b: 'c' } } },
      /retell_llm_dynamic_variables/,
    ],
    [
      'too many dynamic variables',
      {
        retell_llm_dynamic_variables: Object.fromEntries(
          Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']),
        ),
      },
      /too many entries/,
    ],
    [
      'dynamic variables over 4 KiB',
      { retell_llm_dynamic_variables: { a: 'x'.repeat(2100), b: 'y'.repeat(2100) } },
      /retell_llm_dynamic_variables is too large/,
    ],
    ['a negative agent_version', { agent_version: -1 }, /agent_version/],
    ['a fractional agent_version', { agent_version: 1.5 }, /agent_version/],
  ])('rejects %s with 400 and a message', async (_name, body, message) => {
    expectErrorShape(await call(make(), post(body)), 400, message);
    expect(fake.requests).toHaveLength(0);
  });

  it.each([
    ['__proto__ at the top', '{"agent_id":"agent_fixed","__proto__":{"admin":true}}'],
    ['__proto__ in metadata', '{"metadata":{"a":{"b":[{"__proto__":{"polluted":true}}]}}}'],
    ['constructor in metadata', '{"metadata":{"constructor":{"prototype":{"polluted":true}}}}'],
    ['prototype deep down', '{"metadata":{"x":[[{"y":{"prototype":1}}]]}}'],
    ['__proto__ as a dynamic variable', '{"retell_llm_dynamic_variables":{"__proto__":"x"}}'],
  ])('rejects %s with 400 and does not pollute', async (_name, text) => {
    const result = await call(make(), post(text, { raw: true }));
    expectErrorShape(result, 400, /Forbidden key/);
    expect(fake.requests).toHaveLength(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('rejects nesting deeper than maxJsonDepth', async () => {
    const deep = `{"metadata":${'{"a":'.repeat(40)}1${'}'.repeat(40)}}`;
    expectErrorShape(await call(make(), post(deep, { raw: true })), 400, /nested too deeply/);
  });

  it('forwards the last value of a duplicated key as re-serialized JSON, never the raw text', async () => {
    const text = '{"agent_id":"agent_fixed","metadata":{"a":1},"metadata":{"b":2}}';
    expect((await call(make(), post(text, { raw: true }))).status).toBe(201);
    expect(fake.requests[0]?.text).toBe('{"agent_id":"agent_fixed","metadata":{"b":2}}');
  });

  it('allowedAgentIds: listed ids pass, others and a missing id fail', async () => {
    const handler = make({ agentId: undefined, allowedAgentIds: ['agent_a', 'agent_b'] });
    expect((await call(handler, post({ agent_id: 'agent_b' }))).status).toBe(201);
    expect(fake.requests[0]?.body).toEqual({ agent_id: 'agent_b' });
    expectErrorShape(await call(handler, post({ agent_id: 'agent_fixed' })), 400, /agent_id is not allowed/);
    expectErrorShape(await call(handler, post({})), 400, /agent_id/);
    expect(fake.requests).toHaveLength(1);
  });

  it('agentId with allowedAgentIds: the fixed one is the default, listed ones may be chosen', async () => {
    const handler = make({ allowedAgentIds: ['agent_a'] });
    expect((await call(handler, post({}))).status).toBe(201);
    expect((await call(handler, post({ agent_id: 'agent_a' }))).status).toBe(201);
    expectErrorShape(await call(handler, post({ agent_id: 'agent_b' })), 400);
    expect(fake.requests.map((request) => (request.body as { agent_id: string }).agent_id)).toEqual([
      'agent_fixed',
      'agent_a',
    ]);
  });

  it('allowAnyAgent accepts any agent id', async () => {
    const handler = make({ agentId: undefined, allowAnyAgent: true });
    expect((await call(handler, post({ agent_id: 'agent_b' }))).status).toBe(201);
  });

  it('agentVersion pins the version: filled in when omitted, a different one is refused', async () => {
    const handler = make({ agentVersion: 3 });
    expect((await call(handler, post({}))).status).toBe(201);
    expect(fake.requests[0]?.body).toEqual({ agent_id: 'agent_fixed', agent_version: 3 });
    expectErrorShape(await call(handler, post({ agent_version: 2 })), 400, /agent_version is not allowed/);
  });

  it('allowAgentOverride: true forwards agent_override', async () => {
    const override = { retell_llm: { begin_message: 'Hello' } };
    expect((await call(make({ allowAgentOverride: true }), post({ agent_override: override }))).status).toBe(
      201,
    );
    expect(fake.requests[0]?.body).toEqual({ agent_id: 'agent_fixed', agent_override: override });
  });

  it('configurable limits apply', async () => {
    const handler = make({ maxMetadataBytes: 10, maxDynamicVariables: 1 });
    expectErrorShape(await call(handler, post({ metadata: { a: '1234567' } })), 400, /max 10 bytes/);
    expectErrorShape(await call(handler, post({ retell_llm_dynamic_variables: { a: '1', b: '2' } })), 400);
    expect((await call(handler, post({ metadata: { a: '1' } }))).status).toBe(201);
  });
});

describe('origin policy', () => {
  const allowed = 'https://app.example.com';
  const withOrigins = (extra: CreateWebCallHandlerOptions = {}) =>
    make({ allowedOrigins: [allowed], ...extra });

  it('an allowed origin gets 201 with its own Access-Control-Allow-Origin (never *)', async () => {
    const result = await call(withOrigins(), post({}, { headers: { origin: allowed } }));
    expect(result.status).toBe(201);
    expect(result.headers.get('access-control-allow-origin')).toBe(allowed);
    expect(result.headers.get('vary')).toMatch(/Origin/);
    expect(result.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('another origin gets 403 without CORS headers, and Retell is not called', async () => {
    const result = await call(withOrigins(), post({}, { headers: { origin: 'https://evil.example' } }));
    expectErrorShape(result, 403, /origin/i);
    expect(result.headers.get('access-control-allow-origin')).toBeNull();
    expect(fake.requests).toHaveLength(0);
  });

  it('a look-alike origin is refused', async () => {
    for (const origin of ['https://app.example.com.evil.example', 'http://app.example.com', 'null']) {
      expectErrorShape(await call(withOrigins(), post({}, { headers: { origin } })), 403);
    }
  });

  it('a request without Origin is refused unless allowRequestsWithoutOrigin', async () => {
    expectErrorShape(await call(withOrigins(), post({})), 403, /Origin/);
    expect((await call(withOrigins({ allowRequestsWithoutOrigin: true }), post({}))).status).toBe(201);
  });

  it('answers the preflight of an allowed origin with 204 and the CORS headers', async () => {
    const handler = withOrigins({ allowCredentials: true, allowedHeaders: ['Content-Type', 'X-CSRF-Token'] });
    const response = await handler(
      new Request(ENDPOINT, {
        method: 'OPTIONS',
        headers: { origin: allowed, 'access-control-request-method': 'POST' },
      }),
    );
    const result = await capture(response);
    expect(result.status).toBe(204);
    expect(result.text).toBe('');
    expect(result.headers.get('access-control-allow-origin')).toBe(allowed);
    expect(result.headers.get('access-control-allow-methods')).toBe('POST');
    expect(result.headers.get('access-control-allow-headers')).toBe(
      'Content-Type, X-CSRF-Token, x-captcha-token',
    );
    expect(result.headers.get('access-control-allow-credentials')).toBe('true');
    expect(result.headers.get('access-control-max-age')).toBe('600');
  });

  it('refuses the preflight of another origin with 403', async () => {
    const result = await call(
      withOrigins(),
      new Request(ENDPOINT, { method: 'OPTIONS', headers: { origin: 'https://evil.example' } }),
    );
    expectErrorShape(result, 403);
    expect(result.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('errors sent to an allowed origin carry CORS headers so the browser can read them', async () => {
    const result = await call(withOrigins(), post({ agent_id: 'agent_b' }, { headers: { origin: allowed } }));
    expectErrorShape(result, 400);
    expect(result.headers.get('access-control-allow-origin')).toBe(allowed);
  });

  it('without allowedOrigins: same-origin only, judged by Sec-Fetch-Site, and no CORS headers', async () => {
    const handler = make();
    for (const site of ['cross-site', 'same-site']) {
      const result = await call(
        handler,
        post({}, { headers: { 'sec-fetch-site': site, origin: 'https://x.example' } }),
      );
      expectErrorShape(result, 403, /Cross-origin/);
    }
    const same = await call(
      handler,
      post({}, { headers: { 'sec-fetch-site': 'same-origin', origin: 'http://app.test' } }),
    );
    expect(same.status).toBe(201);
    expect(same.headers.get('access-control-allow-origin')).toBeNull();
    const options = await call(
      handler,
      new Request(ENDPOINT, { method: 'OPTIONS', headers: { origin: 'https://x.example' } }),
    );
    expect(options.status).toBe(204);
    expect(options.headers.get('allow')).toBe('POST, OPTIONS');
    expect(options.headers.get('access-control-allow-origin')).toBeNull();
    expect(fake.requests).toHaveLength(1);
  });
});

describe('authorize', () => {
  it.each([
    [401, 'Sign in to start a call.'],
    [403, 'Your plan does not include voice calls.'],
  ])('can reject with %i and a message', async (status, message) => {
    const handler = make({
      authorize: () => {
        throw new WebCallHandlerError(status, message);
      },
    });
    expectErrorShape(await call(handler, post({})), status, message);
    expect(fake.requests).toHaveLength(0);
    expect(events).toHaveLength(0);
  });

  it('can rate limit with 429 and Retry-After', async () => {
    const handler = make({
      authorize: async () => {
        throw new WebCallHandlerError(429, 'Slow down.', { headers: { 'Retry-After': '30' } });
      },
    });
    const result = await call(handler, post({}));
    expectErrorShape(result, 429, 'Slow down.');
    expect(result.headers.get('retry-after')).toBe('30');
  });

  it('receives the request and the validated body (agent filled in), and can rewrite it', async () => {
    const seen: unknown[] = [];
    const handler = make({
      authorize: async (request, body) => {
        seen.push(request.headers.get('x-user'), structuredClone(body));
        return { ...body, metadata: { user_id: request.headers.get('x-user') ?? '' } };
      },
    });
    const result = await call(
      handler,
      post({ metadata: { spoofed: 'admin' } }, { headers: { 'x-user': 'u_7' } }),
    );
    expect(result.status).toBe(201);
    expect(seen).toEqual(['u_7', { agent_id: 'agent_fixed', metadata: { spoofed: 'admin' } }]);
    expect(fake.requests[0]?.body).toEqual({ agent_id: 'agent_fixed', metadata: { user_id: 'u_7' } });
    expect(result.json).not.toHaveProperty('metadata');
  });

  it('changes made in place are forwarded when it returns nothing', async () => {
    const handler = make({
      authorize: (_request, body) => {
        body.retell_llm_dynamic_variables = { customer_name: 'Ada' };
      },
    });
    expect((await call(handler, post({}))).status).toBe(201);
    expect(fake.requests[0]?.body).toEqual({
      agent_id: 'agent_fixed',
      retell_llm_dynamic_variables: { customer_name: 'Ada' },
    });
  });

  it('an unexpected throw answers 500 generically and reports it (redacted)', async () => {
    const handler = make({
      authorize: () => {
        throw new Error(`db down (connected with ${API_KEY})`);
      },
    });
    const result = await call(handler, post({}));
    expectErrorShape(result, 500, 'Internal server error.');
    expect(result.text).not.toContain('db down');
    expect(events).toEqual([expect.objectContaining({ code: 'authorize_failed', status: 500 })]);
    expect(events[0]?.message).toContain('db down');
    expect(events[0]?.message).not.toContain(API_KEY);
    expect(fake.requests).toHaveLength(0);
  });

  it.each<[string, () => unknown]>([
    ['an agent outside the policy', () => ({ agent_id: 'agent_b' })],
    ['an unknown field', () => ({ agent_id: 'agent_fixed', extra: 1 })],
    ['a __proto__ key', () => JSON.parse('{"agent_id":"agent_fixed","metadata":{"__proto__":{"x":1}}}')],
    ['a non-object', () => 'agent_fixed'],
    ['a BigInt in metadata', () => ({ agent_id: 'agent_fixed', metadata: { n: 1n } })],
  ])('a rewritten body with %s is not forwarded (500, reported)', async (_name, rewrite) => {
    const handler = make({ authorize: rewrite as never });
    expectErrorShape(await call(handler, post({})), 500);
    expect(events[0]?.code).toBe('authorize_invalid_body');
    expect(fake.requests).toHaveLength(0);
  });

  it('a WebCallHandlerError status outside 400–599 becomes 500', async () => {
    const handler = make({
      authorize: () => {
        throw new WebCallHandlerError(200, 'ok?');
      },
    });
    expectErrorShape(await call(handler, post({})), 500);
  });

  it('runs after validation: an invalid body never reaches it', async () => {
    const authorize = vi.fn();
    const handler = make({ authorize });
    expectErrorShape(await call(handler, post({ agent_id: 'agent_b' })), 400);
    expect(authorize).not.toHaveBeenCalled();
  });
});

describe('Retell failures', () => {
  it.each<[number, number, string]>([
    [400, 502, 'retell_rejected_request'],
    [401, 500, 'retell_unauthorized'],
    [402, 503, 'retell_payment_required'],
    [403, 500, 'retell_unauthorized'],
    [404, 502, 'retell_unexpected_status'],
    [422, 502, 'retell_rejected_request'],
    [429, 429, 'retell_rate_limited'],
    [500, 502, 'retell_server_error'],
    [503, 502, 'retell_server_error'],
  ])('Retell %i → %i in the error shape, reported as %s, not retried', async (retellStatus, status, code) => {
    fake.mode = { kind: 'status', status: retellStatus, message: 'internal detail from Retell' };
    const result = await call(make(), post({}));
    expectErrorShape(result, status);
    expect(result.text).not.toContain('internal detail');
    expect(fake.requests).toHaveLength(1);
    expect(events).toEqual([
      expect.objectContaining({ code, status, retellStatus, retellMessage: 'internal detail from Retell' }),
    ]);
  });

  it('a wrong key becomes a 500 for the browser and a "RETELL_API_KEY is invalid" report for the operator', async () => {
    const wrongKey = 'key_wrong_0000000000_SECRET';
    const handler = make({ apiKey: wrongKey });
    const result = await call(handler, post({}));
    expectErrorShape(result, 500, 'not configured correctly');
    expect(fake.requests[0]?.authorization).toBe(`Bearer ${wrongKey}`);
    expect(events[0]?.message).toMatch(/RETELL_API_KEY is invalid/);
    expect(events[0]?.message).not.toContain(wrongKey);
    expect(result.text).not.toMatch(/RETELL_API_KEY|api key/i);
    expectNoKeyAnywhere(wrongKey);
  });

  it('429 passes a valid Retry-After through and drops an invalid one', async () => {
    fake.mode = { kind: 'status', status: 429, headers: { 'retry-after': '7' } };
    expect((await call(make(), post({}))).headers.get('retry-after')).toBe('7');
    fake.mode = { kind: 'status', status: 429, headers: { 'retry-after': 'soon<script>' } };
    const result = await call(make(), post({}));
    expectErrorShape(result, 429);
    expect(result.headers.get('retry-after')).toBeNull();
  });

  it('a stalled Retell answers 504 after timeoutMs, once', async () => {
    fake.mode = { kind: 'stall' };
    const started = performance.now();
    const result = await call(make({ timeoutMs: 200 }), post({}));
    expectErrorShape(result, 504, /in time/);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(fake.requests).toHaveLength(1);
    expect(events[0]?.code).toBe('retell_timeout');
  });

  it('a body that stalls after the headers answers 504 too', async () => {
    fake.mode = { kind: 'stallBody' };
    expectErrorShape(await call(make({ timeoutMs: 200 }), post({})), 504);
  });

  it('an injected fetch that ignores the signal still times out', async () => {
    const handler = make({ timeoutMs: 100, fetch: () => new Promise<Response>(() => {}) });
    expectErrorShape(await call(handler, post({})), 504);
  });

  it('a dropped connection answers 502', async () => {
    fake.mode = { kind: 'drop' };
    expectErrorShape(await call(make(), post({})), 502, /reach/);
    expect(events[0]?.code).toBe('retell_network_error');
    expect(fake.requests).toHaveLength(1);
  });

  it('a connection dropped in the middle of the body answers 502', async () => {
    fake.mode = { kind: 'dropMidBody' };
    expectErrorShape(await call(make(), post({})), 502);
    expect(events[0]?.code).toBe('retell_network_error');
  });

  it('an unreachable Retell answers 502', async () => {
    const closed = await startFakeRetell(API_KEY);
    const baseUrl = closed.baseUrl;
    await closed.close();
    expectErrorShape(await call(make({ baseUrl }), post({})), 502);
  });

  it('a redirect is not followed (the key and the POST stay put)', async () => {
    fake.mode = { kind: 'redirect', location: `${fake.baseUrl}/v2/create-web-call` };
    expectErrorShape(await call(make(), post({})), 502);
    expect(fake.requests).toHaveLength(1);
    expect(events[0]?.code).toBe('retell_unexpected_status');
  });

  it.each([
    ['not JSON', 'oops'],
    ['an array', '[]'],
    [
      'no access_token',
      JSON.stringify({
        call_type: 'web_call',
        call_id: 'c',
        agent_id: 'a',
        agent_version: 1,
        call_status: 'registered',
      }),
    ],
    [
      'a blank token',
      JSON.stringify({
        call_type: 'web_call',
        access_token: ' ',
        call_id: 'c',
        agent_id: 'a',
        agent_version: 1,
        call_status: 'registered',
      }),
    ],
    [
      'the API key inside',
      JSON.stringify({
        call_type: 'web_call',
        access_token: API_KEY,
        call_id: 'c',
        agent_id: 'a',
        agent_version: 1,
        call_status: 'registered',
      }),
    ],
  ])('a 201 with %s answers 502', async (_name, body) => {
    fake.mode = { kind: 'raw', status: 201, body };
    const result = await call(make(), post({}));
    expectErrorShape(result, 502, /invalid answer/);
    expect(events[0]?.code).toBe('retell_invalid_response');
  });

  it("redacts the key from Retell's own messages before reporting them", async () => {
    fake.mode = { kind: 'status', status: 401, message: `Invalid key ${API_KEY}` };
    const result = await call(make(), post({}));
    expectErrorShape(result, 500);
    expect(events[0]?.retellMessage).toBe('Invalid key [redacted]');
  });

  it('a throwing onError does not change the answer', async () => {
    fake.mode = { kind: 'status', status: 500 };
    const handler = make({
      onError: () => {
        throw new Error('logger down');
      },
    });
    expectErrorShape(await call(handler, post({})), 502);
  });

  it('reports to console.error by default, without the key', async () => {
    fake.mode = { kind: 'status', status: 401 };
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const handler = createWebCallHandler({
        apiKey: API_KEY,
        baseUrl: fake.baseUrl,
        agentId: 'agent_fixed',
      });
      await call(handler, post({}));
      expect(spy).toHaveBeenCalledTimes(1);
      const printed = spy.mock.calls.flat().map(String).join(' ');
      expect(printed).toMatch(/RETELL_API_KEY is invalid/);
      expect(printed).not.toContain(API_KEY);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('the key never leaks', () => {
  it('no answer of this file contained the key in its body or headers', () => {
    expect(captured.length).toBeGreaterThan(50);
    expectNoKeyAnywhere();
  });
});
