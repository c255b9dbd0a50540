'use client';
/**
 * retell-web-call-react: React hooks and components for Retell AI web calls.
 * @packageDocumentation
 */

// The framework-free core (also `retell-web-call-react/core`, without 'use client'), name by name: `CallStatus`
// here is the status component, which is also the status type.
export type {
  AccessTokenRequest,
  AudioSamplesListener,
  CallCallbacks,
  CallOptions,
  CallSnapshot,
  CallSnapshotFields,
  CallStore,
  CallTurn,
  CreateWebCallClient,
  CreateWebCallRequest,
  DeviceChange,
  EndedBy,
  GetAccessToken,
  InputLevelListener,
  RetellMetadataEvent,
  RetellNodeTransitionEvent,
  RetellUpdateEvent,
  RetellUtterance,
  StartCallConfig,
  StartCallOptions,
  StartOverrides,
  TokenRequestHeaders,
  TranscriptEntry,
  TranscriptRole,
  TranscriptState,
  WebCallClient,
  WebCallClientEvent,
  WebCallClientEvents,
  WebCallClientListener,
  WebCallErrorCode,
  WebCallErrorOptions,
  WebCallResponse,
  WebCallTokenRequest,
} from './core/index.ts';
export {
  CALL_STATUSES,
  callStatusWordSchema,
  checkMicrophone,
  classifyMicrophoneError,
  createCallStore,
  createRetellWebClient,
  DEFAULT_ENDPOINT,
  DEFAULT_TOKEN_TIMEOUT_MS,
  EMPTY_TRANSCRIPT,
  isLiveStatus,
  isWebCallError,
  mergeTranscriptWindow,
  preloadRetellSdk,
  requestWebCallToken,
  WEB_CALL_ERROR_CODES,
  WebCallError,
  webCallResponseSchema,
} from './core/index.ts';
// Components (issue 3): each part on its own, plus the CallPanel prefab. Default look: ./styles.css.
export type { AgentIndicatorLabels, AgentIndicatorProps } from './react/components/AgentIndicator.tsx';
export { AgentIndicator, DEFAULT_AGENT_INDICATOR_LABELS } from './react/components/AgentIndicator.tsx';
export type { AudioLevelProps } from './react/components/AudioLevel.tsx';
export { AudioLevel, audioLevelOf } from './react/components/AudioLevel.tsx';
export type { CallButtonProps, CallButtonRenderState } from './react/components/CallButton.tsx';
export { CallButton } from './react/components/CallButton.tsx';
export type { CallErrorHints, CallErrorLabels, CallErrorProps } from './react/components/CallError.tsx';
export {
  CallError,
  DEFAULT_CALL_ERROR_HINTS,
  DEFAULT_CALL_ERROR_LABELS,
} from './react/components/CallError.tsx';
export type { CallPanelLabels, CallPanelProps } from './react/components/CallPanel.tsx';
export { CallPanel, DEFAULT_CALL_PANEL_LABELS } from './react/components/CallPanel.tsx';
export type { CallStatusLabels, CallStatusProps } from './react/components/CallStatus.tsx';
// `CallStatus` is both the status type and the status component (one name, two meanings).
export { CallStatus, DEFAULT_CALL_STATUS_LABELS } from './react/components/CallStatus.tsx';
export type { CallTimerLabels, CallTimerProps } from './react/components/CallTimer.tsx';
export { CallTimer, DEFAULT_CALL_TIMER_LABELS, formatElapsed } from './react/components/CallTimer.tsx';
export type { DeviceSelectLabels, DeviceSelectProps } from './react/components/DeviceSelect.tsx';
export { DEFAULT_DEVICE_SELECT_LABELS, DeviceSelect } from './react/components/DeviceSelect.tsx';
export type { MuteButtonProps, MuteButtonRenderState } from './react/components/MuteButton.tsx';
export { MuteButton } from './react/components/MuteButton.tsx';
export type {
  StartAudioButtonLabels,
  StartAudioButtonProps,
  StartAudioButtonRenderState,
} from './react/components/StartAudioButton.tsx';
export {
  DEFAULT_START_AUDIO_BUTTON_LABELS,
  StartAudioButton,
} from './react/components/StartAudioButton.tsx';
export type { TranscriptLabels, TranscriptProps } from './react/components/Transcript.tsx';
export { DEFAULT_TRANSCRIPT_LABELS, Transcript } from './react/components/Transcript.tsx';
export { useCallError, useCallStatus, useIsAgentTalking, useIsMuted, useTranscript } from './react/hooks.ts';
export { webCallTokenMutationKey, webCallTokenMutationOptions } from './react/mutation.ts';
export type { WebCallActions } from './react/useCallActions.ts';
export { useCallActions } from './react/useCallActions.ts';
export type { CallButtonLabels, UseCallButtonOptions, UseCallButtonResult } from './react/useCallButton.ts';
export { DEFAULT_CALL_BUTTON_LABELS, useCallButton } from './react/useCallButton.ts';
export { shallowEqual, useCallState } from './react/useCallState.ts';
export type {
  AudioDeviceKind,
  MediaPermissionState,
  UseMediaDevicesResult,
} from './react/useMediaDevices.ts';
export { useMediaDevices } from './react/useMediaDevices.ts';
export type { MuteButtonLabels, UseMuteButtonOptions, UseMuteButtonResult } from './react/useMuteButton.ts';
export { DEFAULT_MUTE_BUTTON_LABELS, useMuteButton } from './react/useMuteButton.ts';
export type { WebCallOptions } from './react/useOwnedCallStore.ts';
export type { PreloadMode } from './react/usePreload.ts';
export type { UseWebCallResult } from './react/useWebCall.ts';
export { useWebCall } from './react/useWebCall.ts';
export type { WebCallProviderProps } from './react/WebCallProvider.tsx';
export { WebCallProvider } from './react/WebCallProvider.tsx';
