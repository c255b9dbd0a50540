import { WebCallError } from './errors.ts';
import { lazyImport } from './lazy.ts';
import type { CreateWebCallRequest, WebCallResponse } from './schemas.ts';

/**
 * Loads the zod schemas (and zod itself) on first need. The browser only needs them once a token response
 * arrives, so they stay out of the initial bundle: the load starts with the token request (and on hover,
 * through `store.preload()`) and is ready long before the answer. A failed load is forgotten, so the next
 * call retries. The chunk builds the response parser as it loads (`responseValidator.ts`).
 * @internal
 */
export const loadSchemas = lazyImport(() => import('./responseValidator.ts'));
type Schemas = Awaited<ReturnType<typeof loadSchemas>>;

/**
 * The default backend URL the browser asks for a token.
 *
 * @example
 * ```ts
 * const call = await requestWebCallToken({ body: { agent_id: 'agent_123' }, endpoint: DEFAULT_ENDPOINT });
 * ```
 */
export const DEFAULT_ENDPOINT = '/api/create-web-call';
/**
 * Default time the token request may take, in ms. The token itself only lives 30 s.
 *
 * @example
 * ```tsx
 * <WebCallProvider timeoutMs={DEFAULT_TOKEN_TIMEOUT_MS / 2} />
 * ```
 */
export const DEFAULT_TOKEN_TIMEOUT_MS = 15_000;

/**
 * What a custom {@link GetAccessToken} receives.
 *
 * @example
 * ```ts
 * async function getAccessToken({ body, signal }: AccessTokenRequest) {
 *   const response = await fetch('/api/calls', { method: 'POST', body: JSON.stringify(body), signal });
 *   return response.json();
 * }
 * ```
 */
export interface AccessTokenRequest {
  /** The create-web-call body built from the options (`agent_id`, `metadata`, …). */
  body: CreateWebCallRequest;
  /** Aborted when the user stops the call or the timeout passes; pass it to `fetch`. */
  signal: AbortSignal;
}

/**
 * Escape hatch replacing the built-in `fetch` of the token: return the create-web-call response (or just the
 * access token string). Whatever it returns is validated like the endpoint's answer; a thrown
 * `WebCallError` is kept, anything else thrown becomes `network_error`.
 *
 * @example
 * ```ts
 * const getAccessToken: GetAccessToken = async ({ body, signal }) => {
 *   const { data } = await api.post('/calls', body, { signal });
 *   return data; // { access_token, call_id, … }
 * };
 * ```
 */
export type GetAccessToken = (request: AccessTokenRequest) => Promise<WebCallResponse | string>;

/**
 * Extra headers of the token request: fixed, or a function called before every token request (the stale-token
 * refetch included), sync or async. Use the function form for single-use values such as a captcha token
 * (`x-captcha-token`) or a CSRF token that rotates.
 *
 * @example
 * ```ts
 * const headers: TokenRequestHeaders = async () => ({ 'x-captcha-token': await turnstile.getToken() });
 * ```
 */
export type TokenRequestHeaders = HeadersInit | (() => HeadersInit | Promise<HeadersInit>);

/**
 * Everything {@link requestWebCallToken} needs.
 *
 * @example
 * ```ts
 * const request: WebCallTokenRequest = { body: { agent_id: 'agent_123' }, headers: { 'X-CSRF-Token': csrf } };
 * const call = await requestWebCallToken(request);
 * ```
 */
export interface WebCallTokenRequest {
  body: CreateWebCallRequest;
  /** Aborts the request; a caller's abort rejects with code `aborted`. */
  signal?: AbortSignal;
  /** @defaultValue `'/api/create-web-call'` */
  endpoint?: string | URL;
  /** Extra request headers (e.g. a CSRF token), or a function called per request; see {@link TokenRequestHeaders}. */
  headers?: TokenRequestHeaders;
  /** Extra `fetch` options (`credentials`, `mode`…); `method`, `body` and `signal` are ours. */
  fetchOptions?: Omit<RequestInit, 'method' | 'body' | 'signal'>;
  /** @defaultValue 15000 */
  timeoutMs?: number;
  getAccessToken?: GetAccessToken;
  /** The `fetch` to use. @defaultValue `globalThis.fetch` */
  fetch?: typeof fetch;
}

async function parseResponse(schemas: Promise<Schemas>, value: unknown): Promise<WebCallResponse> {
  let webCallResponseSchema: Schemas['webCallResponseSchema'];
  try {
    ({ webCallResponseSchema } = await schemas);
  } catch (error) {
    throw new WebCallError('sdk_load_failed', undefined, { cause: error });
  }
  const result = webCallResponseSchema.safeParse(value);
  if (!result.success) {
    throw new WebCallError(
      'token_response_invalid',
      'The token endpoint answered without a usable access_token.',
      { cause: result.error },
    );
  }
  return result.data;
}

/**
 * `Retry-After` in ms: delta-seconds or an HTTP date; `undefined` when absent or unreadable. Cross-origin
 * endpoints must list it in `Access-Control-Expose-Headers` (the server handler does).
 * @internal
 */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date) || !/[a-z]/i.test(trimmed)) return undefined;
  return Math.max(0, date - now);
}

async function failedResponse(response: Response): Promise<WebCallError> {
  const text = await response.text().catch(() => '');
  let body: unknown = text;
  let message: string | undefined;
  let reason: unknown;
  try {
    body = JSON.parse(text);
    // Retell's error shape `{ status: 'error', message }` (plus the server guard's `reason`); a plain check
    // keeps zod out of this path.
    const candidate = (body as { message?: unknown } | null)?.message;
    if (typeof candidate === 'string' && candidate) message = candidate;
    reason = (body as { reason?: unknown } | null)?.reason;
  } catch {
    // Not JSON (an HTML error page, a proxy's text): keep the raw text as the cause.
  }
  const retryAfterMs = parseRetryAfter(response.headers.get('Retry-After'));
  const options = {
    status: response.status,
    cause: body,
    ...(retryAfterMs !== undefined && { retryAfterMs }),
  };
  if (response.status === 403 && reason === 'human_check_failed') {
    return new WebCallError('human_check_failed', message, options);
  }
  return new WebCallError(
    'token_request_failed',
    message ??
      `The token endpoint answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.`,
    options,
  );
}

async function resolveHeaders(headers: () => HeadersInit | Promise<HeadersInit>): Promise<HeadersInit> {
  try {
    return await headers();
  } catch (error) {
    if (error instanceof WebCallError) throw error;
    throw new WebCallError('token_request_failed', 'The token request headers could not be prepared.', {
      cause: error,
    });
  }
}

/**
 * Asks the backend for a web-call token: one POST of the create-web-call body, never retried (a retried POST
 * would create a second Retell call), with a timeout. Resolves with the validated response; rejects only
 * with a {@link WebCallError}: `token_request_failed` (non-2xx, with `status` and the backend's `message`),
 * `token_response_invalid`, `token_request_timeout`, `network_error` or `aborted`.
 *
 * @example
 * ```ts
 * const call = await requestWebCallToken({ body: { agent_id: 'agent_123' }, endpoint: '/api/call' });
 * await client.startCall({ accessToken: call.access_token });
 * ```
 */
export async function requestWebCallToken(request: WebCallTokenRequest): Promise<WebCallResponse> {
  // Start loading the validator now, in parallel with the request.
  const schemas = loadSchemas();
  schemas.catch(() => {}); // reported by parseResponse if it is needed
  const timeoutMs = request.timeoutMs ?? DEFAULT_TOKEN_TIMEOUT_MS;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onAbort = () => controller.abort();
  request.signal?.addEventListener('abort', onAbort, { once: true });
  if (request.signal?.aborted) controller.abort();

  const classify = (error: unknown): WebCallError => {
    // Our own verdicts (an HTTP status, an invalid body) stand even if the timer fired meanwhile.
    if (error instanceof WebCallError) return error;
    if (timedOut) return new WebCallError('token_request_timeout', undefined, { cause: error });
    if (request.signal?.aborted) return new WebCallError('aborted', undefined, { cause: error });
    return new WebCallError('network_error', undefined, { cause: error });
  };

  try {
    // Already stopped (a stop() before the request was made): send nothing, create no Retell call. A returning
    // user's start() sends at once, so a stop() in the same tick aborts a request already made.
    if (controller.signal.aborted) throw controller.signal.reason;
    if (request.getAccessToken) {
      const aborted = new Promise<never>((_, reject) => {
        controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
      });
      aborted.catch(() => {}); // only raced
      const value = await Promise.race([
        request.getAccessToken({ body: request.body, signal: controller.signal }),
        aborted,
      ]);
      return await parseResponse(schemas, typeof value === 'string' ? { access_token: value } : value);
    }
    const doFetch = request.fetch ?? globalThis.fetch;
    const headers = new Headers(request.fetchOptions?.headers);
    // Fixed headers need no await: then the request leaves in the caller's own task (a click's).
    const extraHeaders =
      typeof request.headers === 'function' ? await resolveHeaders(request.headers) : request.headers;
    if (controller.signal.aborted) throw controller.signal.reason;
    new Headers(extraHeaders).forEach((value, key) => {
      headers.set(key, value);
    });
    headers.set('Content-Type', 'application/json');
    if (!headers.has('Accept')) headers.set('Accept', 'application/json');
    const response = await doFetch(request.endpoint ?? DEFAULT_ENDPOINT, {
      ...request.fetchOptions,
      method: 'POST',
      headers,
      body: JSON.stringify(request.body),
      signal: controller.signal,
    });
    if (!response.ok) throw await failedResponse(response);
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new WebCallError('token_response_invalid', 'The token endpoint did not answer with JSON.', {
        cause: error,
      });
    }
    return await parseResponse(schemas, json);
  } catch (error) {
    throw classify(error);
  } finally {
    clearTimeout(timer);
    request.signal?.removeEventListener('abort', onAbort);
  }
}
