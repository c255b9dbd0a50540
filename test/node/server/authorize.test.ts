import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { toNodeHandler, WebCallHandlerError } from '../../../src/server/index.ts';
import { ENDPOINT, postJson, setUpHandlerTests } from './handlerFixture.ts';
import { capture, expectErrorShape } from './helpers.ts';

// authorize: the body it returns keeps the agent policy, and the WebCallHandlerError it throws keeps its headers.

const fixture = setUpHandlerTests();
const { events, make } = fixture;

describe('authorize keeps the pinned agent_version', () => {
  it('a body returned by authorize without agent_version is sent with the pinned version', async () => {
    const handler = make({
      agentVersion: 3,
      authorize: () => ({ agent_id: 'agent_fixed', metadata: { user_id: 'u_1' } }),
    });
    const result = await capture(await handler(postJson({})));
    expect(result.status).toBe(201);
    expect(fixture.fake.requests[0]?.body).toEqual({
      agent_id: 'agent_fixed',
      agent_version: 3,
      metadata: { user_id: 'u_1' },
    });
  });

  it('a body returned by authorize without agent_id gets the fixed agent, like a browser body', async () => {
    const handler = make({ agentVersion: 3, authorize: () => ({ metadata: { m: 1 } }) as never });
    expect((await capture(await handler(postJson({})))).status).toBe(201);
    expect(fixture.fake.requests[0]?.body).toEqual({
      agent_id: 'agent_fixed',
      agent_version: 3,
      metadata: { m: 1 },
    });
  });

  it('a body returned by authorize with a different agent_version is refused (500, authorize_invalid_body)', async () => {
    const handler = make({
      agentVersion: 3,
      authorize: (_request, body) => ({ ...body, agent_version: 4 }),
    });
    expectErrorShape(await capture(await handler(postJson({}))), 500, 'Internal server error.');
    expect(events).toEqual([expect.objectContaining({ code: 'authorize_invalid_body', status: 500 })]);
    expect(events[0]?.message).toMatch(/agent_version/);
    expect(fixture.fake.requests).toHaveLength(0);
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
    fixture.servers.push(server);
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
