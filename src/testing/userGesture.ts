/** Event types during whose handling browsers grant user activation (what unlocks audio playback). */
const ACTIVATION_EVENTS = new Set([
  'click',
  'pointerdown',
  'pointerup',
  'mousedown',
  'mouseup',
  'touchend',
  'keydown',
  'keyup',
]);

/**
 * Whether the code now running handles a click, tap or key press (`window.event`), as a
 * `StartAudioButton`'s `onClick` does. Calls made later (after an `await`, from a timer) do not count.
 * @internal
 */
export function isHandlingUserGesture(): boolean {
  const event = (globalThis as { event?: { type?: unknown } }).event;
  return typeof event?.type === 'string' && ACTIVATION_EVENTS.has(event.type);
}
