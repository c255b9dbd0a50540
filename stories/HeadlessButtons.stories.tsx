import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, waitFor } from 'storybook/test';
import {
  type CallStatus,
  DEFAULT_CALL_BUTTON_LABELS,
  useCallButton,
  useMuteButton,
  WebCallProvider,
} from '../src/index.ts';
import {
  CALL_TIMEOUT,
  STORY_AGENT_ID,
  storyClientFactory,
  TOKEN_ENDPOINT,
  tokenOk,
  withMockCall,
} from './support.tsx';

const PALETTE: Record<CallStatus, string> = {
  idle: '#0b6e4f',
  requesting: '#5c4d7d',
  connecting: '#5c4d7d',
  ongoing: '#a4161a',
  ending: '#6c757d',
  ended: '#0b6e4f',
  error: '#9c4400',
};

/**
 * A design of your own from the headless hooks: `useCallButton()` and `useMuteButton()` give the status, the
 * label and the props (handlers, `aria-busy`, `aria-pressed`, `disabled`, `data-*`); the look is all yours
 * (no library class, no library CSS). `onClick` is your own handler, composed in front of the call action.
 */
function CustomControls({ onCallClick }: { onCallClick?: () => void }) {
  const call = useCallButton({ onClick: onCallClick, labels: { idle: 'Talk to Acme' } });
  const mute = useMuteButton();
  const busy = call.status === 'requesting' || call.status === 'connecting';
  return (
    <div style={{ display: 'flex', gap: '0.5rem', font: '1rem/1.2 system-ui, sans-serif' }}>
      <button
        {...call.buttonProps}
        style={{
          minWidth: '11rem',
          padding: '0.7rem 1rem',
          border: 0,
          borderRadius: '0.5rem',
          background: PALETTE[call.status],
          color: '#fff',
          fontWeight: 700,
          cursor: busy ? 'progress' : undefined,
        }}
      >
        {busy ? <span aria-hidden="true">⏳ </span> : null}
        {call.label}
      </button>
      <button
        {...mute.buttonProps}
        style={{
          padding: '0.7rem 1rem',
          borderRadius: '0.5rem',
          border: '2px solid #243b53',
          background: mute.isMuted ? '#243b53' : '#fff',
          color: mute.isMuted ? '#fff' : '#243b53',
        }}
      >
        <span aria-hidden="true">{mute.isMuted ? '🔇 ' : '🎙 '}</span>
        {mute.label}
      </button>
    </div>
  );
}

const meta = {
  title: 'Recipes/Custom buttons with useCallButton',
  component: CustomControls,
} satisfies Meta<typeof CustomControls>;
export default meta;
type Story = StoryObj<typeof meta>;

function statusStory(status: CallStatus, muted = false): Story {
  return {
    decorators: [
      withMockCall(status === 'error' ? { status, error: 'network_error' } : { status, isMuted: muted }),
    ],
    play: async ({ canvas }) => {
      const label = status === 'idle' ? 'Talk to Acme' : DEFAULT_CALL_BUTTON_LABELS[status];
      const call = canvas.getByRole('button', { name: label });
      await expect(call).toHaveAttribute('data-status', status);
      const busy = status === 'requesting' || status === 'connecting';
      if (busy) await expect(call).toHaveAttribute('aria-busy', 'true');
      else await expect(call).not.toHaveAttribute('aria-busy');
      if (status === 'ending') await expect(call).toBeDisabled();
      else await expect(call).toBeEnabled();
      const mute = canvas.getByRole('button', { name: 'Mute' });
      await expect(mute).toHaveAttribute('aria-pressed', String(muted));
      if (status === 'ongoing') await expect(mute).toBeEnabled();
      else await expect(mute).toBeDisabled();
    },
  };
}

export const Idle = statusStory('idle');
/** Setting up: the label says what a click does ("Cancel"); `aria-busy` and the ⏳ show progress. */
export const Requesting = statusStory('requesting');
export const Connecting = statusStory('connecting');
export const OngoingMuted = statusStory('ongoing', true);
export const Ending = statusStory('ending');
export const Ended = statusStory('ended');
export const ErrorTryAgain = statusStory('error');

const client = storyClientFactory();

/** Play: a whole simulated call through the custom buttons: start, cancel, start again, mute, end. */
export const SimulatedCall: Story = {
  args: { onCallClick: fn() },
  parameters: { msw: { handlers: [tokenOk] } },
  decorators: [
    (Story) => (
      <WebCallProvider
        agentId={STORY_AGENT_ID}
        endpoint={TOKEN_ENDPOINT}
        createClient={client}
        checkMicrophone={false}
      >
        <Story />
      </WebCallProvider>
    ),
  ],
  play: async ({ args, canvas, userEvent, step }) => {
    const call = canvas.getByRole('button', { name: 'Talk to Acme' });
    await step('Start, then cancel while setting up', async () => {
      await userEvent.click(call);
      await expect(call).toHaveAccessibleName('Cancel');
      await expect(call).toHaveAttribute('aria-busy', 'true');
      await userEvent.click(call);
      await waitFor(() => expect(call).toHaveAttribute('data-status', 'ended'), CALL_TIMEOUT);
    });
    await step('Start again and mute', async () => {
      await userEvent.click(call);
      await waitFor(() => expect(call).toHaveAttribute('data-status', 'ongoing'), CALL_TIMEOUT);
      const mute = canvas.getByRole('button', { name: 'Mute' });
      await userEvent.click(mute);
      await expect(mute).toHaveAttribute('aria-pressed', 'true');
    });
    await step('End', async () => {
      await userEvent.click(canvas.getByRole('button', { name: 'End call' }));
      await waitFor(() => expect(call).toHaveAttribute('data-status', 'ended'), CALL_TIMEOUT);
      await expect(args.onCallClick).toHaveBeenCalledTimes(4);
    });
  },
};
