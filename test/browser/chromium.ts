/** Debian's Chromium (`apt-get install -y chromium`); override with CHROMIUM_PATH. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags for headless Chromium on a closed network, as root. */
export const CHROMIUM_BASE_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--autoplay-policy=no-user-gesture-required',
];

/**
 * Audio plays only after the user has interacted with the page, as for a visitor who has not clicked yet
 * (Chrome's rule for sites without media engagement; Safari is stricter still). Replaces the base's
 * `--autoplay-policy=no-user-gesture-required`.
 */
export const AUTOPLAY_GESTURE_REQUIRED_ARGS = ['--autoplay-policy=document-user-activation-required'];

/** A fake microphone (a periodic beep) and an auto-accepted permission prompt. */
export const FAKE_MIC_ARGS = ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'];
/** The permission prompt denied, as when a user clicks "Block". */
export const DENIED_MIC_ARGS = ['--use-fake-device-for-media-stream', '--deny-permission-prompts'];
/** Permission granted but no capture device at all. */
export const NO_MIC_ARGS = ['--use-fake-ui-for-media-stream'];
