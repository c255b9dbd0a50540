/*
 * The call engine: everything a call needs once it has started, loaded lazily so a page that only shows a
 * call button does not download it. From `requesting` to the join: the microphone check, the token request,
 * the client and its event handlers (`callEvents.ts`, with the transcript merge), the `startCall` config;
 * once ongoing, the microphone level meter (`inputMeter.ts`). The store (`store.ts`) keeps the state and
 * the transition table, and runs `runCall` synchronously once this module has loaded (`preload()` on intent
 * loads it with the SDK chunk).
 */
import { buildStartCallConfig, buildTokenBody } from './callConfig.ts';
import { attachCallEvents } from './callEvents.ts';
import { isFinalPhase } from './callPhase.ts';
import { type CallRun, phaseOf, stopClient } from './callRun.ts';
import { createRetellWebClient, type WebCallClient } from './client.ts';
import { isWebCallError, WebCallError } from './errors.ts';
import { checkMicrophone, isMicrophoneGranted, microphoneGrantedNow } from './microphone.ts';
import type { WebCallResponse } from './schemas.ts';
import type { CallEngineHost, CallOptions } from './store.ts';
import { requestWebCallToken, type WebCallTokenRequest } from './token.ts';

export { nextPhase } from './callPhase.ts';
export { syncInputMeter } from './inputMeter.ts';
export {
  chosenDevice,
  muteClient,
  releaseStoppedCall,
  setClientVolume,
  startClientAudio,
  switchDevice,
} from './liveCall.ts';
export { preconnect } from './preconnect.ts';

// Learn the microphone permission now, while the page is idle (the engine loads before the first click), so
// that a returning user's click sends the token request at once instead of after a round trip to the browser.
// The answer's live status is kept (`microphoneGrantedNow`); never prompts, never throws.
void isMicrophoneGranted();

const DEFAULT_TOKEN_MAX_AGE_MS = 20_000;
/** With a v3 `expires_at`, ask again when less than this is left. */
const EXPIRY_MARGIN_MS = 5_000;

interface ReceivedToken {
  response: WebCallResponse;
  receivedAt: number;
}

/** `requesting`: the microphone check, the token and the client. Returns null when the run is over. */
async function prepare(
  host: CallEngineHost,
  r: CallRun,
  opts: CallOptions,
): Promise<{ client: WebCallClient; call: WebCallResponse } | null> {
  const body = buildTokenBody(opts, r.overrides);
  const requestToken = host.requestToken;
  const fetchToken = async (): Promise<ReceivedToken> => {
    const request: WebCallTokenRequest = {
      body,
      signal: r.abort.signal,
      ...(opts.endpoint !== undefined && { endpoint: opts.endpoint }),
      ...(opts.headers !== undefined && { headers: opts.headers }),
      ...(opts.fetchOptions !== undefined && { fetchOptions: opts.fetchOptions }),
      ...(opts.timeoutMs !== undefined && { timeoutMs: opts.timeoutMs }),
      ...(opts.getAccessToken !== undefined && { getAccessToken: opts.getAccessToken }),
    };
    const response = await (requestToken
      ? requestToken(request, requestWebCallToken)
      : requestWebCallToken(request));
    return { response, receivedAt: Date.now() };
  };
  const maxAge = opts.tokenMaxAgeMs ?? DEFAULT_TOKEN_MAX_AGE_MS;
  const isStale = (token: ReceivedToken) => {
    const now = Date.now();
    const expiresAt = token.response.expires_at;
    return now - token.receivedAt > maxAge || (expiresAt !== undefined && expiresAt - now < EXPIRY_MARGIN_MS);
  };
  const checksMicrophone = opts.checkMicrophone !== false;
  // A returning user (the browser said `granted` before this click) has nothing to be asked, so nothing to
  // wait for: the token request leaves first, in the task of `start()` itself.
  const grantedNow = checksMicrophone ? microphoneGrantedNow() : true;
  const earlyToken = grantedNow === true ? fetchToken() : null;
  // The SDK chunk loads from the start, whatever the microphone says.
  const clientLoad = (async () => {
    try {
      return await (opts.createClient ?? createRetellWebClient)();
    } catch (error) {
      throw new WebCallError('sdk_load_failed', undefined, { cause: error });
    }
  })();
  let loadFailure: unknown = null;
  // Awaited below; a failure while the microphone check is pending is not unhandled.
  clientLoad.catch((error: unknown) => {
    loadFailure = error;
  });
  earlyToken?.catch(() => {}); // awaited below, unless the microphone check failed first
  const microphone = host.chosenDevice('audioinput');
  const checkTheMicrophone = () =>
    checkMicrophone(microphone === 'default' ? undefined : (microphone ?? undefined));

  let token: ReceivedToken;
  let client: WebCallClient;
  if (earlyToken) {
    [token, client] = await Promise.all([earlyToken, clientLoad, checksMicrophone && checkTheMicrophone()]);
  } else if (grantedNow === undefined && (await isMicrophoneGranted())) {
    // The permission was not known yet (the engine had just loaded): asked, and it is granted.
    if (phaseOf(r) !== 'requesting') return null;
    [token, client] = await Promise.all([fetchToken(), clientLoad, checkTheMicrophone()]);
  } else {
    // Each token is a billable Retell call: ask for one only once the microphone is known to work.
    if (phaseOf(r) !== 'requesting') return null;
    await checkTheMicrophone();
    if (phaseOf(r) !== 'requesting') return null;
    if (loadFailure) throw loadFailure; // a call that cannot join mints nothing either
    [token, client] = await Promise.all([fetchToken(), clientLoad]);
  }
  if (phaseOf(r) !== 'requesting') return null;
  if (isStale(token)) {
    token = await fetchToken();
    if (phaseOf(r) !== 'requesting') return null;
  }
  return { client, call: token.response };
}

/**
 * Runs call attempt `r` with the options `opts` it started with, from `requesting` to the join: microphone
 * check, token, client, event handlers, `startCall`. Every outcome goes through `host.move`; it never
 * rejects.
 *
 * @example
 * ```ts
 * void runCall(host, run, options); // right after start() published `requesting`, in the same tick
 * ```
 * @internal
 */
export async function runCall(host: CallEngineHost, r: CallRun, opts: CallOptions): Promise<void> {
  let prepared: Awaited<ReturnType<typeof prepare>>;
  try {
    prepared = await prepare(host, r, opts);
  } catch (error) {
    const failure =
      error instanceof WebCallError
        ? error
        : new WebCallError('token_request_failed', undefined, { cause: error });
    host.move(r, 'failed', {}, failure);
    return;
  }
  if (!prepared || r.phase !== 'requesting') return;
  const { client, call: response } = prepared;
  r.client = client;
  let config: ReturnType<typeof buildStartCallConfig>;
  try {
    attachCallEvents(host, r, client);
    config = buildStartCallConfig(
      response,
      opts.startCallOptions,
      { input: host.chosenDevice('audioinput'), output: host.chosenDevice('audiooutput') },
      host.audioListeners.size > 0,
    );
  } catch (error) {
    // A custom client whose on() throws: the call fails (and releases the client), never hangs in requesting.
    host.move(r, 'failed', {}, new WebCallError('connection_failed', undefined, { cause: error }));
    return;
  }
  host.move(r, 'prepared', {
    call: response,
    callId: response.call_id ?? null,
    agentId: response.agent_id ?? buildTokenBody(opts, r.overrides).agent_id ?? null,
  });
  if (phaseOf(r) === 'ending') {
    host.move(r, 'released'); // a callback stopped the call before the join began: nothing to cancel
    return;
  }
  if (phaseOf(r) !== 'connecting') return;
  try {
    await client.startCall(config);
  } catch (error) {
    // A client's own verdict stands (the adapter's incompatible_token is not retryable: a retry would mint
    // another billable call that cannot join either).
    const code = phaseOf(r) === 'ongoing' ? 'call_failed' : 'connection_failed';
    host.move(
      r,
      'failed',
      {},
      isWebCallError(error) ? error : new WebCallError(code, undefined, { cause: error }),
    );
    return;
  }
  // SDK 2.x settles after call_started or error. After a stop() that is the client letting go of the join.
  if (phaseOf(r) === 'ending') host.move(r, 'released');
  // A join that completed after the run was already over (the ending cap passed): hang that up too.
  else if (isFinalPhase(phaseOf(r))) stopClient(client);
}
