'use client';
import { type ComponentPropsWithoutRef, forwardRef, useRef } from 'react';
import {
  AgentIndicatorPlaceholder,
  AudioLevelPlaceholder,
  TranscriptPlaceholder,
} from '../internal/CallTimePlaceholders.tsx';
import { WebCallContext } from '../internal/context.ts';
import type { TranscriptLabels } from '../internal/transcriptLabels.ts';
import { useCallTimeParts } from '../internal/useCallTimeParts.ts';
import { useIsomorphicLayoutEffect } from '../internal/useIsomorphicLayoutEffect.ts';
import { DeviceSelectPlaceholder, useLazyDeviceSelect } from '../internal/useLazyDeviceSelect.tsx';
import { useStatusAttributes } from '../internal/useStatusAttributes.ts';
import { cx } from '../internal/visuallyHidden.ts';
import type { CallButtonLabels } from '../useCallButton.ts';
import { splitCallOptions, useCallScope } from '../useCallScope.ts';
import type { MuteButtonLabels } from '../useMuteButton.ts';
import type { WebCallOptions } from '../useOwnedCallStore.ts';
import type { PreloadMode } from '../usePreload.ts';
import type { AgentIndicatorLabels } from './AgentIndicator.tsx';
import { CallButton } from './CallButton.tsx';
import { CallError, type CallErrorHints, type CallErrorLabels } from './CallError.tsx';
import { CallStatus, type CallStatusLabels } from './CallStatus.tsx';
import type { DeviceSelectLabels } from './DeviceSelect.tsx';
import { MuteButton } from './MuteButton.tsx';
import type { StartAudioButtonLabels } from './StartAudioButton.tsx';

/**
 * Labels of {@link CallPanel}: its region's name plus each part's labels, passed through.
 *
 * @example
 * ```tsx
 * const labels: CallPanelLabels = { region: 'Appel vocal', callButton: { idle: 'Appeler' } };
 * <CallPanel agentId="agent_123" labels={labels} />
 * ```
 */
export interface CallPanelLabels {
  /** Accessible name of the panel's region landmark. @defaultValue 'Voice call' */
  region?: string;
  callButton?: Partial<CallButtonLabels>;
  muteButton?: Partial<MuteButtonLabels>;
  status?: Partial<CallStatusLabels>;
  agent?: Partial<AgentIndicatorLabels>;
  transcript?: Partial<TranscriptLabels>;
  /** Labels of the `CallError` (its retry button is off in the panel: the `CallButton` is the retry). */
  error?: Partial<CallErrorLabels>;
  /** The "Tap to hear the agent" button shown while the browser blocks the agent's audio. */
  startAudio?: Partial<StartAudioButtonLabels>;
  /** The microphone menu (with `showDevices`). */
  microphone?: Partial<DeviceSelectLabels>;
  /** The speaker menu (with `showDevices`, where the browser can choose a speaker). */
  speaker?: Partial<DeviceSelectLabels>;
}

/**
 * The English default of the panel's own label (the parts have their own `DEFAULT_*_LABELS`).
 *
 * @example
 * ```tsx
 * <CallPanel labels={{ region: `${DEFAULT_CALL_PANEL_LABELS.region} with Ada` }} />
 * ```
 */
export const DEFAULT_CALL_PANEL_LABELS: Readonly<{ region: string }> = { region: 'Voice call' };

/**
 * Props of {@link CallPanel}: the call options (standalone use) plus the section's own props.
 *
 * @example
 * ```tsx
 * const props: CallPanelProps = { agentId: 'agent_123', hints: { network_error: 'Check your Wi-Fi.' } };
 * <CallPanel {...props} />
 * ```
 */
export interface CallPanelProps
  extends WebCallOptions,
    Omit<ComponentPropsWithoutRef<'section'>, 'children' | 'onError'> {
  labels?: CallPanelLabels;
  /** Recovery hints per error code, passed to `CallError`. */
  hints?: Partial<CallErrorHints>;
  /**
   * Show a row with a microphone menu, the microphone's level and (where the browser can switch speakers) a
   * speaker menu. Choices made before a call apply to the next call. The menus' code loads when the row
   * first shows (panels without it never carry it); its space is held meanwhile. @defaultValue false
   */
  showDevices?: boolean;
  /**
   * When its `CallButton` starts loading the Retell SDK chunk; see {@link PreloadMode}. With `'none'` the
   * panel's own call-time parts also wait for a call instead of loading at the first idle moment.
   * @defaultValue 'intent'
   */
  preload?: PreloadMode;
}

/**
 * The ready-made call UI, built only from the public parts, so you can rebuild it your way: `AgentIndicator`,
 * `AudioLevel`, `CallStatus` (with `CallTimer`), `Transcript`, `CallError`, `StartAudioButton`, `MuteButton`,
 * `CallButton` and, with `showDevices`, `DeviceSelect` and `AudioLevel source="user"`. It says
 * "Reconnecting…" while the network recovers and shows "Tap to hear the agent" over the transcript while
 * the browser blocks the agent's audio; nothing moves or resizes between states. The parts that only show
 * something during a call (agent indicator, levels, transcript, "Tap to hear the agent") are a separate
 * chunk, loaded at the first idle moment after the panel mounts (not with `preload="none"`, nor when the
 * user asked to save data) or as soon as a call starts; their idle
 * markup stands in until then (same HTML, so server rendering and hydration are unaffected). Standalone it owns a call built from its props (ended on unmount); inside a
 * `WebCallProvider` it shows that call and ignores its call-option props.
 *
 * DOM: `<section aria-label="Voice call" class="rwc-call-panel" data-status="<status>" data-reconnecting
 * data-audio-blocked>` (a region landmark) with `rwc-call-panel__header`, `rwc-call-panel__body`
 * (transcript, and the error or the start-audio button over it), `rwc-call-panel__controls` and, with
 * `showDevices`, `rwc-call-panel__devices`.
 *
 * @example
 * ```tsx
 * import 'retell-web-call-react/styles.css';
 *
 * <CallPanel agentId="agent_123" endpoint="/api/create-web-call" onCallEnd={({ endedBy }) => log(endedBy)} />
 * ```
 */
export const CallPanel = forwardRef<HTMLElement, CallPanelProps>(function CallPanel(props, ref) {
  const [options, sectionProps] = splitCallOptions(props);
  const { labels, hints, showDevices = false, className, preload, ...rest } = sectionProps;
  const store = useCallScope(options);
  const attributes = useStatusAttributes(store);
  const DeviceSelect = useLazyDeviceSelect(showDevices);
  // The parts that only show something during a call load on demand; their idle markup stands in meanwhile.
  const parts = useCallTimeParts(attributes['data-status'], preload);
  // A keyboard user on the transcript placeholder keeps focus when the real transcript replaces it.
  const body = useRef<HTMLDivElement>(null);
  const transcriptHadFocus = useRef(false);
  useIsomorphicLayoutEffect(() => {
    if (!parts || !transcriptHadFocus.current) return;
    transcriptHadFocus.current = false;
    body.current?.querySelector<HTMLElement>('.rwc-transcript')?.focus();
  }, [parts]);
  return (
    <WebCallContext.Provider value={store}>
      <section
        aria-label={labels?.region ?? DEFAULT_CALL_PANEL_LABELS.region}
        {...rest}
        ref={ref}
        className={cx('rwc-call-panel', className)}
        {...attributes}
      >
        <div className="rwc-call-panel__header">
          {parts ? (
            <parts.AgentIndicator labels={labels?.agent} />
          ) : (
            <AgentIndicatorPlaceholder attributes={attributes} />
          )}
          {parts ? <parts.AudioLevel /> : <AudioLevelPlaceholder store={store} attributes={attributes} />}
          <CallStatus labels={labels?.status} showErrorMessage={false} />
        </div>
        <div className="rwc-call-panel__body" ref={body}>
          {parts ? (
            <parts.Transcript labels={labels?.transcript} />
          ) : (
            <TranscriptPlaceholder
              status={attributes['data-status']}
              labels={labels?.transcript}
              hadFocus={transcriptHadFocus}
            />
          )}
          <CallError hints={hints} labels={labels?.error} showRetry={false} />
          {parts ? <parts.StartAudioButton labels={labels?.startAudio} /> : null}
        </div>
        <div className="rwc-call-panel__controls">
          <MuteButton labels={labels?.muteButton} />
          <CallButton labels={labels?.callButton} preload={preload} />
        </div>
        {showDevices ? (
          <div className="rwc-call-panel__devices">
            {DeviceSelect ? (
              <DeviceSelect kind="audioinput" labels={labels?.microphone} />
            ) : (
              <DeviceSelectPlaceholder />
            )}
            {parts ? (
              <parts.AudioLevel source="user" />
            ) : (
              <AudioLevelPlaceholder store={store} attributes={attributes} source="user" />
            )}
            {DeviceSelect ? <DeviceSelect kind="audiooutput" labels={labels?.speaker} /> : null}
          </div>
        ) : null}
      </section>
    </WebCallContext.Provider>
  );
});
