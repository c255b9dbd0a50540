import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createMemoryRateLimitStore,
  createNodeWebCallHandler,
  createRedisRateLimitStore,
  createWebCallHandler,
  type RateLimitStore,
  type WebCallHandlerErrorEvent,
} from '../../../src/server/index.ts';
import { type FakeRetell, startFakeRetell } from './fakeRetell.ts';
import { API_KEY, capture, expectErrorShape, expectNoKeyAnywhere, reported } from './helpers.ts';
import { type RedisServer, startRedisServer } from './redis.ts';

// createRedisRateLimitStore against a real redis-server (started on a free port for this file), with both
// client libraries an app may pass in: node-redis and ioredis.

let redis: RedisServer;
let fake: FakeRetell;
let nodeRedis: ReturnType<typeof createClient>;
let ioredis: Redis;
const servers: Server[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
  fake = await startFakeRetell(API_KEY);
  nodeRedis = createClient({ url: redis.url });
  nodeRedis.on('error', () => {});
  await nodeRedis.connect();
  ioredis = new Redis(redis.url, { lazyConnect: true });
  await ioredis.connect();
}, 300_000);
afterEach(async () => {
  fake.reset();
  await ioredis.flushall();
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});
afterAll(async () => {
  expectNoKeyAnywhere();
  await nodeRedis?.close();
  ioredis?.disconnect();
  await fake?.close();
  await redis?.stop();
});

const clients = [
  ['node-redis', () => createRedisRateLimitStore(nodeRedis)],
  ['ioredis', () => createRedisRateLimitStore(ioredis)],
] as const;

describe.each(clients)('with a %s client', (_name, makeStore) => {
  it('counts hits per key in one window and reports the time left (PTTL)', async () => {
    const store = makeStore();
    const first = await store.hit('203.0.113.7', 60_000);
    const second = await store.hit('203.0.113.7', 60_000);
    const other = await store.hit('198.51.100.1', 60_000);
    expect([first.count, second.count, other.count]).toEqual([1, 2, 1]);
    expect(first.resetInMs).toBe(60_000);
    expect(second.resetInMs).toBeGreaterThan(59_000);
    expect(second.resetInMs).toBeLessThanOrEqual(60_000);
    const pttl = await ioredis.pttl('retell-web-call:rate:203.0.113.7');
    expect(pttl).toBeGreaterThan(59_000);
    expect(pttl).toBeLessThanOrEqual(60_000);
  });

  it('writes only prefixed keys, and every key expires with its window', async () => {
    const client = _name === 'ioredis' ? ioredis : nodeRedis;
    const store = createRedisRateLimitStore(client, { prefix: 'app1:' });
    await store.hit('a', 150);
    await store.hit('b', 150);
    expect((await ioredis.keys('*')).sort()).toEqual(['app1:a', 'app1:b']);
    for (const key of ['app1:a', 'app1:b']) expect(await ioredis.pttl(key)).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await ioredis.keys('*')).toEqual([]);
    expect((await store.hit('a', 150)).count).toBe(1);
  });

  it('repairs a key that lost its expiry (PERSIST), so it cannot count forever', async () => {
    const store = makeStore();
    await store.hit('k', 60_000);
    await ioredis.persist('retell-web-call:rate:k');
    expect(await ioredis.pttl('retell-web-call:rate:k')).toBe(-1);
    const counted = await store.hit('k', 60_000);
    expect(counted.count).toBe(2);
    expect(await ioredis.pttl('retell-web-call:rate:k')).toBeGreaterThan(0);
  });

  it('never loses a count under 50 concurrent hits (one atomic script per hit)', async () => {
    const store = makeStore();
    const counts = await Promise.all(Array.from({ length: 50 }, () => store.hit('burst', 60_000)));
    expect(counts.map((c) => c.count).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
  });
});

async function listen(handle: ReturnType<typeof createNodeWebCallHandler>): Promise<string> {
  const server = createServer((req, res) => void handle(req, res));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/create-web-call`;
}

function instance(store: RateLimitStore, events: WebCallHandlerErrorEvent[]) {
  return createNodeWebCallHandler({
    apiKey: API_KEY,
    baseUrl: fake.baseUrl,
    agentId: 'agent_fixed',
    // No `key`: behind the Node adapter the socket address (127.0.0.1 here) is the key.
    rateLimit: { limit: 7, windowMs: 60_000, store },
    onError: (event) => {
      events.push(event);
      reported.push(event);
    },
  });
}

async function postOver(url: string) {
  return capture(
    await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }),
  );
}

describe('two handler instances sharing one Redis', () => {
  it('let exactly `limit` of 20 concurrent requests through, across both instances and both clients', async () => {
    const events: WebCallHandlerErrorEvent[] = [];
    const urlA = await listen(instance(createRedisRateLimitStore(nodeRedis), events));
    const urlB = await listen(instance(createRedisRateLimitStore(ioredis), events));
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => postOver(i % 2 ? urlA : urlB)));
    const created = results.filter((r) => r.status === 201);
    const limited = results.filter((r) => r.status === 429);
    expect(created).toHaveLength(7);
    expect(limited).toHaveLength(13);
    expect(fake.requests).toHaveLength(7);
    for (const result of limited) {
      const retryAfter = Number(result.headers.get('retry-after'));
      expect(Number.isInteger(retryAfter)).toBe(true);
      expect(retryAfter).toBeGreaterThanOrEqual(59);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(result.json).toEqual({
        status: 'error',
        message: `Too many calls. Try again in ${retryAfter} seconds.`,
        reason: 'rate_limited',
      });
    }
    expect(events).toEqual([]);
    expect(await ioredis.get('retell-web-call:rate:127.0.0.1')).toBe('20');
  });

  it('a store per instance in memory would not hold the limit: the Redis keys are what is shared', async () => {
    // Control for the test above: two memory stores let 2 × limit through.
    const events: WebCallHandlerErrorEvent[] = [];
    const urlA = await listen(instance(createMemoryRateLimitStore(), events));
    const urlB = await listen(instance(createMemoryRateLimitStore(), events));
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => postOver(i % 2 ? urlA : urlB)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(14);
  });
});

describe('when Redis fails', () => {
  it('refuses the request with 503 and reports rate_limit_store_failed (fail closed), Retell never called', async () => {
    const down = await startRedisServer();
    const client = new Redis(down.url, { maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => {});
    await down.stop();
    const events: WebCallHandlerErrorEvent[] = [];
    const handler = createWebCallHandler({
      apiKey: API_KEY,
      baseUrl: fake.baseUrl,
      agentId: 'agent_fixed',
      rateLimit: {
        limit: 5,
        windowMs: 60_000,
        key: () => 'user_1',
        store: createRedisRateLimitStore(client),
      },
      onError: (event) => {
        events.push(event);
        reported.push(event);
      },
    });
    const result = await capture(
      await handler(
        new Request('http://app.test/api/create-web-call', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        }),
      ),
    );
    expectErrorShape(result, 503);
    expect(events.map((e) => e.code)).toEqual(['rate_limit_store_failed']);
    expect(events[0]?.status).toBe(503);
    expect(fake.requests).toHaveLength(0);
    client.disconnect();
  });
});
