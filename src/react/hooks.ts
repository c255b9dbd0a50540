'use client';
import type { WebCallError } from '../core/errors.ts';
import type { CallSnapshot, CallStatus } from '../core/store.ts';
import type { TranscriptEntry } from '../core/transcript.ts';
import { useCallState } from './useCallState.ts';

const selectCallStatus = (s: CallSnapshot) => s.status;
const selectIsMuted = (s: CallSnapshot) => s.isMuted;
const selectIsAgentTalking = (s: CallSnapshot) => s.isAgentTalking;
const selectTranscript = (s: CallSnapshot) => s.transcript;
const selectCallError = (s: CallSnapshot) => s.error;

/**
 * The status of the surrounding call; re-renders only when it changes.
 *
 * @example
 * ```tsx
 * const status = useCallStatus(); // 'idle' | 'requesting' | … | 'error'
 * ```
 */
export function useCallStatus(): CallStatus {
  return useCallState(selectCallStatus);
}

/**
 * Whether the microphone is muted; re-renders only when that changes.
 *
 * @example
 * ```tsx
 * const muted = useIsMuted();
 * ```
 */
export function useIsMuted(): boolean {
  return useCallState(selectIsMuted);
}

/**
 * Whether the agent is speaking; re-renders only when that changes.
 *
 * @example
 * ```tsx
 * const talking = useIsAgentTalking();
 * ```
 */
export function useIsAgentTalking(): boolean {
  return useCallState(selectIsAgentTalking);
}

/**
 * The merged transcript; re-renders only when it changes.
 *
 * @example
 * ```tsx
 * const transcript = useTranscript();
 * ```
 */
export function useTranscript(): readonly TranscriptEntry[] {
  return useCallState(selectTranscript);
}

/**
 * The call's error, or null; re-renders only when it changes.
 *
 * @example
 * ```tsx
 * const error = useCallError();
 * if (error?.code === 'microphone_permission_denied') …
 * ```
 */
export function useCallError(): WebCallError | null {
  return useCallState(selectCallError);
}
