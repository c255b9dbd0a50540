/*
 * What the store's actions do to a call's client: switch devices, mute, set the volume, start the agent's
 * audio, cancel a join. Part of the lazily loaded call engine (`callEngine.ts`): only the engine ever gives a
 * run a client, so a store reaches this code only once the engine has loaded. Before that, each action
 * only records the choice for the next call (in `store.ts`).
 */
import { type CallPhase, isFinalPhase } from './callPhase.ts';
import { type CallRun, report, stopClient } from './callRun.ts';
import type { WebCallClient } from './client.ts';
import type { AudioDeviceKind } from './deviceWatch.ts';
import type { CallEngineHost } from './store.ts';

/** The longest `ending` may last when a client never confirms it let go of a join it could not cancel. */
const ENDING_TIMEOUT_MS = 5_000;

/** Each store's device switches, per kind, chained so the state ends on the device switched last. */
const switchesOf = new WeakMap<CallEngineHost, Record<AudioDeviceKind, Promise<void>>>();

/**
 * Switches run `r`'s client to `deviceId`; `inputDeviceId`/`outputDeviceId` change once the switch
 * succeeded. A failed switch is reported and changes nothing; a client that cannot switch changes nothing.
 *
 * @example
 * ```ts
 * await switchDevice(host, run, run.client, 'audioinput', 'mic-2');
 * ```
 * @internal
 */
export function switchDevice(
  host: CallEngineHost,
  r: CallRun,
  client: WebCallClient,
  kind: AudioDeviceKind,
  deviceId: string,
): Promise<void> {
  const field = kind === 'audioinput' ? 'inputDeviceId' : 'outputDeviceId';
  const method = kind === 'audioinput' ? client.setInputDevice : client.setOutputDevice;
  // This client cannot switch during a call: nothing changed, and the state says so.
  if (typeof method !== 'function') return Promise.resolve();
  let switches = switchesOf.get(host);
  if (!switches) {
    switches = { audioinput: Promise.resolve(), audiooutput: Promise.resolve() };
    switchesOf.set(host, switches);
  }
  const switched = switches[kind]
    .then(() => method.call(client, deviceId))
    .then(() => {
      // A switch that completes after its call ended must not claim the device for a newer call, which
      // started with the devices of its own time; with no call in flight it is the choice for the next one.
      const current = host.run;
      if (current !== r && current !== null && !isFinalPhase(current.phase)) return;
      if (host.snapshot[field] !== deviceId) host.update({ [field]: deviceId });
    }, report);
  switches[kind] = switched;
  return switched;
}

/**
 * Mutes or unmutes an ongoing call's client. False when the client threw (reported): the microphone state
 * did not change.
 *
 * @example
 * ```ts
 * if (muteClient(run.client, true)) update({ isMuted: true });
 * ```
 * @internal
 */
export function muteClient(client: WebCallClient, muted: boolean): boolean {
  try {
    if (muted) client.mute();
    else client.unmute();
    return true;
  } catch (error) {
    report(error);
    return false;
  }
}

/**
 * Sets a live call's agent volume. False when the client cannot (no `setVolume`) or threw (reported): the
 * volume stays where it is.
 *
 * @example
 * ```ts
 * if (setClientVolume(run.client, 0.5)) update({ volume: 0.5 });
 * ```
 * @internal
 */
export function setClientVolume(client: WebCallClient, volume: number): boolean {
  if (typeof client.setVolume !== 'function') return false;
  try {
    client.setVolume(volume);
    return true;
  } catch (error) {
    report(error);
    return false;
  }
}

/**
 * Asks a live call's client to (re)start the agent's audio; a failure is reported, never thrown
 * (`audioBlocked` stays true: the client did not report that it can play).
 *
 * @example
 * ```ts
 * button.onclick = () => void startClientAudio(run.client);
 * ```
 * @internal
 */
export async function startClientAudio(client: WebCallClient): Promise<void> {
  try {
    await client.startAudioPlayback();
  } catch (error) {
    report(error);
  }
}

/**
 * After `stop()` moved run `r` from `from` (`connecting` or `ongoing`) to `ending`: lets its client go.
 * From `ongoing`, Retell emits `call_ended` synchronously on `stopCall()`, and the run is `ended` at once.
 * From `connecting` it cancels the join: the Retell adapter disconnects the connecting room, so the SDK fails
 * the join at once (→ `error` → ended); if it connects first, `call_started` hangs up. Either way, a client
 * that never answers cannot hold the call in `ending` for longer than {@link ENDING_TIMEOUT_MS}.
 *
 * @example
 * ```ts
 * if (move(run, 'stop') && run.phase === 'ending') releaseStoppedCall(host, run, from);
 * ```
 * @internal
 */
export function releaseStoppedCall(host: CallEngineHost, r: CallRun, from: CallPhase): void {
  if (r.client) stopClient(r.client);
  if (from !== 'connecting') {
    host.move(r, 'released');
    return;
  }
  const timer = setTimeout(() => host.move(r, 'released'), ENDING_TIMEOUT_MS);
  if (r.phase === 'ending') r.releases.push(() => clearTimeout(timer));
  else clearTimeout(timer);
}

/**
 * The device a call of `host` uses: the store's choice, else `startCallOptions`, else the default (`null`).
 *
 * @example
 * ```ts
 * const microphone = chosenDevice(host, 'audioinput');
 * ```
 * @internal
 */
export function chosenDevice(host: CallEngineHost, kind: AudioDeviceKind): string | null {
  const options = host.options.startCallOptions;
  return kind === 'audioinput'
    ? (host.snapshot.inputDeviceId ?? options?.captureDeviceId ?? null)
    : (host.snapshot.outputDeviceId ?? options?.playbackDeviceId ?? null);
}
