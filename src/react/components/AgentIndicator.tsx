'use client';
import { type ComponentPropsWithoutRef, forwardRef, type ReactNode } from 'react';
import { useCallStore } from '../internal/context.ts';
import { selectIsAgentTalking, selectTurn } from '../internal/selectors.ts';
import { useStatusAttributes } from '../internal/useStatusAttributes.ts';
import { cx, dataFlag, VISUALLY_HIDDEN } from '../internal/visuallyHidden.ts';
import { useStoreState } from '../useCallState.ts';

/**
 * Screen-reader words of {@link AgentIndicator}, present (not announced) while the call is ongoing.
 *
 * @example
 * ```tsx
 * const labels: AgentIndicatorLabels = { speaking: 'L’agent parle', listening: 'L’agent écoute' };
 * <AgentIndicator labels={labels} />
 * ```
 */
export interface AgentIndicatorLabels {
  /** @defaultValue 'Agent is speaking' */
  speaking: string;
  /** @defaultValue 'Agent is listening' */
  listening: string;
}

/**
 * The English defaults of {@link AgentIndicatorLabels}.
 *
 * @example
 * ```tsx
 * <AgentIndicator labels={{ ...DEFAULT_AGENT_INDICATOR_LABELS, speaking: 'Assistant is speaking' }} />
 * ```
 */
export const DEFAULT_AGENT_INDICATOR_LABELS: Readonly<AgentIndicatorLabels> = {
  speaking: 'Agent is speaking',
  listening: 'Agent is listening',
};

/**
 * Props of {@link AgentIndicator}.
 *
 * @example
 * ```tsx
 * const props: AgentIndicatorProps = { labels: { speaking: 'Talking' }, className: 'my-indicator' };
 * <AgentIndicator {...props} />
 * ```
 */
export interface AgentIndicatorProps extends ComponentPropsWithoutRef<'div'> {
  labels?: Partial<AgentIndicatorLabels>;
  /** Replaces the three decorative dots. */
  children?: ReactNode;
}

/**
 * Shows whether the agent is speaking: three decorative dots that the default styles animate while it
 * talks. Screen readers find "Agent is speaking/listening" in it while the call is ongoing, but it is not a
 * live region: a toggle every few seconds would be chatty (the transcript is announced instead). Must be
 * used within a `WebCallProvider` or `CallPanel`.
 *
 * DOM state: `data-status="<status>"`, `data-agent-talking` (present while the agent talks), `data-turn="agent|user"`
 * (whose turn it is, from Retell's `turntaking`; absent before the first turn), `data-reconnecting`,
 * `data-audio-blocked`;
 * class `rwc-agent-indicator`, dots `rwc-agent-indicator__dot`.
 *
 * @example
 * ```tsx
 * <WebCallProvider agentId="agent_123">
 *   <AgentIndicator />
 * </WebCallProvider>
 * ```
 */
export const AgentIndicator = forwardRef<HTMLDivElement, AgentIndicatorProps>(function AgentIndicator(
  { labels, children, className, ...rest },
  ref,
) {
  const store = useCallStore('AgentIndicator');
  const attributes = useStatusAttributes(store);
  const status = attributes['data-status'];
  const turn = useStoreState(store, selectTurn);
  const talking = useStoreState(store, selectIsAgentTalking);
  const words = talking
    ? (labels?.speaking ?? DEFAULT_AGENT_INDICATOR_LABELS.speaking)
    : (labels?.listening ?? DEFAULT_AGENT_INDICATOR_LABELS.listening);
  return (
    <div
      {...rest}
      ref={ref}
      className={cx('rwc-agent-indicator', className)}
      {...attributes}
      data-agent-talking={dataFlag(talking)}
      data-turn={turn ?? undefined}
    >
      {children ?? (
        <span className="rwc-agent-indicator__dots" aria-hidden="true">
          <span className="rwc-agent-indicator__dot" />
          <span className="rwc-agent-indicator__dot" />
          <span className="rwc-agent-indicator__dot" />
        </span>
      )}
      {status === 'ongoing' ? <span style={VISUALLY_HIDDEN}>{words}</span> : null}
    </div>
  );
});
