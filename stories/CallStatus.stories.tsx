import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect } from 'storybook/test';
import { CallStatus, DEFAULT_CALL_STATUS_LABELS } from '../src/index.ts';
import type { MockCallState } from '../src/testing/index.ts';
import { withDarkTheme, withMockCall, withOngoingSince } from './support.tsx';

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
