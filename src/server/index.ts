/**
 * retell-web-call-react/server: the secure token endpoint for Retell web calls. Fetch-standard (Next.js App
 * Router, Hono, Bun, Deno, workers) with an adapter for Node's `http` and Express. No React, no DOM.
 * @packageDocumentation
 */

export type { CreateWebCallRequest } from '../core/schemas.ts';
export type { ClientIpOptions } from './clientIp.ts';
export { clientIp } from './clientIp.ts';
export type {
  WebCallHandlerErrorCode,
  WebCallHandlerErrorEvent,
  WebCallHandlerErrorOptions,
} from './errors.ts';
export { isWebCallHandlerError, WebCallHandlerError } from './errors.ts';
export type { WebCallHandler } from './handler.ts';
export { createWebCallHandler } from './handler.ts';
export type {
  CaptchaOptions,
  HumanCheckContext,
  HumanVerifier,
  RecaptchaOptions,
} from './humanCheck.ts';
export { hcaptcha, recaptcha, turnstile } from './humanCheck.ts';
export type { MemoryRateLimitStore, MemoryRateLimitStoreOptions } from './memoryRateLimitStore.ts';
export { createMemoryRateLimitStore } from './memoryRateLimitStore.ts';
export type { NodeRequestLike, NodeResponseLike, NodeWebCallHandler } from './node.ts';
export { createNodeWebCallHandler, toNodeHandler } from './node.ts';
export type { AuthorizeWebCall, CreateWebCallHandlerOptions } from './options.ts';
export {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_DYNAMIC_VARIABLES,
  DEFAULT_MAX_DYNAMIC_VARIABLES_BYTES,
  DEFAULT_MAX_JSON_DEPTH,
  DEFAULT_MAX_METADATA_BYTES,
  DEFAULT_RETELL_BASE_URL,
  DEFAULT_TIMEOUT_MS,
} from './options.ts';
export type { RateLimitOptions } from './rateLimit.ts';
export type { RateLimitCount, RateLimitStore } from './rateLimitStore.ts';
export type {
  IoRedisEvalClient,
  NodeRedisEvalClient,
  RedisRateLimitStoreOptions,
} from './redisRateLimitStore.ts';
export { createRedisRateLimitStore } from './redisRateLimitStore.ts';
export type { RetellErrorBody, V2WebCallResponse } from './schemas.ts';
export {
  agentOverrideSchema,
  createWebCallRequestSchema,
  retellErrorSchema,
  v2WebCallResponseSchema,
} from './schemas.ts';
