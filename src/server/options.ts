import type { CreateWebCallRequest } from '../core/schemas.ts';
import type { WebCallHandlerErrorEvent } from './errors.ts';
import type { HumanVerifier } from './humanCheck.ts';
import { CAPTCHA_TOKEN_HEADER } from './humanCheck.ts';
import { type RateLimitOptions, type RateLimitRule, resolveRateLimit } from './rateLimit.ts';

/**
 * Retell's production API.
 *
 * @example
 * ```ts
 * createWebCallHandler({ agentId: 'agent_123', baseUrl: DEFAULT_RETELL_BASE_URL });
 * ```
 */
export const DEFAULT_RETELL_BASE_URL = 'https://api.retellai.com';
/**
 * Default request body limit: 16 KiB.
 *
 * @example
 * ```ts
 * createWebCallHandler({ agentId: 'agent_123', maxBodyBytes: 2 * DEFAULT_MAX_BODY_BYTES });
 * ```
 */
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024;
/**
 * Default limit of `metadata`, measured as UTF-8 JSON: 4 KiB.
 *
 * @example
 * ```ts
 * createWebCallHandler({ agentId: 'agent_123', maxMetadataBytes: DEFAULT_MAX_METADATA_BYTES / 2 });
 * ```
 */
export const DEFAULT_MAX_METADATA_BYTES = 4 * 1024;
/**
 * Default limit of `retell_llm_dynamic_variables`, measured as UTF-8 JSON: 4 KiB.
 *
 * @example
 * ```ts
 * createWebCallHandler({ agentId: 'agent_123', maxDynamicVariablesBytes: 2 * DEFAULT_MAX_DYNAMIC_VARIABLES_BYTES });
 * ```
 */
export const DEFAULT_MAX_DYNAMIC_VARIABLES_BYTES = 4 * 1024;
/**
 * Default maximum number of dynamic variables.
 *
 * @example
 * ```ts
 * createWebCallHandler({ agentId: 'agent_123', maxDynamicVariables: DEFAULT_MAX_DYNAMIC_VARIABLES + 10 });
 * ```
 */
export const DEFAULT_MAX_DYNAMIC_VARIABLES = 50;
/**
 * Default time Retell may take to answer: 10 s (the token it returns only lives 30 s).
 *
 * @example
 * ```ts
 * createWebCallHandler({ agentId: 'agent_123', timeoutMs: DEFAULT_TIMEOUT_MS / 2 });
 * ```
 */
export const DEFAULT_TIMEOUT_MS = 10_000;
/**
 * Default maximum nesting of the JSON body (the body object itself is level 1).
 *
 * @example
 * ```ts
 * createWebCallHandler({ agentId: 'agent_123', maxJsonDepth: DEFAULT_MAX_JSON_DEPTH / 2 });
 * ```
 */
export const DEFAULT_MAX_JSON_DEPTH = 16;

/** Retell's range of `max_call_duration_ms`: 1 minute to 2 hours. */
const MIN_CALL_DURATION_MS = 60_000;
const MAX_CALL_DURATION_MS = 7_200_000;

/**
 * The `authorize` hook: runs after the body passed every check, before Retell is called. Reject by throwing
 * a `WebCallHandlerError` (its status and message reach the browser). Allow by returning nothing (the body,
 * including any change made to it in place, is forwarded) or return a new body. Whatever is forwarded is
 * validated again against the schema and the agent policy, with the same server defaults as the browser's
 * body: an omitted `agent_id` becomes `agentId` and an omitted `agent_version` becomes the pinned
 * `agentVersion`, and a different `agent_version` is refused (a pinned version stays pinned). The browser
 * limits (`allowAgentOverride`, the size limits) do not apply: they guard against the browser, and this
 * body is your server's. Anything else thrown answers 500 and is reported to `onError`.
 *
 * The request body has already been read (and size-limited) by the handler, so `request.json()` /
 * `request.text()` would throw: use the parsed, validated `body` argument, and identify the caller from
 * `request.headers` (cookies, `Authorization`). `authorize` has no time limit of its own (`timeoutMs` only
 * covers the Retell call): keep it fast and put your own timeouts on the session and store look-ups it
 * makes.
 *
 * @example
 * ```ts
 * const authorize: AuthorizeWebCall = async (request, body) => {
 *   const user = await auth(request);
 *   if (!user) throw new WebCallHandlerError(401, 'Sign in first.');
 *   return { ...body, metadata: { user_id: user.id } };
 * };
 * ```
 */
export type AuthorizeWebCall = (
  request: Request,
  body: CreateWebCallRequest,
  // biome-ignore lint/suspicious/noConfusingVoidType: returning nothing means "allow as is".
) => void | CreateWebCallRequest | Promise<void | CreateWebCallRequest>;

/**
 * Options of `createWebCallHandler`. Only the agent policy is required (`agentId`, `allowedAgentIds` or
 * `allowAnyAgent: true`); everything else has a secure default.
 *
 * @example
 * ```ts
 * const options: CreateWebCallHandlerOptions = {
 *   agentId: process.env.RETELL_AGENT_ID,
 *   allowedOrigins: ['https://app.example.com'],
 *   authorize: async (request) => {
 *     if (!(await isSignedIn(request))) throw new WebCallHandlerError(401, 'Sign in first.');
 *   },
 * };
 * ```
 */
export interface CreateWebCallHandlerOptions {
  /**
   * The Retell API key. Never sent anywhere but to `baseUrl` as `Authorization: Bearer …`, and never part of
   * a response or a reported message.
   * @defaultValue `process.env.RETELL_API_KEY` (read when the handler is created; a missing key does not
   * throw there, so a build that imports the route still works: every request answers 500 and `onError`
   * gets `configuration_error`)
   */
  apiKey?: string;
  /**
   * The agent every call uses. The browser may omit `agent_id`; any other `agent_id` it sends is rejected
   * with 400 (unless listed in `allowedAgentIds`).
   */
  agentId?: string;
  /** The agents a browser may ask for by `agent_id`. With `agentId`, that one is the default when omitted. */
  allowedAgentIds?: readonly string[];
  /**
   * Accept any `agent_id` the browser sends. Not recommended: anyone can then start calls with any agent of
   * your workspace on your bill.
   * @defaultValue false
   */
  allowAnyAgent?: boolean;
  /**
   * Pin the agent version: filled in when omitted, a browser `agent_version` that differs is rejected with
   * 400, and a body from `authorize` with a different one is not forwarded (500, `authorize_invalid_body`).
   */
  agentVersion?: number;
  /**
   * Accept `agent_override` from the browser. It can rewrite the prompt, the voice and the webhook URL, so
   * it is refused (400) unless you opt in.
   * @defaultValue false
   */
  allowAgentOverride?: boolean;
  /** Runs after validation, before Retell: reject (throw), rewrite (return a body) or allow (return nothing). */
  authorize?: AuthorizeWebCall;
  /**
   * Limit token requests per client: see {@link RateLimitOptions}. Checked after the body is validated and
   * before `verifyHuman`, `authorize` and Retell; over the limit → 429 with `Retry-After`.
   */
  rateLimit?: RateLimitOptions;
  /**
   * A human check (captcha) before a call is created: {@link turnstile}, {@link recaptcha},
   * {@link hcaptcha} or your own `(request, context) => boolean`. The browser sends its token in the
   * `x-captcha-token` header. Missing or failed → 403 (`reason: 'human_check_failed'`); a verifier that
   * throws or takes over 5 s → 403 and `onError`.
   */
  verifyHuman?: HumanVerifier;
  /**
   * The longest a call may run, in ms, set by the server as `agent_override.agent.max_call_duration_ms`
   * (the smaller of this and any value `authorize` sets). Retell's range is 60000–7200000; outside it is a
   * configuration error (500 and `onError` on every request). Without it, the agent's own setting applies
   * (Retell's default is 1 hour).
   */
  maxCallDurationMs?: number;
  /**
   * Browser origins allowed to call the endpoint cross-origin (exact `scheme://host[:port]`, never `*`).
   * When set, a request from any other origin, or without an `Origin` header, answers 403; allowed origins
   * get CORS headers and preflight answers. When unset, only same-origin browser requests are accepted:
   * `Sec-Fetch-Site: cross-site`/`same-site` answers 403, no CORS headers are sent, so the browser's CORS
   * preflight (required for a JSON POST) fails, and non-JSON content types answer 415. The `Origin` header is
   * not compared with the request URL, which behind a proxy may carry an internal host.
   */
  allowedOrigins?: readonly string[];
  /**
   * With `allowedOrigins`, also accept requests that carry no `Origin` header (server-to-server calls,
   * old browsers). Browsers send `Origin` on every cross-origin request and on same-origin POSTs.
   * @defaultValue false
   */
  allowRequestsWithoutOrigin?: boolean;
  /**
   * Send `Access-Control-Allow-Credentials: true` to allowed origins, so cross-origin requests may carry
   * cookies (needed when `authorize` reads a session cookie cross-origin).
   * @defaultValue false
   */
  allowCredentials?: boolean;
  /**
   * Request headers a cross-origin browser may send (answered in preflights). `x-captcha-token` is always
   * added.
   * @defaultValue `['Content-Type']`
   */
  allowedHeaders?: readonly string[];
  /** @defaultValue 16384 (16 KiB) */
  maxBodyBytes?: number;
  /** Limit of `metadata` as UTF-8 JSON. @defaultValue 4096 */
  maxMetadataBytes?: number;
  /** Limit of `retell_llm_dynamic_variables` as UTF-8 JSON. @defaultValue 4096 */
  maxDynamicVariablesBytes?: number;
  /** Maximum number of dynamic variables. @defaultValue 50 */
  maxDynamicVariables?: number;
  /** Maximum JSON nesting of the body. @defaultValue 16 */
  maxJsonDepth?: number;
  /**
   * Time Retell may take to answer (headers and body), in ms. The POST is never retried: a retry could
   * create a second call.
   * @defaultValue 10000
   */
  timeoutMs?: number;
  /**
   * Retell's API origin (https, or http on localhost for tests).
   * @defaultValue `'https://api.retellai.com'`
   */
  baseUrl?: string;
  /** The `fetch` used to call Retell. @defaultValue `globalThis.fetch` */
  fetch?: typeof fetch;
  /**
   * Forward Retell's whole validated response to the browser. By default only what the browser needs is
   * forwarded (`call_type`, `access_token`, `call_id`, `agent_id`, `agent_version`, `agent_name`,
   * `call_status`); `metadata` and dynamic variables, which `authorize` may have filled with server-side
   * data, are not echoed back.
   * @defaultValue false
   */
  exposeCallDetails?: boolean;
  /**
   * Reports server-side failures (Retell errors, timeouts, `authorize` bugs) to the operator. Never
   * contains the API key. It may be async; neither a throw nor a rejected promise changes the answer (and a
   * rejection never becomes an unhandled rejection). It is not awaited.
   * @defaultValue logs with `console.error`
   */
  onError?: (event: WebCallHandlerErrorEvent, request: Request) => void;
}

/** The options after defaults and checks (a failed check is answered per request, never thrown at import). */
export interface ResolvedOptions {
  apiKey: string;
  agentId: string | undefined;
  allowedAgentIds: ReadonlySet<string>;
  allowAnyAgent: boolean;
  agentVersion: number | undefined;
  allowAgentOverride: boolean;
  authorize: AuthorizeWebCall | undefined;
  rateLimit: RateLimitRule | undefined;
  verifyHuman: HumanVerifier | undefined;
  maxCallDurationMs: number | undefined;
  allowedOrigins: ReadonlySet<string> | undefined;
  allowRequestsWithoutOrigin: boolean;
  allowCredentials: boolean;
  allowedHeaders: string;
  maxBodyBytes: number;
  maxMetadataBytes: number;
  maxDynamicVariablesBytes: number;
  maxDynamicVariables: number;
  maxJsonDepth: number;
  timeoutMs: number;
  endpoint: string;
  fetch: typeof fetch;
  exposeCallDetails: boolean;
  onError: (event: WebCallHandlerErrorEvent, request: Request) => void;
}

const PREFIX = '[retell-web-call-react/server]';
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function configError(message: string): TypeError {
  return new TypeError(`${PREFIX} createWebCallHandler: ${message}`);
}

function readEnv(name: string): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return env?.[name];
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw configError(`\`${name}\` must be a positive integer (got ${String(value)}).`);
  }
  return value;
}

function agentIdString(name: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '' || value !== value.trim()) {
    throw configError(`\`${name}\` must be a non-blank agent id without surrounding spaces.`);
  }
  return value;
}

function resolveApiKey(option: string | undefined): string {
  const raw = option ?? readEnv('RETELL_API_KEY');
  if (raw === undefined || raw.trim() === '') {
    throw configError(
      'no Retell API key. Set the RETELL_API_KEY environment variable on the server, or pass `apiKey` ' +
        '(on runtimes without process.env, such as Cloudflare Workers, pass it from the environment binding).',
    );
  }
  const key = raw.trim();
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point.
  if (/[\s\u0000-\u001f\u007f]/.test(key)) {
    throw configError('the Retell API key contains whitespace or control characters; check RETELL_API_KEY.');
  }
  return key;
}

function resolveOrigins(origins: readonly string[] | undefined): ReadonlySet<string> | undefined {
  if (origins === undefined) return undefined;
  if (!Array.isArray(origins) || origins.length === 0) {
    throw configError(
      '`allowedOrigins` must be a non-empty array of origins such as "https://app.example.com".',
    );
  }
  const set = new Set<string>();
  for (const origin of origins) {
    if (origin === '*') {
      throw configError('`allowedOrigins` must list exact origins; "*" is not accepted.');
    }
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      throw configError(`\`allowedOrigins\` entry ${JSON.stringify(origin)} is not a URL origin.`);
    }
    if (
      (url.protocol !== 'https:' && url.protocol !== 'http:') ||
      url.username !== '' ||
      url.password !== '' ||
      url.search !== '' ||
      url.hash !== '' ||
      (url.pathname !== '/' && url.pathname !== '')
    ) {
      throw configError(
        `\`allowedOrigins\` entry ${JSON.stringify(origin)} must be a bare origin like "https://app.example.com".`,
      );
    }
    set.add(url.origin);
  }
  return set;
}

function resolveBaseUrl(baseUrl: string | undefined): string {
  const raw = baseUrl ?? DEFAULT_RETELL_BASE_URL;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw configError(`\`baseUrl\` ${JSON.stringify(raw)} is not a URL.`);
  }
  const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    throw configError('`baseUrl` must use https (plain http is only accepted for localhost).');
  }
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    throw configError('`baseUrl` must not contain credentials, a query or a fragment.');
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}/v2/create-web-call`;
}

function defaultOnError(event: WebCallHandlerErrorEvent): void {
  const details = event.cause === undefined ? [] : [event.cause];
  console.error(`${PREFIX} ${event.code}: ${event.message}`, ...details);
}

/** The `onError` to report with, even when the other options are wrong. */
export function resolveOnError(options: unknown): ResolvedOptions['onError'] {
  const onError = (options as { onError?: unknown } | null | undefined)?.onError;
  return typeof onError === 'function' ? (onError as ResolvedOptions['onError']) : defaultOnError;
}

function resolveMaxCallDuration(value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isSafeInteger(value) || value < MIN_CALL_DURATION_MS || value > MAX_CALL_DURATION_MS) {
    throw configError(
      `\`maxCallDurationMs\` must be an integer from ${MIN_CALL_DURATION_MS} to ${MAX_CALL_DURATION_MS} (Retell's range, 1 minute to 2 hours); got ${String(value)}.`,
    );
  }
  return value;
}

/**
 * Applies defaults and checks the options; throws a `TypeError` naming the problem. The handler catches
 * it and answers 500 (`configuration_error`) on every request instead of throwing at import.
 */
export function resolveOptions(options: CreateWebCallHandlerOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) throw configError('options must be an object.');
  const apiKey = resolveApiKey(options.apiKey);
  const agentId = options.agentId === undefined ? undefined : agentIdString('agentId', options.agentId);
  if (options.allowedAgentIds !== undefined && !Array.isArray(options.allowedAgentIds)) {
    throw configError('`allowedAgentIds` must be an array of agent ids.');
  }
  const allowedAgentIds = new Set(
    (options.allowedAgentIds ?? []).map((id, index) => agentIdString(`allowedAgentIds[${index}]`, id)),
  );
  if (options.allowedAgentIds !== undefined && allowedAgentIds.size === 0) {
    throw configError('`allowedAgentIds` is empty; list at least one agent id.');
  }
  const allowAnyAgent = options.allowAnyAgent === true;
  if (agentId === undefined && allowedAgentIds.size === 0 && !allowAnyAgent) {
    throw configError(
      'choose which agents browsers may call: pass `agentId` (one fixed agent), `allowedAgentIds` ' +
        '(an allowlist), or `allowAnyAgent: true` (not recommended).',
    );
  }
  if (
    options.agentVersion !== undefined &&
    (!Number.isSafeInteger(options.agentVersion) || options.agentVersion < 0)
  ) {
    throw configError('`agentVersion` must be a non-negative integer.');
  }
  if (options.authorize !== undefined && typeof options.authorize !== 'function') {
    throw configError('`authorize` must be a function.');
  }
  if (options.onError !== undefined && typeof options.onError !== 'function') {
    throw configError('`onError` must be a function.');
  }
  const allowedHeaders = options.allowedHeaders ?? ['Content-Type'];
  for (const header of allowedHeaders) {
    if (typeof header !== 'string' || !TOKEN.test(header)) {
      throw configError(`\`allowedHeaders\` entry ${JSON.stringify(header)} is not a header name.`);
    }
  }
  const rateLimit = resolveRateLimit(options.rateLimit);
  if (typeof rateLimit === 'string') throw configError(rateLimit);
  if (options.verifyHuman !== undefined && typeof options.verifyHuman !== 'function') {
    throw configError('`verifyHuman` must be a function, such as turnstile({ secret }).');
  }
  const headerList = allowedHeaders.some((header) => header.toLowerCase() === CAPTCHA_TOKEN_HEADER)
    ? allowedHeaders
    : [...allowedHeaders, CAPTCHA_TOKEN_HEADER];
  const fetchImpl = options.fetch;
  if (fetchImpl !== undefined && typeof fetchImpl !== 'function')
    throw configError('`fetch` must be a function.');

  return {
    apiKey,
    agentId,
    allowedAgentIds,
    allowAnyAgent,
    agentVersion: options.agentVersion,
    allowAgentOverride: options.allowAgentOverride === true,
    authorize: options.authorize,
    rateLimit,
    verifyHuman: options.verifyHuman,
    maxCallDurationMs: resolveMaxCallDuration(options.maxCallDurationMs),
    allowedOrigins: resolveOrigins(options.allowedOrigins),
    allowRequestsWithoutOrigin: options.allowRequestsWithoutOrigin === true,
    allowCredentials: options.allowCredentials === true,
    allowedHeaders: headerList.join(', '),
    maxBodyBytes: positiveInteger('maxBodyBytes', options.maxBodyBytes, DEFAULT_MAX_BODY_BYTES),
    maxMetadataBytes: positiveInteger(
      'maxMetadataBytes',
      options.maxMetadataBytes,
      DEFAULT_MAX_METADATA_BYTES,
    ),
    maxDynamicVariablesBytes: positiveInteger(
      'maxDynamicVariablesBytes',
      options.maxDynamicVariablesBytes,
      DEFAULT_MAX_DYNAMIC_VARIABLES_BYTES,
    ),
    maxDynamicVariables: positiveInteger(
      'maxDynamicVariables',
      options.maxDynamicVariables,
      DEFAULT_MAX_DYNAMIC_VARIABLES,
    ),
    maxJsonDepth: positiveInteger('maxJsonDepth', options.maxJsonDepth, DEFAULT_MAX_JSON_DEPTH),
    timeoutMs: positiveInteger('timeoutMs', options.timeoutMs, DEFAULT_TIMEOUT_MS),
    endpoint: resolveBaseUrl(options.baseUrl),
    fetch: fetchImpl ?? ((input, init) => globalThis.fetch(input, init)),
    exposeCallDetails: options.exposeCallDetails === true,
    onError: resolveOnError(options),
  };
}
