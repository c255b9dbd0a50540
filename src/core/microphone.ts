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
 * The microphone `PermissionStatus` of each Permissions API object, once a query answered. A status is live
 * (its `state` follows the user's choices), so reading it needs no round trip to the browser. Keyed by the
 * API object, so a page that replaces `navigator.permissions` (a test) starts afresh.
 */
const microphoneStatuses = new WeakMap<Permissions, PermissionStatus>();

/**
 * Whether the browser already lets this page use the microphone without a prompt
 * (`navigator.permissions.query({ name: 'microphone' })` says `granted`). A missing Permissions API, a query
 * that throws (older Firefox rejects the `'microphone'` name) or any other answer counts as not granted.
 * The answer's live `PermissionStatus` is kept, so from then on {@link microphoneGrantedNow} answers without
 * a round trip to the browser.
 *
 * @example
 * ```ts
 * if (!(await isMicrophoneGranted())) await checkMicrophone(); // ask before spending a token
 * ```
 * @internal
 */
export async function isMicrophoneGranted(): Promise<boolean> {
  try {
    const permissions = navigator.permissions;
    const status = await permissions.query({ name: 'microphone' as PermissionName });
    // The newest answer wins (an older status may not have heard of a change yet). Only a real status (an
    // EventTarget the browser keeps current) is kept: a snapshot would go stale.
    if (status instanceof EventTarget) microphoneStatuses.set(permissions, status);
    return status.state === 'granted';
  } catch {
    return false;
  }
}

/**
 * {@link isMicrophoneGranted} without waiting: `true` or `false` from the status an earlier query kept (its
 * `state` follows the user's choices: a re-allowed or newly blocked microphone counts at once), `false`
 * without a Permissions API, `undefined` when only a query can tell.
 *
 * @example
 * ```ts
 * const granted = microphoneGrantedNow() ?? (await isMicrophoneGranted());
 * ```
 * @internal
 */
export function microphoneGrantedNow(): boolean | undefined {
  const permissions = globalThis.navigator?.permissions;
  if (!permissions) return false;
  const status = microphoneStatuses.get(permissions);
  return status && status.state === 'granted';
}
