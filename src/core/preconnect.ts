/**
 * The origin of the LiveKit server Retell's browser SDK (2.x) joins every call on
 * (`wss://retell-ai-4ihahnq7.livekit.cloud`), as an https origin for `<link rel="preconnect">`.
 * @internal
 */
export const RETELL_LIVEKIT_ORIGIN = 'https://retell-ai-4ihahnq7.livekit.cloud';

/**
 * Adds `<link rel="preconnect" href={origin} crossorigin>` to the document once, so the browser resolves
 * the host (and opens a connection LiveKit's own requests can reuse) while the user is still reaching for
 * the button. Does nothing on the server or when the link is already there.
 * @internal
 */
export function preconnect(origin: string = RETELL_LIVEKIT_ORIGIN): void {
  if (typeof document === 'undefined' || document.querySelector(`link[rel="preconnect"][href="${origin}"]`)) {
    return;
  }
  const link = document.createElement('link');
  link.rel = 'preconnect';
  link.href = origin;
  // LiveKit's HTTP requests (region settings, validate) are CORS without credentials.
  link.crossOrigin = 'anonymous';
  document.head.appendChild(link);
}
