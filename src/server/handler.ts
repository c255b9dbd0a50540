import type { CreateWebCallRequest } from '../core/schemas.ts';
import { BodyEncodingError, BodyTooLargeError, declaredLength, readLimitedText } from './body.ts';
import { capCallDuration } from './callDuration.ts';
import { clientAddressOf } from './clientAddress.ts';
import { isWebCallHandlerError, type WebCallHandlerErrorEvent } from './errors.ts';
import { enforceHumanCheck } from './humanCheck.ts';
import {
  type CreateWebCallHandlerOptions,
  type ResolvedOptions,
  resolveOnError,
  resolveOptions,
} from './options.ts';
import { decideOrigin, preflightHeaders } from './origin.ts';
import { enforceRateLimit } from './rateLimit.ts';
import { Refusal } from './refusal.ts';
import { emptyResponse, errorResponse, jsonResponse, redact } from './responses.ts';
import { createRetellWebCall, UpstreamFailure } from './retell.ts';
import { checkBrowserBody, checkServerBody, parseJsonText } from './validate.ts';

/**
 * A Fetch-standard request handler: `(request) => Promise<Response>`. It never throws; every failure is an
 * answer in Retell's error shape `{ status: 'error', message }`.
 *
 * @example
 * ```ts
 * const handler: WebCallHandler = createWebCallHandler({ agentId: 'agent_123' });
 * const response = await handler(new Request('https://app.example.com/api/create-web-call', { method: 'POST' }));
 * ```
 */
export type WebCallHandler = (request: Request) => Promise<Response>;

const ALLOW = 'POST, OPTIONS';

function isJsonContentType(value: string | null): boolean {
  if (value === null) return false;
  const [type, ...params] = value.split(';').map((part) => part.trim().toLowerCase());
  if (type !== 'application/json') return false;
  for (const param of params) {
    const [name, rawValue = ''] = param.split('=').map((part) => part.trim());
    if (name === 'charset' && rawValue.replace(/^"|"$/g, '') !== 'utf-8') return false;
  }
  return true;
}

async function readBody(request: Request, maxBodyBytes: number): Promise<string> {
  const declared = declaredLength(request.headers);
  if (declared !== undefined && Number.isNaN(declared)) throw new Refusal(400, 'Invalid Content-Length.');
  const tooLarge = `The request body is too large (max ${maxBodyBytes} bytes).`;
  if (declared !== undefined && declared > maxBodyBytes) {
    request.body?.cancel().catch(() => {});
    throw new Refusal(413, tooLarge);
  }
  try {
    return await readLimitedText(request.body, maxBodyBytes);
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw new Refusal(413, tooLarge);
    if (error instanceof BodyEncodingError) throw new Refusal(400, 'The request body is not valid UTF-8.');
    throw new Refusal(400, 'The request body could not be read.');
  }
}

function merge(...sources: (Headers | undefined)[]): Headers {
  const headers = new Headers();
  for (const source of sources) {
    source?.forEach((value, name) => {
      // Several cookies are several `Set-Cookie` headers; `set` would keep only the last one.
      if (name === 'set-cookie') headers.append(name, value);
      else headers.set(name, value);
    });
  }
  return headers;
}

function reporter(onError: ResolvedOptions['onError'], apiKey: string, request: Request) {
  return (event: WebCallHandlerErrorEvent): void => {
    const safe: WebCallHandlerErrorEvent = { ...event, message: redact(event.message, apiKey) };
    if (event.retellMessage !== undefined) safe.retellMessage = redact(event.retellMessage, apiKey);
    try {
      // An async logger that rejects must not become an unhandled rejection either.
      const result: unknown = onError(safe, request);
      if (result !== undefined) void Promise.resolve(result).catch(() => {});
    } catch {
      // A failing logger must not change the answer.
    }
  };
}

async function authorizeBody(
  config: ResolvedOptions,
  request: Request,
  body: CreateWebCallRequest,
  report: (event: WebCallHandlerErrorEvent) => void,
): Promise<CreateWebCallRequest> {
  if (config.authorize === undefined) return body;
  let decided: unknown;
  try {
    decided = (await config.authorize(request, body)) ?? body;
  } catch (error) {
    if (isWebCallHandlerError(error)) throw error;
    report({
      code: 'authorize_failed',
      status: 500,
      message: `authorize threw: ${error instanceof Error ? error.message : String(error)}`,
      cause: error,
    });
    throw new Refusal(500, 'Internal server error.');
  }
  const checked = checkServerBody(decided, config);
  if (!checked.ok) {
    report({
      code: 'authorize_invalid_body',
      status: 500,
      message: `authorize produced a body that cannot be forwarded: ${checked.message}`,
    });
    throw new Refusal(500, 'Internal server error.');
  }
  return checked.body;
}

/**
 * The handler of a misconfigured endpoint: every request answers 500 and reports `configuration_error`,
 * so importing the route (as `next build` does, often without secrets) never throws.
 */
function misconfiguredHandler(problem: unknown, options: unknown): WebCallHandler {
  const onError = resolveOnError(options);
  const message = (problem instanceof Error ? problem.message : String(problem)).replace(
    /^\[retell-web-call-react\/server\] /,
    '',
  );
  // Whatever key there is still gets scrubbed from the answer and the report.
  const apiKey: unknown =
    (options as { apiKey?: unknown } | null)?.apiKey ??
    (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.RETELL_API_KEY;
  const secret = typeof apiKey === 'string' ? apiKey.trim() : '';
  return async function handleMisconfiguredRequest(request: Request): Promise<Response> {
    request.body?.cancel().catch(() => {});
    reporter(onError, secret, request)({ code: 'configuration_error', status: 500, message, cause: problem });
    return errorResponse(500, 'The call service is not configured correctly.', undefined, secret);
  };
}

/**
 * Creates the token endpoint: a Fetch-standard handler that checks the request (method, origin, content
 * type, size, JSON, schema, agent policy, limits), applies the guard (`rateLimit`, then `verifyHuman`),
 * runs `authorize`, caps the call length (`maxCallDurationMs`), POSTs the body once to Retell's
 * `/v2/create-web-call` with the API key, and answers 201 with Retell's call, or an error in Retell's
 * shape `{ status: 'error', message }` (plus `reason` for a guard refusal).
 *
 * It never throws, not even on wrong options: a missing API key or agent policy (or any other bad option)
 * makes every request answer 500 and report `configuration_error` to `onError`, so a build that imports
 * the route without secrets still succeeds. With `rateLimit` the handler keeps state: its default store
 * counts in this process's memory (use `createRedisRateLimitStore` across instances).
 *
 * Use it as a Next.js App Router route handler, in Hono, Bun, Deno, workers; for Node's `http`/Express
 * wrap it with `toNodeHandler`.
 *
 * @example
 * ```ts
 * // app/api/create-web-call/route.ts (Next.js App Router)
 * import { createWebCallHandler, WebCallHandlerError } from 'retell-web-call-react/server';
 *
 * const handler = createWebCallHandler({
 *   agentId: process.env.RETELL_AGENT_ID,
 *   authorize: async (request, body) => {
 *     const user = await getUser(request);
 *     if (!user) throw new WebCallHandlerError(401, 'Sign in to start a call.');
 *     return { ...body, metadata: { user_id: user.id } };
 *   },
 * });
 *
 * export const POST = handler;
 * ```
 */
export function createWebCallHandler(options: CreateWebCallHandlerOptions = {}): WebCallHandler {
  let config: ResolvedOptions;
  try {
    config = resolveOptions(options);
  } catch (problem) {
    return misconfiguredHandler(problem, options);
  }
  const secret = config.apiKey;

  return async function handleWebCallRequest(request: Request): Promise<Response> {
    let cors: Headers | undefined;
    const report = reporter(config.onError, secret, request);
    try {
      const method = request.method.toUpperCase();
      const origin = decideOrigin(request, config);
      cors = origin.cors;

      if (method === 'OPTIONS') {
        if (!origin.allowed) return errorResponse(403, origin.message, undefined, secret);
        if (origin.cors !== undefined) {
          return emptyResponse(204, preflightHeaders(origin.cors, config), secret);
        }
        return emptyResponse(204, new Headers({ Allow: ALLOW }), secret);
      }
      if (method !== 'POST') {
        throw new Refusal(405, 'Method not allowed; use POST.', { headers: new Headers({ Allow: ALLOW }) });
      }
      if (!origin.allowed) throw new Refusal(403, origin.message);
      if (!isJsonContentType(request.headers.get('content-type'))) {
        request.body?.cancel().catch(() => {});
        throw new Refusal(415, 'The request body must be JSON (Content-Type: application/json).');
      }

      const text = await readBody(request, config.maxBodyBytes);
      const parsed = parseJsonText(text);
      if (!parsed.ok) throw new Refusal(400, parsed.message);
      const checked = checkBrowserBody(parsed.value, config);
      if (!checked.ok) throw new Refusal(400, checked.message);

      // The guard, cheapest first, before anything that costs money.
      if (config.rateLimit !== undefined) await enforceRateLimit(config.rateLimit, request);
      if (config.verifyHuman !== undefined) {
        await enforceHumanCheck(config.verifyHuman, request, clientAddressOf(request));
      }
      const authorized = await authorizeBody(config, request, checked.body, report);
      const body = capCallDuration(authorized, config.maxCallDurationMs);
      const created = await createRetellWebCall(config, body);
      if (created.drift.length > 0) {
        report({
          code: 'retell_response_drift',
          status: 201,
          message: `Retell created the call, but its answer differs from V2WebCallResponse (forwarded as is): ${created.drift.join('; ')}.`,
        });
      }
      return jsonResponse(201, created.body, cors, secret);
    } catch (error) {
      if (error instanceof Refusal) {
        if (error.event !== undefined) report({ ...error.event, status: error.status });
        return errorResponse(error.status, error.message, merge(error.headers, cors), secret, error.reason);
      }
      if (isWebCallHandlerError(error)) {
        return errorResponse(error.status, error.message, merge(error.headers, cors), secret);
      }
      if (error instanceof UpstreamFailure) {
        report({
          code: error.code,
          status: error.status,
          message: error.operatorMessage,
          ...(error.details.retellStatus === undefined ? {} : { retellStatus: error.details.retellStatus }),
          ...(error.details.retellMessage === undefined
            ? {}
            : { retellMessage: error.details.retellMessage }),
          ...(error.details.cause === undefined ? {} : { cause: error.details.cause }),
        });
        return errorResponse(error.status, error.publicMessage, merge(error.details.headers, cors), secret);
      }
      report({
        code: 'internal_error',
        status: 500,
        message: `Unexpected error: ${error instanceof Error ? error.message : String(error)}`,
        cause: error,
      });
      return errorResponse(500, 'Internal server error.', cors, secret);
    }
  };
}
