'use client';
/**
 * retell-web-call-react: React hooks and components for Retell AI web calls.
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
} from './core/client.ts';
export { createRetellWebClient, preloadRetellSdk } from './core/client.ts';
export type { WebCallErrorCode, WebCallErrorOptions } from './core/errors.ts';
export { isWebCallError, WEB_CALL_ERROR_CODES, WebCallError } from './core/errors.ts';
export { checkMicrophone, classifyMicrophoneError } from './core/microphone.ts';
export type {
  CreateWebCallRequest,
  RetellErrorBody,
  V2WebCallResponse,
  WebCallResponse,
} from './core/schemas.ts';
export {
  agentOverrideSchema,
  callStatusWordSchema,
  createWebCallRequestSchema,
  retellErrorSchema,
  v2WebCallResponseSchema,
  webCallResponseSchema,
} from './core/schemas.ts';
export type {
  AudioSamplesListener,
  CallCallbacks,
  CallOptions,
  CallSnapshot,
  CallSnapshotFields,
  CallStatus,
  CallStore,
  EndedBy,
  StartCallOptions,
  StartOverrides,
} from './core/store.ts';
export { createCallStore, isLiveStatus } from './core/store.ts';
export type { AccessTokenRequest, GetAccessToken, WebCallTokenRequest } from './core/token.ts';
export { DEFAULT_ENDPOINT, requestWebCallToken } from './core/token.ts';
export type { TranscriptEntry, TranscriptRole, TranscriptState } from './core/transcript.ts';
export { EMPTY_TRANSCRIPT, mergeTranscriptWindow } from './core/transcript.ts';
export { useCallError, useCallStatus, useIsAgentTalking, useIsMuted, useTranscript } from './react/hooks.ts';
export { webCallTokenMutationKey, webCallTokenMutationOptions } from './react/mutation.ts';
export type { WebCallActions } from './react/useCallActions.ts';
export { useCallActions } from './react/useCallActions.ts';
export { shallowEqual, useCallState } from './react/useCallState.ts';
export type { WebCallOptions } from './react/useOwnedCallStore.ts';
export type { UseWebCallResult } from './react/useWebCall.ts';
export { useWebCall } from './react/useWebCall.ts';
export type { WebCallProviderProps } from './react/WebCallProvider.tsx';
export { WebCallProvider } from './react/WebCallProvider.tsx';
