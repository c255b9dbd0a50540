/*
 * Runs a store's microphone level meter exactly while its call is ongoing and someone listens. Part of the
 * lazily loaded call engine: a call is only ever ongoing once the engine has run it.
 */
import { type CallRun, report } from './callRun.ts';
import { lazyImport } from './lazy.ts';
import type { InputLevelListener } from './store.ts';

const loadInputLevel = lazyImport(() => import('./inputLevel.ts'));

/**
 * The input level meter of one ongoing call.
 * @internal
 */
export interface InputMeter {
  readonly run: CallRun;
  active: boolean;
  stop: (() => void) | null;
}

/**
 * Where a store keeps its running meter (none: `current` is null).
 * @internal
 */
export interface InputMeterSlot {
  current: InputMeter | null;
}

/**
 * Starts or stops the meter in `slot` so that it runs exactly while `run` is ongoing with a client that has
 * `getInputTrack`, and `listeners` is not empty. The meter itself (Web Audio, a frame loop) loads on demand.
 *
 * @example
 * ```ts
 * syncInputMeter(slot, run, inputLevelListeners); // after every phase change and (un)subscribe
 * ```
 * @internal
 */
export function syncInputMeter(
  slot: InputMeterSlot,
  run: CallRun | null,
  listeners: ReadonlySet<InputLevelListener>,
): void {
  const wanted =
    run !== null &&
    run.phase === 'ongoing' &&
    typeof run.client?.getInputTrack === 'function' &&
    listeners.size > 0;
  const meter = slot.current;
  if (meter && (!wanted || meter.run !== run)) {
    meter.active = false;
    meter.stop?.();
    slot.current = null;
  }
  if (!wanted || slot.current || !run?.client) return;
  const client = run.client;
  const current: InputMeter = { run, active: true, stop: null };
  slot.current = current;
  const emit = (level: number) => {
    for (const listener of listeners) {
      try {
        listener(level);
      } catch (error) {
        report(error);
      }
    }
  };
  loadInputLevel().then(({ meterInputLevel }) => {
    if (!current.active) return;
    current.stop = meterInputLevel(() => client.getInputTrack?.() ?? null, emit);
  }, report);
}
