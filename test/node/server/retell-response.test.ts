import { describe, expect, it } from 'vitest';
import { ENDPOINT, setUpHandlerTests } from './handlerFixture.ts';
import { capture, expectErrorShape } from './helpers.ts';

// Retell's 201 is read leniently: once Retell created (and bills) the call, only access_token is needed.

const fixture = setUpHandlerTests();
const { events, make } = fixture;

function post(): Request {
  return new Request(ENDPOINT, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
}

const DOCUMENTED = {
  call_type: 'web_call',
  access_token: 'eyJ_token',
  call_id: 'call_1',
  agent_id: 'agent_fixed',
  agent_version: 1,
  call_status: 'registered',
};

describe("Retell's 201", () => {
  it('as documented: forwarded, nothing reported', async () => {
    fixture.fake.mode = { kind: 'raw', status: 201, body: JSON.stringify(DOCUMENTED) };
    const result = await capture(await make()(post()));
    expect(result.status).toBe(201);
    expect(result.json).toEqual(DOCUMENTED);
    expect(events).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['a new call_status word', { ...DOCUMENTED, call_status: 'queued' }, /call_status "queued"/],
    ['a null agent_version', { ...DOCUMENTED, agent_version: null }, /agent_version is null/],
    ['a string agent_version', { ...DOCUMENTED, agent_version: '3' }, /agent_version is "3"/],
    ['another call_type', { ...DOCUMENTED, call_type: 'phone_call' }, /call_type is "phone_call"/],
    ['only an access_token', { access_token: 'eyJ_only' }, /call_id.*agent_id.*agent_version.*call_status/],
  ])('with %s: 201 with the call as it came, drift reported to onError', async (_name, body, drift) => {
    fixture.fake.mode = { kind: 'raw', status: 201, body: JSON.stringify(body) };
    const result = await capture(await make()(post()));
    expect(result.status).toBe(201);
    expect((result.json as { access_token: string }).access_token).toBe(body.access_token);
    for (const field of ['call_status', 'agent_version', 'call_type'] as const) {
      expect((result.json as Record<string, unknown>)[field]).toEqual(body[field]);
    }
    expect(events.map((e) => [e.code, e.status])).toEqual([['retell_response_drift', 201]]);
    expect(events[0]?.message).toMatch(drift);
  });

  it('extra fields pass through with exposeCallDetails (and stay on the server without it)', async () => {
    const body = {
      ...DOCUMENTED,
      transport: 'gateway',
      ice_servers: [{ urls: 'stun:x' }],
      new_field: { a: 1 },
    };
    fixture.fake.mode = { kind: 'raw', status: 201, body: JSON.stringify(body) };
    expect((await capture(await make({ exposeCallDetails: true })(post()))).json).toEqual(body);
    expect((await capture(await make()(post()))).json).toEqual(DOCUMENTED);
    expect(events).toEqual([]);
  });

  it.each([
    ['no access_token', { ...DOCUMENTED, access_token: undefined }],
    ['a blank access_token', { ...DOCUMENTED, access_token: '  ' }],
    ['a numeric access_token', { ...DOCUMENTED, access_token: 42 }],
  ])('%s: 502 retell_invalid_response (nothing the browser could join)', async (_name, body) => {
    fixture.fake.mode = { kind: 'raw', status: 201, body: JSON.stringify(body) };
    expectErrorShape(await capture(await make()(post())), 502);
    expect(events.map((e) => e.code)).toEqual(['retell_invalid_response']);
  });
});
