import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type CreateWebCallHandlerOptions,
  createWebCallHandler,
  type WebCallHandlerErrorEvent,
} from '../../../src/server/index.ts';
import { type FakeRetell, startFakeRetell } from './fakeRetell.ts';
import { API_KEY, capture, expectErrorShape, expectNoKeyAnywhere, reported } from './helpers.ts';

// maxCallDurationMs: the server caps every call through agent_override.agent.max_call_duration_ms.

const ENDPOINT = 'http://app.test/api/create-web-call';
let fake: FakeRetell;
let events: WebCallHandlerErrorEvent[] = [];

beforeAll(async () => {
  fake = await startFakeRetell(API_KEY);
});
afterEach(() => {
  fake.reset();
  events = [];
});
afterAll(async () => {
  expectNoKeyAnywhere();
  await fake.close();
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

function post(body: unknown = {}): Request {
  return new Request(ENDPOINT, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

function sentOverride(): unknown {
  return (fake.requests.at(-1)?.body as { agent_override?: unknown } | undefined)?.agent_override;
}

describe('maxCallDurationMs', () => {
  it('is set in agent_override even though the browser may not send agent_override', async () => {
    const result = await capture(await make({ maxCallDurationMs: 300_000 })(post()));
    expect(result.status).toBe(201);
    expect(sentOverride()).toEqual({ agent: { max_call_duration_ms: 300_000 } });
  });

  it('without it, no agent_override is added', async () => {
    await make({})(post());
    expect(sentOverride()).toBeUndefined();
  });

  it("the smaller of it and the value authorize sets wins; the rest of authorize's override is kept", async () => {
    for (const seed of [1, 2]) {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 60_000, max: 7_200_000 }),
          fc.option(fc.integer({ min: 60_000, max: 7_200_000 }), { nil: undefined }),
          async (max, fromAuthorize) => {
            fake.reset();
            const handler = make({
              maxCallDurationMs: max,
              authorize: (_request, body) => ({
                ...body,
                agent_override: {
                  agent: {
                    voice_id: 'v1',
                    ...(fromAuthorize === undefined ? {} : { max_call_duration_ms: fromAuthorize }),
                  },
                  retell_llm: { begin_message: 'Hi' },
                },
              }),
            });
            expect((await capture(await handler(post()))).status).toBe(201);
            expect(sentOverride()).toEqual({
              agent: { voice_id: 'v1', max_call_duration_ms: Math.min(max, fromAuthorize ?? max) },
              retell_llm: { begin_message: 'Hi' },
            });
          },
        ),
        { seed, numRuns: 25 },
      );
    }
  });

  it('counterexample kept: max 60000 with 60001 from authorize sends 60000', async () => {
    const handler = make({
      maxCallDurationMs: 60_000,
      authorize: (_request, body) => ({
        ...body,
        agent_override: { agent: { max_call_duration_ms: 60_001 } },
      }),
    });
    await handler(post());
    expect(sentOverride()).toEqual({ agent: { max_call_duration_ms: 60_000 } });
  });

  it('caps a longer value a browser sends when allowAgentOverride is on', async () => {
    const handler = make({ maxCallDurationMs: 120_000, allowAgentOverride: true });
    await handler(post({ agent_override: { agent: { max_call_duration_ms: 7_200_000 } } }));
    expect(sentOverride()).toEqual({ agent: { max_call_duration_ms: 120_000 } });
  });

  it.each([60_000, 7_200_000])("accepts Retell's bound %i", async (value) => {
    expect((await capture(await make({ maxCallDurationMs: value })(post()))).status).toBe(201);
  });

  it.each([59_999, 7_200_001, 0, -1, 90_000.5, Number.NaN, Number.POSITIVE_INFINITY])(
    '%d is a configuration error: created fine, 500 + onError at request time, Retell not called',
    async (value) => {
      let handler: ReturnType<typeof make> | undefined;
      expect(() => {
        handler = make({ maxCallDurationMs: value });
      }).not.toThrow();
      expectErrorShape(await capture(await (handler as ReturnType<typeof make>)(post())), 500);
      expect(events.map((e) => e.code)).toEqual(['configuration_error']);
      expect(events[0]?.message).toMatch(/maxCallDurationMs.*60000.*7200000/);
      expect(fake.requests).toHaveLength(0);
    },
  );
});
