/*
 * iOS Safari lets a page start audio only inside the user's gesture, and the gesture is gone once `start()`
 * has awaited the token. So `start()` calls this synchronously, still inside the click: it creates an
 * AudioContext and plays one silent frame through it, which unlocks the page's audio session. The context is
 * closed when the call ends.
 */

type AudioContextConstructor = new () => AudioContext;

/**
 * Unlocks audio playback inside a user gesture; returns the function that releases what it opened. Does
 * nothing (and returns a no-op) on the server or where Web Audio is missing. Never throws.
 *
 * @example
 * ```ts
 * button.onclick = () => {
 *   const release = unlockAudioPlayback(); // before any await
 *   void joinLater().finally(release);
 * };
 * ```
 * @internal
 */
export function unlockAudioPlayback(): () => void {
  let context: AudioContext | undefined;
  try {
    const Context =
      typeof window === 'undefined'
        ? undefined
        : ((window as { AudioContext?: AudioContextConstructor }).AudioContext ??
          (window as { webkitAudioContext?: AudioContextConstructor }).webkitAudioContext);
    if (!Context) return noop;
    context = new Context();
    if (context.state === 'suspended') context.resume().catch(noop);
    const source = context.createBufferSource();
    source.buffer = context.createBuffer(1, 1, context.sampleRate);
    source.connect(context.destination);
    source.start(0);
  } catch {
    // Too many contexts, a browser that refuses one here, or one that cannot play: nothing worse than not
    // unlocked; a context that was opened is closed by the release below.
  }
  return () => {
    if (context && context.state !== 'closed') context.close().catch(noop);
  };
}

function noop(): void {}
