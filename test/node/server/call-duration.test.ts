import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { postJson, setUpHandlerTests } from './handlerFixture.ts';
import { capture, expectErrorShape } from './helpers.ts';

// maxCallDurationMs: the server caps every call through agent_override.agent.max_call_duration_ms.

const fixture = setUpHandlerTests();
const { events, make } = fixture;

function sentOverride(): unknown {
  return (fixture.fake.requests.at(-1)?.body as { agent_override?: unknown } | undefined)?.agent_override;
}

describe('maxCallDurationMs', () => {
  it('is set in agent_override even though the browser may not send agent_override', async () => {
    const result = await capture(await make({ maxCallDurationMs: 300_000 })(postJson()));
    expect(result.status).toBe(201);
    expect(sentOverride()).toEqual({ agent: { max_call_duration_ms: 300_000 } });
  });

  it('without it, no agent_override is added', async () => {
    await make({})(postJson());
    expect(sentOverride()).toBeUndefined();
  });

  it("the smaller of it and the value authorize sets wins; the rest of authorize's override is kept", async () => {
    for (const seed of [1, 2]) {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 60_000, max: 7_200_000 }),
          fc.option(fc.integer({ min: 60_000, max: 7_200_000 }), { nil: undefined }),
          async (max, fromAuthorize) => {
            fixture.fake.reset();
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
            expect((await capture(await handler(postJson()))).status).toBe(201);
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
    await handler(postJson());
    expect(sentOverride()).toEqual({ agent: { max_call_duration_ms: 60_000 } });
  });

  it('caps a longer value a browser sends when allowAgentOverride is on', async () => {
    const handler = make({ maxCallDurationMs: 120_000, allowAgentOverride: true });
    await handler(postJson({ agent_override: { agent: { max_call_duration_ms: 7_200_000 } } }));
    expect(sentOverride()).toEqual({ agent: { max_call_duration_ms: 120_000 } });
  });

  it.each([60_000, 7_200_000])("accepts Retell's bound %i", async (value) => {
    expect((await capture(await make({ maxCallDurationMs: value })(postJson()))).status).toBe(201);
  });

  it.each([59_999, 7_200_001, 0, -1, 90_000.5, Number.NaN, Number.POSITIVE_INFINITY])(
    '%d is a configuration error: created fine, 500 + onError at request time, Retell not called',
    async (value) => {
      let handler: ReturnType<typeof make> | undefined;
      expect(() => {
        handler = make({ maxCallDurationMs: value });
      }).not.toThrow();
      expectErrorShape(await capture(await (handler as ReturnType<typeof make>)(postJson())), 500);
      expect(events.map((e) => e.code)).toEqual(['configuration_error']);
      expect(events[0]?.message).toMatch(/maxCallDurationMs.*60000.*7200000/);
      expect(fixture.fake.requests).toHaveLength(0);
    },
  );
});
