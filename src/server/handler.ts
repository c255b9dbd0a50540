import type { CreateWebCallRequest } from '../core/schemas.ts';
import { BodyEncodingError, BodyTooLargeError, declaredLength, readLimitedText } from './body.ts';
import { isWebCallHandlerError, type WebCallHandlerErrorEvent } from './errors.ts';
import { type CreateWebCallHandlerOptions, type ResolvedOptions, resolveOptions } from './options.ts';
import { decideOrigin, preflightHeaders } from './origin.ts';
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

/** A browser-input rejection (400, 403, 405, 413, 415…), not reported to the operator. */
class Rejection extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers?: Headers,
  ) {
    super(message);
  }
}

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
  if (declared !== undefined && Number.isNaN(declared)) throw new Rejection(400, 'Invalid Content-Length.');
  const tooLarge = `The request body is too large (max ${maxBodyBytes} bytes).`;
  if (declared !== undefined && declared > maxBodyBytes) {
    request.body?.cancel().catch(() => {});
    throw new Rejection(413, tooLarge);
  }
  try {
    return await readLimitedText(request.body, maxBodyBytes);
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw new Rejection(413, tooLarge);
    if (error instanceof BodyEncodingError) throw new Rejection(400, 'The request body is not valid UTF-8.');
    throw new Rejection(400, 'The request body could not be read.');
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

function reporter(config: ResolvedOptions, request: Request) {
  return (event: WebCallHandlerErrorEvent): void => {
    const safe: WebCallHandlerErrorEvent = { ...event, message: redact(event.message, config.apiKey) };
    if (event.retellMessage !== undefined) safe.retellMessage = redact(event.retellMessage, config.apiKey);
    try {
      // An async logger that rejects must not become an unhandled rejection either.
      const result: unknown = config.onError(safe, request);
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
    throw new Rejection(500, 'Internal server error.');
  }
  const checked = checkServerBody(decided, config);
  if (!checked.ok) {
    report({
      code: 'authorize_invalid_body',
      status: 500,
      message: `authorize produced a body that cannot be forwarded: ${checked.message}`,
    });
    throw new Rejection(500, 'Internal server error.');
  }
  return checked.body;
}

/**
 * Creates the token endpoint: a Fetch-standard handler that checks the request (method, origin, content
 * type, size, JSON, schema, agent policy, limits), runs `authorize`, POSTs the body once to Retell's
 * `/v2/create-web-call` with the API key, and answers 201 with the validated response, or an error in
 * Retell's shape `{ status: 'error', message }`. Misconfiguration (no API key, no agent policy, a bad
 * origin or `baseUrl`) throws here, at startup.
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
  const config = resolveOptions(options);
  const secret = config.apiKey;

  return async function handleWebCallRequest(request: Request): Promise<Response> {
    let cors: Headers | undefined;
    const report = reporter(config, request);
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
        throw new Rejection(405, 'Method not allowed; use POST.', new Headers({ Allow: ALLOW }));
      }
      if (!origin.allowed) throw new Rejection(403, origin.message);
      if (!isJsonContentType(request.headers.get('content-type'))) {
        request.body?.cancel().catch(() => {});
        throw new Rejection(415, 'The request body must be JSON (Content-Type: application/json).');
      }

      const text = await readBody(request, config.maxBodyBytes);
      const parsed = parseJsonText(text);
      if (!parsed.ok) throw new Rejection(400, parsed.message);
      const checked = checkBrowserBody(parsed.value, config);
      if (!checked.ok) throw new Rejection(400, checked.message);

      const body = await authorizeBody(config, request, checked.body, report);
      const call = await createRetellWebCall(config, body);
      return jsonResponse(201, call, cors, secret);
    } catch (error) {
      if (error instanceof Rejection) {
        return errorResponse(error.status, error.message, merge(error.headers, cors), secret);
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
