/*
 * The parts of `CallPanel` that show a call while it runs, as one lazily loaded chunk (see
 * `useCallTimeParts.ts`). Before they load, `CallPanel` renders their idle markup (`CallTimePlaceholders.tsx`).
 */
export { AgentIndicator } from '../components/AgentIndicator.tsx';
export { AudioLevel } from '../components/AudioLevel.tsx';
export { StartAudioButton } from '../components/StartAudioButton.tsx';
export { Transcript } from '../components/Transcript.tsx';
