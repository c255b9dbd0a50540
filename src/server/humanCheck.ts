import { Refusal } from './refusal.ts';
import { withTimeout } from './timeout.ts';

/**
 * What the handler passes a {@link HumanVerifier} besides the request.
 *
 * @example
 * ```ts
 * const verifyHuman: HumanVerifier = async (request, { token, signal }) =>
 *   token !== undefined && (await myCaptcha.verify(token, { signal }));
 * ```
 */
export interface HumanCheckContext {
  /** The browser's captcha token, from the `x-captcha-token` header (trimmed; `undefined` when absent). */
  token: string | undefined;
  /** The client's socket address when the request came through the Node adapter. */
  remoteIp: string | undefined;
  /** Aborted when the 5 s the check may take are up. */
  signal: AbortSignal;
}

/**
 * The `verifyHuman` option: `true` lets the request on, anything else answers 403 with
 * `reason: 'human_check_failed'`. A verifier that throws or takes over 5 s also answers 403 and calls
 * `onError` (`human_check_error`). Use {@link turnstile}, {@link recaptcha}, {@link hcaptcha}, or your own.
 *
 * @example
 * ```ts
 * createWebCallHandler({
 *   agentId: 'agent_123',
 *   verifyHuman: turnstile({ secret: process.env.TURNSTILE_SECRET, hostname: 'app.example.com' }),
 * });
 * ```
 */
export type HumanVerifier = (request: Request, context: HumanCheckContext) => boolean | Promise<boolean>;

/** The header the browser sends its captcha token in. */
export const CAPTCHA_TOKEN_HEADER = 'x-captcha-token';
/** How long a human check may take. */
export const HUMAN_CHECK_TIMEOUT_MS = 5_000;
/** Longer tokens are refused without asking the provider. */
const MAX_TOKEN_LENGTH = 8_192;
const PREFIX = '[retell-web-call-react/server]';

/**
 * Options shared by {@link turnstile}, {@link recaptcha} and {@link hcaptcha}.
 *
 * @example
 * ```ts
 * const options: CaptchaOptions = { secret: process.env.HCAPTCHA_SECRET, hostname: ['example.com', 'www.example.com'] };
 * ```
 */
export interface CaptchaOptions {
  /** The provider's secret key. Missing or blank → every check is a `human_check_error` (403, `onError`). */
  secret: string | undefined;
  /**
   * The siteverify endpoint; override it for a proxy or a test double (https, or http on localhost).
   * @defaultValue the provider's own
   */
  verifyUrl?: string;
  /**
   * The host name(s) the token must have been solved on (the provider's `hostname`). Recommended: a site key
   * may be allowed on several domains, and without this check a token solved on any of them is accepted.
   */
  hostname?: string | readonly string[];
}

/**
 * Options of {@link recaptcha} (v3: a score per request).
 *
 * @example
 * ```ts
 * const options: RecaptchaOptions = { secret: process.env.RECAPTCHA_SECRET, minScore: 0.5, action: 'start_call' };
 * ```
 */
export interface RecaptchaOptions extends CaptchaOptions {
  /** The lowest score (0.0 bot … 1.0 human) accepted. Google suggests 0.5 to start. */
  minScore: number;
  /** The action name the page passed to `grecaptcha.execute`; when set, the token's `action` must match. */
  action?: string;
}

/** A siteverify answer: what the three providers share (each sends a few more fields). */
interface SiteverifyAnswer {
  success?: unknown;
  hostname?: unknown;
  action?: unknown;
  score?: unknown;
  'error-codes'?: unknown;
}

/** Error codes that mean the setup is wrong (reported), not that the visitor failed. */
const SETUP_ERRORS = new Set([
  'missing-input-secret',
  'invalid-input-secret',
  'bad-request',
  'internal-error',
  'sitekey-secret-mismatch',
  'invalid-or-already-seen-response-and-secret-mismatch',
  'invalid-remoteip',
]);

class HumanCheckSetupError extends Error {
  override readonly name = 'HumanCheckSetupError';
}

function verifyEndpoint(provider: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new HumanCheckSetupError(`${provider}: \`verifyUrl\` ${JSON.stringify(raw)} is not a URL.`);
  }
  const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    throw new HumanCheckSetupError(`${provider}: \`verifyUrl\` must use https (http only on localhost).`);
  }
  return url.href;
}

async function siteverify(
  provider: string,
  defaultUrl: string,
  options: CaptchaOptions,
  context: HumanCheckContext,
): Promise<SiteverifyAnswer | undefined> {
  const { token } = context;
  if (token === undefined || token === '' || token.length > MAX_TOKEN_LENGTH) return undefined;
  const secret = options.secret?.trim();
  if (secret === undefined || secret === '') {
    throw new HumanCheckSetupError(`${provider}: no secret key (is its environment variable set?).`);
  }
  const endpoint = verifyEndpoint(provider, options.verifyUrl ?? defaultUrl);
  const form = new URLSearchParams({ secret, response: token });
  if (context.remoteIp !== undefined) form.set('remoteip', context.remoteIp);
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: form,
    signal: context.signal,
    redirect: 'error',
  });
  const text = await response.text();
  if (!response.ok)
    throw new HumanCheckSetupError(`${provider}: siteverify answered HTTP ${response.status}.`);
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch {
    throw new HumanCheckSetupError(`${provider}: siteverify answered without JSON.`);
  }
  if (typeof answer !== 'object' || answer === null) {
    throw new HumanCheckSetupError(`${provider}: siteverify answered ${text.slice(0, 100)}.`);
  }
  const errors = (answer as SiteverifyAnswer)['error-codes'];
  const setup = Array.isArray(errors) ? errors.filter((code) => SETUP_ERRORS.has(String(code))) : [];
  if (setup.length > 0) {
    throw new HumanCheckSetupError(`${provider}: siteverify reported ${setup.join(', ')}.`);
  }
  return answer as SiteverifyAnswer;
}

function hostnameMatches(expected: CaptchaOptions['hostname'], actual: unknown): boolean {
  if (expected === undefined) return true;
  const list = typeof expected === 'string' ? [expected] : expected;
  return typeof actual === 'string' && list.some((name) => name.toLowerCase() === actual.toLowerCase());
}

function passed(answer: SiteverifyAnswer | undefined, options: CaptchaOptions): boolean {
  return answer?.success === true && hostnameMatches(options.hostname, answer.hostname);
}

/**
 * Cloudflare Turnstile: checks the token at `https://challenges.cloudflare.com/turnstile/v0/siteverify`
 * (form-encoded `secret`, `response`, `remoteip` when known) and requires `success` and, when set, the
 * `hostname`. A missing or refused token is a failed check (403); a wrong secret, a siteverify error or an
 * answer over 5 s is a `human_check_error` (403 + `onError`).
 *
 * @example
 * ```ts
 * createWebCallHandler({
 *   agentId: process.env.RETELL_AGENT_ID,
 *   verifyHuman: turnstile({ secret: process.env.TURNSTILE_SECRET, hostname: 'app.example.com' }),
 * });
 * ```
 */
export function turnstile(options: CaptchaOptions): HumanVerifier {
  return async (_request, context) =>
    passed(
      await siteverify(
        'turnstile',
        'https://challenges.cloudflare.com/turnstile/v0/siteverify',
        options,
        context,
      ),
      options,
    );
}

/**
 * hCaptcha: checks the token at `https://api.hcaptcha.com/siteverify` and requires `success` and, when
 * set, the `hostname`. Failures and errors as {@link turnstile}.
 *
 * @example
 * ```ts
 * createWebCallHandler({
 *   agentId: process.env.RETELL_AGENT_ID,
 *   verifyHuman: hcaptcha({ secret: process.env.HCAPTCHA_SECRET, hostname: 'app.example.com' }),
 * });
 * ```
 */
export function hcaptcha(options: CaptchaOptions): HumanVerifier {
  return async (_request, context) =>
    passed(await siteverify('hcaptcha', 'https://api.hcaptcha.com/siteverify', options, context), options);
}

/**
 * Google reCAPTCHA v3: checks the token at `https://www.google.com/recaptcha/api/siteverify` and requires
 * `success`, a `score` of at least `minScore`, and, when set, the `action` and `hostname`. An answer
 * without a score (a v2 secret) or a `minScore` outside 0–1 is a `human_check_error` (403 + `onError`).
 *
 * @example
 * ```ts
 * createWebCallHandler({
 *   agentId: process.env.RETELL_AGENT_ID,
 *   verifyHuman: recaptcha({ secret: process.env.RECAPTCHA_SECRET, minScore: 0.5, action: 'start_call' }),
 * });
 * ```
 */
export function recaptcha(options: RecaptchaOptions): HumanVerifier {
  return async (_request, context) => {
    if (typeof options.minScore !== 'number' || !(options.minScore >= 0 && options.minScore <= 1)) {
      throw new HumanCheckSetupError(
        `recaptcha: \`minScore\` must be between 0 and 1 (got ${String(options.minScore)}).`,
      );
    }
    const answer = await siteverify(
      'recaptcha',
      'https://www.google.com/recaptcha/api/siteverify',
      options,
      context,
    );
    if (!passed(answer, options) || answer === undefined) return false;
    if (typeof answer.score !== 'number') {
      throw new HumanCheckSetupError(
        'recaptcha: siteverify sent no score; is the secret a reCAPTCHA v3 key?',
      );
    }
    if (options.action !== undefined && answer.action !== options.action) return false;
    return answer.score >= options.minScore;
  };
}

function tokenOf(request: Request): string | undefined {
  const value = request.headers.get(CAPTCHA_TOKEN_HEADER)?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/**
 * Runs `verifyHuman` within 5 s. Throws a {@link Refusal} (403, `human_check_failed`) when it does not
 * answer `true`, reporting `human_check_error` when it threw or timed out.
 */
export async function enforceHumanCheck(
  verify: HumanVerifier,
  request: Request,
  remoteIp: string | undefined,
): Promise<void> {
  const controller = new AbortController();
  let verdict: unknown;
  try {
    verdict = await withTimeout(
      Promise.resolve().then(() =>
        verify(request, { token: tokenOf(request), remoteIp, signal: controller.signal }),
      ),
      HUMAN_CHECK_TIMEOUT_MS,
      `the human check did not answer within ${HUMAN_CHECK_TIMEOUT_MS} ms`,
      controller,
    );
  } catch (error) {
    throw new Refusal(403, 'The human check could not be completed; try again.', {
      reason: 'human_check_failed',
      event: {
        code: 'human_check_error',
        message: `verifyHuman failed, so the request was refused: ${
          error instanceof Error ? error.message.replace(`${PREFIX} `, '') : String(error)
        }`,
        cause: error,
      },
    });
  } finally {
    controller.abort();
  }
  if (verdict !== true) {
    throw new Refusal(403, 'The human check failed. Please try again.', { reason: 'human_check_failed' });
  }
}
