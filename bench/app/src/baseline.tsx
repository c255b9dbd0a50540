// The baseline: what a developer writes by hand from Retell's demo, one step after the other inside the
// click: microphone, then token, then the SDK import, then startCall. No library.
import { fetchAccessToken, mountHandWritten } from './handWritten.tsx';

mountHandWritten(async () => {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  for (const track of stream.getTracks()) track.stop();
  const accessToken = await fetchAccessToken();
  const { RetellWebClient: Client } = await import('retell-client-js-sdk');
  return { accessToken, Client };
});
