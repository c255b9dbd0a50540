import { describe, expect, expectTypeOf, it } from 'vitest';
import type * as z from 'zod/mini';
import type { CreateWebCallRequest } from '../../../src/core/index.ts';
import {
  createWebCallRequestSchema,
  retellErrorSchema,
  v2WebCallResponseSchema,
} from '../../../src/server/index.ts';

// The schemas only the server needs (retell-web-call-react/server). The browser's own schemas are tested in
// test/unit/core/schemas.test.ts.

const V2 = {
  call_type: 'web_call',
  access_token: 'eyJhbGciOiJIUzI1NiJ9.eyJ2aWRlbyI6eyJyb29tSm9p',
  call_id: 'Jabr9TXYYJHfvl6Syypi88rdAHYHmcq6',
  agent_id: 'oBeDLoLOeuAbiuaMFXRtDOLriTJ5tSxD',
  agent_version: 1,
  call_status: 'registered',
};
const V3 = {
  access_token: 'tok',
  call_id: 'call_1',
  transport: 'gateway',
  ice_servers: [{ urls: 'stun:stun.l.example:19302' }],
  expires_at: 1_800_000_000_000,
};

// The browser builds a `CreateWebCallRequest` (core); the server parses one with this schema. `tsc` checks
// that both describe the same body (a field added to one side only fails the typecheck).
expectTypeOf<z.infer<typeof createWebCallRequestSchema>>().toEqualTypeOf<CreateWebCallRequest>();

describe('createWebCallRequestSchema', () => {
  it('accepts the spec’s fields', () => {
    const body = {
      agent_id: 'agent_1',
      agent_version: 2,
      metadata: { customer: 42, nested: { ok: true } },
      retell_llm_dynamic_variables: { customer_name: 'John Doe' },
      agent_override: { agent: { voice_id: '11labs-Adrian' }, retell_llm: { model: 'gpt-4.1' } },
    };
    expect(createWebCallRequestSchema.parse(body)).toEqual(body);
  });

  it.each([
    ['missing agent_id', {}],
    ['empty agent_id', { agent_id: '' }],
    ['unknown field', { agent_id: 'a', callback_url: 'https://evil' }],
    ['non-integer agent_version', { agent_id: 'a', agent_version: 1.5 }],
    ['negative agent_version', { agent_id: 'a', agent_version: -1 }],
    ['metadata that is an array', { agent_id: 'a', metadata: [1] }],
    ['non-string dynamic variable', { agent_id: 'a', retell_llm_dynamic_variables: { n: 1 } }],
    ['unknown agent_override key', { agent_id: 'a', agent_override: { webhook_url: 'x' } }],
  ])('rejects %s', (_name, body) => {
    expect(createWebCallRequestSchema.safeParse(body).success).toBe(false);
  });
});

describe('v2WebCallResponseSchema', () => {
  it('accepts the spec’s response and keeps extra fields', () => {
    const body = { ...V2, agent_name: 'My Agent', transcript: 'Agent: hi', latency: {} };
    expect(v2WebCallResponseSchema.parse(body)).toEqual(body);
  });

  it.each(['call_type', 'access_token', 'call_id', 'agent_id', 'agent_version', 'call_status'])(
    'requires %s',
    (field) => {
      const body: Record<string, unknown> = { ...V2 };
      delete body[field];
      expect(v2WebCallResponseSchema.safeParse(body).success).toBe(false);
    },
  );

  it('rejects a v3 body and an unknown call_status', () => {
    expect(v2WebCallResponseSchema.safeParse(V3).success).toBe(false);
    expect(v2WebCallResponseSchema.safeParse({ ...V2, call_status: 'dialing' }).success).toBe(false);
  });
});

describe('retellErrorSchema', () => {
  it('parses Retell’s error body and tolerates foreign ones', () => {
    expect(
      retellErrorSchema.parse({ status: 'error', message: 'API key is missing or invalid.' }).message,
    ).toBe('API key is missing or invalid.');
    expect(retellErrorSchema.safeParse({ error: 'x' }).success).toBe(true);
    expect(retellErrorSchema.safeParse({ message: 5 }).success).toBe(false);
  });
});
