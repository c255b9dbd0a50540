import * as z from 'zod/mini';
import { callStatusWordSchema } from '../core/schemas.ts';

/*
 * The schemas only the server needs: the create-web-call body it accepts from browsers, Retell's documented
 * v2 answer and Retell's error body (see Retell's OpenAPI spec). The browser's own schemas (what it accepts
 * from the token endpoint) stay in src/core/schemas.ts.
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
 * The body of `POST /v2/create-web-call`, as the server handler accepts it from a browser: it parses to a
 * `CreateWebCallRequest`. Unknown fields are rejected.
 *
 * @example
 * ```ts
 * const body = createWebCallRequestSchema.parse({ agent_id: 'agent_123', metadata: { user: 'u1' } });
 * ```
 */
export const createWebCallRequestSchema = z.strictObject({
  agent_id: nonEmptyString,
  agent_version: z.optional(z.int().check(z.nonnegative())),
  metadata: z.optional(jsonObject),
  retell_llm_dynamic_variables: z.optional(z.record(z.string(), z.string())),
  agent_override: z.optional(agentOverrideSchema),
});

/**
 * Retell's documented v2 response (`V2WebCallResponse`), exactly: the required fields must be there and
 * well-typed. Extra fields pass through.
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
