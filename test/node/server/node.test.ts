import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type CreateWebCallHandlerOptions,
  createNodeWebCallHandler,
  createWebCallHandler,
  type NodeWebCallHandler,
  toNodeHandler,
  type WebCallHandlerErrorEvent,
} from '../../../src/server/index.ts';
import { type FakeRetell, startFakeRetell } from './fakeRetell.ts';
import { API_KEY, capture, captured, expectErrorShape, expectNoKeyAnywhere, reported } from './helpers.ts';

let fake: FakeRetell;
const servers: Server[] = [];
let events: WebCallHandlerErrorEvent[] = [];

async function serve(handle: NodeWebCallHandler, before?: (req: IncomingMessage) => Promise<void>) {
  const server = createServer((req, res) => {
    void (async () => {
      if (before) await before(req);
      await handle(req, res);
    })();
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/create-web-call`;
}

function options(extra: CreateWebCallHandlerOptions = {}): CreateWebCallHandlerOptions {
  return {
    apiKey: API_KEY,
    baseUrl: fake.baseUrl,
    agentId: 'agent_fixed',
    onError: (event) => {
      events.push(event);
      reported.push(event);
    },
    ...extra,
  };
}

async function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  return capture(
    await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  );
}

/** Streams `{"metadata":{"x":"aaaa…` in 1 KiB chunks with chunked encoding until the server answers. */
function streamUntilAnswered(url: string, maxChunks: number) {
  return new Promise<{ status: number; text: string; written: number; headers: IncomingMessage['headers'] }>(
    (resolve, reject) => {
      const target = new URL(url);
      const req = httpRequest({
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      });
      let written = 0;
      let answered = false;
      req.on('response', (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          req.destroy();
          resolve({
            status: res.statusCode ?? 0,
            text: Buffer.concat(chunks).toString(),
            written,
            headers: res.headers,
          });
        });
      });
      req.on('error', (error) => {
        if (!answered) reject(error);
      });
      req.write('{"metadata":{"x":"');
      const pump = () => {
        if (answered || written >= maxChunks) return;
        written++;
        req.write('a'.repeat(1024), () => setTimeout(pump, 1));
      };
      pump();
    },
  );
}

beforeAll(async () => {
  fake = await startFakeRetell(API_KEY);
});
afterEach(() => {
  fake.reset();
  events = [];
});
afterAll(async () => {
  expectNoKeyAnywhere();
  await Promise.all(
    servers.map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
  await fake.close();
});

describe('toNodeHandler over real HTTP', () => {
  it('answers 201 with the call, after one POST to the fake Retell', async () => {
    const url = await serve(toNodeHandler(createWebCallHandler(options())));
    const result = await postJson(url, { metadata: { user: 'u1' } });
    expect(result.status).toBe(201);
    expect(result.headers.get('cache-control')).toBe('no-store');
    expect(result.json).toMatchObject({
      call_type: 'web_call',
      agent_id: 'agent_fixed',
      call_status: 'registered',
    });
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]?.authorization).toBe(`Bearer ${API_KEY}`);
    expect(fake.requests[0]?.body).toEqual({ agent_id: 'agent_fixed', metadata: { user: 'u1' } });
  });

  it('createNodeWebCallHandler is the same thing in one call', async () => {
    const url = await serve(createNodeWebCallHandler(options()));
    expect((await postJson(url, {})).status).toBe(201);
  });

  it.each(['GET', 'DELETE'])('%s answers 405 with Allow', async (method) => {
    const url = await serve(createNodeWebCallHandler(options()));
    const result = await capture(await fetch(url, { method }));
    expectErrorShape(result, 405);
    expect(result.headers.get('allow')).toBe('POST, OPTIONS');
  });

  it('TRACE (not a Fetch method) also answers 405', async () => {
    const url = await serve(createNodeWebCallHandler(options()));
    const status = await new Promise<number>((resolve, reject) => {
      const target = new URL(url);
      const req = httpRequest({
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'TRACE',
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(405);
  });

  it('wrong content type → 415, non-JSON → 400, bad agent → 400', async () => {
    const url = await serve(createNodeWebCallHandler(options()));
    expectErrorShape(
      await capture(
        await fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' }),
      ),
      415,
    );
    expectErrorShape(await postJson(url, '{nope'), 400, /not valid JSON/);
    expectErrorShape(await postJson(url, { agent_id: 'agent_b' }), 400, /agent_id is not allowed/);
    expectErrorShape(await postJson(url, '{"metadata":{"__proto__":{"x":1}}}'), 400, /Forbidden key/);
    expect(fake.requests).toHaveLength(0);
  });

  it('a chunked upload without Content-Length is cut off with 413 long before it ends', async () => {
    const url = await serve(createNodeWebCallHandler(options({ maxBodyBytes: 8 * 1024 })));
    const result = await streamUntilAnswered(url, 2000);
    expect(result.status).toBe(413);
    expect(JSON.parse(result.text)).toEqual({ status: 'error', message: expect.stringMatching(/too large/) });
    expect(result.headers.connection).toBe('close');
    expect(result.written).toBeLessThan(200);
    expect(fake.requests).toHaveLength(0);
  });

  it('a declared Content-Length over the limit answers 413 without reading', async () => {
    const url = await serve(createNodeWebCallHandler(options({ maxBodyBytes: 1024 })));
    const result = await postJson(url, { metadata: { x: 'y'.repeat(2000) } });
    expectErrorShape(result, 413);
  });

  it('Retell failures keep their mapping over HTTP (429 + Retry-After, 401 → 500, stall → 504, drop → 502)', async () => {
    const url = await serve(createNodeWebCallHandler(options({ timeoutMs: 200 })));
    fake.mode = { kind: 'status', status: 429, headers: { 'retry-after': '12' } };
    const limited = await postJson(url, {});
    expectErrorShape(limited, 429);
    expect(limited.headers.get('retry-after')).toBe('12');
    fake.mode = { kind: 'status', status: 401 };
    expectErrorShape(await postJson(url, {}), 500);
    fake.mode = { kind: 'stall' };
    expectErrorShape(await postJson(url, {}), 504);
    fake.mode = { kind: 'drop' };
    expectErrorShape(await postJson(url, {}), 502);
    expect(fake.requests).toHaveLength(4);
    expect(events.map((event) => event.code)).toEqual([
      'retell_rate_limited',
      'retell_unauthorized',
      'retell_timeout',
      'retell_network_error',
    ]);
  });

  it('origins and preflight work over HTTP', async () => {
    const allowed = 'https://app.example.com';
    const url = await serve(createNodeWebCallHandler(options({ allowedOrigins: [allowed] })));
    const preflight = await capture(
      await fetch(url, {
        method: 'OPTIONS',
        headers: { origin: allowed, 'access-control-request-method': 'POST' },
      }),
    );
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(allowed);
    const ok = await postJson(url, {}, { origin: allowed });
    expect(ok.status).toBe(201);
    expect(ok.headers.get('access-control-allow-origin')).toBe(allowed);
    const denied = await postJson(url, {}, { origin: 'https://evil.example' });
    expectErrorShape(denied, 403);
    expect(denied.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('uses a body already parsed by middleware (express.json()) and still checks it', async () => {
    const consumed: boolean[] = [];
    const url = await serve(createNodeWebCallHandler(options()), async (req) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      consumed.push(req.readableEnded);
      (req as IncomingMessage & { body?: unknown }).body = JSON.parse(Buffer.concat(chunks).toString());
    });
    expect((await postJson(url, { metadata: { a: 1 } })).status).toBe(201);
    expect(fake.requests[0]?.body).toEqual({ agent_id: 'agent_fixed', metadata: { a: 1 } });
    expectErrorShape(await postJson(url, '{"metadata":{"__proto__":{"polluted":1}}}'), 400, /Forbidden key/);
    expectErrorShape(await postJson(url, { agent_override: {} }), 400, /agent_override/);
    expect(fake.requests).toHaveLength(1);
    expect(consumed).toEqual([true, true, true]);
  });

  it('answers 500 in the error shape if the wrapped handler throws', async () => {
    const url = await serve(
      toNodeHandler(async () => {
        throw new Error(`boom ${API_KEY}`);
      }),
    );
    const result = await postJson(url, {});
    expectErrorShape(result, 500, 'Internal server error.');
  });
});

describe('the key never leaks over HTTP', () => {
  it('no answer contained the key', () => {
    expect(captured.length).toBeGreaterThan(10);
    expectNoKeyAnywhere();
  });
});
