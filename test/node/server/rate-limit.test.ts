import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type CreateWebCallHandlerOptions,
  createMemoryRateLimitStore,
  createNodeWebCallHandler,
  createWebCallHandler,
  type RateLimitStore,
  type WebCallHandlerErrorEvent,
} from '../../../src/server/index.ts';
import { type FakeRetell, startFakeRetell } from './fakeRetell.ts';
import { API_KEY, capture, expectErrorShape, expectNoKeyAnywhere, reported } from './helpers.ts';

// `rateLimit` with the memory store: the store against a model, the handler's 429 contract, the key rules
// and the fail-closed store.

const ENDPOINT = 'http://app.test/api/create-web-call';
let fake: FakeRetell;
let events: WebCallHandlerErrorEvent[] = [];
const servers: Server[] = [];

beforeAll(async () => {
  fake = await startFakeRetell(API_KEY);
});
afterEach(async () => {
  vi.useRealTimers();
  fake.reset();
  events = [];
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});
afterAll(async () => {
  expectNoKeyAnywhere();
  await fake.close();
});

function make(options: CreateWebCallHandlerOptions = {}) {
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

function post(headers: Record<string, string> = {}): Request {
  return new Request(ENDPOINT, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: '{}',
  });
}

describe('createMemoryRateLimitStore', () => {
  type Step = { kind: 'hit'; key: string } | { kind: 'advance'; ms: number };
  const step = fc.oneof(
    fc.record({ kind: fc.constant('hit' as const), key: fc.constantFrom('a', 'b', 'c', '::1', '10.0.0.1') }),
    fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 3_000 }) }),
  );

  it('matches a fixed-window model over any interleaving of hits and clock advances', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    for (const seed of [1, 2, 3]) {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 1, max: 2_000 }),
          fc.array(step, { maxLength: 60 }),
          async (windowMs, steps: Step[]) => {
            let now = 1_000_000;
            vi.setSystemTime(now);
            const store = createMemoryRateLimitStore();
            const model = new Map<string, { count: number; resetAt: number }>();
            for (const s of steps) {
              if (s.kind === 'advance') {
                now += s.ms;
                vi.setSystemTime(now);
                continue;
              }
              let window = model.get(s.key);
              if (window === undefined || window.resetAt <= now) {
                window = { count: 0, resetAt: now + windowMs };
                model.set(s.key, window);
              }
              window.count++;
              expect(await store.hit(s.key, windowMs)).toEqual({
                count: window.count,
                resetInMs: window.resetAt - now,
              });
            }
          },
        ),
        { seed, numRuns: 150 },
      );
    }
  });

  it('holds at most maxKeys keys and sweeps expired windows as hits arrive', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 500 })), {
          maxLength: 200,
        }),
        async (maxKeys, hits) => {
          let now = 0;
          vi.setSystemTime(now);
          const store = createMemoryRateLimitStore({ maxKeys });
          for (const [key, advance] of hits) {
            now += advance;
            vi.setSystemTime(now);
            await store.hit(`k${key}`, 1_000);
            expect(store.size).toBeLessThanOrEqual(maxKeys);
          }
          // Past every window, one hit sweeps the rest away.
          vi.setSystemTime(now + 1_000);
          await store.hit('last', 1_000);
          expect(store.size).toBe(1);
        },
      ),
      { seed: 7, numRuns: 100 },
    );
  });

  it('counterexample kept: maxKeys 1, two keys at the same instant hold one key', async () => {
    const store = createMemoryRateLimitStore({ maxKeys: 1 });
    await store.hit('k0', 1_000);
    await store.hit('k1', 1_000);
    expect(store.size).toBe(1);
  });

  it('with 10,000 keys live, a flood of 25,000 new addresses never grows it past maxKeys', async () => {
    const store = createMemoryRateLimitStore();
    for (let i = 0; i < 25_000; i++) await store.hit(`10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`, 60_000);
    expect(store.size).toBe(10_000);
  });

  it('refuses a maxKeys that is not a positive integer', () => {
    expect(() => createMemoryRateLimitStore({ maxKeys: 0 })).toThrow(TypeError);
    expect(() => createMemoryRateLimitStore({ maxKeys: 1.5 })).toThrow(/maxKeys/);
  });
});

describe('rateLimit in the handler', () => {
  it('answers the request over the limit with 429, Retry-After and reason rate_limited; Retell is not called', async () => {
    const handler = make({ rateLimit: { limit: 2, windowMs: 60_000, key: () => 'user_1' } });
    expect((await capture(await handler(post()))).status).toBe(201);
    expect((await capture(await handler(post()))).status).toBe(201);
    const limited = await capture(await handler(post()));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('60');
    expect(limited.headers.get('cache-control')).toBe('no-store');
    expect(limited.json).toEqual({
      status: 'error',
      message: 'Too many calls. Try again in 60 seconds.',
      reason: 'rate_limited',
    });
    expect(fake.requests).toHaveLength(2);
    expect(events).toEqual([]);
  });

  it('counts only requests that would reach Retell: preflights, wrong methods and invalid bodies are free', async () => {
    const handler = make({
      allowedOrigins: ['https://app.example.com'],
      rateLimit: { limit: 1, windowMs: 60_000, key: () => 'k' },
    });
    const origin = { origin: 'https://app.example.com' };
    const preflight = new Request(ENDPOINT, {
      method: 'OPTIONS',
      headers: { ...origin, 'access-control-request-method': 'POST' },
    });
    expect((await capture(await handler(preflight))).status).toBe(204);
    expect((await capture(await handler(new Request(ENDPOINT, { headers: origin })))).status).toBe(405);
    const invalid = new Request(ENDPOINT, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...origin },
      body: '{"agent_id":"agent_other"}',
    });
    expect((await capture(await handler(invalid))).status).toBe(400);
    expect((await capture(await handler(post(origin)))).status).toBe(201);
    expect((await capture(await handler(post(origin)))).status).toBe(429);
  });

  it('counts each key on its own (never one bucket for everyone)', async () => {
    const handler = make({
      rateLimit: { limit: 1, windowMs: 60_000, key: (request) => request.headers.get('x-user') ?? undefined },
    });
    expect((await capture(await handler(post({ 'x-user': 'a' })))).status).toBe(201);
    expect((await capture(await handler(post({ 'x-user': 'b' })))).status).toBe(201);
    expect((await capture(await handler(post({ 'x-user': 'a' })))).status).toBe(429);
  });

  it('counts long keys on their own: two 600-character keys that differ only at the end never share a bucket', async () => {
    let key = '';
    const hits: string[] = [];
    const memory = createMemoryRateLimitStore();
    const store = {
      hit: (bucket: string, windowMs: number) => {
        hits.push(bucket);
        return memory.hit(bucket, windowMs);
      },
    };
    const handler = make({ rateLimit: { limit: 1, windowMs: 60_000, key: () => key, store } });
    const statusFor = async (next: string) => {
      key = next;
      return (await capture(await handler(post()))).status;
    };
    const prefix = 'u'.repeat(599);
    expect(await statusFor(`${prefix}a`)).toBe(201);
    expect(await statusFor(`${prefix}b`)).toBe(201);
    expect(await statusFor(`${prefix}a`)).toBe(429);
    // The store holds a short digest, never the long key itself.
    expect(hits.every((bucket) => /^sha256:[0-9a-f]{64}$/.test(bucket))).toBe(true);
    expect(await statusFor('u'.repeat(512))).toBe(201); // up to 512 characters, the key is the bucket
    expect(hits.at(-1)).toBe('u'.repeat(512));
  });

  it('counts IPv6 keys per /64 network and IPv4-mapped addresses as IPv4', async () => {
    let key = '';
    const handler = make({ rateLimit: { limit: 1, windowMs: 60_000, key: () => key } });
    const statusFor = async (next: string) => {
      key = next;
      return (await capture(await handler(post()))).status;
    };
    expect(await statusFor('2001:db8:1:2::1')).toBe(201);
    expect(await statusFor('2001:DB8:1:2:ffff:ffff:ffff:ffff')).toBe(429);
    expect(await statusFor('2001:db8:1:3::1')).toBe(201);
    expect(await statusFor('::ffff:192.0.2.1')).toBe(201);
    expect(await statusFor('192.0.2.1')).toBe(429);
  });

  it('runs before verifyHuman and authorize: a limited request costs no captcha check and no lookup', async () => {
    const verifyHuman = vi.fn(() => true);
    const authorize = vi.fn();
    const handler = make({
      rateLimit: { limit: 1, windowMs: 60_000, key: () => 'k' },
      verifyHuman,
      authorize,
    });
    await handler(post());
    expect((await capture(await handler(post()))).status).toBe(429);
    expect(verifyHuman).toHaveBeenCalledTimes(1);
    expect(authorize).toHaveBeenCalledTimes(1);
  });

  it('Retry-After is whole seconds rounded up and at least 1', async () => {
    for (const [resetInMs, expected] of [
      [0, '1'],
      [1, '1'],
      [1_000, '1'],
      [1_001, '2'],
      [59_999, '60'],
    ] as const) {
      const store: RateLimitStore = { hit: async () => ({ count: 2, resetInMs }) };
      const result = await capture(
        await make({ rateLimit: { limit: 1, windowMs: 60_000, key: () => 'k', store } })(post()),
      );
      expect(result.headers.get('retry-after')).toBe(expected);
      expect((result.json as { message: string }).message).toBe(
        `Too many calls. Try again in ${expected} seconds.`,
      );
    }
  });

  it('cross-origin, the 429 carries the CORS headers and exposes Retry-After', async () => {
    const handler = make({
      allowedOrigins: ['https://app.example.com'],
      rateLimit: { limit: 1, windowMs: 60_000, key: () => 'k' },
    });
    await handler(post({ origin: 'https://app.example.com' }));
    const limited = await capture(await handler(post({ origin: 'https://app.example.com' })));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(limited.headers.get('access-control-expose-headers')).toBe('Retry-After');
  });

  describe('the key', () => {
    it('outside the Node adapter without `key`: 500 and rate_limit_key_failed, Retell not called', async () => {
      const result = await capture(await make({ rateLimit: { limit: 5, windowMs: 60_000 } })(post()));
      expectErrorShape(result, 500);
      expect(events.map((e) => e.code)).toEqual(['rate_limit_key_failed']);
      expect(events[0]?.message).toMatch(/rateLimit\.key.*clientIp/);
      expect(fake.requests).toHaveLength(0);
    });

    it.each<[string, () => unknown]>([
      ['gives undefined (the trusted header is missing)', () => undefined],
      ['gives an empty string', () => ''],
      ['gives a blank string', () => '  '],
      ['gives a number', () => 42],
      [
        'throws',
        () => {
          throw new Error('session store down');
        },
      ],
      ['rejects', async () => Promise.reject(new Error('session store down'))],
    ])('a key that %s: 500 and rate_limit_key_failed', async (_name, key) => {
      const result = await capture(
        await make({ rateLimit: { limit: 5, windowMs: 60_000, key: key as () => string } })(post()),
      );
      expectErrorShape(result, 500);
      expect(events.map((e) => e.code)).toEqual(['rate_limit_key_failed']);
      expect(fake.requests).toHaveLength(0);
    });

    it('through the Node adapter, defaults to the socket address (each client address counted apart)', async () => {
      const handle = createNodeWebCallHandler({
        apiKey: API_KEY,
        baseUrl: fake.baseUrl,
        agentId: 'agent_fixed',
        rateLimit: { limit: 1, windowMs: 60_000 },
      });
      const server = createServer((req, res) => void handle(req, res));
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      const from = (localAddress: string) =>
        new Promise<number>((resolve, reject) => {
          const req = httpRequest(
            {
              host: '127.0.0.1',
              port,
              method: 'POST',
              path: '/',
              localAddress,
              headers: { 'content-type': 'application/json' },
            },
            (res) => {
              res.resume();
              res.on('end', () => resolve(res.statusCode ?? 0));
            },
          );
          req.on('error', reject);
          req.end('{}');
        });
      expect(await from('127.0.0.1')).toBe(201);
      expect(await from('127.0.0.1')).toBe(429);
      expect(await from('127.0.0.2')).toBe(201);
      expect(await from('127.0.0.2')).toBe(429);
    });
  });

  describe('a failing store (fail closed)', () => {
    it('a store that throws: 503 and rate_limit_store_failed, Retell not called', async () => {
      const store: RateLimitStore = {
        hit: () => {
          throw new Error('ECONNREFUSED');
        },
      };
      const result = await capture(
        await make({ rateLimit: { limit: 5, windowMs: 60_000, key: () => 'k', store } })(post()),
      );
      expectErrorShape(result, 503);
      expect(events.map((e) => [e.code, e.status])).toEqual([['rate_limit_store_failed', 503]]);
      expect(events[0]?.message).toMatch(/fail closed.*ECONNREFUSED/);
      expect(fake.requests).toHaveLength(0);
    });

    it('a store that answers nonsense: 503', async () => {
      const store = { hit: async () => ({ count: 'many' }) } as unknown as RateLimitStore;
      expectErrorShape(
        await capture(
          await make({ rateLimit: { limit: 5, windowMs: 60_000, key: () => 'k', store } })(post()),
        ),
        503,
      );
    });

    it('a store that never answers: 503 after 5 s', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      const store: RateLimitStore = { hit: () => new Promise(() => {}) };
      const pending = make({ rateLimit: { limit: 5, windowMs: 60_000, key: () => 'k', store } })(post());
      let settled = false;
      void pending.then(() => {
        settled = true;
      });
      await vi.advanceTimersByTimeAsync(4_999);
      expect(settled).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expectErrorShape(await capture(await pending), 503);
      expect(events[0]?.message).toMatch(/5000 ms/);
    });
  });

  it.each<[string, unknown]>([
    ['limit 0', { limit: 0, windowMs: 1_000 }],
    ['a fractional window', { limit: 1, windowMs: 1.5 }],
    ['a key that is not a function', { limit: 1, windowMs: 1_000, key: 'ip' }],
    ['a store without hit', { limit: 1, windowMs: 1_000, store: {} }],
  ])('a rateLimit with %s is a configuration error (500 at request time)', async (_name, rateLimit) => {
    let handler: ReturnType<typeof make> | undefined;
    expect(() => {
      handler = make({ rateLimit: rateLimit as never });
    }).not.toThrow();
    expectErrorShape(await capture(await (handler as ReturnType<typeof make>)(post())), 500);
    expect(events.map((e) => e.code)).toEqual(['configuration_error']);
    expect(events[0]?.message).toMatch(/rateLimit/);
  });
});
