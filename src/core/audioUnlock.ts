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
    // On the server (no `window`) or without Web Audio (no constructor) this throws: nothing to unlock.
    const audio = window as {
      AudioContext?: AudioContextConstructor;
      webkitAudioContext?: AudioContextConstructor;
    };
    context = new ((audio.AudioContext ?? audio.webkitAudioContext) as AudioContextConstructor)();
    // A context made inside the gesture may still start suspended (a running one resumes at once).
    context.resume().catch(noop);
    const source = context.createBufferSource();
    source.buffer = context.createBuffer(1, 1, context.sampleRate);
    source.connect(context.destination);
    source.start(0);
  } catch {
    // Too many contexts, a browser that refuses one here, or one that cannot play: nothing worse than not
    // unlocked; a context that was opened is closed by the release below.
  }
  // The release runs once; a context the browser closed meanwhile rejects, and that is fine.
  return () => {
    context?.close().catch(noop);
  };
}

function noop(): void {}
