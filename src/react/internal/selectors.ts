import type { CallSnapshot } from '../../core/store.ts';

/*
 * Snapshot selectors shared by the hooks and the components. Module-level functions keep their identity,
 * so `useStoreState` memoises across renders. @internal
 */
export const selectSnapshot = (snapshot: CallSnapshot) => snapshot;
export const selectStatus = (snapshot: CallSnapshot) => snapshot.status;
export const selectIsMuted = (snapshot: CallSnapshot) => snapshot.isMuted;
export const selectIsAgentTalking = (snapshot: CallSnapshot) => snapshot.isAgentTalking;
export const selectTranscript = (snapshot: CallSnapshot) => snapshot.transcript;
export const selectError = (snapshot: CallSnapshot) => snapshot.error;
/** `startedAt` while the call is `ongoing`, else null (what a timer shows). */
export const selectOngoingStartedAt = (snapshot: CallSnapshot) =>
  snapshot.status === 'ongoing' ? snapshot.startedAt : null;
export const selectAudioBlocked = (snapshot: CallSnapshot) => snapshot.audioBlocked;
export const selectIsReconnecting = (snapshot: CallSnapshot) => snapshot.isReconnecting;
export const selectTurn = (snapshot: CallSnapshot) => snapshot.turn;
export const selectInputDeviceId = (snapshot: CallSnapshot) => snapshot.inputDeviceId;
export const selectOutputDeviceId = (snapshot: CallSnapshot) => snapshot.outputDeviceId;
export const selectJoinWaitUntil = (snapshot: CallSnapshot) => snapshot.joinWaitUntil;
