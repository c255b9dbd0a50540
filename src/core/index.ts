/**
 * retell-web-call-react/core: the framework-free part of retell-web-call-react (the call store, errors, the
 * browser's schemas, the token request, transcript merge, microphone checks, the Retell client adapter). No
 * React and no `'use client'` directive, so a Server Component, a route handler or a plain script can import
 * its values (`WebCallError`, `CALL_STATUSES`, `webCallResponseSchema`…) as real values, not client
 * references. The Retell SDK still loads only when a call needs it.
 * @packageDocumentation
 */

export type {
  CreateWebCallClient,
  RetellMetadataEvent,
  RetellNodeTransitionEvent,
  RetellUpdateEvent,
  RetellUtterance,
  StartCallConfig,
  WebCallClient,
  WebCallClientEvent,
  WebCallClientEvents,
  WebCallClientListener,
} from './client.ts';
export { createRetellWebClient, preloadRetellSdk } from './client.ts';
export type { WebCallErrorCode, WebCallErrorOptions } from './errors.ts';
export { isWebCallError, WEB_CALL_ERROR_CODES, WebCallError } from './errors.ts';
export { checkMicrophone, classifyMicrophoneError } from './microphone.ts';
export type { CreateWebCallRequest, WebCallResponse } from './schemas.ts';
export { callStatusWordSchema, webCallResponseSchema } from './schemas.ts';
export type {
  AudioSamplesListener,
  CallCallbacks,
  CallOptions,
  CallSnapshot,
  CallSnapshotFields,
  CallStatus,
  CallStore,
  CallTurn,
  DeviceChange,
  EndedBy,
  InputLevelListener,
  StartCallOptions,
  StartOverrides,
} from './store.ts';
export { CALL_STATUSES, createCallStore, isLiveStatus } from './store.ts';
export type {
  AccessTokenRequest,
  GetAccessToken,
  TokenRequestHeaders,
  WebCallTokenRequest,
} from './token.ts';
export { DEFAULT_ENDPOINT, DEFAULT_TOKEN_TIMEOUT_MS, requestWebCallToken } from './token.ts';
export type { TranscriptEntry, TranscriptRole, TranscriptState } from './transcript.ts';
export { EMPTY_TRANSCRIPT, mergeTranscriptWindow } from './transcript.ts';
