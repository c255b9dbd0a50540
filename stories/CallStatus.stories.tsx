import type { Decorator, Meta, StoryObj } from '@storybook/react-vite';
import { type ReactNode, useState } from 'react';
import { expect, waitFor } from 'storybook/test';
import { CallButton, CallStatus, DEFAULT_CALL_STATUS_LABELS, WebCallProvider } from '../src/index.ts';
import { type MockCallState, MockWebCallProvider } from '../src/testing/index.ts';
import {
  CALL_TIMEOUT,
  STORY_AGENT_ID,
  storyClientFactory,
  TOKEN_ENDPOINT,
  tokenOk,
  withDarkTheme,
  withMockCall,
  withOngoingSince,
} from './support.tsx';

/** The status in words (a polite live region) with the elapsed time while ongoing. */
const meta = {
  title: 'Parts/CallStatus',
  component: CallStatus,
} satisfies Meta<typeof CallStatus>;
export default meta;
type Story = StoryObj<typeof meta>;

function statusStory(state: MockCallState, text: string | RegExp): Story {
  return {
    decorators: [withMockCall(state)],
    play: async ({ canvas }) => {
      await expect(canvas.getByRole('status')).toHaveTextContent(text);
    },
  };
}

export const Idle = statusStory({ status: 'idle' }, DEFAULT_CALL_STATUS_LABELS.idle);
export const Requesting = statusStory({ status: 'requesting' }, DEFAULT_CALL_STATUS_LABELS.requesting);
export const Connecting = statusStory({ status: 'connecting' }, DEFAULT_CALL_STATUS_LABELS.connecting);
export const Ongoing: Story = {
  decorators: [withOngoingSince(83_000)],
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('status')).toHaveTextContent('Connected');
    // The timer is outside the live region, so its ticks are not announced.
    await expect(canvas.getByRole('status')).not.toHaveTextContent(/\d\d:\d\d/);
    await expect(canvas.getByRole('timer')).toHaveTextContent(/Elapsed time 01:2\d/);
  },
};
export const Ending = statusStory({ status: 'ending' }, DEFAULT_CALL_STATUS_LABELS.ending);
export const Ended = statusStory({ status: 'ended' }, DEFAULT_CALL_STATUS_LABELS.ended);
export const ErrorWithMessage: Story = statusStory(
  { status: 'error', error: 'microphone_not_found' },
  'Call failed: No microphone was found.',
);

/** `showErrorMessage={false}`: leave the message to a `CallError` next to it. */
export const ErrorWithoutMessage: Story = {
  args: { showErrorMessage: false },
  ...statusStory({ status: 'error', error: 'microphone_not_found' }, /^Call failed$/),
};

/** `showTimer={false}`. */
export const OngoingWithoutTimer: Story = {
  args: { showTimer: false },
  decorators: [withMockCall({ status: 'ongoing' })],
  play: async ({ canvas }) => {
    await expect(canvas.queryByRole('timer')).not.toBeInTheDocument();
  },
};

export const FrenchLabels: Story = {
  args: { labels: { idle: 'Prêt', ongoing: 'En ligne', elapsed: 'Durée' } },
  decorators: [withMockCall({ status: 'ongoing' })],
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('status')).toHaveTextContent('En ligne');
    await expect(canvas.getByRole('timer')).toHaveTextContent(/^Durée \d\d:\d\d$/);
  },
};

export const DarkMode: Story = {
  decorators: [withMockCall({ status: 'ongoing' }), withDarkTheme],
  parameters: { layout: 'fullscreen' },
};

export const DarkModeError: Story = {
  decorators: [withMockCall({ status: 'error', error: 'call_failed' }), withDarkTheme],
  parameters: { layout: 'fullscreen' },
};

/** The network dropped: the call is still ongoing (timer running, transcript kept) while it reconnects. */
export const Reconnecting: Story = {
  decorators: [withMockCall({ status: 'ongoing', isReconnecting: true })],
  play: async ({ canvas, canvasElement }) => {
    await expect(canvas.getByRole('status')).toHaveTextContent(DEFAULT_CALL_STATUS_LABELS.reconnecting);
    await expect(canvasElement.querySelector('.rwc-call-status')).toHaveAttribute('data-reconnecting');
  },
};

/** The browser refuses to play the agent: announced politely, next to a `StartAudioButton`. */
export const AudioBlocked = statusStory(
  { status: 'ongoing', audioBlocked: true },
  DEFAULT_CALL_STATUS_LABELS.audioBlocked,
);

/** The agent never answered (`agentReadyTimeoutMs`). */
export const AgentUnavailable = statusStory(
  { status: 'error', error: 'agent_unavailable' },
  /^Call failed: /,
);

/** A call `connecting` whose client waits `waitMs` (from the first render) before it dials. */
function withJoinWait(waitMs: number): Decorator {
  function JoinWaiting({ children }: { children?: ReactNode }) {
    const [state] = useState<MockCallState>(() => ({
      status: 'connecting',
      joinWaitUntil: Date.now() + waitMs,
    }));
    return <MockWebCallProvider state={state}>{children}</MockWebCallProvider>;
  }
  return (Story) => (
    <JoinWaiting>
      <Story />
    </JoinWaiting>
  );
}

/**
 * After failed joins LiveKit waits before the next one (0.5 s, doubling, at most 15 s): the status counts
 * down (`joinWaitUntil`) instead of a frozen "Connecting…". Screen readers hear the first figure once.
 */
export const JoinWait: Story = {
  decorators: [withJoinWait(15_000)],
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('status')).toHaveTextContent(
      /^Connecting in 1[45] s…Connecting in 1[45] s…$/,
    );
    await expect(canvas.getByRole('status').querySelector('[aria-hidden="true"]')).toHaveTextContent(
      /^Connecting in 1[45] s…$/,
    );
  },
};

const joinWaitClient = storyClientFactory({ timing: { joinWaitMs: 3_000 } });

/**
 * The simulated client acts LiveKit's back-off out (`timing.joinWaitMs`): click, watch "Connecting in 3 s…"
 * count down, then the call connects.
 */
export const InteractiveJoinWait: Story = {
  parameters: { msw: { handlers: [tokenOk] } },
  render: (args) => (
    <WebCallProvider agentId={STORY_AGENT_ID} endpoint={TOKEN_ENDPOINT} createClient={joinWaitClient}>
      <CallStatus {...args} />
      <CallButton />
    </WebCallProvider>
  ),
  play: async ({ canvas, canvasElement, userEvent, step }) => {
    const root = canvasElement.querySelector('.rwc-call-status');
    await step('Start: the wait is counted down', async () => {
      await userEvent.click(canvas.getByRole('button', { name: 'Start call' }));
      await waitFor(
        () => expect(canvas.getByRole('status')).toHaveTextContent(/Connecting in [1-3] s…/),
        CALL_TIMEOUT,
      );
      await expect(root).toHaveAttribute('data-status', 'connecting');
    });
    await step('Then it connects', async () => {
      await waitFor(() => expect(root).toHaveAttribute('data-status', 'ongoing'), CALL_TIMEOUT);
      await expect(canvas.getByRole('status')).toHaveTextContent(/^Connected$/);
      await userEvent.click(canvas.getByRole('button', { name: 'End call' }));
      await waitFor(() => expect(root).toHaveAttribute('data-status', 'ended'), CALL_TIMEOUT);
    });
  },
};
