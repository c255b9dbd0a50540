// The floor: what Retell's SDK costs by itself between a click and LiveKit's socket. The SDK is in the
// initial bundle and evaluated at load, the microphone is not checked (permission granted), the token answer
// is not validated, no audio is unlocked: the click sends the token request, and its answer goes straight to
// startCall. A page can beat it only by a little (a preconnect, the request sent in the click's own task);
// the bench reports its ratio to the sequential page next to the library's.
import { RetellWebClient } from 'retell-client-js-sdk';
import { fetchAccessToken, mountHandWritten } from './handWritten.tsx';

mountHandWritten(async () => ({ accessToken: await fetchAccessToken(), Client: RetellWebClient }));
