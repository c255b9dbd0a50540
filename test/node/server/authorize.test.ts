import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type CreateWebCallHandlerOptions,
  createWebCallHandler,
  toNodeHandler,
  WebCallHandlerError,
  type WebCallHandlerErrorEvent,
} from '../../../src/server/index.ts';
import { type FakeRetell, startFakeRetell } from './fakeRetell.ts';
import { API_KEY, capture, expectErrorShape, expectNoKeyAnywhere, reported } from './helpers.ts';

// authorize: the body it returns keeps the agent policy, and the WebCallHandlerError it throws keeps its headers.

const ENDPOINT = 'http://app.test/api/create-web-call';
let fake: FakeRetell;
let other: FakeRetell;
let events: WebCallHandlerErrorEvent[] = [];
const servers: Server[] = [];

beforeAll(async () => {
  fake = await startFakeRetell(API_KEY);
  other = await startFakeRetell(API_KEY);
});
afterEach(() => {
  fake.reset();
  other.reset();
  events = [];
});
afterAll(async () => {
  expectNoKeyAnywhere();
  for (const server of servers) server.close();
  await fake.close();
  await other.close();
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

function post(body: unknown): Request {
  return new Request(ENDPOINT, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('authorize keeps the pinned agent_version', () => {
  it('a body returned by authorize without agent_version is sent with the pinned version', async () => {
    const handler = make({
      agentVersion: 3,
      authorize: () => ({ agent_id: 'agent_fixed', metadata: { user_id: 'u_1' } }),
    });
    const result = await capture(await handler(post({})));
    expect(result.status).toBe(201);
    expect(fake.requests[0]?.body).toEqual({
      agent_id: 'agent_fixed',
      agent_version: 3,
      metadata: { user_id: 'u_1' },
    });
  });

  it('a body returned by authorize without agent_id gets the fixed agent, like a browser body', async () => {
    const handler = make({ agentVersion: 3, authorize: () => ({ metadata: { m: 1 } }) as never });
    expect((await capture(await handler(post({})))).status).toBe(201);
    expect(fake.requests[0]?.body).toEqual({ agent_id: 'agent_fixed', agent_version: 3, metadata: { m: 1 } });
  });

  it('a body returned by authorize with a different agent_version is refused (500, authorize_invalid_body)', async () => {
    const handler = make({
      agentVersion: 3,
      authorize: (_request, body) => ({ ...body, agent_version: 4 }),
    });
    expectErrorShape(await capture(await handler(post({}))), 500, 'Internal server error.');
    expect(events).toEqual([expect.objectContaining({ code: 'authorize_invalid_body', status: 500 })]);
    expect(events[0]?.message).toMatch(/agent_version/);
    expect(fake.requests).toHaveLength(0);
  });
});

describe('error headers', () => {
  function twoCookies() {
    return make({
      allowedOrigins: ['https://app.example.com'],
      authorize: () => {
        throw new WebCallHandlerError(401, 'Sign in again.', {
          headers: [
            ['Set-Cookie', 'session=; Max-Age=0; Path=/'],
            ['Set-Cookie', 'csrf=; Max-Age=0; Path=/'],
          ],
        });
      },
    });
  }

  it('keeps every Set-Cookie of a WebCallHandlerError (and the CORS headers)', async () => {
    const request = new Request(ENDPOINT, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://app.example.com' },
      body: '{}',
    });
    const result = await capture(await twoCookies()(request));
    expectErrorShape(result, 401, 'Sign in again.');
    expect(result.headers.getSetCookie()).toEqual([
      'session=; Max-Age=0; Path=/',
      'csrf=; Max-Age=0; Path=/',
    ]);
    expect(result.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
  });

  it('the Node adapter sends both cookies too', async () => {
    const server = createServer(toNodeHandler(twoCookies()));
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/create-web-call`;
    const result = await capture(
      await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'https://app.example.com' },
        body: '{}',
      }),
    );
    expectErrorShape(result, 401);
    expect(result.headers.getSetCookie()).toEqual([
      'session=; Max-Age=0; Path=/',
      'csrf=; Max-Age=0; Path=/',
    ]);
  });
});
