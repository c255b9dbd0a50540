import * as z from 'zod/mini';

/*
 * What the browser reads from its token endpoint, written with `zod/mini` so the browser bundle pays a few kB
 * instead of the ~20 kB of classic zod (and loads it lazily, see token.ts). The schemas only the server needs
 * (the create-web-call body it accepts, Retell's v2 answer and error body) live in src/server/schemas.ts.
 */

const nonEmptyString = z.string().check(z.minLength(1), z.regex(/\S/, 'must not be blank'));

/**
 * The body of Retell's `POST /v2/create-web-call` that the browser sends to its token endpoint (built from
 * the call options). The server handler validates it with `createWebCallRequestSchema` from
 * `retell-web-call-react/server`, which parses to exactly this type.
 *
 * @example
 * ```ts
 * const body: CreateWebCallRequest = {
 *   agent_id: 'agent_123',
 *   retell_llm_dynamic_variables: { customer_name: 'Ada' },
 * };
 * ```
 */
export interface CreateWebCallRequest {
  /** The Retell agent to talk to. */
  agent_id: string;
  /** A published version of the agent (an integer ≥ 0); the latest when omitted. */
  agent_version?: number | undefined;
  /** Stored with the call, never used for processing. */
  metadata?: Record<string, unknown> | undefined;
  /** Values injected into the agent's prompt (`{{name}}`); strings, as Retell documents. */
  retell_llm_dynamic_variables?: Record<string, string> | undefined;
  /**
   * Per-call overrides of the agent, the Retell LLM or the conversation flow. Powerful (it can rewrite
   * prompts and webhook URLs), so the server handler refuses it from browsers unless told otherwise.
   */
  agent_override?:
    | {
        agent?: Record<string, unknown> | undefined;
        retell_llm?: Record<string, unknown> | undefined;
        conversation_flow?: Record<string, unknown> | undefined;
      }
    | undefined;
}

/**
 * Retell's `call_status` words.
 *
 * @example
 * ```ts
 * const word = callStatusWordSchema.parse('registered'); // 'registered' | 'not_connected' | 'ongoing' | …
 * ```
 */
export const callStatusWordSchema = z.enum(['registered', 'not_connected', 'ongoing', 'ended', 'error']);

/** One ICE server of a v3 (`transport: 'gateway'`) response. */
const iceServerSchema = z.looseObject({
  urls: z.union([z.string(), z.array(z.string())]),
  username: z.optional(z.string()),
  credential: z.optional(z.string()),
});

/** An optional field read leniently: a value of another type (a `null`, a new shape) becomes `undefined`. */
function lenient<T extends z.core.SomeType>(schema: T) {
  return z.optional(z.catch(z.optional(schema), undefined));
}

/**
 * What the browser accepts from its token endpoint: Retell's v2 body, a v3 body
 * (`{ access_token, call_id, transport, ice_servers, expires_at }`), or any object with a non-blank
 * `access_token`. Only `access_token` is required: by the time the answer arrives Retell has already created
 * (and will bill) the call, so drift never fails it. A known field of an unexpected type (`agent_version:
 * null`, a new `call_status` word is just a string) is dropped to `undefined` rather than failing the call;
 * unknown fields pass through untouched, so they reach `startCall` as they came.
 *
 * @example
 * ```ts
 * const result = webCallResponseSchema.safeParse(json);
 * if (result.success) console.log(result.data.access_token);
 * ```
 */
export const webCallResponseSchema = z.looseObject({
  access_token: nonEmptyString,
  call_id: lenient(z.string()),
  call_type: lenient(z.string()),
  agent_id: lenient(z.string()),
  agent_version: lenient(z.nullable(z.number())),
  call_status: lenient(z.string()),
  agent_name: lenient(z.nullable(z.string())),
  metadata: z.optional(z.unknown()),
  /** v3: `'gateway'` (SDK 3.x) or `'livekit'`. */
  transport: lenient(z.string()),
  /** v3: ICE servers for the gateway transport. */
  ice_servers: lenient(z.array(iceServerSchema)),
  /** v3: when the token stops being redeemable, Unix epoch milliseconds. */
  expires_at: lenient(z.number()),
  /** v3: an explicit gateway URL, when Retell sends one. */
  url: lenient(z.string()),
});

/**
 * The parsed token response the call is started with: at least `access_token`, plus whatever v2/v3 fields
 * the backend forwarded.
 *
 * @example
 * ```ts
 * const call: WebCallResponse = await requestWebCallToken({ body: { agent_id: 'agent_123' } });
 * await client.startCall({ accessToken: call.access_token });
 * ```
 */
export type WebCallResponse = z.infer<typeof webCallResponseSchema>;
