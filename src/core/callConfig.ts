/*
 * What the store sends: the token request body and the `startCall` config. Pure functions of the options.
 */
import type { StartCallConfig } from './client.ts';
import type { CreateWebCallRequest, WebCallResponse } from './schemas.ts';
import type { CallOptions, StartCallOptions, StartOverrides } from './store.ts';

/**
 * The create-web-call body from the options and one `start()`'s overrides (an override wins).
 *
 * @example
 * ```ts
 * buildTokenBody({ agentId: 'a1', metadata: { x: 1 } }, { agentId: 'a2' }); // { agent_id: 'a2', metadata: { x: 1 } }
 * ```
 * @internal
 */
export function buildTokenBody(options: CallOptions, overrides: StartOverrides): CreateWebCallRequest {
  const body: Partial<CreateWebCallRequest> = {};
  const agentId = overrides.agentId ?? options.agentId;
  const agentVersion = overrides.agentVersion ?? options.agentVersion;
  const metadata = overrides.metadata ?? options.metadata;
  const dynamicVariables = overrides.dynamicVariables ?? options.dynamicVariables;
  if (agentId !== undefined) body.agent_id = agentId;
  if (agentVersion !== undefined) body.agent_version = agentVersion;
  if (metadata !== undefined) body.metadata = metadata;
  if (dynamicVariables !== undefined) body.retell_llm_dynamic_variables = dynamicVariables;
  // `agent_id` may be absent when the server fixes the agent; the server validates the body.
  return body as CreateWebCallRequest;
}

/**
 * The devices a call starts with: the store's choice (`setInputDevice`/`setOutputDevice`) over
 * `startCallOptions`.
 * @internal
 */
export interface ChosenDevices {
  input: string | null;
  output: string | null;
}

/**
 * The `startCall` config: the token, the audio options, the chosen devices, and the v3 fields forwarded as
 * they came.
 *
 * @example
 * ```ts
 * buildStartCallConfig({ access_token: 't' }, { sampleRate: 24000 }, { input: 'mic-2', output: null }, false);
 * // { sampleRate: 24000, accessToken: 't', captureDeviceId: 'mic-2' }
 * ```
 * @internal
 */
export function buildStartCallConfig(
  call: WebCallResponse,
  options: StartCallOptions | undefined,
  devices: ChosenDevices,
  wantsAudio: boolean,
): StartCallConfig {
  const config: StartCallConfig = { ...options, accessToken: call.access_token };
  if (devices.input !== null) config.captureDeviceId = devices.input;
  if (devices.output !== null) config.playbackDeviceId = devices.output;
  if (options?.emitRawAudioSamples === undefined && wantsAudio) config.emitRawAudioSamples = true;
  if (call.call_id !== undefined) config.callId = call.call_id;
  if (call.transport !== undefined) config.transport = call.transport;
  if (call.ice_servers !== undefined) config.iceServers = call.ice_servers;
  if (call.url !== undefined) config.url = call.url;
  return config;
}
