import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { callStatusWordSchema, webCallResponseSchema } from '../../../src/core/schemas.ts';

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

describe('webCallResponseSchema (what the browser accepts)', () => {
  it('accepts v2, v3 and a bare token, passing extra fields through', () => {
    expect(webCallResponseSchema.parse({ ...V2, future_field: [1] })).toEqual({ ...V2, future_field: [1] });
    expect(webCallResponseSchema.parse(V3)).toEqual(V3);
    expect(webCallResponseSchema.parse({ access_token: 't' })).toEqual({ access_token: 't' });
  });

  it.each([
    ['no access_token', { call_id: 'c' }],
    ['empty access_token', { access_token: '' }],
    ['whitespace access_token', { access_token: ' \n' }],
    ['non-string access_token', { access_token: 1 }],
    ['not an object', 'tok'],
    ['null', null],
  ])('rejects %s', (_name, body) => {
    expect(webCallResponseSchema.safeParse(body).success).toBe(false);
  });

  // Retell has already created (and bills) the call when its answer arrives: drift must never fail it.
  it.each([
    ['agent_version: null', { ...V2, agent_version: null }, { agent_version: null }],
    ['a new call_status word', { ...V2, call_status: 'queued' }, { call_status: 'queued' }],
    ['call_id: null', { ...V2, call_id: null }, { call_id: undefined }],
    ['agent_name: 42', { ...V2, agent_name: 42 }, { agent_name: undefined }],
    ['ice_servers of another shape', { ...V3, ice_servers: ['stun:x'] }, { ice_servers: undefined }],
    ['expires_at as a string', { ...V3, expires_at: '2026-12-01T00:00:00Z' }, { expires_at: undefined }],
  ])('accepts drift: %s (a field of another type becomes undefined)', (_name, body, expected) => {
    const parsed = webCallResponseSchema.parse(body);
    expect(parsed).toMatchObject({ access_token: body.access_token, ...expected });
  });

  it('property: any object with a non-blank access_token parses, keeping the token and every unknown field', () => {
    const known = new Set(Object.keys(webCallResponseSchema.def.shape));
    fc.assert(
      fc.property(
        fc.string().filter((s) => /\S/.test(s)),
        // `__proto__` is left out: zod assigns keys, so that one key is not passed through (fast-check found
        // `{ "__proto__": { "": {} } }`); nothing reads it, and startCall gets named fields only.
        fc.dictionary(
          fc.oneof(
            fc.constantFrom(...known),
            fc.string().filter((key) => key !== '__proto__'),
          ),
          fc.jsonValue(),
        ),
        (token, fields) => {
          const body = { ...fields, access_token: token };
          const result = webCallResponseSchema.safeParse(body);
          expect(result.success).toBe(true);
          if (!result.success) return;
          expect(result.data.access_token).toBe(token);
          for (const [key, value] of Object.entries(fields)) {
            if (!known.has(key) || key === 'metadata')
              expect((result.data as Record<string, unknown>)[key]).toEqual(value);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('callStatusWordSchema', () => {
  it('accepts Retell’s call_status words and nothing else', () => {
    for (const word of ['registered', 'not_connected', 'ongoing', 'ended', 'error']) {
      expect(callStatusWordSchema.parse(word)).toBe(word);
    }
    for (const other of ['dialing', 'Ongoing', '', null, 1]) {
      expect(callStatusWordSchema.safeParse(other).success).toBe(false);
    }
  });
});
