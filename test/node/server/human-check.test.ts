import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type CreateWebCallHandlerOptions,
  createNodeWebCallHandler,
  createWebCallHandler,
  hcaptcha,
  recaptcha,
  turnstile,
  type WebCallHandlerErrorEvent,
} from '../../../src/server/index.ts';
import { type FakeRetell, startFakeRetell } from './fakeRetell.ts';
import { type FakeSiteverify, startFakeSiteverify } from './fakeSiteverify.ts';
import { API_KEY, type Captured, capture, expectNoKeyAnywhere, reported } from './helpers.ts';

// verifyHuman against loopback fakes of each provider's siteverify, answering each provider's real shape.

const ENDPOINT = 'http://app.test/api/create-web-call';
const SECRET = 'captcha_secret_0x123';
let fake: FakeRetell;
let siteverify: FakeSiteverify;
let events: WebCallHandlerErrorEvent[] = [];
const servers: Server[] = [];

beforeAll(async () => {
  fake = await startFakeRetell(API_KEY);
  siteverify = await startFakeSiteverify();
});
afterEach(async () => {
  fake.reset();
  siteverify.requests.length = 0;
  siteverify.answer = { kind: 'json', body: { success: true } };
  events = [];
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});
afterAll(async () => {
  expectNoKeyAnywhere();
  expectNoKeyAnywhere(SECRET);
  await fake.close();
  await siteverify.close();
});

function make(options: CreateWebCallHandlerOptions) {
  return createWebCallHandler({
    apiKey: API_KEY,
    baseUrl: fake.baseUrl,
    agentId: 'agent_fixed',
    onError: (event) => {
      events.push(event);
      reported.push(event);
    },
    ...options,
  });
}

function post(token?: string): Request {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== undefined) headers['x-captcha-token'] = token;
  return new Request(ENDPOINT, { method: 'POST', headers, body: '{}' });
}

function expectHumanCheckFailed(result: Captured): void {
  expect(result.status).toBe(403);
  expect(result.json).toEqual({ status: 'error', message: expect.any(String), reason: 'human_check_failed' });
  expect(fake.requests).toHaveLength(0);
}

// Each provider's documented answer shapes.
const TURNSTILE_OK = {
  success: true,
  'error-codes': [],
  challenge_ts: '2026-12-01T12:00:00.000Z',
  hostname: 'app.example.com',
  action: '',
  cdata: '',
  metadata: { interactive: false },
};
const RECAPTCHA_OK = {
  success: true,
  score: 0.9,
  action: 'start_call',
  challenge_ts: '2026-12-01T12:00:00Z',
  hostname: 'app.example.com',
};
const HCAPTCHA_OK = {
  success: true,
  challenge_ts: '2026-12-01T12:00:00Z',
  hostname: 'app.example.com',
  credit: false,
};

const providers = [
  [
    'turnstile',
    () => turnstile({ secret: SECRET, verifyUrl: siteverify.url, hostname: 'app.example.com' }),
    TURNSTILE_OK,
  ],
  [
    'recaptcha',
    () =>
      recaptcha({
        secret: SECRET,
        verifyUrl: siteverify.url,
        hostname: 'app.example.com',
        minScore: 0.5,
        action: 'start_call',
      }),
    RECAPTCHA_OK,
  ],
  [
    'hcaptcha',
    () => hcaptcha({ secret: SECRET, verifyUrl: siteverify.url, hostname: 'app.example.com' }),
    HCAPTCHA_OK,
  ],
] as const;

describe.each(providers)('%s', (_name, verifier, ok) => {
  it('a valid token: 201; the token was posted form-encoded with the secret', async () => {
    siteverify.answer = { kind: 'json', body: ok };
    const result = await capture(await make({ verifyHuman: verifier() })(post('tok_123')));
    expect(result.status).toBe(201);
    expect(siteverify.requests).toHaveLength(1);
    const [sent] = siteverify.requests;
    expect(sent?.contentType).toMatch(/^application\/x-www-form-urlencoded/);
    expect(Object.fromEntries(sent?.form ?? [])).toEqual({ secret: SECRET, response: 'tok_123' });
    expect(events).toEqual([]);
  });

  it('no x-captcha-token: 403 human_check_failed without asking the provider, not reported', async () => {
    expectHumanCheckFailed(await capture(await make({ verifyHuman: verifier() })(post())));
    expectHumanCheckFailed(await capture(await make({ verifyHuman: verifier() })(post('   '))));
    expect(siteverify.requests).toHaveLength(0);
    expect(events).toEqual([]);
  });

  it.each(['invalid-input-response', 'timeout-or-duplicate'])(
    'a refused token (%s): 403, not reported (it is the visitor, not the setup)',
    async (code) => {
      siteverify.answer = { kind: 'json', body: { success: false, 'error-codes': [code] } };
      expectHumanCheckFailed(await capture(await make({ verifyHuman: verifier() })(post('tok'))));
      expect(events).toEqual([]);
    },
  );

  it('a token solved on another hostname: 403', async () => {
    siteverify.answer = { kind: 'json', body: { ...ok, hostname: 'evil.example.net' } };
    expectHumanCheckFailed(await capture(await make({ verifyHuman: verifier() })(post('tok'))));
  });

  it.each(['invalid-input-secret', 'missing-input-secret', 'bad-request'])(
    'a setup error (%s): 403 and human_check_error to onError',
    async (code) => {
      siteverify.answer = { kind: 'json', body: { success: false, 'error-codes': [code] } };
      expectHumanCheckFailed(await capture(await make({ verifyHuman: verifier() })(post('tok'))));
      expect(events.map((e) => [e.code, e.status])).toEqual([['human_check_error', 403]]);
      expect(events[0]?.message).toContain(code);
    },
  );

  it('siteverify answering HTTP 500: 403 and human_check_error', async () => {
    siteverify.answer = { kind: 'json', body: { error: 'down' }, status: 500 };
    expectHumanCheckFailed(await capture(await make({ verifyHuman: verifier() })(post('tok'))));
    expect(events.map((e) => e.code)).toEqual(['human_check_error']);
  });
});

describe('recaptcha v3 specifics', () => {
  const check = (options: Partial<Parameters<typeof recaptcha>[0]> = {}) =>
    make({
      verifyHuman: recaptcha({ secret: SECRET, verifyUrl: siteverify.url, minScore: 0.5, ...options }),
    });

  it('a score under minScore: 403; at minScore: 201', async () => {
    siteverify.answer = { kind: 'json', body: { ...RECAPTCHA_OK, score: 0.4 } };
    expectHumanCheckFailed(await capture(await check()(post('tok'))));
    siteverify.answer = { kind: 'json', body: { ...RECAPTCHA_OK, score: 0.5 } };
    expect((await capture(await check()(post('tok')))).status).toBe(201);
  });

  it('another action: 403', async () => {
    siteverify.answer = { kind: 'json', body: { ...RECAPTCHA_OK, action: 'login' } };
    expectHumanCheckFailed(await capture(await check({ action: 'start_call' })(post('tok'))));
  });

  it('no score in the answer (a v2 secret): 403 and human_check_error', async () => {
    siteverify.answer = { kind: 'json', body: { success: true, hostname: 'app.example.com' } };
    expectHumanCheckFailed(await capture(await check()(post('tok'))));
    expect(events[0]?.message).toMatch(/v3/);
  });

  it('a minScore outside 0–1: human_check_error', async () => {
    expectHumanCheckFailed(await capture(await check({ minScore: 5 })(post('tok'))));
    expect(events[0]?.message).toMatch(/minScore/);
  });
});

describe('setup problems found at request time, never at import', () => {
  it('a missing secret (unset environment variable): created fine, 403 + human_check_error', async () => {
    const handler = make({ verifyHuman: turnstile({ secret: undefined, verifyUrl: siteverify.url }) });
    expectHumanCheckFailed(await capture(await handler(post('tok'))));
    expect(events[0]?.message).toMatch(/no secret/);
    expect(siteverify.requests).toHaveLength(0);
  });

  it('a plain-http verifyUrl off localhost: human_check_error, the secret is never sent', async () => {
    const handler = make({
      verifyHuman: hcaptcha({ secret: SECRET, verifyUrl: 'http://verify.example.com/x' }),
    });
    expectHumanCheckFailed(await capture(await handler(post('tok'))));
    expect(events[0]?.message).toMatch(/https/);
  });
});

describe('the 5 s limit', () => {
  it('a siteverify that never answers: 403 and human_check_error after 5 s, the request aborted', async () => {
    siteverify.answer = { kind: 'stall' };
    const started = Date.now();
    const result = await capture(
      await make({ verifyHuman: turnstile({ secret: SECRET, verifyUrl: siteverify.url }) })(post('tok')),
    );
    const elapsed = Date.now() - started;
    expectHumanCheckFailed(result);
    expect(elapsed).toBeGreaterThanOrEqual(4_900);
    expect(events[0]?.message).toMatch(/5000 ms/);
  }, 15_000);

  it('a custom verifier that hangs gets its signal aborted at 5 s', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      let signal: AbortSignal | undefined;
      const pending = make({
        verifyHuman: (_request, context) => {
          signal = context.signal;
          return new Promise<boolean>(() => {});
        },
      })(post('tok'));
      await vi.advanceTimersByTimeAsync(5_000);
      expectHumanCheckFailed(await capture(await pending));
      expect(signal?.aborted).toBe(true);
      expect(events.map((e) => e.code)).toEqual(['human_check_error']);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('a custom verifier', () => {
  it('gets the request and the token; true lets the call through', async () => {
    const verifyHuman = vi.fn(
      (_request: Request, context: { token: string | undefined }) => context.token === 'ok',
    );
    expect((await capture(await make({ verifyHuman })(post('ok')))).status).toBe(201);
    expect(verifyHuman.mock.calls[0]?.[0]).toBeInstanceOf(Request);
  });

  it.each<[string, () => unknown]>([
    ['false', () => false],
    ['a truthy non-boolean', () => 'yes'],
    ['a promise of false', async () => false],
  ])('%s: 403, not reported', async (_name, verifyHuman) => {
    expectHumanCheckFailed(
      await capture(await make({ verifyHuman: verifyHuman as () => boolean })(post('t'))),
    );
    expect(events).toEqual([]);
  });

  it('one that throws: 403 and human_check_error', async () => {
    const verifyHuman = () => {
      throw new Error('provider SDK crashed');
    };
    expectHumanCheckFailed(await capture(await make({ verifyHuman })(post('t'))));
    expect(events[0]?.message).toMatch(/provider SDK crashed/);
  });

  it('a verifyHuman that is not a function is a configuration error (500)', async () => {
    const result = await capture(await make({ verifyHuman: 'turnstile' as never })(post('t')));
    expect(result.status).toBe(500);
    expect(events.map((e) => e.code)).toEqual(['configuration_error']);
  });
});

describe('with the Node adapter', () => {
  it('sends remoteip (the socket address) to siteverify', async () => {
    const handle = createNodeWebCallHandler({
      apiKey: API_KEY,
      baseUrl: fake.baseUrl,
      agentId: 'agent_fixed',
      verifyHuman: turnstile({ secret: SECRET, verifyUrl: siteverify.url }),
    });
    const server = createServer((req, res) => void handle(req, res));
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-captcha-token': 'tok' },
      body: '{}',
    });
    expect(response.status).toBe(201);
    expect(siteverify.requests[0]?.form.get('remoteip')).toBe('127.0.0.1');
  });
});

describe('CORS', () => {
  it('the preflight allows x-captcha-token', async () => {
    const handler = make({ allowedOrigins: ['https://app.example.com'] });
    const result = await capture(
      await handler(
        new Request(ENDPOINT, {
          method: 'OPTIONS',
          headers: {
            origin: 'https://app.example.com',
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'content-type, x-captcha-token',
          },
        }),
      ),
    );
    expect(result.status).toBe(204);
    expect(result.headers.get('access-control-allow-headers')?.toLowerCase()).toBe(
      'content-type, x-captcha-token',
    );
  });
});
