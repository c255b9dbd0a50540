import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, userEvent, waitFor } from 'storybook/test';
import { Transcript, type TranscriptEntry } from '../src/index.ts';
import { type MockCallState, MockWebCallProvider } from '../src/testing/index.ts';
import { longTranscript, SHORT_TRANSCRIPT, withBrandTheme, withDarkTheme, withMockCall } from './support.tsx';

/**
 * The merged transcript: a `role="log"`, one list item per utterance. The rows are not live; a visually
 * hidden polite region announces each utterance once it is finished.
 */
const meta = {
  title: 'Parts/Transcript',
  component: Transcript,
  decorators: [
    (Story) => (
      <div style={{ width: '26rem' }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof Transcript>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Empty: Story = {
  decorators: [withMockCall({ status: 'idle' })],
  play: async ({ canvas }) => {
    const log = canvas.getByRole('log', { name: 'Transcript' });
    await expect(log).toHaveAttribute('data-empty');
    await expect(log).toHaveTextContent('The conversation will appear here.');
  },
};

export const Conversation: Story = {
  decorators: [withMockCall({ status: 'ongoing', transcript: SHORT_TRANSCRIPT })],
  play: async ({ canvas }) => {
    const items = canvas.getAllByRole('listitem');
    await expect(items).toHaveLength(3);
    await expect(items[0]).toHaveAttribute('data-role', 'agent');
    await expect(items[1]).toHaveAttribute('data-role', 'user');
    await expect(items[1]).toHaveTextContent('You');
  },
};

/** 48 utterances, both roles: it scrolls and starts at the newest. */
export const LongTranscript: Story = {
  decorators: [withMockCall({ status: 'ongoing', transcript: longTranscript(48) })],
  play: async ({ canvas }) => {
    const log = canvas.getByRole('log');
    await expect(canvas.getAllByRole('listitem')).toHaveLength(48);
    await waitFor(() =>
      expect(log.scrollTop + log.clientHeight).toBeGreaterThanOrEqual(log.scrollHeight - 2),
    );
    await expect(log).toHaveAttribute('tabindex', '0');
  },
};

/** A call transferred to someone else: an unknown role is shown with its label. */
export const TransferTarget: Story = {
  decorators: [
    withMockCall({
      status: 'ongoing',
      transcript: [
        ...SHORT_TRANSCRIPT,
        { id: 'x1', role: 'transfer_target', content: 'Hello, this is Sam from billing.' },
      ],
    }),
  ],
  play: async ({ canvas }) => {
    await expect(canvas.getAllByRole('listitem').at(-1)).toHaveTextContent('Transfer');
  },
};

export const FrenchLabels: Story = {
  args: {
    labels: { agent: 'Agent', user: 'Moi', empty: 'La conversation apparaîtra ici.', log: 'Transcription' },
  },
  decorators: [
    withMockCall({
      status: 'ongoing',
      transcript: [
        { id: 'fr1', role: 'agent', content: 'Bonjour ! Comment puis-je vous aider ?' },
        { id: 'fr2', role: 'user', content: 'Je voudrais suivre ma commande.' },
      ],
    }),
  ],
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('log', { name: 'Transcription' })).toHaveTextContent('Moi');
  },
};

/** A stable (module-level) `renderEntry`: here, *emphasis* in the agent's words. */
function renderEmphasis(entry: TranscriptEntry) {
  return entry.content.split(/(\*[^*]+\*)/).map((part, index) =>
    part.startsWith('*') && part.endsWith('*') ? (
      // biome-ignore lint/suspicious/noArrayIndexKey: parts of one fixed string
      <em key={index}>{part.slice(1, -1)}</em>
    ) : (
      part
    ),
  );
}

export const CustomRenderEntry: Story = {
  args: { renderEntry: renderEmphasis },
  decorators: [
    withMockCall({
      status: 'ongoing',
      transcript: [
        { id: 'r1', role: 'agent', content: 'Your parcel arrives *tomorrow* before *noon*.' },
        { id: 'r2', role: 'user', content: 'Perfect, thanks.' },
      ],
    }),
  ],
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelectorAll('em')).toHaveLength(2);
  },
};

export const DarkMode: Story = {
  decorators: [withMockCall({ status: 'ongoing', transcript: longTranscript(12) }), withDarkTheme],
  parameters: { layout: 'fullscreen' },
};

export const CustomStyling: Story = {
  decorators: [withMockCall({ status: 'ongoing', transcript: longTranscript(12) }), withBrandTheme],
};

const agent = (id: string, content: string): TranscriptEntry => ({ id, role: 'agent', content });
const user = (id: string, content: string): TranscriptEntry => ({ id, role: 'user', content });

/** Retell's updates as the merged transcript sees them: growing words, then the agent answers, then hang-up. */
const UPDATES: readonly MockCallState[] = [
  { status: 'ongoing', transcript: [agent('a0', 'Hi! How can')] },
  { status: 'ongoing', transcript: [agent('a0', 'Hi! How can I help?')] },
  { status: 'ongoing', transcript: [agent('a0', 'Hi! How can I help?'), user('u1', 'i want to')] },
  {
    status: 'ongoing',
    transcript: [agent('a0', 'Hi! How can I help?'), user('u1', 'i want to track my order')],
  },
  {
    status: 'ongoing',
    transcript: [
      agent('a0', 'Hi! How can I help?'),
      user('u1', 'i want to track my order'),
      agent('a2', 'Sure'),
    ],
  },
  {
    status: 'ongoing',
    // Speech recognition finalises the user's words after the agent started: the row changes, nothing is re-read.
    transcript: [
      agent('a0', 'Hi! How can I help?'),
      user('u1', 'I want to track my order.'),
      agent('a2', 'Sure, what is the number?'),
    ],
  },
  {
    status: 'ended',
    endedBy: 'remote',
    transcript: [
      agent('a0', 'Hi! How can I help?'),
      user('u1', 'I want to track my order.'),
      agent('a2', 'Sure, what is the number?'),
    ],
  },
];

function SteppedCall() {
  const [step, setStep] = useState(0);
  const state = UPDATES[step] as MockCallState;
  return (
    <MockWebCallProvider state={state}>
      <button type="button" disabled={step === UPDATES.length - 1} onClick={() => setStep(step + 1)}>
        Next update ({step + 1}/{UPDATES.length})
      </button>
      <Transcript />
    </MockWebCallProvider>
  );
}

/**
 * Screen readers hear whole utterances: step through Retell's updates and watch the hidden live region
 * (`.rwc-transcript__announcer`): an utterance enters it when the next one starts, or when the call ends.
 */
export const ScreenReaderAnnouncements: Story = {
  render: () => <SteppedCall />,
  play: async ({ canvas, canvasElement }) => {
    const region = canvasElement.querySelector('.rwc-transcript__announcer') as HTMLElement;
    const heard = () => Array.from(region.children, (p) => p.textContent);
    const next = canvas.getByRole('button', { name: /Next update/ });
    await expect(region).toHaveAttribute('aria-live', 'polite');
    await expect(canvas.getByRole('log')).toHaveAttribute('aria-live', 'off');
    await userEvent.click(next);
    await expect(heard()).toEqual([]);
    await userEvent.click(next);
    await waitFor(() => expect(heard()).toEqual(['Agent: Hi! How can I help?']));
    await userEvent.click(next);
    await userEvent.click(next);
    await waitFor(() =>
      expect(heard()).toEqual(['Agent: Hi! How can I help?', 'You: i want to track my order']),
    );
    await userEvent.click(next);
    await expect(heard()).toHaveLength(2);
    await userEvent.click(next);
    await waitFor(() =>
      expect(heard()).toEqual([
        'Agent: Hi! How can I help?',
        'You: i want to track my order',
        'Agent: Sure, what is the number?',
      ]),
    );
  },
};
