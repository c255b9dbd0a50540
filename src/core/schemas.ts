import * as z from 'zod/mini';

/*
 * Schemas for Retell's `POST /v2/create-web-call` (see the OpenAPI spec), written with `zod/mini` so the
 * browser bundle pays a few kB instead of the ~20 kB of classic zod.
 */

const nonEmptyString = z.string().check(z.minLength(1), z.regex(/\S/, 'must not be blank'));
const jsonObject = z.record(z.string(), z.unknown());

/**
 * `agent_override` of the create-web-call body: per-call overrides of the agent, the Retell LLM or the
 * conversation flow. Powerful (it can rewrite prompts and webhook URLs), so the server handler refuses it
 * from browsers unless told otherwise.
 *
 * @example
 * ```ts
 * const override = agentOverrideSchema.parse({ retell_llm: { begin_message: 'Hello!' } });
 * ```
 */
export const agentOverrideSchema = z.strictObject({
  agent: z.optional(jsonObject),
  retell_llm: z.optional(jsonObject),
  conversation_flow: z.optional(jsonObject),
});

/**
 * The body of `POST /v2/create-web-call`. Unknown fields are rejected.
 *
 * @example
 * ```ts
 * const body = createWebCallRequestSchema.parse({ agent_id: 'agent_123', metadata: { user: 'u1' } });
 * ```
 */
export const createWebCallRequestSchema = z.strictObject({
  /** The Retell agent to talk to. */
  agent_id: nonEmptyString,
  /** A published version of the agent; the latest when omitted. */
  agent_version: z.optional(z.int().check(z.nonnegative())),
  /** Stored with the call, never used for processing. */
  metadata: z.optional(jsonObject),
  /** Values injected into the agent's prompt (`{{name}}`); strings, as Retell documents. */
  retell_llm_dynamic_variables: z.optional(z.record(z.string(), z.string())),
  /** Per-call agent configuration; see {@link agentOverrideSchema}. */
  agent_override: z.optional(agentOverrideSchema),
});

/**
 * The body of `POST /v2/create-web-call`; see {@link createWebCallRequestSchema}.
 *
 * @example
 * ```ts
 * const body: CreateWebCallRequest = {
 *   agent_id: 'agent_123',
 *   retell_llm_dynamic_variables: { customer_name: 'Ada' },
 * };
 * ```
 */
export type CreateWebCallRequest = z.infer<typeof createWebCallRequestSchema>;

/**
 * Retell's `call_status` words.
 *
 * @example
 * ```ts
 * const word = callStatusWordSchema.parse('registered'); // 'registered' | 'not_connected' | 'ongoing' | …
 * ```
 */
export const callStatusWordSchema = z.enum(['registered', 'not_connected', 'ongoing', 'ended', 'error']);

/**
 * Retell's documented v2 response (`V2WebCallResponse`), exactly: the required fields must be there and
 * well-typed. Extra fields pass through. The server handler checks Retell's answers with this.
 *
 * @example
 * ```ts
 * const call = v2WebCallResponseSchema.parse(await retellResponse.json());
 * ```
 */
export const v2WebCallResponseSchema = z.looseObject({
  call_type: z.literal('web_call'),
  access_token: nonEmptyString,
  call_id: nonEmptyString,
  agent_id: nonEmptyString,
  agent_version: z.int(),
  call_status: callStatusWordSchema,
  agent_name: z.optional(z.nullable(z.string())),
  metadata: z.optional(z.unknown()),
  retell_llm_dynamic_variables: z.optional(z.nullable(jsonObject)),
});

/**
 * Retell's v2 create-web-call response; see {@link v2WebCallResponseSchema}.
 *
 * @example
 * ```ts
 * const call: V2WebCallResponse = v2WebCallResponseSchema.parse(await retellResponse.json());
 * console.log(call.call_id, call.agent_version);
 * ```
 */
export type V2WebCallResponse = z.infer<typeof v2WebCallResponseSchema>;

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

/**
 * Retell's error body, `{ status: 'error', message }`. Both fields are optional so foreign bodies parse.
 *
 * @example
 * ```ts
 * const body = retellErrorSchema.safeParse(await response.json());
 * const message = body.success ? body.data.message : undefined;
 * ```
 */
export const retellErrorSchema = z.looseObject({
  status: z.optional(z.string()),
  message: z.optional(z.string()),
});

/**
 * Retell's error body; see {@link retellErrorSchema}.
 *
 * @example
 * ```ts
 * const body: RetellErrorBody = { status: 'error', message: 'Agent not found.' };
 * ```
 */
export type RetellErrorBody = z.infer<typeof retellErrorSchema>;
