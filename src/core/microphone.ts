import { WebCallError } from './errors.ts';

const DENIED = new Set(['NotAllowedError', 'PermissionDeniedError', 'SecurityError']);
const NOT_FOUND = new Set(['NotFoundError', 'DevicesNotFoundError', 'OverconstrainedError']);

/**
 * Turns a `getUserMedia` failure into a {@link WebCallError}: `NotAllowedError` → permission denied,
 * `NotFoundError`/`OverconstrainedError` → not found, anything else (`NotReadableError`, `AbortError`…) →
 * unavailable.
 *
 * @example
 * ```ts
 * navigator.mediaDevices.getUserMedia({ audio: true }).catch((e) => { throw classifyMicrophoneError(e) });
 * ```
 */
export function classifyMicrophoneError(error: unknown): WebCallError {
  const name = (error as { name?: unknown } | null)?.name;
  if (typeof name === 'string' && DENIED.has(name)) {
    return new WebCallError('microphone_permission_denied', undefined, { cause: error });
  }
  if (typeof name === 'string' && NOT_FOUND.has(name)) {
    return new WebCallError('microphone_not_found', undefined, { cause: error });
  }
  return new WebCallError('microphone_unavailable', undefined, { cause: error });
}

/**
 * Opens the microphone once and closes it again, to learn before joining whether the call can have an
 * uplink: Retell's SDK hides microphone failures. Every track it opens is stopped before it settles,
 * however it settles. Rejects with a {@link WebCallError}: `insecure_context`, `unsupported_browser` or a
 * microphone code (see {@link classifyMicrophoneError}).
 *
 * @example
 * ```ts
 * await checkMicrophone(); // throws WebCallError('microphone_permission_denied') if blocked
 * ```
 */
export async function checkMicrophone(deviceId?: string): Promise<void> {
  if (typeof window === 'undefined' || typeof navigator === 'undefined') {
    throw new WebCallError('unsupported_browser', 'Voice calls run in a browser.');
  }
  if (window.isSecureContext === false) throw new WebCallError('insecure_context');
  const getUserMedia = navigator.mediaDevices?.getUserMedia;
  if (typeof getUserMedia !== 'function') throw new WebCallError('unsupported_browser');
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({
      audio: deviceId ? { deviceId: { exact: deviceId } } : true,
    });
  } catch (error) {
    throw classifyMicrophoneError(error);
  }
  for (const track of stream.getTracks()) track.stop();
}

/**
 * Whether the browser already lets this page use the microphone without a prompt
 * (`navigator.permissions.query({ name: 'microphone' })` says `granted`). A missing Permissions API, a query
 * that throws (older Firefox rejects the `'microphone'` name) or any other answer counts as not granted.
 * Asked afresh on every call, so a permission the user re-allowed (its `change` event) counts at once.
 *
 * @example
 * ```ts
 * if (!(await isMicrophoneGranted())) await checkMicrophone(); // ask before spending a token
 * ```
 * @internal
 */
export async function isMicrophoneGranted(): Promise<boolean> {
  try {
    const status = await navigator.permissions.query({ name: 'microphone' as PermissionName });
    return status.state === 'granted';
  } catch {
    return false;
  }
}
