import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { createWebCallHandler } from '../../../src/server/index.ts';
import { createWebCallRequestSchema } from '../../../src/server/schemas.ts';
import { type BodyPolicy, checkBrowserBody } from '../../../src/server/validate.ts';
import { API_KEY } from './helpers.ts';

// Every property runs a fixed number of cases (bounded work); on a loaded 2-core CI machine the 400
// requests through the handler can take longer than Vitest's default 5 s, which is not a failure.
vi.setConfig({ testTimeout: 60_000 });

const policy: BodyPolicy = {
  agentId: 'agent_fixed',
  allowedAgentIds: new Set(['agent_a']),
  allowAnyAgent: false,
  agentVersion: undefined,
  allowAgentOverride: false,
  maxMetadataBytes: 256,
  maxDynamicVariablesBytes: 256,
  maxDynamicVariables: 5,
  maxJsonDepth: 8,
};
const FORBIDDEN = ['__proto__', 'constructor', 'prototype'];
const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).byteLength;

/** An independent statement of the rules, to judge whatever the validator lets through. */
function breaksRules(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'not an object';
  const text = JSON.stringify(body);
  let forbidden = false;
  JSON.parse(text, (key, value) => {
    if (FORBIDDEN.includes(key)) forbidden = true;
    return value;
  });
  if (forbidden) return 'forbidden key';
  if (!createWebCallRequestSchema.safeParse(body).success) return 'schema';
  const b = body as Record<string, unknown>;
  if (b.agent_id !== 'agent_fixed' && b.agent_id !== 'agent_a') return 'agent';
  if ('agent_override' in b) return 'override';
  if (b.metadata !== undefined && bytes(b.metadata) > policy.maxMetadataBytes) return 'metadata size';
  const variables = b.retell_llm_dynamic_variables as Record<string, string> | undefined;
  if (variables !== undefined) {
    if (Object.keys(variables).length > policy.maxDynamicVariables) return 'variables count';
    if (bytes(variables) > policy.maxDynamicVariablesBytes) return 'variables size';
  }
  return undefined;
}

const hostileKey = fc.constantFrom(...FORBIDDEN);
const key = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom('agent_id', 'agent_version', 'metadata', 'retell_llm_dynamic_variables'),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom('agent_override', 'webhook_url', 'toString', 'valueOf', 'hasOwnProperty'),
  },
  { weight: 1, arbitrary: hostileKey },
  { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
);
const leaf = fc.oneof(
  fc.constantFrom('agent_fixed', 'agent_a', 'agent_b', '', ' '),
  fc.string({ maxLength: 40 }),
  fc.integer({ min: -3, max: 5 }),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);
/** Objects built from JSON text so `__proto__` becomes an own key, as JSON.parse makes it. */
const { value: hostileValue } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('value'), { maxLength: 4 }),
    tie('object'),
  ),
  object: fc
    .array(fc.tuple(key, tie('value')), { maxLength: 6 })
    .map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${toText(v)}`).join(',')}}`)
    .map((text) => JSON.parse(text) as unknown),
}));
function toText(value: unknown): string {
  return JSON.stringify(value) ?? 'null';
}
const plausibleBody = fc.record(
  {
    agent_id: fc.constantFrom('agent_fixed', 'agent_a', 'agent_b'),
    agent_version: fc.integer({ min: -1, max: 3 }),
    metadata: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 }),
    retell_llm_dynamic_variables: fc.dictionary(
      fc.string({ maxLength: 8 }),
      fc.oneof(fc.string({ maxLength: 80 }), fc.integer()),
      { maxKeys: 8 },
    ),
    agent_override: fc.constant({ agent: {} }),
  },
  { requiredKeys: [] },
);
const anyBody = fc.oneof(fc.jsonValue({ maxDepth: 4 }), hostileValue, plausibleBody);

describe('checkBrowserBody (property-based)', () => {
  it('never throws, and whatever it accepts follows every rule', () => {
    fc.assert(
      fc.property(anyBody, (value) => {
        const result = checkBrowserBody(value, policy);
        if (result.ok) {
          expect(breaksRules(result.body)).toBeUndefined();
        } else {
          expect(typeof result.message).toBe('string');
          expect(result.message.length).toBeGreaterThan(0);
          expect(result.message.length).toBeLessThanOrEqual(302);
        }
      }),
      { numRuns: 600 },
    );
  });

  it('always rejects a forbidden key, at any depth', () => {
    const withForbidden = fc
      .tuple(
        fc.jsonValue({ maxDepth: 2 }),
        hostileKey,
        fc.array(fc.constantFrom('metadata', 'a', 'b'), { maxLength: 4 }),
      )
      .map(([inner, bad, path]) => {
        let text = `{${JSON.stringify(bad)}:${toText(inner)}}`;
        for (const part of path) text = `{${JSON.stringify(part)}:${text}}`;
        return JSON.parse(text) as unknown;
      });
    fc.assert(
      fc.property(withForbidden, (value) => {
        const result = checkBrowserBody(value, policy);
        expect(result.ok).toBe(false);
      }),
      { numRuns: 300 },
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('accepts well-formed bodies for the allowed agents (the validator is not just "reject all")', () => {
    const good = fc.record(
      {
        agent_id: fc.constantFrom('agent_fixed', 'agent_a'),
        metadata: fc.dictionary(fc.stringMatching(/^[a-z]{1,6}$/), fc.string({ maxLength: 10 }), {
          maxKeys: 4,
        }),
        retell_llm_dynamic_variables: fc.dictionary(
          fc.stringMatching(/^[a-z]{1,6}$/),
          fc.string({ maxLength: 10 }),
          {
            maxKeys: 4,
          },
        ),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(good, (value) => {
        expect(checkBrowserBody(value, policy)).toEqual({
          ok: true,
          body: { agent_id: 'agent_fixed', ...value },
        });
      }),
      { numRuns: 200 },
    );
  });
});

describe('the handler under random and hostile bodies (property-based)', () => {
  it('answers 201 or the error shape, never throws, and forwards only rule-abiding bodies', async () => {
    const forwarded: string[] = [];
    const handler = createWebCallHandler({
      apiKey: API_KEY,
      agentId: policy.agentId,
      allowedAgentIds: [...policy.allowedAgentIds],
      maxMetadataBytes: policy.maxMetadataBytes,
      maxDynamicVariablesBytes: policy.maxDynamicVariablesBytes,
      maxDynamicVariables: policy.maxDynamicVariables,
      maxJsonDepth: policy.maxJsonDepth,
      maxBodyBytes: 2048,
      baseUrl: 'http://127.0.0.1:9',
      onError: () => {},
      fetch: async (_url, init) => {
        forwarded.push(String(init?.body));
        return new Response(
          JSON.stringify({
            call_type: 'web_call',
            access_token: 'tok',
            call_id: 'call_1',
            agent_id: 'agent_fixed',
            agent_version: 1,
            call_status: 'registered',
          }),
          { status: 201, headers: { 'content-type': 'application/json' } },
        );
      },
    });
    const text = fc.oneof(
      anyBody.map((value) => toText(value)),
      fc.string({ maxLength: 200 }),
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.constantFrom(
        '{',
        '{"agent_id":"agent_fixed"',
        '{"a":1}{"b":2}',
        '\uFEFF{}',
        '{"agent_id":"agent_fixed",}',
      ),
      fc.integer({ min: 2000, max: 5000 }).map((n) => `{"metadata":{"x":"${'z'.repeat(n)}"}}`),
    );
    await fc.assert(
      fc.asyncProperty(text, async (body) => {
        const before = forwarded.length;
        const response = await handler(
          new Request('http://app.test/api', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body,
          }),
        );
        const answer = await response.text();
        expect(answer).not.toContain(API_KEY);
        expect(response.headers.get('cache-control')).toBe('no-store');
        if (response.status === 201) {
          expect(forwarded.length).toBe(before + 1);
          const sent = JSON.parse(forwarded[forwarded.length - 1] as string) as unknown;
          expect(breaksRules(sent)).toBeUndefined();
        } else {
          expect(forwarded.length).toBe(before);
          expect([400, 413]).toContain(response.status);
          expect(JSON.parse(answer)).toEqual({ status: 'error', message: expect.any(String) });
        }
      }),
      { numRuns: 400 },
    );
    expect(forwarded.length).toBeGreaterThan(0);
  });
});
