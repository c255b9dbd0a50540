import type { CreateWebCallRequest } from '../core/schemas.ts';
import { BodyTooLargeError, readLimitedText } from './body.ts';
import type { WebCallHandlerErrorCode } from './errors.ts';
import { redact } from './responses.ts';
import { readCreatedCall } from './retellResponse.ts';
import { retellErrorSchema } from './schemas.ts';

/** Retell's answers are small; anything larger is refused. */
const MAX_RETELL_RESPONSE_BYTES = 64 * 1024;

/** The fields forwarded to the browser unless `exposeCallDetails` is set. */
const PUBLIC_FIELDS = [
  'call_type',
  'access_token',
  'call_id',
  'agent_id',
  'agent_version',
  'agent_name',
  'call_status',
] as const;

/** A failure of the Retell call: what the browser gets and what the operator is told. */
export class UpstreamFailure extends Error {
  override readonly name = 'UpstreamFailure';
  constructor(
    readonly code: WebCallHandlerErrorCode,
    /** Status answered to the browser. */
    readonly status: number,
    /** Browser-safe message. */
    readonly publicMessage: string,
    /** Operator message (redacted). */
    readonly operatorMessage: string,
    readonly details: {
      retellStatus?: number;
      retellMessage?: string;
      headers?: Headers;
      cause?: unknown;
    } = {},
  ) {
    super(operatorMessage);
  }
}

/** What {@link createRetellWebCall} needs. */
export interface RetellCallConfig {
  apiKey: string;
  endpoint: string;
  timeoutMs: number;
  fetch: typeof fetch;
  exposeCallDetails: boolean;
}

class TimeoutSignal extends Error {}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  // Holds the timeout even when an injected `fetch` ignores `signal`.
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new TimeoutSignal('timed out'));
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function validRetryAfter(value: string | null): string | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d{1,9}$/.test(trimmed)) return trimmed;
  return trimmed.length <= 64 && /^[A-Za-z0-9 ,:]+$/.test(trimmed) && !Number.isNaN(Date.parse(trimmed))
    ? trimmed
    : undefined;
}

function retellMessageOf(text: string, apiKey: string): string | undefined {
  try {
    const parsed = retellErrorSchema.safeParse(JSON.parse(text));
    const message = parsed.success ? parsed.data.message : undefined;
    if (message === undefined) return undefined;
    const safe = redact(message, apiKey);
    return safe.length > 500 ? `${safe.slice(0, 500)}…` : safe;
  } catch {
    return undefined;
  }
}

function statusFailure(status: number, text: string, headers: Headers, apiKey: string): UpstreamFailure {
  const retellMessage = retellMessageOf(text, apiKey);
  const said = retellMessage === undefined ? '' : ` Retell said: ${JSON.stringify(retellMessage)}`;
  const details = { retellStatus: status, ...(retellMessage === undefined ? {} : { retellMessage }) };
  if (status === 401 || status === 403) {
    return new UpstreamFailure(
      'retell_unauthorized',
      500,
      'The call service is not configured correctly.',
      `Retell rejected the API key (HTTP ${status}): RETELL_API_KEY is invalid, revoked or belongs to another workspace.${said}`,
      details,
    );
  }
  if (status === 402) {
    return new UpstreamFailure(
      'retell_payment_required',
      503,
      'The call service is temporarily unavailable.',
      `Retell answered 402 Payment Required: the Retell account needs billing attention (trial ended or no payment method).${said}`,
      details,
    );
  }
  if (status === 429) {
    const retryAfter = validRetryAfter(headers.get('retry-after'));
    return new UpstreamFailure(
      'retell_rate_limited',
      429,
      'Too many calls are being started right now; try again shortly.',
      `Retell rate-limited the account (HTTP 429${retryAfter === undefined ? '' : `, Retry-After ${retryAfter}`}).${said}`,
      retryAfter === undefined
        ? details
        : { ...details, headers: new Headers({ 'Retry-After': retryAfter }) },
    );
  }
  if (status === 400 || status === 422) {
    return new UpstreamFailure(
      'retell_rejected_request',
      502,
      'The call service refused the call request.',
      `Retell refused the create-web-call request (HTTP ${status}); check agentId/allowedAgentIds, agent_version and the agent's workspace.${said}`,
      details,
    );
  }
  if (status >= 500) {
    return new UpstreamFailure(
      'retell_server_error',
      502,
      'The call service failed; try again.',
      `Retell answered HTTP ${status}.${said}`,
      details,
    );
  }
  return new UpstreamFailure(
    'retell_unexpected_status',
    502,
    'The call service gave an unexpected answer.',
    `Retell answered an undocumented HTTP ${status} (check baseUrl).${said}`,
    details,
  );
}

function redirectFailure(response: Response): UpstreamFailure {
  const opaque = response.type === 'opaqueredirect';
  const location = opaque ? null : response.headers.get('location');
  const where =
    location === null
      ? ''
      : ` to ${JSON.stringify(location.length > 200 ? `${location.slice(0, 200)}…` : location)}`;
  const status = opaque ? 'a redirect' : `HTTP ${response.status}`;
  return new UpstreamFailure(
    'retell_unexpected_status',
    502,
    'The call service gave an unexpected answer.',
    `Retell answered ${status}${where}; redirects are never followed, so the API key stays put (check baseUrl).`,
    opaque ? {} : { retellStatus: response.status },
  );
}

function isRedirect(response: Response): boolean {
  return response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400);
}

function invalidResponse(message: string, status: number, cause?: unknown): UpstreamFailure {
  return new UpstreamFailure(
    'retell_invalid_response',
    502,
    'The call service gave an invalid answer.',
    message,
    cause === undefined ? { retellStatus: status } : { retellStatus: status, cause },
  );
}

/** A call Retell created: the body for the browser and how Retell's answer drifted from its documentation. */
export interface CreatedCall {
  body: Record<string, unknown>;
  drift: string[];
}

/**
 * POSTs the validated body to Retell's `/v2/create-web-call` once (no retry, and a redirect is never
 * followed: it is an unexpected status), within `timeoutMs` for the headers and the body together (the body
 * stream is cancelled on timeout, even when an injected `fetch` ignores the signal), and returns the
 * created call, read leniently (only `access_token` is required; see `retellResponse.ts`) and reduced to the
 * public fields unless `exposeCallDetails`. Throws {@link UpstreamFailure} on every failure.
 */
export async function createRetellWebCall(
  config: RetellCallConfig,
  body: CreateWebCallRequest,
): Promise<CreatedCall> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), config.timeoutMs);
  const timeout = () =>
    new UpstreamFailure(
      'retell_timeout',
      504,
      'The call service did not answer in time; try again.',
      `Retell did not answer within ${config.timeoutMs} ms; the request was not retried.`,
    );
  try {
    let response: Response;
    try {
      response = await abortable(
        config.fetch(config.endpoint, {
          method: 'POST',
          headers: {
            Authorization: `Bearer ${config.apiKey}`,
            'Content-Type': 'application/json',
            Accept: 'application/json',
          },
          body: JSON.stringify(body),
          signal: controller.signal,
          // 'manual', not 'error': a redirect is reported as what it is (a wrong baseUrl), never followed.
          redirect: 'manual',
        }),
        controller.signal,
      );
    } catch (error) {
      if (controller.signal.aborted) throw timeout();
      throw new UpstreamFailure(
        'retell_network_error',
        502,
        'Could not reach the call service; try again.',
        `The request to Retell failed before an answer arrived: ${redact(
          error instanceof Error ? error.message : String(error),
          config.apiKey,
        )}`,
        { cause: error },
      );
    }

    if (isRedirect(response)) {
      response.body?.cancel().catch(() => {});
      throw redirectFailure(response);
    }

    let text: string;
    try {
      text = await abortable(
        readLimitedText(response.body, MAX_RETELL_RESPONSE_BYTES, controller.signal),
        controller.signal,
      );
    } catch (error) {
      response.body?.cancel().catch(() => {});
      if (error instanceof BodyTooLargeError) {
        throw invalidResponse(
          `Retell's answer (HTTP ${response.status}) is larger than ${MAX_RETELL_RESPONSE_BYTES} bytes.`,
          response.status,
        );
      }
      if (controller.signal.aborted) throw timeout();
      throw new UpstreamFailure(
        'retell_network_error',
        502,
        'Could not reach the call service; try again.',
        `The connection to Retell dropped while reading its answer (HTTP ${response.status}).`,
        { retellStatus: response.status, cause: error },
      );
    }

    if (!response.ok) throw statusFailure(response.status, text, response.headers, config.apiKey);

    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw invalidResponse(`Retell answered HTTP ${response.status} without JSON.`, response.status, error);
    }
    const reading = readCreatedCall(json);
    if (!reading.ok) {
      throw invalidResponse(
        `Retell's answer (HTTP ${response.status}) cannot be joined: ${reading.problem}.`,
        response.status,
      );
    }
    if (text.includes(config.apiKey)) {
      throw invalidResponse("Retell's answer contains the API key; it was not forwarded.", response.status);
    }
    if (config.exposeCallDetails) return { body: reading.call, drift: reading.drift };
    const reduced: Record<string, unknown> = {};
    for (const field of PUBLIC_FIELDS) {
      if (reading.call[field] !== undefined) reduced[field] = reading.call[field];
    }
    return { body: reduced, drift: reading.drift };
  } finally {
    clearTimeout(timer);
  }
}
