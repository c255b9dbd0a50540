/**
 * Checks a playback volume for a client's `setVolume`: a number from 0 to 1, else a `RangeError`.
 * @internal
 */
export function assertVolume(volume: number): void {
  if (typeof volume !== 'number' || !(volume >= 0 && volume <= 1)) {
    throw new RangeError(`setVolume expects a number from 0 to 1, got ${String(volume)}.`);
  }
}
