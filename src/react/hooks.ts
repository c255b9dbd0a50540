'use client';
import type { WebCallError } from '../core/errors.ts';
import type { CallStatus } from '../core/store.ts';
import type { TranscriptEntry } from '../core/transcript.ts';
import {
  selectError,
  selectIsAgentTalking,
  selectIsMuted,
  selectStatus,
  selectTranscript,
} from './internal/selectors.ts';
import { useCallState } from './useCallState.ts';

/**
 * The status of the surrounding call; re-renders only when it changes.
 *
 * @example
 * ```tsx
 * const status = useCallStatus(); // 'idle' | 'requesting' | … | 'error'
 * ```
 */
export function useCallStatus(): CallStatus {
  return useCallState(selectStatus);
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
  return useCallState(selectError);
}
