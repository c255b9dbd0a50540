import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type FakeRetell, startFakeRetell } from './fakeRetell.ts';
import { type FakeSiteverify, startFakeSiteverify } from './fakeSiteverify.ts';
import { API_KEY } from './helpers.ts';
import { type RedisServer, startRedisServer } from './redis.ts';

// Every TypeScript snippet of docs/server.md (the server handler and "Protecting your endpoint") is a file
// in ./recipes, shown verbatim (with the package name in place of the source path). Here each one is type-checked and run as a new user would:
// real HTTP on loopback, Retell's and Turnstile's real URLs routed to loopback fakes.

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
const RECIPES = [
  'next-route.ts',
  'express-app.ts',
  'node-http-server.ts',
  'hono-app.ts',
  'authorize-session.ts',
  'protected-route.ts',
];
const SOURCE_PATH = `'../../../../src/server/index.ts'`;
const PACKAGE = `'retell-web-call-react/server'`;

function recipeAsShown(file: string): string {
  return readFileSync(path.join(here, 'recipes', file), 'utf8')
    .split(SOURCE_PATH)
    .join(PACKAGE)
    .trimEnd();
}

function serverPageSnippets(): string[] {
  const page = readFileSync(path.join(root, 'docs/server.md'), 'utf8');
  return [...page.matchAll(/```ts\n([\s\S]*?)\n```/g)].map((match) => (match[1] as string).trimEnd());
}

describe('docs/server.md snippets', () => {
  it('are exactly the recipe files, each shown once, verbatim', () => {
    const snippets = serverPageSnippets();
    expect(snippets.sort()).toEqual(RECIPES.map(recipeAsShown).sort());
  });

  it('type-check (Next.js routes against a local shim of its route-module check)', () => {
    const files = [...RECIPES, 'next-route-types.ts'].map((file) => path.join(here, 'recipes', file));
    const config = ts.getParsedCommandLineOfConfigFile(
      path.join(root, 'tsconfig.json'),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: () => {},
      },
    );
    const program = ts.createProgram(files, { ...config?.options, noEmit: true });
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(diagnostics).toEqual([]);
  }, 120_000);
});

describe('docs/server.md snippets, run', () => {
  let fake: FakeRetell;
  let siteverify: FakeSiteverify;
  let redis: RedisServer;
  const realFetch = globalThis.fetch;
  const closers: (() => unknown)[] = [];

  async function listening(server: Server): Promise<string> {
    if (!server.listening) await new Promise((resolve) => server.once('listening', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  function send(url: string, method = 'POST', headers: Record<string, string> = {}) {
    return realFetch(url, {
      method,
      headers: method === 'POST' ? { 'content-type': 'application/json', ...headers } : headers,
      ...(method === 'POST' ? { body: '{}' } : {}),
    });
  }

  function post(handler: (request: Request) => Promise<Response>, headers: Record<string, string> = {}) {
    return handler(
      new Request('https://app.example.com/api/create-web-call', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: '{}',
      }),
    );
  }

  beforeAll(async () => {
    fake = await startFakeRetell(API_KEY);
    siteverify = await startFakeSiteverify();
    redis = await startRedisServer();
    vi.stubEnv('RETELL_API_KEY', API_KEY);
    vi.stubEnv('RETELL_AGENT_ID', 'agent_fixed');
    vi.stubEnv('PORT', '0');
    vi.stubEnv('REDIS_URL', redis.url);
    vi.stubEnv('TURNSTILE_SECRET_KEY', 'turnstile_secret');
    // The recipes call the real URLs; only the network underneath is loopback.
    vi.stubGlobal('fetch', (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input instanceof Request ? input.url : input)
        .replace('https://api.retellai.com', fake.baseUrl)
        .replace('https://challenges.cloudflare.com/turnstile/v0/siteverify', siteverify.url);
      return realFetch(url, init);
    });
  }, 300_000);
  afterAll(async () => {
    for (const close of closers.reverse()) await close();
    vi.unstubAllGlobals();
    vi.unstubAllEnvs();
    await fake?.close();
    await siteverify?.close();
    await redis?.stop();
  });

  it('Next.js route: POST creates the call with the key from RETELL_API_KEY; GET gets 405 with Allow', async () => {
    const route = await import('./recipes/next-route.ts');
    expect((await post(route.POST)).status).toBe(201);
    expect(fake.requests.at(-1)).toMatchObject({
      url: '/v2/create-web-call',
      authorization: `Bearer ${API_KEY}`,
      body: { agent_id: 'agent_fixed' },
    });
    const get = await route.GET(new Request('https://app.example.com/api/create-web-call'));
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST, OPTIONS');
    expect(
      (await route.OPTIONS(new Request('https://app.example.com/api/create-web-call', { method: 'OPTIONS' })))
        .status,
    ).toBe(204);
  });

  it('Express: POST 201, GET 405 with Allow, behind express.json()', async () => {
    const { app } = await import('./recipes/express-app.ts');
    const server = app.listen(0);
    closers.push(() => new Promise((resolve) => server.close(resolve)));
    const base = await listening(server);
    expect((await send(`${base}/api/create-web-call`)).status).toBe(201);
    const get = await send(`${base}/api/create-web-call`, 'GET');
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST, OPTIONS');
  });

  it('node:http: POST 201, other paths 404', async () => {
    const { server } = await import('./recipes/node-http-server.ts');
    closers.push(() => new Promise((resolve) => server.close(resolve)));
    const base = await listening(server);
    expect((await send(`${base}/api/create-web-call`)).status).toBe(201);
    expect((await send(`${base}/elsewhere`, 'GET')).status).toBe(404);
  });

  it('Hono on Node (@hono/node-server): env(c) finds the key, POST 201, GET 405 with Allow (not 404)', async () => {
    const { default: app } = await import('./recipes/hono-app.ts');
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server;
    closers.push(() => new Promise((resolve) => server.close(resolve)));
    const base = await listening(server);
    expect((await send(`${base}/api/create-web-call`)).status).toBe(201);
    const get = await send(`${base}/api/create-web-call`, 'GET');
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST, OPTIONS');
  });

  it('authorize with a session: 401 signed out, 403 without the plan, 201 with the user id in metadata', async () => {
    const { POST } = await import('./recipes/authorize-session.ts');
    expect((await post(POST)).status).toBe(401);
    expect((await post(POST, { cookie: 'session=free_user:Bob' })).status).toBe(403);
    const created = await post(POST, { cookie: 'session=u_42:Ada' });
    expect(created.status).toBe(201);
    expect(fake.requests.at(-1)?.body).toEqual({
      agent_id: 'agent_fixed',
      metadata: { user_id: 'u_42' },
      retell_llm_dynamic_variables: { customer_name: 'Ada' },
    });
    expect(await created.json()).not.toHaveProperty('metadata');
  });

  it('the protected route: origin, Redis rate limit per x-real-ip, Turnstile, a 10-minute cap', async () => {
    const route = await import('./recipes/protected-route.ts');
    const { redis: client } = await import('./recipes/redis.ts');
    closers.push(() => client.disconnect());
    const from = (ip: string, token?: string) =>
      post(route.POST, {
        origin: 'https://app.example.com',
        'x-real-ip': ip,
        ...(token === undefined ? {} : { 'x-captcha-token': token }),
      });
    siteverify.answer = {
      kind: 'json',
      body: { success: true, 'error-codes': [], hostname: 'app.example.com' },
    };
    fake.reset();

    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await from('203.0.113.5', `tok_${i}`)).status);
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429]);
    const limited = await from('203.0.113.5', 'tok_x');
    expect(limited.headers.get('access-control-expose-headers')).toBe('Retry-After');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(590);
    expect(await client.pttl('retell-web-call:rate:203.0.113.5')).toBeGreaterThan(590_000);

    const noToken = await from('198.51.100.7');
    expect(noToken.status).toBe(403);
    expect(await noToken.json()).toMatchObject({ reason: 'human_check_failed' });
    expect(
      (
        await post(route.POST, {
          origin: 'https://evil.example.net',
          'x-real-ip': '198.51.100.8',
          'x-captcha-token': 't',
        })
      ).status,
    ).toBe(403);

    expect(fake.requests).toHaveLength(5);
    for (const request of fake.requests) {
      expect(request.body).toMatchObject({ agent_override: { agent: { max_call_duration_ms: 600_000 } } });
    }
    expect(siteverify.requests[0]?.form.get('secret')).toBe('turnstile_secret');
    expect(siteverify.requests[0]?.form.get('response')).toBe('tok_0');
  });
});
