'use client';
import { type ComponentPropsWithoutRef, forwardRef } from 'react';
import { WebCallContext } from '../context.ts';
import { selectStatus } from '../selectors.ts';
import { splitCallOptions, useCallScope } from '../useCallScope.ts';
import { useStoreState } from '../useCallState.ts';
import type { WebCallOptions } from '../useOwnedCallStore.ts';
import type { PreloadMode } from '../usePreload.ts';
import { AgentIndicator, type AgentIndicatorLabels } from './AgentIndicator.tsx';
import { AudioLevel } from './AudioLevel.tsx';
import { CallButton, type CallButtonLabels } from './CallButton.tsx';
import { CallError, type CallErrorHints, type CallErrorLabels } from './CallError.tsx';
import { CallStatus, type CallStatusLabels } from './CallStatus.tsx';
import { MuteButton, type MuteButtonLabels } from './MuteButton.tsx';
import { Transcript, type TranscriptLabels } from './Transcript.tsx';
import { cx } from './visuallyHidden.ts';

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
  /** When its `CallButton` starts loading the Retell SDK chunk; see {@link PreloadMode}. @defaultValue 'intent' */
  preload?: PreloadMode;
}

/**
 * The ready-made call UI, built only from the public parts, so you can rebuild it your way: `AgentIndicator`,
 * `AudioLevel`, `CallStatus` (with `CallTimer`), `Transcript`, `CallError`, `MuteButton` and
 * `CallButton`. Standalone it owns a call built from its props (ended on unmount); inside a
 * `WebCallProvider` it shows that call and ignores its call-option props.
 *
 * DOM: `<section aria-label="Voice call" class="rwc-call-panel" data-status="<status>">` (a region
 * landmark) with `rwc-call-panel__header`, `rwc-call-panel__body` (transcript, and the error over it) and
 * `rwc-call-panel__controls`.
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
  const { labels, hints, className, preload, ...rest } = sectionProps;
  const store = useCallScope(options);
  const status = useStoreState(store, selectStatus);
  return (
    <WebCallContext.Provider value={store}>
      <section
        aria-label={labels?.region ?? DEFAULT_CALL_PANEL_LABELS.region}
        {...rest}
        ref={ref}
        className={cx('rwc-call-panel', className)}
        data-status={status}
      >
        <div className="rwc-call-panel__header">
          <AgentIndicator labels={labels?.agent} />
          <AudioLevel />
          <CallStatus labels={labels?.status} showErrorMessage={false} />
        </div>
        <div className="rwc-call-panel__body">
          <Transcript labels={labels?.transcript} />
          <CallError hints={hints} labels={labels?.error} showRetry={false} />
        </div>
        <div className="rwc-call-panel__controls">
          <MuteButton labels={labels?.muteButton} />
          <CallButton labels={labels?.callButton} preload={preload} />
        </div>
      </section>
    </WebCallContext.Provider>
  );
});
