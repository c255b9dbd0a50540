'use client';
import { type ChangeEvent, type ComponentPropsWithoutRef, forwardRef, useId } from 'react';
import { composeEventHandlers } from '../internal/composeEventHandlers.ts';
import { useCallStore } from '../internal/context.ts';
import type { AudioDeviceKind } from '../internal/mediaDeviceSource.ts';
import { useCanSelectAudioOutput } from '../internal/useCanSelectAudioOutput.ts';
import { useStatusAttributes } from '../internal/useStatusAttributes.ts';
import { cx } from '../internal/visuallyHidden.ts';
import { useMediaDevices } from '../useMediaDevices.ts';

/**
 * Words of {@link DeviceSelect}.
 *
 * @example
 * ```tsx
 * const labels: Partial<DeviceSelectLabels> = { label: 'Micro', default: 'Par défaut' };
 * <DeviceSelect kind="audioinput" labels={labels} />
 * ```
 */
export interface DeviceSelectLabels {
  /** The visible `<label>` of the select. @defaultValue 'Microphone' / 'Speaker' */
  label: string;
  /** The option for the system's default device. @defaultValue 'Default' */
  default: string;
  /** Shown (and linked with `aria-describedby`) while the browser hides the device names. */
  hint: string;
}

/**
 * The English defaults of {@link DeviceSelectLabels}, per kind.
 *
 * @example
 * ```tsx
 * <DeviceSelect kind="audiooutput" labels={{ ...DEFAULT_DEVICE_SELECT_LABELS.audiooutput, label: 'Headphones' }} />
 * ```
 */
export const DEFAULT_DEVICE_SELECT_LABELS: Readonly<Record<AudioDeviceKind, Readonly<DeviceSelectLabels>>> = {
  audioinput: {
    label: 'Microphone',
    default: 'Default',
    hint: 'Allow the microphone to choose one',
  },
  audiooutput: {
    label: 'Speaker',
    default: 'Default',
    hint: 'Allow the microphone to list speakers',
  },
};

/**
 * Props of {@link DeviceSelect}: the kind, labels, and the `<select>`'s own props (`className` goes on the
 * wrapper, everything else on the `<select>`).
 *
 * @example
 * ```tsx
 * const props: DeviceSelectProps = { kind: 'audioinput', labels: { label: 'Your microphone' } };
 * <DeviceSelect {...props} />
 * ```
 */
export interface DeviceSelectProps
  extends Omit<ComponentPropsWithoutRef<'select'>, 'children' | 'value' | 'defaultValue' | 'multiple'> {
  /** Microphones or speakers. */
  kind: AudioDeviceKind;
  /** Merged over `DEFAULT_DEVICE_SELECT_LABELS[kind]`. */
  labels?: Partial<DeviceSelectLabels>;
}

/** The id the call uses for "the system's default device" (LiveKit and Chromium use it too). */
const DEFAULT_DEVICE_ID = 'default';

/**
 * A labelled native `<select>` of microphones (`kind="audioinput"`) or speakers (`kind="audiooutput"`),
 * built on {@link useMediaDevices}: choosing a device calls `setInputDevice`/`setOutputDevice`, before a
 * call (the next call uses it) or during one (switched live). Before the microphone is allowed, browsers
 * hide the devices: it shows only "Default" and a hint. The speaker select renders nothing where the browser
 * cannot choose a speaker (no `HTMLMediaElement.prototype.setSinkId`, e.g. Safari before 18.4, and on the
 * server). A user `onChange` runs first; `event.preventDefault()` in it cancels the switch. Must be used
 * within a `WebCallProvider` or `CallPanel`.
 *
 * DOM: `<div class="rwc-device-select" data-kind="audioinput|audiooutput" data-permission="…"
 * data-status="<status>">` holding `<label class="rwc-device-select__label">`,
 * `<select class="rwc-device-select__select">` and, before permission, `<span class="rwc-device-select__hint">`.
 *
 * @example
 * ```tsx
 * <WebCallProvider agentId="agent_123">
 *   <DeviceSelect kind="audioinput" />
 *   <DeviceSelect kind="audiooutput" />
 *   <CallButton />
 * </WebCallProvider>
 * ```
 */
export const DeviceSelect = forwardRef<HTMLSelectElement, DeviceSelectProps>(function DeviceSelect(
  { kind, labels, className, onChange, id, ...rest },
  ref,
) {
  const store = useCallStore('DeviceSelect');
  const { devices, activeId, select, permission } = useMediaDevices(kind);
  const attributes = useStatusAttributes(store);
  const canSelectOutput = useCanSelectAudioOutput();
  const ownId = useId();
  const selectId = id ?? `${ownId}-select`;
  const hintId = `${ownId}-hint`;
  if (kind === 'audiooutput' && !canSelectOutput) return null;

  const words = { ...DEFAULT_DEVICE_SELECT_LABELS[kind], ...labels };
  // Before permission, browsers list devices without names (or one nameless entry): nothing to choose yet.
  const named = devices.filter((device) => device.label !== '');
  const namesHidden = named.length === 0;
  const listsDefault = named.some((device) => device.deviceId === DEFAULT_DEVICE_ID);
  return (
    <div
      {...attributes}
      className={cx('rwc-device-select', className)}
      data-kind={kind}
      data-permission={permission}
    >
      <label htmlFor={selectId} className="rwc-device-select__label">
        {words.label}
      </label>
      {namesHidden ? (
        <span id={hintId} className="rwc-device-select__hint">
          {words.hint}
        </span>
      ) : null}
      <select
        aria-describedby={namesHidden ? hintId : undefined}
        {...rest}
        id={selectId}
        ref={ref}
        className="rwc-device-select__select"
        value={activeId ?? DEFAULT_DEVICE_ID}
        onChange={composeEventHandlers(onChange, (event: ChangeEvent<HTMLSelectElement>) => {
          // A failed switch is the store's to report; never an unhandled rejection from a menu.
          select(event.target.value).catch(() => {});
        })}
      >
        {listsDefault ? null : <option value={DEFAULT_DEVICE_ID}>{words.default}</option>}
        {named.map((device) => (
          <option key={device.deviceId} value={device.deviceId}>
            {device.label}
          </option>
        ))}
      </select>
    </div>
  );
});
