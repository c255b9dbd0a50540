import type { Meta, StoryObj } from '@storybook/react-vite';
import { useEffect, useRef } from 'react';
import { expect, waitFor } from 'storybook/test';
import { isLiveStatus, useWebCall, WebCallProvider } from '../src/index.ts';
import { CALL_TIMEOUT, STORY_AGENT_ID, storyClientFactory, TOKEN_ENDPOINT, tokenOk } from './support.tsx';

/**
 * A custom UI built only with `useWebCall` (no library component, no library CSS classes): status,
 * start/end, mute and the transcript, inside a `WebCallProvider` running a simulated call.
 */
function HeadlessCall() {
  const { status, error, isMuted, isAgentTalking, transcript, toggle, toggleMute } = useWebCall();
  const list = useRef<HTMLOListElement>(null);
  useEffect(() => {
    if (transcript.length > 0) list.current?.lastElementChild?.scrollIntoView({ block: 'nearest' });
  }, [transcript]);
  const live = isLiveStatus(status);
  return (
    <article
      aria-label="Support call"
      data-status={status}
      style={{
        width: '24rem',
        padding: '1rem',
        borderRadius: '1rem',
        background: '#102a43',
        color: '#f0f4f8',
        font: '1rem/1.4 system-ui, sans-serif',
      }}
    >
      <header style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
        <strong>Acme support</strong>
        <span role="status" data-testid="headless-status">
          {status === 'ongoing' ? (isAgentTalking ? 'Agent speaking' : 'Your turn') : status}
        </span>
      </header>
      <ol
        ref={list}
        aria-label="Conversation"
        style={{ height: '10rem', overflowY: 'auto', padding: '0 0 0 1.25rem', margin: '0.75rem 0' }}
      >
        {transcript.map((entry) => (
          <li key={entry.id}>
            <b>{entry.role === 'agent' ? 'Acme' : 'Me'}:</b> {entry.content}
          </li>
        ))}
      </ol>
      {error ? (
        <p role="alert" style={{ color: '#ffb3b3' }}>
          {error.message}
        </p>
      ) : null}
      <div style={{ display: 'flex', gap: '0.5rem' }}>
        <button
          type="button"
          onClick={() => void toggle()}
          style={{
            flex: 1,
            padding: '0.6rem',
            border: 0,
            borderRadius: '0.5rem',
            background: live ? '#ffb3b3' : '#9fe6c8',
            color: '#102a43',
            fontWeight: 700,
          }}
        >
          {live ? 'Hang up' : 'Talk to us'}
        </button>
        <button
          type="button"
          aria-pressed={isMuted}
          disabled={status !== 'ongoing'}
          onClick={toggleMute}
          style={{
            padding: '0.6rem',
            borderRadius: '0.5rem',
            border: '1px solid #f0f4f8',
            background: 'transparent',
            color: '#f0f4f8',
          }}
        >
          Mute microphone
        </button>
      </div>
    </article>
  );
}

const headlessClient = storyClientFactory();

const meta = {
  title: 'Recipes/Headless UI with useWebCall',
  component: HeadlessCall,
  parameters: { msw: { handlers: [tokenOk] } },
  decorators: [
    (Story) => (
      <WebCallProvider agentId={STORY_AGENT_ID} endpoint={TOKEN_ENDPOINT} createClient={headlessClient}>
        <Story />
      </WebCallProvider>
    ),
  ],
} satisfies Meta<typeof HeadlessCall>;
export default meta;
type Story = StoryObj<typeof meta>;

/** Play: talk → ongoing → the agent's first words → mute → hang up. (The microphone check runs for real.) */
export const SimulatedCall: Story = {
  play: async ({ canvas, userEvent, step }) => {
    const card = canvas.getByRole('article', { name: 'Support call' });
    await step('Start', async () => {
      await userEvent.click(canvas.getByRole('button', { name: 'Talk to us' }));
      await waitFor(() => expect(card).toHaveAttribute('data-status', 'ongoing'), CALL_TIMEOUT);
    });
    await step('The agent speaks', async () => {
      await waitFor(
        () => expect(canvas.getByRole('list', { name: 'Conversation' })).toHaveTextContent('Acme: Hi!'),
        CALL_TIMEOUT,
      );
    });
    await step('Mute', async () => {
      const mute = canvas.getByRole('button', { name: 'Mute microphone' });
      await userEvent.click(mute);
      await expect(mute).toHaveAttribute('aria-pressed', 'true');
    });
    await step('Hang up', async () => {
      await userEvent.click(canvas.getByRole('button', { name: 'Hang up' }));
      await waitFor(() => expect(card).toHaveAttribute('data-status', 'ended'), CALL_TIMEOUT);
      await expect(canvas.getByRole('button', { name: 'Talk to us' })).toBeEnabled();
      await expect(canvas.getByRole('button', { name: 'Mute microphone' })).toBeDisabled();
    });
  },
};
