/**
 * Warms up the browser's WebRTC stack on intent: a throwaway `RTCPeerConnection`, closed at once. The first
 * peer connection of a page pays for starting WebRTC (its threads, codecs, a certificate); LiveKit builds its
 * own between the token's arrival and its socket, so paying it while the user reaches for the button shortens
 * the click → join path. Once per page, after the current task (never inside the pointer handler); nothing
 * stays open. Does nothing where there is no WebRTC.
 * @internal
 */
export function warmUpWebRtc(): void {
  if (warmed || typeof RTCPeerConnection !== 'function') return;
  warmed = true;
  setTimeout(() => {
    try {
      new RTCPeerConnection().close();
    } catch {
      // A browser that refuses one now will say so when the call starts.
    }
  }, 0);
}

let warmed = false;
